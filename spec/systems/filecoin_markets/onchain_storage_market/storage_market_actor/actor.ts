// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Methods". The storage market
// actor of actors v0 and v2 (specs-actors v0.9.13 and v2.3.2 builtin/market/market_actor.go):
// one handler per method, its steps in Go's order, since that order decides which exit code a
// message gets when several checks fail, and which blocks it reads and writes (each charged gas).
// Where the versions differ, the handler says so. CronTick is in cron.ts; the checks of deals are
// in deal_validation.ts, the calls to other actors in calls.ts.

import * as dagCbor from '@ipld/dag-cbor'
import type { CID } from 'multiformats/cid'
import { addressToString, type Address } from '../../../../appendix/address/address.ts'
import { createHamt, getHamtVersionForActors } from '../../../../appendix/data_structures/hamt.ts'
import { DomainSeparationTag } from '../../../../algorithms/crypto/randomness/randomness.ts'
import { SYSTEM_ACTOR_ADDR, VERIFIED_REGISTRY_ACTOR_ADDR } from '../../../filecoin_vm/actor/builtin_code.ts'
import { ExitCode, abort } from '../../../filecoin_vm/runtime/exit_code.ts'
import { SyscallError, type PieceInfo, type Runtime } from '../../../filecoin_vm/runtime/runtime.ts'
import {
  getEscrowAddress,
  getMinerCode,
  getSignableCodes,
  requestCurrentBaselinePower,
  requestCurrentNetworkPower,
  requestMinerControlAddrs,
  sendOrAbort,
} from './calls.ts'
import { DealProposal, EPOCH_UNDEFINED, computeProposalCid, isSameAddress } from './deal.ts'
import { validateDeal, validateDealsForActivation } from './deal_validation.ts'
import { lockClientAndProviderBalances } from './escrow.ts'
import { UseBytesParams, VERIFREG_USE_BYTES_METHOD } from './ext.ts'
import { computeDealProcessEpoch } from './policy.ts'
import { createSetMultimap } from './set_multimap.ts'
import { MarketState, createMarketState, getCidKey } from './state.ts'
import {
  assertMarket,
  commitMarketStateMutation,
  generateStorageDealId,
  getDealProposal,
  getTable,
  loadDealProposals,
  loadMarketStateMutation,
  requireNoErr,
  writeEmptyDealArray,
  type MarketStateMutation,
} from './state_mutation.ts'
import {
  PublishStorageDealsReturn,
  VerifyDealsForActivationReturnV0,
  VerifyDealsForActivationReturnV2,
  type ActivateDealsParams,
  type ComputeDataCommitmentParams,
  type OnMinerSectorsTerminateParams,
  type PublishStorageDealsParams,
  type VerifyDealsForActivationParams,
  type WithdrawBalanceParams,
} from './types.ts'

// ---------------------------------------------------------------------------------------------
// Constructor, AddBalance, WithdrawBalance

/** Constructor (1): only the system actor, at genesis. Writes an empty AMT, then the same empty HAMT twice (the maps and the multimap). */
export async function constructMarket(rt: Runtime): Promise<undefined> {
  rt.validateImmediateCallerIs(SYSTEM_ACTOR_ADDR)
  const hamtOptions = { version: getHamtVersionForActors(rt.actorsVersion) }
  const emptyArray = await requireNoErr(ExitCode.ErrIllegalState, 'failed to create state', () => writeEmptyDealArray(rt.store))
  const emptyMap = await requireNoErr(ExitCode.ErrIllegalState, 'failed to create state', () => createHamt(rt.store, hamtOptions).flush())
  const emptyMultimap = await requireNoErr(ExitCode.ErrIllegalState, 'failed to create state', () => createSetMultimap(rt.store, rt.actorsVersion).flush())
  await rt.stateCreate(MarketState, createMarketState(emptyArray, emptyMap, emptyMultimap))
  return undefined
}

/** AddBalance (2): a signing party adds the value it sends to the escrow of `addr`, a client or a provider. */
export async function addBalance(rt: Runtime, addr: Address): Promise<undefined> {
  const value = rt.valueReceived
  if (value <= 0n) abort(ExitCode.ErrIllegalArgument, 'balance to add must be greater than zero')
  await rt.validateImmediateCallerType(...getSignableCodes(rt.actorsVersion))
  const { nominal } = await getEscrowAddress(rt, addr)
  await rt.stateTransaction(MarketState, async (st) => {
    const m = await loadMarketStateMutation(rt.store, st, rt.actorsVersion, { escrowTable: 'write', lockedTable: 'write' })
    await requireNoErr(ExitCode.ErrIllegalState, 'failed to add balance to escrow table', () => getTable(m.escrowTable, 'escrow table').add(nominal, value))
    await commitMarketStateMutation(m)
  })
  return undefined
}

