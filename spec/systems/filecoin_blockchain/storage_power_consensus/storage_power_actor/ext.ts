// Spec section: Systems › Filecoin Blockchain › Storage Power Consensus › Storage Power Actor,
// "Calls to other actors". The methods of other actors the power actor calls, and the parameters
// it sends them that no other section defines: the miner's constructor parameters (specs-actors
// keeps them in the power package, so that the power actor can send them through init Exec) and
// the sectors whose proofs a batch confirmed (builtin/shared.go `ConfirmSectorProofsParams`).
// Method numbers: specs-actors v0.9.13 and v2.3.2 builtin/methods.go, the same in both.

import { address } from '../../../../appendix/address/address.ts'
import type { Infer } from '../../../../../src/schema/kind.ts'
import { bytes, int64, list, uint64 } from '../../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../../src/schema/struct.ts'

/** The init actor's method that creates an actor (`MethodsInit.Exec`). */
export const INIT_EXEC_METHOD = 2n
/** The reward actor's method that takes the network's raw-byte power each epoch (`MethodsReward.UpdateNetworkKPI`). */
export const REWARD_UPDATE_NETWORK_KPI_METHOD = 4n
/** The miner's method that cron events call back (`MethodsMiner.OnDeferredCronEvent`). */
export const MINER_ON_DEFERRED_CRON_EVENT_METHOD = 12n
/** The miner's method told which of its queued proofs verified (`MethodsMiner.ConfirmSectorProofsValid`). */
export const MINER_CONFIRM_SECTOR_PROOFS_VALID_METHOD = 17n

export const MinerConstructorParams = defineStruct(
  'MinerConstructorParams',
  {
    OwnerAddr: field(address, 'The owner.'),
    WorkerAddr: field(address, 'The worker.'),
    ControlAddrs: field(list(address), 'Further control addresses; CreateMiner always sends none.'),
    SealProofType: field(int64, 'The seal proof type.'),
    PeerId: field(bytes, 'The libp2p peer ID.'),
    Multiaddrs: field(list(bytes), 'The network addresses.'),
  },
  { doc: 'Parameters of the miner actor’s constructor, which CreateMiner sends through init Exec.' },
)
export type MinerConstructorParams = Infer<typeof MinerConstructorParams>

export const ConfirmSectorProofsParams = defineStruct(
  'ConfirmSectorProofsParams',
  { Sectors: field(list(uint64), 'The sector numbers whose seal proofs verified, each once.') },
  { doc: 'Parameters of the miner’s ConfirmSectorProofsValid.' },
)
export type ConfirmSectorProofsParams = Infer<typeof ConfirmSectorProofsParams>
