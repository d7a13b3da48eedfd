// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Deal validation". The checks
// a proposal must pass to be published, and those a deal must pass to go into a sector (specs-actors
// v0.9.13 and v2.3.2 builtin/market/market_actor.go `validateDeal`, `ValidateDealsForActivation`,
// `validateDealCanActivate`). Each failure aborts with the exit code Go gives it; the checks run in
// Go's order, which decides the code when several fail.

import { addressToString, type Address } from '../../../../appendix/address/address.ts'
import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import type { Blockstore } from '../../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import { ExitCode, abort } from '../../../filecoin_vm/runtime/exit_code.ts'
import type { Runtime } from '../../../filecoin_vm/runtime/runtime.ts'
import { DealProposal, getDealDuration, isPieceCid, isSameAddress, isValidPaddedPieceSize, type ClientDealProposal } from './deal.ts'
import {
  DEAL_MAX_LABEL_SIZE,
  computeDealWeight,
  getDealClientCollateralBounds,
  getDealDurationBounds,
  getDealPricePerEpochBounds,
  getDealProviderCollateralBounds,
  type NetworkConditions,
} from './policy.ts'
import type { MarketState } from './state.ts'
import { loadDealProposals, requireNoErr } from './state_mutation.ts'

/** Aborts with ErrIllegalArgument unless `min ≤ v ≤ max`. */
function requireWithin(v: bigint, bounds: { min: bigint; max: bigint }, what: string): void {
  if (v < bounds.min || v > bounds.max) abort(ExitCode.ErrIllegalArgument, `${what} out of bounds.`)
}

/**
 * Checks a proposal before it is published (`validateDeal`), each failure ErrIllegalArgument:
 * the client's signature over the proposal's bytes; in v2 a label of at most DEAL_MAX_LABEL_SIZE
 * bytes; a padded piece size and a piece CID; an end after the start; a start not yet passed;
 * the duration, price and collaterals within their bounds, the provider's minimum from the
 * network's power (asked once per message) and the circulating supply (read for each deal, as Go does).
 */
export async function validateDeal(rt: Runtime, deal: ClientDealProposal, power: Omit<NetworkConditions, 'circulatingSupply'>): Promise<void> {
  const p = deal.Proposal
  if (!(await rt.syscalls.verifySignature(deal.ClientSignature, p.Client, DealProposal.encode(p)))) {
    abort(ExitCode.ErrIllegalArgument, 'Invalid deal proposal: signature proposal invalid')
  }
  if (rt.actorsVersion !== 0 && p.Label.length > DEAL_MAX_LABEL_SIZE) {
    abort(ExitCode.ErrIllegalArgument, `deal label can be at most ${DEAL_MAX_LABEL_SIZE} bytes, is ${p.Label.length}`)
  }
  if (!isValidPaddedPieceSize(p.PieceSize)) abort(ExitCode.ErrIllegalArgument, `proposal piece size is invalid: ${p.PieceSize}`)
  if (!isPieceCid(p.PieceCID)) abort(ExitCode.ErrIllegalArgument, 'proposal PieceCID had wrong prefix')
  if (p.EndEpoch <= p.StartEpoch) abort(ExitCode.ErrIllegalArgument, 'proposal end before proposal start')
  if (rt.currEpoch > p.StartEpoch) abort(ExitCode.ErrIllegalArgument, 'Deal start epoch has already elapsed.')
  requireWithin(getDealDuration(p), getDealDurationBounds(), 'Deal duration')
  requireWithin(p.StoragePricePerEpoch, getDealPricePerEpochBounds(), 'Storage price')
  const network: NetworkConditions = { ...power, circulatingSupply: rt.getTotalFilCirculatingSupply() }
  requireWithin(p.ProviderCollateral, getDealProviderCollateralBounds(p.PieceSize, p.VerifiedDeal, network, rt.actorsVersion, rt.networkVersion), 'Provider collateral')
  requireWithin(p.ClientCollateral, getDealClientCollateralBounds(), 'Client collateral')
}


/** What a set of deals adds to a sector: the space-time of ordinary and verified deals, and their total size. */
export interface DealWeights {
  readonly dealWeight: bigint
  readonly verifiedDealWeight: bigint
  /** Actors v2: the summed piece sizes, as a uint64 that wraps as Go's does. */
  readonly dealSpace: bigint
}

/**
 * Checks deals for a sector of `miner` expiring at `sectorExpiry`, to start at `currEpoch`
 * (`ValidateDealsForActivation`), and sums their weights: each deal must exist (ErrNotFound),
 * be the miner's (ErrForbidden), not have started (ErrIllegalArgument) and end by the sector's
 * expiry (ErrIllegalArgument); v2 also refuses a deal named twice (ErrIllegalArgument).
 */
export async function validateDealsForActivation(
  store: Blockstore,
  st: MarketState,
  version: ActorsVersion,
  dealIds: readonly bigint[],
  miner: Address,
  sectorExpiry: bigint,
  currEpoch: bigint,
): Promise<DealWeights> {
  const proposals = await requireNoErr(ExitCode.ErrIllegalState, 'failed to load dealProposals', () => loadDealProposals(store, st.Proposals))
  const seen = new Set<bigint>()
  let dealWeight = 0n
  let verifiedDealWeight = 0n
  let dealSpace = 0n
  for (const id of dealIds) {
    if (version !== 0) {
      if (seen.has(id)) abort(ExitCode.ErrIllegalArgument, `deal ID ${id} present multiple times`)
      seen.add(id)
    }
    const proposal = await requireNoErr(ExitCode.ErrIllegalState, `failed to load deal ${id}`, () => proposals.get(id))
    if (proposal === undefined) abort(ExitCode.ErrNotFound, `no such deal ${id}`)
    if (!isSameAddress(proposal.Provider, miner)) abort(ExitCode.ErrForbidden, `cannot activate deal ${id}: proposal has provider ${addressToString(proposal.Provider)}, must be ${addressToString(miner)}`)
    if (currEpoch > proposal.StartEpoch) abort(ExitCode.ErrIllegalArgument, `cannot activate deal ${id}: proposal start epoch ${proposal.StartEpoch} has already elapsed at ${currEpoch}`)
    if (proposal.EndEpoch > sectorExpiry) abort(ExitCode.ErrIllegalArgument, `cannot activate deal ${id}: proposal expiration ${proposal.EndEpoch} exceeds sector expiration ${sectorExpiry}`)
    dealSpace = BigInt.asUintN(64, dealSpace + proposal.PieceSize)
    if (proposal.VerifiedDeal) verifiedDealWeight += computeDealWeight(proposal)
    else dealWeight += computeDealWeight(proposal)
  }
  return { dealWeight, verifiedDealWeight, dealSpace }
}