/**
 * WithdrawBalance (3): sends up to `Amount` of the unlocked escrow of a party to its recipient
 * (itself, or a miner's owner). Less is sent when less is unlocked, and nothing when nothing is.
 * Actors v0 first validates the caller as a signing party and then, in escrowAddress's check,
 * validates it again, which the runtime refuses (SysErrorIllegalActor): every v0 withdrawal that
 * gets that far fails. Actors v2 dropped the first check.
 */
export async function withdrawBalance(rt: Runtime, params: WithdrawBalanceParams): Promise<undefined> {
  if (params.Amount < 0n) abort(ExitCode.ErrIllegalArgument, `negative amount ${params.Amount}`)
  if (rt.actorsVersion === 0) await rt.validateImmediateCallerType(...getSignableCodes(rt.actorsVersion))
  const { nominal, recipient, approvedCallers } = await getEscrowAddress(rt, params.ProviderOrClientAddress)
  rt.validateImmediateCallerIs(...approvedCallers)
  const extracted = await rt.stateTransaction(MarketState, async (st) => {
    const m = await loadMarketStateMutation(rt.store, st, rt.actorsVersion, { escrowTable: 'write', lockedTable: 'write' })
    // cron may not have processed every payment yet, so a little more may be locked than will be
    const minBalance = await requireNoErr(ExitCode.ErrIllegalState, 'failed to get locked balance', () => getTable(m.lockedTable, 'locked table').get(nominal))
    const ex = await requireNoErr(ExitCode.ErrIllegalState, 'failed to subtract from escrow table', () =>
      getTable(m.escrowTable, 'escrow table').subtractWithMinimum(nominal, params.Amount, minBalance),
    )
    await commitMarketStateMutation(m)
    return ex
  })
  const { exitCode } = await rt.send(recipient, 0n, undefined, extracted)
  if (exitCode !== ExitCode.Ok) abort(exitCode, 'failed to send funds')
  return undefined
}

// ---------------------------------------------------------------------------------------------
// PublishStorageDeals

/** The provider of a batch, resolved, with its worker checked against the caller. */
async function resolveProvider(rt: Runtime, params: PublishStorageDealsParams): Promise<{ provider: Address; providerRaw: Address }> {
  const providerRaw = params.Deals[0]!.Proposal.Provider
  const provider = await rt.resolveAddress(providerRaw)
  if (provider === undefined) abort(ExitCode.ErrNotFound, `failed to resolve provider address ${addressToString(providerRaw)}`)
  const code = await rt.getActorCodeCid(provider)
  if (code === undefined) abort(ExitCode.ErrIllegalArgument, `no codeId for address ${addressToString(provider)}`)
  if (!code.equals(getMinerCode(rt.actorsVersion))) abort(ExitCode.ErrIllegalArgument, 'deal provider is not a StorageMinerActor')
  const { Worker } = await requestMinerControlAddrs(rt, provider)
  if (!isSameAddress(Worker, rt.caller)) abort(ExitCode.ErrForbidden, `caller is not provider ${addressToString(provider)}`)
  return { provider, providerRaw }
}

/**
 * PublishStorageDeals (4): a provider's worker publishes client-signed proposals, all of one
 * provider, atomically. Each is validated, stored with ID addresses for its parties, given the
 * next DealID, made pending, has its funds locked, and is scheduled for a first cron update at a
 * random epoch in the interval after its start. Then each verified deal's size is taken from its
 * client's DataCap. Returns the DealIDs.
 */
