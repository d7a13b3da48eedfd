// Spec section: Systems › Filecoin Markets › Storage Market Actor, "CronTick". The market's
// end-of-epoch work (specs-actors v0.9.13 and v2.3.2 builtin/market/market_actor.go `CronTick`):
// for every epoch since the last tick, each deal scheduled then is updated (deal_updates.ts) and
// rescheduled or removed; then timed-out verified deals get their DataCap back and the slashed
// collateral is burnt. Each block read and written is charged gas, so deals are visited in the
// order of their epoch's set, and rescheduled in ascending epoch order, as Go does.

import { BURNT_FUNDS_ACTOR_ADDR, CRON_ACTOR_ADDR, VERIFIED_REGISTRY_ACTOR_ADDR } from '../../../filecoin_vm/actor/builtin_code.ts'
import { ExitCode, abort } from '../../../filecoin_vm/runtime/exit_code.ts'
import type { Runtime } from '../../../filecoin_vm/runtime/runtime.ts'
import { EPOCH_UNDEFINED, computeProposalCid, type DealProposal } from './deal.ts'
import { processDealInitTimedOut, updatePendingDealState } from './deal_updates.ts'
import { RestoreBytesParams, VERIFREG_RESTORE_BYTES_METHOD } from './ext.ts'
import { isEmptySetMultimapRoot } from './set_multimap.ts'
import { MarketState, getCidKey } from './state.ts'
import {
  assertMarket,
  commitMarketStateMutation,
  deleteDealEntry,
  getDealProposal,
  getTable,
  loadMarketStateMutation,
  requireNoErr,
  type MarketStateMutation,
} from './state_mutation.ts'

/** What processing one deal leaves for after the state transaction: the amount slashed, a verified deal that timed out. */
interface DealOutcome {
  readonly slashed: bigint
  readonly timedOutVerified: DealProposal | undefined
}

/** Removes a pending proposal that must be there (go-hamt-ipld's Delete fails on a missing key). */
async function deletePendingProposal(m: MarketStateMutation, proposal: DealProposal): Promise<void> {
  const pending = getTable(m.pendingProposals, 'pending proposals')
  const deleted = await requireNoErr(ExitCode.ErrIllegalState, 'failed to delete pending proposal', () => pending.delete(getCidKey(computeProposalCid(proposal))))
  if (!deleted) abort(ExitCode.ErrIllegalState, 'failed to delete pending proposal: not found')
}

/**
 * Processes deal `dealId` at `epoch` (the body of CronTick's loop): a deal with no state was
 * never activated and has timed out, so it is settled and removed; otherwise its first update
 * removes it from the pending set, and the update either removes the deal or gives the epoch of
 * its next update, recorded in `updatesNeeded`.
 */
async function processDealOp(m: MarketStateMutation, dealId: bigint, epoch: bigint, updatesNeeded: Map<bigint, bigint[]>): Promise<DealOutcome> {
  const proposals = getTable(m.proposals, 'proposals')
  const states = getTable(m.states, 'states')
  const deal = await getDealProposal(proposals, dealId, `failed to get dealId ${dealId}`)
  const state = await requireNoErr(ExitCode.ErrIllegalState, 'failed to get deal state', () => states.get(dealId))

  if (state === undefined) {
    // published but not in a proven sector by its start: timed out
    assertMarket(epoch >= deal.StartEpoch, 'if sector start is not set, we must be in a timed out state')
    const slashed = await processDealInitTimedOut(m, deal)
    // the deal has no state to delete, only its proposal
    await deleteDealEntry(proposals, dealId, 'failed to delete deal proposal')
    await deletePendingProposal(m, deal)
    return { slashed, timedOutVerified: deal.VerifiedDeal ? deal : undefined }
  }

  // the first update of an active deal finds it still pending
  if (state.LastUpdatedEpoch === EPOCH_UNDEFINED) await deletePendingProposal(m, deal)
  const update = await updatePendingDealState(m, state, deal, epoch)
  assertMarket(update.slashed >= 0n, 'negative amount slashed')
  if (update.removeDeal) {
    assertMarket(update.nextEpoch === EPOCH_UNDEFINED, 'next scheduled epoch should be undefined as deal has been removed')
    await deleteDealEntry(proposals, dealId, 'failed to delete deal proposal and states: failed to delete deal proposal')
    await deleteDealEntry(states, dealId, 'failed to delete deal proposal and states: failed to delete deal state')
    return { slashed: update.slashed, timedOutVerified: undefined }
  }
  assertMarket(update.nextEpoch > epoch && update.slashed === 0n, 'deal should not be slashed and should have a schedule for next cron tick as it has not been removed')
  await requireNoErr(ExitCode.ErrIllegalState, 'failed to set deal state', () => states.set(dealId, { ...state, LastUpdatedEpoch: epoch }))
  const due = updatesNeeded.get(update.nextEpoch)
  if (due === undefined) updatesNeeded.set(update.nextEpoch, [dealId])
  else due.push(dealId)
  return { slashed: 0n, timedOutVerified: undefined }
}

