// Spec section: Systems › Filecoin Blockchain › Storage Power Consensus › Storage Power Actor,
// "Methods". The storage power actor of actors v0 and v2 (specs-actors v0.9.13 and v2.3.2
// builtin/power/power_actor.go): one handler per method, its steps in Go's order, since that
// order decides which exit code a message gets when several checks fail, and which blocks it
// reads and writes (each charged gas). Where the versions differ, the handler says so.

import { addressFromBytes, addressToBytes, addressToString, type Address } from '../../../../appendix/address/address.ts'
import { AmtError } from '../../../../appendix/data_structures/amt_layout.ts'
import { createHamt, getHamtVersionForActors, type Hamt } from '../../../../appendix/data_structures/hamt.ts'
import { HamtError } from '../../../../appendix/data_structures/hamt_node.ts'
import { ActorPanic, NotImplementedError, cborParams, requireNoFault } from '../../../filecoin_vm/actor/actor_code.ts'
import { CRON_ACTOR_ADDR, INIT_ACTOR_ADDR, REWARD_ACTOR_ADDR, SYSTEM_ACTOR_ADDR, getBuiltinCode } from '../../../filecoin_vm/actor/builtin_code.ts'
import { ActorError, ExitCode, abort } from '../../../filecoin_vm/runtime/exit_code.ts'
import type { Runtime } from '../../../filecoin_vm/runtime/runtime.ts'
import { ExecParams, ExecReturn } from '../../../filecoin_vm/sysactors/init_actor.ts'
import { computeNextEstimate } from '../../../filecoin_token/block_reward_minting/smoothing.ts'
import * as dagCbor from '@ipld/dag-cbor'
import { encodeBigInt } from '../../../../../src/schema/big_int.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import { addToClaim, deleteClaim, getClaim, hasClaim, loadClaims, setClaim, updateStatsForNewMiner } from './claims.ts'
import {
  ConfirmSectorProofsParams,
  INIT_EXEC_METHOD,
  MINER_CONFIRM_SECTOR_PROOFS_VALID_METHOD,
  MINER_ON_DEFERRED_CRON_EVENT_METHOD,
  MinerConstructorParams,
  REWARD_UPDATE_NETWORK_KPI_METHOD,
} from './ext.ts'
import { MultimapError, createMultimap, loadMultimap } from './multimap.ts'
import { GAS_ON_SUBMIT_VERIFY_SEAL, MAX_MINER_PROVE_COMMITS_PER_EPOCH, type PowerPolicy } from './policy.ts'
import { CronEvent, computeCurrentTotalPower, createPowerState, getEpochKey, getPowerStateCodec, type PowerState } from './state.ts'
import {
  CreateMinerReturn,
  CurrentTotalPowerReturnV0,
  CurrentTotalPowerReturnV2,
  SealVerifyInfo,
  type CreateMinerParams,
  type EnrollCronEventParams,
  type UpdateClaimedPowerParams,
} from './types.ts'

/** A miner queued more than MAX_MINER_PROVE_COMMITS_PER_EPOCH seal proofs in an epoch (`ErrTooManyProveCommits`). */
export const ERR_TOO_MANY_PROVE_COMMITS = ExitCode.FirstActorSpecificExitCode

/**
 * The runtime's batch seal check (Lotus `BatchVerifySeals`, which charges no gas): for each miner,
 * by its address string, whether each of its seals verifies. A throw is a failed syscall.
 */
export interface SealBatchVerifier {
  batchVerifySeals(batch: ReadonlyMap<string, readonly SealVerifyInfo[]>): Promise<ReadonlyMap<string, readonly boolean[]>>
}

/** The batch seal check of the runtime's syscalls, when they offer one. */
export function getSealBatchVerifier(rt: Runtime): SealBatchVerifier | undefined {
  const syscalls = rt.syscalls as Partial<SealBatchVerifier>
  return typeof syscalls.batchVerifySeals === 'function' ? (syscalls as SealBatchVerifier) : undefined
}

/** A fault of the stored data: a HAMT, AMT or multimap that cannot be read or written, or a value that does not decode. */
function isDataFault(e: unknown): e is Error {
  return e instanceof HamtError || e instanceof AmtError || e instanceof MultimapError || e instanceof SchemaError
}