export async function publishStorageDeals(rt: Runtime, params: PublishStorageDealsParams): Promise<Uint8Array> {
  // the message comes from the provider's worker, so only the clients' signatures are checked
  await rt.validateImmediateCallerType(...getSignableCodes(rt.actorsVersion))
  if (params.Deals.length === 0) abort(ExitCode.ErrIllegalArgument, 'empty deals parameter')
  const { provider, providerRaw } = await resolveProvider(rt, params)
  const baselinePower = await requestCurrentBaselinePower(rt)
  const { rawBytePower, qualityAdjPower } = await requestCurrentNetworkPower(rt)
  const power = { rawBytePower, qualityAdjPower, baselinePower }

  const resolvedClients: Address[] = []
  const ids = await rt.stateTransaction(MarketState, async (st) => {
    const m = await loadMarketStateMutation(rt.store, st, rt.actorsVersion, {
      pendingProposals: 'write',
      proposals: 'write',
      dealOpsByEpoch: 'write',
      escrowTable: 'write',
      lockedTable: 'write',
    })
    const newIds: bigint[] = []
    for (const deal of params.Deals) {
      await validateDeal(rt, deal, power)
      const p = deal.Proposal
      if (!isSameAddress(p.Provider, provider) && !isSameAddress(p.Provider, providerRaw)) {
        abort(ExitCode.ErrIllegalArgument, 'cannot publish deals from different providers at the same time')
      }
      const client = await rt.resolveAddress(p.Client)
      if (client === undefined) abort(ExitCode.ErrNotFound, `failed to resolve client address ${addressToString(p.Client)}`)
      resolvedClients.push(client)
      // the proposal stored on chain names both parties by ID address (the signature was checked above)
      const stored: DealProposal = { ...p, Provider: provider, Client: client }
      newIds.push(await recordPublishedDeal(rt, m, stored))
    }
    await commitMarketStateMutation(m)
    return newIds
  })

  for (const [i, deal] of params.Deals.entries()) {
    if (!deal.Proposal.VerifiedDeal) continue
    // a deal is verified in full or not at all: the client's DataCap must cover its size
    const useBytes = UseBytesParams.encode({ Address: resolvedClients[i]!, DealSize: deal.Proposal.PieceSize })
    await sendOrAbort(rt, VERIFIED_REGISTRY_ACTOR_ADDR, VERIFREG_USE_BYTES_METHOD, useBytes, `failed to add verified deal for client: ${addressToString(deal.Proposal.Client)}`)
  }
  return PublishStorageDealsReturn.encode({ IDs: ids })
}

/**
 * Records one published deal (the body of Go's loop after the address checks): locks its funds,
 * takes a DealID, refuses a proposal already pending (ErrIllegalArgument), stores it as pending
 * and as the deal's proposal, and schedules its first update. Returns the DealID.
 */
async function recordPublishedDeal(rt: Runtime, m: MarketStateMutation, stored: DealProposal): Promise<bigint> {
  await lockClientAndProviderBalances(m, stored)
  const id = generateStorageDealId(m)
  const key = getCidKey(computeProposalCid(stored))
  const pending = getTable(m.pendingProposals, 'pending proposals')
  const has = (await requireNoErr(ExitCode.ErrIllegalState, 'failed to check for existence of deal proposal', () => pending.get(key))) !== undefined
  if (has) abort(ExitCode.ErrIllegalArgument, 'cannot publish duplicate deals')
  await requireNoErr(ExitCode.ErrIllegalState, 'failed to set pending deal', () => pending.set(key, DealProposal.encode(stored)))
  await requireNoErr(ExitCode.ErrIllegalState, 'failed to set deal', () => getTable(m.proposals, 'proposals').set(id, stored))
  const randomness = await rt.getRandomnessFromBeacon(DomainSeparationTag.MarketDealCronSeed, rt.currEpoch - 1n, DealProposal.encode(stored))
  const processEpoch = computeDealProcessEpoch(stored.StartEpoch, randomness)
  await requireNoErr(ExitCode.ErrIllegalState, 'failed to set deal ops by epoch', () => getTable(m.dealOpsByEpoch, 'deal ops').put(processEpoch, id))
  return id
}

// ---------------------------------------------------------------------------------------------
// VerifyDealsForActivation, ActivateDeals

/** VerifyDealsForActivation (5): a miner checks the deals of a sector it pre-commits and learns their weights; changes nothing. */
export async function verifyDealsForActivation(rt: Runtime, params: VerifyDealsForActivationParams): Promise<Uint8Array> {
  await rt.validateImmediateCallerType(getMinerCode(rt.actorsVersion))
  const miner = rt.caller
  const st = await rt.stateReadonly(MarketState)
  const w = await validateDealsForActivation(rt.store, st, rt.actorsVersion, params.DealIDs, miner, params.SectorExpiry, params.SectorStart)
  if (rt.actorsVersion === 0) return VerifyDealsForActivationReturnV0.encode({ DealWeight: w.dealWeight, VerifiedDealWeight: w.verifiedDealWeight })
  return VerifyDealsForActivationReturnV2.encode({ DealWeight: w.dealWeight, VerifiedDealWeight: w.verifiedDealWeight, DealSpace: w.dealSpace })
}

/**
 * ActivateDeals (6): a miner proves a sector and its deals start. Each is checked as at
 * pre-commit (with the current epoch as the start), must not be active already
 * (ErrIllegalArgument) and must be pending (else ErrIllegalState); its state is then written
 * with the current epoch as its sector start.
 */