/**
 * CronTick (9): only the cron actor, at the end of each epoch. Processes the deals scheduled for
 * every epoch after LastCron up to now (each epoch's set then removed), reschedules the deals
 * still running, and sets LastCron. Then asks the verified registry to restore the DataCap of
 * each verified deal that timed out (a failure there is only logged), and burns the collateral
 * slashed (a failure there aborts).
 */
export async function cronTick(rt: Runtime): Promise<undefined> {
  rt.validateImmediateCallerIs(CRON_ACTOR_ADDR)
  const now = rt.currEpoch
  let amountSlashed = 0n
  const timedOutVerifiedDeals: DealProposal[] = []

  await rt.stateTransaction(MarketState, async (st) => {
    const m = await loadMarketStateMutation(rt.store, st, rt.actorsVersion, {
      states: 'write',
      lockedTable: 'write',
      escrowTable: 'write',
      dealOpsByEpoch: 'write',
      proposals: 'write',
      pendingProposals: 'write',
    })
    const dealOps = getTable(m.dealOpsByEpoch, 'deal ops')
    const updatesNeeded = new Map<bigint, bigint[]>()
    // With no deal op at all, each epoch's lookup and removal would read no block and change
    // nothing, so the walk is skipped: the same outcome, without visiting every epoch since the
    // last tick (a hundred thousand after a long pause).
    const walk = !isEmptySetMultimapRoot(st.DealOpsByEpoch, rt.actorsVersion)
    // A data fault while walking a set, or removing it, is ErrIllegalState; a deal's own abort keeps its code.
    await requireNoErr(ExitCode.ErrIllegalState, 'failed to iterate deal ops', async () => {
      for (let i = st.LastCron + 1n; walk && i <= now; i++) {
        for await (const dealId of dealOps.dealIds(i)) {
          const outcome = await processDealOp(m, dealId, now, updatesNeeded)
          amountSlashed += outcome.slashed
          if (outcome.timedOutVerified !== undefined) timedOutVerifiedDeals.push(outcome.timedOutVerified)
        }
        await dealOps.removeAll(i)
      }
    })
    // in ascending order, so that the blocks read and written (and the gas) do not depend on map order
    const changedEpochs = [...updatesNeeded.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    for (const epoch of changedEpochs) {
      await requireNoErr(ExitCode.ErrIllegalState, `failed to reinsert deal IDs for epoch ${epoch}`, () => dealOps.putMany(epoch, updatesNeeded.get(epoch)!))
    }
    st.LastCron = now
    await commitMarketStateMutation(m)
  })

  for (const deal of timedOutVerifiedDeals) {
    const params = RestoreBytesParams.encode({ Address: deal.Client, DealSize: deal.PieceSize })
    // Go only logs a failure here: the deal is gone either way
    await rt.send(VERIFIED_REGISTRY_ACTOR_ADDR, VERIFREG_RESTORE_BYTES_METHOD, params, 0n)
  }
  if (amountSlashed !== 0n) {
    const { exitCode } = await rt.send(BURNT_FUNDS_ACTOR_ADDR, 0n, undefined, amountSlashed)
    if (exitCode !== ExitCode.Ok) abort(exitCode, 'expected send to burnt funds actor to succeed')
  }
  return undefined
}