/** Go's `RequireNoErr(rt, err, code, what)` for this actor's data faults. */
const requireNoErr = <T>(code: number, what: string, step: () => Promise<T>): Promise<T> => requireNoFault(isDataFault, code, what, step)

/** Runs a step whose failure Go only logs: false when it failed (a data fault or an abort), so the caller moves on. */
async function tryLogged(step: () => Promise<unknown>): Promise<boolean> {
  try {
    await step()
    return true
  } catch (e) {
    if (isDataFault(e) || (e instanceof ActorError && !e.fatal)) return false
    throw e
  }
}

function loadClaimsOrAbort(rt: Runtime, st: PowerState, policy: PowerPolicy): Promise<Hamt> {
  return requireNoErr(ExitCode.ErrIllegalState, 'failed to load claims', () => loadClaims(rt.store, st.Claims, policy))
}

function validateCallerIsMiner(rt: Runtime): Promise<void> {
  return rt.validateImmediateCallerType(getBuiltinCode('storageminer', rt.actorsVersion))
}

/** Actors v2: a miner without a claim may not change the power table (`validateMinerHasClaim`), ErrForbidden. */
async function validateMinerHasClaim(rt: Runtime, st: PowerState, policy: PowerPolicy, miner: Address): Promise<void> {
  const claims = await loadClaimsOrAbort(rt, st, policy)
  const found = await requireNoErr(ExitCode.ErrIllegalState, 'failed to look up claim', () => hasClaim(claims, miner))
  if (!found) abort(ExitCode.ErrForbidden, `unknown miner ${addressToString(miner)} forbidden to interact with power actor`)
}

/** Constructor (1): the system actor at genesis; writes an empty claims map and an empty cron queue (two writes of the same empty HAMT). */
export async function constructPower(rt: Runtime, policy: PowerPolicy): Promise<undefined> {
  rt.validateImmediateCallerIs(SYSTEM_ACTOR_ADDR)
  const hamtVersion = getHamtVersionForActors(rt.actorsVersion)
  const claims = await requireNoErr(ExitCode.ErrIllegalState, 'failed to construct state', () => createHamt(rt.store, { version: hamtVersion }).flush())
  const queue = await requireNoErr(ExitCode.ErrIllegalState, 'failed to construct state', () => createMultimap(rt.store, rt.actorsVersion, CronEvent).flush())
  await rt.stateCreate(getPowerStateCodec(policy.version), createPowerState(policy.version, claims, queue))
  return undefined
}

/**
 * CreateMiner (2): an account or multisig creates a miner through init Exec, passing on the
 * value it sent; the new miner gets an empty claim. A failed Exec aborts with its exit code.
 * Actors v2 records the seal proof type in the claim and, from network version 7, counts a miner
 * whose proof type has a zero minimum as above it.
 */
export async function createMiner(rt: Runtime, params: CreateMinerParams, policy: PowerPolicy): Promise<Uint8Array> {
  await rt.validateImmediateCallerType(getBuiltinCode('account', rt.actorsVersion), getBuiltinCode('multisig', rt.actorsVersion))
  const ctorParams = MinerConstructorParams.encode({
    OwnerAddr: params.Owner,
    WorkerAddr: params.Worker,
    ControlAddrs: [],
    SealProofType: params.SealProofType,
    PeerId: params.Peer,
    Multiaddrs: params.Multiaddrs,
  })
  const execParams = ExecParams.encode({ CodeCID: getBuiltinCode('storageminer', rt.actorsVersion), ConstructorParams: ctorParams })
  const { exitCode, returnValue } = await rt.send(INIT_ACTOR_ADDR, INIT_EXEC_METHOD, execParams, rt.valueReceived)
  if (exitCode !== ExitCode.Ok) abort(exitCode, 'failed to init new actor')
  let addresses: ExecReturn
  try {
    addresses = cborParams(ExecReturn).read(returnValue)
  } catch (e) {
    if (e instanceof SchemaError) abort(ExitCode.ErrSerialization, `failed to unmarshal return value: ${e.message}`)
    throw e
  }
  await rt.stateTransaction(getPowerStateCodec(policy.version), async (st) => {
    const claims = await loadClaimsOrAbort(rt, st, policy)
    const claim = { SealProofType: policy.version === 0 ? undefined : params.SealProofType, RawBytePower: 0n, QualityAdjPower: 0n }
    await requireNoErr(ExitCode.ErrIllegalState, 'failed to put power in claimed table while creating miner', () => setClaim(claims, policy, addresses.IDAddress, claim))
    st.MinerCount++
    if (policy.version === 2 && rt.networkVersion >= 7) updateStatsForNewMiner(st, policy, params.SealProofType)
    st.Claims = await requireNoErr(ExitCode.ErrIllegalState, 'failed to flush claims', () => claims.flush())
  })
  return CreateMinerReturn.encode({ IDAddress: addresses.IDAddress, RobustAddress: addresses.RobustAddress })
}

