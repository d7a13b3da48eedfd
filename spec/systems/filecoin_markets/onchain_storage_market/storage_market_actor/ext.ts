// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Calls to other actors". The
// methods of other actors the market calls, and what it sends and reads back. Method numbers:
// specs-actors v0.9.13 and v2.3.2 builtin/methods.go, the same in both. The return values of the
// reward and power actors, and the verified registry's parameters, are those actors' own
// structures, re-exported here; the miner's control addresses are read into the copy specs-actors
// keeps beside the market (builtin/shared.go `MinerAddrs`).

import { address } from '../../../../appendix/address/address.ts'
import type { Infer } from '../../../../../src/schema/kind.ts'
import { list } from '../../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../../src/schema/struct.ts'

export { ThisEpochRewardReturnV0, ThisEpochRewardReturnV2 } from '../../../filecoin_token/block_reward_minting/reward_actor.ts'
export { CurrentTotalPowerReturnV0, CurrentTotalPowerReturnV2 } from '../../../filecoin_blockchain/storage_power_consensus/storage_power_actor/types.ts'
export { RestoreBytesParams, UseBytesParams } from '../../../../algorithms/verified_clients/types.ts'

/** The miner's method that names its owner, worker and control addresses (`MethodsMiner.ControlAddresses`). */
export const MINER_CONTROL_ADDRESSES_METHOD = 2n
/** The reward actor's method that returns this epoch's reward and baseline power (`MethodsReward.ThisEpochReward`). */
export const REWARD_THIS_EPOCH_REWARD_METHOD = 3n
/** The power actor's method that returns the network's total power (`MethodsPower.CurrentTotalPower`). */
export const POWER_CURRENT_TOTAL_POWER_METHOD = 9n
/** The verified registry's method that takes a verified deal's size from its client's DataCap (`MethodsVerifiedRegistry.UseBytes`). */
export const VERIFREG_USE_BYTES_METHOD = 5n
/** The verified registry's method that gives a timed-out verified deal's size back (`MethodsVerifiedRegistry.RestoreBytes`). */
export const VERIFREG_RESTORE_BYTES_METHOD = 6n

export const MinerAddrs = defineStruct(
  'MinerAddrs',
  {
    Owner: field(address, 'The miner’s owner, to which a provider’s withdrawals are sent.'),
    Worker: field(address, 'The miner’s worker, which publishes its deals.'),
    ControlAddrs: field(list(address), 'Further control addresses.'),
  },
  { doc: 'The return value of a miner’s ControlAddresses, as the market reads it.' },
)
export type MinerAddrs = Infer<typeof MinerAddrs>