export async function activateDeals(rt: Runtime, params: ActivateDealsParams): Promise<undefined> {
  await rt.validateImmediateCallerType(getMinerCode(rt.actorsVersion))
  const miner = rt.caller
  const currEpoch = rt.currEpoch
  await rt.stateTransaction(MarketState, async (st) => {
    await validateDealsForActivation(rt.store, st, rt.actorsVersion, params.DealIDs, miner, params.SectorExpiry, currEpoch)
    const m = await loadMarketStateMutation(rt.store, st, rt.actorsVersion, { states: 'write', pendingProposals: 'read', proposals: 'read' })
    const states = getTable(m.states, 'states')
    const pending = getTable(m.pendingProposals, 'pending proposals')
    for (const id of params.DealIDs) {
      const state = await requireNoErr(ExitCode.ErrIllegalState, `failed to get state for dealId ${id}`, () => states.get(id))
      if (state !== undefined) abort(ExitCode.ErrIllegalArgument, `deal ${id} already included in another sector`)
      const proposal = await getDealProposal(getTable(m.proposals, 'proposals'), id, `failed to get dealId ${id}`)
      const proposalCid = computeProposalCid(proposal)
      const has = (await requireNoErr(ExitCode.ErrIllegalState, `failed to get pending proposal ${proposalCid}`, () => pending.get(getCidKey(proposalCid)))) !== undefined
      if (!has) abort(ExitCode.ErrIllegalState, `tried to activate deal that was not in the pending set (${proposalCid})`)
      const activated = { SectorStartEpoch: currEpoch, LastUpdatedEpoch: EPOCH_UNDEFINED, SlashEpoch: EPOCH_UNDEFINED }
      await requireNoErr(ExitCode.ErrIllegalState, `failed to set deal state ${id}`, () => states.set(id, activated))
    }
    await commitMarketStateMutation(m)
  })
  return undefined
}

// ---------------------------------------------------------------------------------------------
// OnMinerSectorsTerminate, ComputeDataCommitment

/**
 * OnMinerSectorsTerminate (7): a miner's sectors were terminated at `Epoch`; each of their deals
 * still running is marked slashed at that epoch, for cron to settle. A deal already gone, already
 * ended by then or already slashed is skipped; an active deal without state is ErrIllegalArgument;
 * a deal of another provider is a Go assertion, a panic.
 */
export async function onMinerSectorsTerminate(rt: Runtime, params: OnMinerSectorsTerminateParams): Promise<undefined> {
  await rt.validateImmediateCallerType(getMinerCode(rt.actorsVersion))
  const miner = rt.caller
  await rt.stateTransaction(MarketState, async (st) => {
    const m = await loadMarketStateMutation(rt.store, st, rt.actorsVersion, { states: 'write', proposals: 'read' })
    const proposals = getTable(m.proposals, 'proposals')
    const states = getTable(m.states, 'states')
    for (const id of params.DealIDs) {
      const deal = await requireNoErr(ExitCode.ErrIllegalState, `failed to get deal proposal ${id}`, () => proposals.get(id))
      // the deal may have ended, and been deleted, before its sector was terminated
      if (deal === undefined) continue
      assertMarket(isSameAddress(deal.Provider, miner), 'caller is not the provider of the deal')
      if (deal.EndEpoch <= params.Epoch) continue
      const state = await requireNoErr(ExitCode.ErrIllegalState, `failed to get deal state ${id}`, () => states.get(id))
      if (state === undefined) abort(ExitCode.ErrIllegalArgument, `no state for deal ${id}`)
      if (state.SlashEpoch !== EPOCH_UNDEFINED) continue
      await requireNoErr(ExitCode.ErrIllegalState, `failed to set deal state ${id}`, () => states.set(id, { ...state, SlashEpoch: params.Epoch }))
    }
    await commitMarketStateMutation(m)
  })
  return undefined
}

/**
 * ComputeDataCommitment (8): a miner asks for the unsealed CID (CommD) of a sector of its deals'
 * pieces, in order. A missing deal is ErrNotFound; a CommD the syscall cannot compute is
 * ErrIllegalArgument. Returns the CID.
 */
export async function computeDataCommitment(rt: Runtime, params: ComputeDataCommitmentParams): Promise<Uint8Array> {
  await rt.validateImmediateCallerType(getMinerCode(rt.actorsVersion))
  const st = await rt.stateReadonly(MarketState)
  const proposals = await requireNoErr(ExitCode.ErrIllegalState, 'failed to load deal dealProposals', () => loadDealProposals(rt.store, st.Proposals))
  const pieces: PieceInfo[] = []
  for (const id of params.DealIDs) {
    const deal = await getDealProposal(proposals, id, `failed to get dealId ${id}`)
    pieces.push({ PieceCID: deal.PieceCID, Size: deal.PieceSize })
  }
  let commD: CID
  try {
    commD = await rt.syscalls.computeUnsealedSectorCid(params.SectorType, pieces)
  } catch (e) {
    if (e instanceof SyscallError) abort(ExitCode.ErrIllegalArgument, `failed to compute unsealed sector CID: ${e.message}`)
    throw e
  }
  return dagCbor.encode(commD)
}