/** UpdateClaimedPower (3): a miner adds the deltas to its own claim; without a claim, ErrNotFound. */
export async function updateClaimedPower(rt: Runtime, params: UpdateClaimedPowerParams, policy: PowerPolicy): Promise<undefined> {
  await validateCallerIsMiner(rt)
  const miner = rt.caller
  await rt.stateTransaction(getPowerStateCodec(policy.version), async (st) => {
    const claims = await loadClaimsOrAbort(rt, st, policy)
    const what = `failed to update power raw ${params.RawByteDelta}, qa ${params.QualityAdjustedDelta}`
    await requireNoErr(ExitCode.ErrIllegalState, what, () => addToClaim(st, claims, policy, miner, params.RawByteDelta, params.QualityAdjustedDelta))
    st.Claims = await requireNoErr(ExitCode.ErrIllegalState, 'failed to flush claims', () => claims.flush())
  })
  return undefined
}

/**
 * EnrollCronEvent (4): a miner asks to be called back at the end of an epoch, which must not be
 * negative. An epoch before FirstCronEpoch moves it back, so that the next tick finds the event.
 */
export async function enrollCronEvent(rt: Runtime, params: EnrollCronEventParams, policy: PowerPolicy): Promise<undefined> {
  await validateCallerIsMiner(rt)
  const event = { MinerAddr: rt.caller, CallbackPayload: params.Payload }
  if (params.EventEpoch < 0n) abort(ExitCode.ErrIllegalArgument, `cron event epoch ${params.EventEpoch} cannot be less than zero`)
  await rt.stateTransaction(getPowerStateCodec(policy.version), async (st) => {
    const queue = await requireNoErr(ExitCode.ErrIllegalState, 'failed to load cron events', () => loadMultimap(rt.store, st.CronEventQueue, policy.version, CronEvent))
    if (params.EventEpoch < st.FirstCronEpoch) st.FirstCronEpoch = params.EventEpoch
    await requireNoErr(ExitCode.ErrIllegalState, 'failed to enroll cron event', () => queue.add(getEpochKey(params.EventEpoch), event))
    st.CronEventQueue = await requireNoErr(ExitCode.ErrIllegalState, 'failed to flush cron events', () => queue.flush())
  })
  return undefined
}

/**
 * Takes the events due from FirstCronEpoch to this epoch off the queue (v2: dropping those of
 * miners without a claim) and moves FirstCronEpoch past this epoch; then calls each miner back.
 * A miner whose callback fails loses its power: v0 zeroes its claim, v2 deletes the claim (and
 * from network version 7 counts one miner fewer). Go only logs a failure to do so.
 */
