// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Deal updates". What cron does
// to one deal when its turn comes: pay the provider for the epochs since the last update, and
// end the deal when it expired, was slashed, or was never activated in time (specs-actors
// v0.9.13 and v2.3.2 builtin/market/market_state.go `updatePendingDealState`,
// `processDealInitTimedOut`, `processDealExpired`, `dealGetPaymentRemaining`). The Go
// assertions are kept as panics: only a state the actor never writes can break them.

import { EPOCH_UNDEFINED, getProviderBalanceRequirement, getTotalStorageFee, type DealProposal, type DealState } from './deal.ts'
import { slashBalance, transferBalance, unlockBalance } from './escrow.ts'
import { DEAL_UPDATES_INTERVAL, computeCollateralPenaltyForDealActivationMissed } from './policy.ts'
import { assertMarket, type MarketStateMutation } from './state_mutation.ts'

/** What an update did to a deal: the collateral slashed, and either its next update epoch or its removal. */
export interface DealUpdate {
  readonly slashed: bigint
  /** The epoch of the deal's next update, or EPOCH_UNDEFINED when it is removed or, before its start, not rescheduled. */
  readonly nextEpoch: bigint
  readonly removeDeal: boolean
}

/**
 * The fee a slashed deal has not paid and never will: price × (EndEpoch − max(slashEpoch,
 * StartEpoch)) (`dealGetPaymentRemaining`).
 */
export function computePaymentRemaining(deal: DealProposal, slashEpoch: bigint): bigint {
  assertMarket(slashEpoch <= deal.EndEpoch, `slash epoch ${slashEpoch} after the deal's end ${deal.EndEpoch}`)
  const from = slashEpoch < deal.StartEpoch ? deal.StartEpoch : slashEpoch
  const durationRemaining = deal.EndEpoch - from
  assertMarket(durationRemaining >= 0n, 'negative remaining duration')
  return durationRemaining * deal.StoragePricePerEpoch
}

/**
 * Updates an active deal at `epoch` (`updatePendingDealState`):
 * 1. a deal not yet started is left alone (cron never schedules one so early);
 * 2. the provider is paid, from the client's locked fee, for the epochs from the later of the
 *    start and the last update to the earliest of now, the end and the slash epoch;
 * 3. a slashed deal then unlocks the client's unpaid fee and collateral, slashes the provider's
 *    collateral, and is removed;
 * 4. an expired deal unlocks both collaterals and is removed;
 * 5. any other deal is updated again DEAL_UPDATES_INTERVAL epochs later.
 */
export async function updatePendingDealState(m: MarketStateMutation, state: DealState, deal: DealProposal, epoch: bigint): Promise<DealUpdate> {
  const everUpdated = state.LastUpdatedEpoch !== EPOCH_UNDEFINED
  const everSlashed = state.SlashEpoch !== EPOCH_UNDEFINED
  assertMarket(!everUpdated || state.LastUpdatedEpoch <= epoch, `deal updated at ${state.LastUpdatedEpoch}, after ${epoch}`)
  if (deal.StartEpoch > epoch) return { slashed: 0n, nextEpoch: EPOCH_UNDEFINED, removeDeal: false }

  let paymentEndEpoch = deal.EndEpoch
  if (everSlashed) {
    assertMarket(epoch >= state.SlashEpoch, 'current epoch less than slash epoch')
    assertMarket(state.SlashEpoch <= deal.EndEpoch, 'slash epoch after the deal end')
    paymentEndEpoch = state.SlashEpoch
  } else if (epoch < paymentEndEpoch) {
    paymentEndEpoch = epoch
  }
  let paymentStartEpoch = deal.StartEpoch
  if (everUpdated && state.LastUpdatedEpoch > paymentStartEpoch) paymentStartEpoch = state.LastUpdatedEpoch
  // a deal slashed at or before its start pays nothing
  const totalPayment = (paymentEndEpoch - paymentStartEpoch) * deal.StoragePricePerEpoch
  if (totalPayment > 0n) await transferBalance(m, deal.Client, deal.Provider, totalPayment)

  if (everSlashed) {
    const paymentRemaining = computePaymentRemaining(deal, state.SlashEpoch)
    await unlockBalance(m, deal.Client, paymentRemaining, 'ClientStorageFee', 'failed to unlock remaining client storage fee')
    await unlockBalance(m, deal.Client, deal.ClientCollateral, 'ClientCollateral', 'failed to unlock client collateral')
    await slashBalance(m, deal.Provider, deal.ProviderCollateral, 'ProviderCollateral', 'slashing balance')
    return { slashed: deal.ProviderCollateral, nextEpoch: EPOCH_UNDEFINED, removeDeal: true }
  }
  if (epoch >= deal.EndEpoch) {
    await processDealExpired(m, deal, state)
    return { slashed: 0n, nextEpoch: EPOCH_UNDEFINED, removeDeal: true }
  }
  // a deal's expiry may be processed up to an interval late, so that no one can load one cron
  // tick by activating many deals with the same end epoch
  return { slashed: 0n, nextEpoch: epoch + DEAL_UPDATES_INTERVAL, removeDeal: false }
}

/**
 * A deal published but not activated by its start epoch (`processDealInitTimedOut`): the client's
 * fee and collateral are unlocked, the provider's collateral slashed (all of it: see
 * `computeCollateralPenaltyForDealActivationMissed`) and the rest of its requirement, nothing,
 * unlocked. Returns the amount slashed.
 */
export async function processDealInitTimedOut(m: MarketStateMutation, deal: DealProposal): Promise<bigint> {
  await unlockBalance(m, deal.Client, getTotalStorageFee(deal), 'ClientStorageFee', 'failure unlocking client storage fee')
  await unlockBalance(m, deal.Client, deal.ClientCollateral, 'ClientCollateral', 'failure unlocking client collateral')
  const slashed = computeCollateralPenaltyForDealActivationMissed(deal.ProviderCollateral)
  const remaining = getProviderBalanceRequirement(deal) - slashed
  await slashBalance(m, deal.Provider, slashed, 'ProviderCollateral', 'failed to slash balance')
  // unlocking the remaining zero still writes the provider's locked entry, as Go's balance table does
  await unlockBalance(m, deal.Provider, remaining, 'ProviderCollateral', 'failed to unlock deal provider balance')
  return slashed
}

/** A deal that reached its end (`processDealExpired`): both collaterals are unlocked; payment is already complete. */
export async function processDealExpired(m: MarketStateMutation, deal: DealProposal, state: DealState): Promise<void> {
  assertMarket(state.SectorStartEpoch !== EPOCH_UNDEFINED, 'expired deal never activated')
  await unlockBalance(m, deal.Provider, deal.ProviderCollateral, 'ProviderCollateral', 'failed unlocking deal provider balance')
  await unlockBalance(m, deal.Client, deal.ClientCollateral, 'ClientCollateral', 'failed unlocking deal client balance')
}
