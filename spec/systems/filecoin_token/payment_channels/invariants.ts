// Spec section: Systems › Filecoin Token › Payment Channels, "Invariants". What must hold of a
// payment channel's state after every method (specs-actors v2.3.2 paych/testing.go
// `CheckStateInvariants`, with two corrections noted below).

import type { Blockstore } from '../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import { loadAmt } from '../../../appendix/data_structures/amt.ts'
import { LaneState, type PaychState } from './state.ts'

/**
 * The broken invariants of `state`, as messages; none when it is sound. `balance` is the channel
 * actor's balance. specs-actors requires SettlingAt ≥ MinSettleHeight even before Settle, when
 * SettlingAt is 0 and a voucher may have raised MinSettleHeight, and a Redeemed above 0, where a
 * voucher of amount 0 legitimately leaves 0; here those read "not settling, or from
 * MinSettleHeight on" and "not negative".
 */
export async function checkPaychStateInvariants(store: Pick<Blockstore, 'get' | 'putMany'>, state: PaychState, balance: bigint): Promise<string[]> {
  const broken: string[] = []
  if (state.From.protocol !== 0) broken.push('From is not an ID address')
  if (state.To.protocol !== 0) broken.push('To is not an ID address')
  if (state.SettlingAt !== 0n && state.SettlingAt < state.MinSettleHeight) broken.push(`settling at ${state.SettlingAt}, before MinSettleHeight ${state.MinSettleHeight}`)
  if (state.ToSend < 0n) broken.push(`ToSend ${state.ToSend} is negative`)
  if (state.ToSend > balance) broken.push(`balance ${balance} does not cover ToSend ${state.ToSend}`)
  const lanes = await loadAmt(store, state.LaneStates, { version: 2, codec: LaneState })
  for await (const [lane, laneState] of lanes.entries()) {
    if (laneState.Redeemed < 0n) broken.push(`lane ${lane} redeemed ${laneState.Redeemed}, below 0`)
  }
  return broken
}