async function processDeferredCronEvents(rt: Runtime, policy: PowerPolicy): Promise<void> {
  const codec = getPowerStateCodec(policy.version)
  const now = rt.currEpoch
  const due: CronEvent[] = []
  await rt.stateTransaction(codec, async (st) => {
    const queue = await requireNoErr(ExitCode.ErrIllegalState, 'failed to load cron events', () => loadMultimap(rt.store, st.CronEventQueue, policy.version, CronEvent))
    const claims = policy.version === 2 ? await loadClaimsOrAbort(rt, st, policy) : undefined
    for (let epoch = st.FirstCronEpoch; epoch <= now; epoch++) {
      const key = getEpochKey(epoch)
      const events = await requireNoErr(ExitCode.ErrIllegalState, `failed to load cron events at ${epoch}`, () => queue.list(key))
      for (const event of events) {
        if (claims !== undefined && !(await requireNoErr(ExitCode.ErrIllegalState, 'failed to look up claim', () => hasClaim(claims, event.MinerAddr)))) continue
        due.push(event)
      }
      if (events.length > 0) await requireNoErr(ExitCode.ErrIllegalState, `failed to clear cron events at ${epoch}`, () => queue.removeAll(key))
    }
    st.FirstCronEpoch = now + 1n
    st.CronEventQueue = await requireNoErr(ExitCode.ErrIllegalState, 'failed to flush events', () => queue.flush())
  })

  const failed: Address[] = []
  for (const event of due) {
    const { exitCode } = await rt.send(event.MinerAddr, MINER_ON_DEFERRED_CRON_EVENT_METHOD, event.CallbackPayload, 0n)
    if (exitCode !== ExitCode.Ok) failed.push(event.MinerAddr)
  }
  if (policy.version === 2 && failed.length === 0) return

  await rt.stateTransaction(codec, async (st) => {
    const claims = await loadClaimsOrAbort(rt, st, policy)
    for (const miner of failed) {
      if (policy.version === 0) {
        await tryLogged(async () => {
          const claim = await getClaim(claims, policy, miner)
          if (claim !== undefined) await addToClaim(st, claims, policy, miner, -claim.RawBytePower, -claim.QualityAdjPower)
        })
      } else if ((await tryLogged(() => deleteClaim(st, claims, policy, miner))) && rt.networkVersion >= 7) {
        st.MinerCount--
      }
    }
    st.Claims = await requireNoErr(ExitCode.ErrIllegalState, 'failed to flush claims', () => claims.flush())
  })
}

/** The numbers of the sectors whose seals verified, each once, in batch order (duplicates are dropped). */
function getConfirmedSectors(infos: readonly SealVerifyInfo[], results: readonly boolean[]): bigint[] {
  const seen = new Set<bigint>()
  const confirmed: bigint[] = []
  for (const [i, ok] of results.entries()) {
    if (!ok) continue
    const info = infos[i]
    if (info === undefined) throw new ActorPanic(`batch verify answered ${results.length} results for ${infos.length} seals`)
    if (seen.has(info.SectorID.Number)) continue
    seen.add(info.SectorID.Number)
    confirmed.push(info.SectorID.Number)
  }
  return confirmed
}

/**
 * Empties the batch of queued seal proofs (v2: skipping miners without a claim), verifies it in
 * one syscall, and tells each miner which of its sectors verified; a miner's refusal is ignored.
 */
async function processBatchProofVerifies(rt: Runtime, policy: PowerPolicy): Promise<void> {
  const miners: Address[] = []
  const verifies = new Map<string, SealVerifyInfo[]>()
  await rt.stateTransaction(getPowerStateCodec(policy.version), async (st) => {
    const root = st.ProofValidationBatch
    if (root === null) return
    const batch = await requireNoErr(ExitCode.ErrIllegalState, 'failed to load proofs validation batch', () => loadMultimap(rt.store, root, policy.version, SealVerifyInfo))
    const claims = policy.version === 2 ? await loadClaimsOrAbort(rt, st, policy) : undefined
    await requireNoErr(ExitCode.ErrIllegalState, 'failed to iterate proof batch', async () => {
      for await (const [key, list] of batch.entries()) {
        const miner = addressFromBytes(key)
        if (claims !== undefined && !(await hasClaim(claims, miner))) continue
        miners.push(miner)
        const infos: SealVerifyInfo[] = []
        for await (const [, info] of list.entries()) infos.push(info)
        verifies.set(addressToString(miner), infos)
      }
    })
    st.ProofValidationBatch = null
  })
  // Lotus asks even for an empty batch, free of gas, and gets an empty answer: nothing to do then.
  if (miners.length === 0) return

  const verifier = getSealBatchVerifier(rt)
  if (verifier === undefined) throw new NotImplementedError('the BatchVerifySeals syscall')
  let results: ReadonlyMap<string, readonly boolean[]>
  try {
    results = await verifier.batchVerifySeals(verifies)
  } catch (e) {
    if (e instanceof NotImplementedError) throw e
    abort(ExitCode.ErrIllegalState, `failed to batch verify: ${(e as Error).message}`)
  }
  for (const miner of miners) {
    const key = addressToString(miner)
    const result = results.get(key)
    if (result === undefined) abort(ExitCode.ErrNotFound, 'batch verify seals syscall implemented incorrectly')
    const sectors = getConfirmedSectors(verifies.get(key)!, result)
    await rt.send(miner, MINER_CONFIRM_SECTOR_PROOFS_VALID_METHOD, ConfirmSectorProofsParams.encode({ Sectors: sectors }), 0n)
  }
}

