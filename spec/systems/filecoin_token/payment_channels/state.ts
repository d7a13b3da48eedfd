// Spec section: Systems › Filecoin Token › Payment Channels, "State". The payment channel actor's
// state and its lanes, the same in actors v0 and v2 (specs-actors v0.9.13 and v2.3.2
// builtin/paych/paych_state.go), and the limits the actor keeps to (v2.3.2 paych/policy.go).

import { address } from '../../../appendix/address/address.ts'
import type { Infer } from '../../../../src/schema/kind.ts'
import { bigInt } from '../../../../src/schema/big_int.ts'
import { cid, int64, uint64 } from '../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../src/schema/struct.ts'

/** The wait between `Settle` and the first epoch `Collect` is allowed: 12 hours of 30-second epochs (specs-actors `SettleDelay` = `EpochsInHour` × 12). */
export const SETTLE_DELAY = 1440n

/** The highest lane ID (specs-actors `MaxLane` = `math.MaxInt64`). */
export const MAX_LANE = 2n ** 63n - 1n

/** Actors v2: the longest secret `UpdateChannelState` accepts, in bytes (`MaxSecretSize`). */
export const MAX_SECRET_SIZE = 256

export const LaneState = defineStruct(
  'LaneState',
  {
    Redeemed: field(bigInt, 'The amount the lane has redeemed so far: the Amount of its last voucher.'),
    Nonce: field(uint64, 'The nonce of the last voucher redeemed on, or merged into, the lane.'),
  },
  { doc: 'One lane of a payment channel: an entry of the LaneStates AMT.' },
)
export type LaneState = Infer<typeof LaneState>

export const PaychState = defineStruct(
  'PaychState',
  {
    From: field(address, 'The payer, who created and funds the channel: an ID address of an account actor.'),
    To: field(address, 'The payee, paid out at Collect: an ID address of an account actor.'),
    ToSend: field(bigInt, 'The amount redeemed through vouchers, paid to To at Collect.'),
    SettlingAt: field(int64, 'The epoch from which Collect is allowed; 0 until Settle is called.'),
    MinSettleHeight: field(int64, 'The earliest epoch settlement may complete, raised by vouchers.'),
    LaneStates: field(
      cid,
      'AMT (version 2, bit width 3) of LaneState by lane ID (0 to 2^63 − 1). A lane is created by its first voucher, and never removed; a lane merged into another keeps its Redeemed and takes the merge nonce.',
    ),
  },
  { doc: 'The payment channel actor state (the same in actors v0 and v2).' },
)
export type PaychState = Infer<typeof PaychState>