/**
 * Freezes this epoch's totals for the next epoch's messages and steps the smoothed QA power
 * estimate: by the epochs since the last tick in v0, by one epoch in v2 (cron runs every epoch);
 * returns the raw-byte power to report.
 */
async function freezeEpochTotals(rt: Runtime, policy: PowerPolicy): Promise<bigint> {
  return rt.stateTransaction(getPowerStateCodec(policy.version), (st) => {
    const { rawBytePower, qualityAdjPower } = computeCurrentTotalPower(st, policy)
    st.ThisEpochPledgeCollateral = st.TotalPledgeCollateral
    st.ThisEpochQualityAdjPower = qualityAdjPower
    st.ThisEpochRawBytePower = rawBytePower
    const delta = 'LastProcessedCronEpoch' in st ? rt.currEpoch - st.LastProcessedCronEpoch : 1n
    const prev = st.ThisEpochQAPowerSmoothed
    if (prev === null) throw new ActorPanic('nil smoothed QA power estimate')
    if (delta === 0n) throw new ActorPanic('division by zero: cron ran twice in one epoch')
    st.ThisEpochQAPowerSmoothed = computeNextEstimate(prev, st.ThisEpochQualityAdjPower, delta)
    if ('LastProcessedCronEpoch' in st) st.LastProcessedCronEpoch = rt.currEpoch
    return st.ThisEpochRawBytePower
  })
}

/**
 * OnEpochTickEnd (5): cron, at the end of every epoch. Runs the deferred cron events and the
 * batch of seal proofs (v0 events first, v2 proofs first), freezes the totals, and reports the
 * raw-byte power to the reward actor's UpdateNetworkKPI, whose failure aborts with its code.
 */
export async function onEpochTickEnd(rt: Runtime, policy: PowerPolicy): Promise<undefined> {
  rt.validateImmediateCallerIs(CRON_ACTOR_ADDR)
  if (policy.version === 0) {
    await processDeferredCronEvents(rt, policy)
    await processBatchProofVerifies(rt, policy)
  } else {
    await processBatchProofVerifies(rt, policy)
    await processDeferredCronEvents(rt, policy)
  }
  const rawBytePower = await freezeEpochTotals(rt, policy)
  const { exitCode } = await rt.send(REWARD_ACTOR_ADDR, REWARD_UPDATE_NETWORK_KPI_METHOD, dagCbor.encode(encodeBigInt(rawBytePower)), 0n)
  if (exitCode !== ExitCode.Ok) abort(exitCode, 'failed to update network KPI with Reward Actor')
  return undefined
}

/** UpdatePledgeTotal (6): a miner moves the pledge total by a delta; v2 asks for a claim first. The total may not go negative. */
export async function updatePledgeTotal(rt: Runtime, delta: bigint, policy: PowerPolicy): Promise<undefined> {
  await validateCallerIsMiner(rt)
  await rt.stateTransaction(getPowerStateCodec(policy.version), async (st) => {
    if (policy.version === 2) await validateMinerHasClaim(rt, st, policy, rt.caller)
    addPledgeTotal(st, delta)
  })
  return undefined
}

function addPledgeTotal(st: PowerState, amount: bigint): void {
  st.TotalPledgeCollateral += amount
  if (st.TotalPledgeCollateral < 0n) throw new ActorPanic('pledged amount cannot be negative')
}

/**
 * OnConsensusFault (7, actors v0 only): a slashed miner's power and `pledge` leave the totals and
 * its claim is deleted; a miner without a claim (already slashed?) is ErrNotFound.
 */
export async function onConsensusFault(rt: Runtime, pledge: bigint, policy: PowerPolicy): Promise<undefined> {
  await validateCallerIsMiner(rt)
  const miner = rt.caller
  await rt.stateTransaction(getPowerStateCodec(policy.version), async (st) => {
    const claims = await loadClaimsOrAbort(rt, st, policy)
    const claim = await requireNoErr(ExitCode.ErrIllegalState, 'failed to read claimed power for fault', () => getClaim(claims, policy, miner))
    if (claim === undefined) abort(ExitCode.ErrNotFound, `miner ${addressToString(miner)} not registered (already slashed?)`)
    if (claim.RawBytePower < 0n || claim.QualityAdjPower < 0n) throw new ActorPanic('negative claim')
    const what = `could not add to claim for ${addressToString(miner)} after loading existing claim for this address`
    await requireNoErr(ExitCode.ErrIllegalState, what, () => addToClaim(st, claims, policy, miner, -claim.RawBytePower, -claim.QualityAdjPower))
    addPledgeTotal(st, -pledge)
    const deleted = await requireNoErr(ExitCode.ErrIllegalState, `failed to remove miner ${addressToString(miner)}`, () => claims.delete(addressToBytes(miner)))
    if (!deleted) abort(ExitCode.ErrIllegalState, `failed to remove miner ${addressToString(miner)}: not found`)
    st.MinerCount--
    st.Claims = await requireNoErr(ExitCode.ErrIllegalState, 'failed to flush claims', () => claims.flush())
  })
  return undefined
}

/**
 * SubmitPoRepForBulkVerify (8): a miner queues a seal proof for the end-of-epoch batch (v2: only
 * a miner with a claim). A miner with MAX_MINER_PROVE_COMMITS_PER_EPOCH queued already gets
 * ERR_TOO_MANY_PROVE_COMMITS; each proof queued is charged GAS_ON_SUBMIT_VERIFY_SEAL.
 */
export async function submitPoRepForBulkVerify(rt: Runtime, info: SealVerifyInfo, policy: PowerPolicy): Promise<undefined> {
  await validateCallerIsMiner(rt)
  const miner = rt.caller
  await rt.stateTransaction(getPowerStateCodec(policy.version), async (st) => {
    if (policy.version === 2) await validateMinerHasClaim(rt, st, policy, miner)
    const root = st.ProofValidationBatch
    const batch =
      root === null
        ? createMultimap(rt.store, policy.version, SealVerifyInfo)
        : await requireNoErr(ExitCode.ErrIllegalState, 'failed to load proof batch set', () => loadMultimap(rt.store, root, policy.version, SealVerifyInfo))
    const key = addressToBytes(miner)
    const queued = await requireNoErr(ExitCode.ErrIllegalState, `failed to get seal verify infos at addr ${addressToString(miner)}`, () => batch.get(key))
    if (queued !== undefined && queued.count >= MAX_MINER_PROVE_COMMITS_PER_EPOCH) {
      abort(ERR_TOO_MANY_PROVE_COMMITS, `miner ${addressToString(miner)} attempting to prove commit over ${MAX_MINER_PROVE_COMMITS_PER_EPOCH} sectors in epoch`)
    }
    await requireNoErr(ExitCode.ErrIllegalState, 'failed to insert proof into batch', () => batch.add(key, info))
    const flushed = await requireNoErr(ExitCode.ErrIllegalState, 'failed to flush proof batch', () => batch.flush())
    rt.chargeGas('OnSubmitVerifySeal', GAS_ON_SUBMIT_VERIFY_SEAL)
    st.ProofValidationBatch = flushed
  })
  return undefined
}

/** CurrentTotalPower (9): anyone; the totals frozen at the last tick, so that every message of an epoch sees the same ones. */
export async function currentTotalPower(rt: Runtime, policy: PowerPolicy): Promise<Uint8Array> {
  rt.validateImmediateCallerAcceptAny()
  const st = await rt.stateReadonly(getPowerStateCodec(policy.version))
  const totals = { RawBytePower: st.ThisEpochRawBytePower, QualityAdjPower: st.ThisEpochQualityAdjPower, PledgeCollateral: st.ThisEpochPledgeCollateral }
  if ('LastProcessedCronEpoch' in st) return CurrentTotalPowerReturnV0.encode({ ...totals, QualityAdjPowerSmoothed: st.ThisEpochQAPowerSmoothed })
  return CurrentTotalPowerReturnV2.encode({ ...totals, QualityAdjPowerSmoothed: st.ThisEpochQAPowerSmoothed })
}
