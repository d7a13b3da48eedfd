// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "State". The
// miner actor's state, its info block, pending worker key change and vesting table, in actors v0
// and v2 (specs-actors v0.9.13 and v2.3.2 builtin/miner/miner_state.go and vesting_state.go,
// encoded as their cbor_gen.go does). Actors v2 adds FeeDebt to the state (and renames
// InitialPledgeRequirement to InitialPledge), and ConsensusFaultElapsed and PendingOwnerAddress
// to the info.

import { address } from '../../../../appendix/address/address.ts'
import { bitfield } from '../../../../appendix/data_structures/bitfield.ts'
import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import type { StateCodec } from '../../../filecoin_vm/runtime/runtime.ts'
import { bigInt } from '../../../../../src/schema/big_int.ts'
import type { Infer } from '../../../../../src/schema/kind.ts'
import { bytes, cid, int64, list, nullable, uint64 } from '../../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../../src/schema/struct.ts'

export const WorkerKeyChange = defineStruct(
  'WorkerKeyChange',
  {
    NewWorker: field(address, 'The worker to be: an ID address.'),
    EffectiveAt: field(int64, 'The epoch from which the change may be confirmed.'),
  },
  { doc: 'A change of worker key waiting for its epoch (the same in actors v0 and v2).' },
)
export type WorkerKeyChange = Infer<typeof WorkerKeyChange>

const infoFields = {
  Owner: field(address, 'The owner, an ID address: paid income and returned collateral, and allowed to change the worker.'),
  Worker: field(address, 'The worker, an ID address of an account whose key signs blocks and messages for the miner.'),
  ControlAddresses: field(list(address), 'Further ID addresses allowed to send the miner’s messages.'),
  PendingWorkerKey: field(nullable(WorkerKeyChange), 'A worker change waiting for its epoch, or null.'),
  PeerId: field(bytes, 'The libp2p peer ID to reach the miner at.'),
  Multiaddrs: field(list(bytes), 'The libp2p multiaddresses to reach the miner at.'),
  SealProofType: field(int64, 'The seal proof type of the miner’s sectors (abi.RegisteredSealProof).'),
  SectorSize: field(uint64, 'The size of each sector in bytes, implied by the proof type.'),
  WindowPoStPartitionSectors: field(uint64, 'The sectors in a full Window PoSt partition, implied by the proof type.'),
}

export const MinerInfoV0 = defineStruct('MinerInfoV0', infoFields, { doc: 'Actors v0: the miner’s information not about sectors, a block of its own.' })
export type MinerInfoV0 = Infer<typeof MinerInfoV0>

export const MinerInfoV2 = defineStruct(
  'MinerInfoV2',
  {
    ...infoFields,
    ConsensusFaultElapsed: field(int64, 'The epoch from which a miner reported for a consensus fault may act and win again; −1 when never reported.'),
    PendingOwnerAddress: field(nullable(address), 'A proposed new owner, waiting for that address to confirm; or null.'),
  },
  { doc: 'Actors v2: the miner’s information not about sectors, with consensus-fault and owner-change fields.' },
)
export type MinerInfoV2 = Infer<typeof MinerInfoV2>

/** The info of either version. */
export type MinerInfo = MinerInfoV0 | MinerInfoV2

/** How the info block of an actors version is read and written. */
export function getMinerInfoCodec(version: ActorsVersion): StateCodec<MinerInfo> {
  return version === 0 ? (MinerInfoV0 as StateCodec<MinerInfo>) : (MinerInfoV2 as StateCodec<MinerInfo>)
}

export const VestingFund = defineStruct(
  'VestingFund',
  {
    Epoch: field(int64, 'The epoch the amount vests at.'),
    Amount: field(bigInt, 'The amount, attoFIL.'),
  },
  { doc: 'One step of the vesting table.' },
)
export type VestingFund = Infer<typeof VestingFund>

export const VestingFunds = defineStruct(
  'VestingFunds',
  {
    Funds: field(list(VestingFund), 'The steps, in ascending order of epoch.'),
  },
  { doc: 'The miner’s locked funds and when they vest, a block of its own (the same in actors v0 and v2).' },
)
export type VestingFunds = Infer<typeof VestingFunds>

const headFields = {
  Info: field(cid, 'The MinerInfo block.'),
  PreCommitDeposits: field(bigInt, 'The deposits locked for pre-committed sectors, attoFIL.'),
  LockedFunds: field(bigInt, 'The rewards and added funds locked in the vesting table, attoFIL.'),
  VestingFunds: field(cid, 'The VestingFunds block.'),
}

const sectorFields = {
  PreCommittedSectors: field(cid, 'HAMT of SectorPreCommitOnChainInfo by sector number (a varint key): sectors pre-committed and not yet proven.'),
  PreCommittedSectorsExpiry: field(cid, 'AMT (version 2) of BitField by epoch: the pre-committed sectors that expire then.'),
  AllocatedSectors: field(cid, 'A block holding one BitField: every sector number ever used, none of which is used again.'),
  Sectors: field(cid, 'AMT (version 2) of SectorOnChainInfo by sector number: the proven sectors not yet removed by compaction.'),
  ProvingPeriodStart: field(int64, 'The first epoch of the current proving period; above 0, and after the current epoch for a genesis miner’s first period.'),
  CurrentDeadline: field(uint64, 'The index of the deadline of the current proving period not yet closed.'),
  Deadlines: field(cid, 'The Deadlines block: the sectors due at each deadline of the period.'),
  EarlyTerminations: field(bitfield, 'The deadlines with early terminations whose fees are still to be processed.'),
}

export const MinerStateV0 = defineStruct(
  'MinerStateV0',
  {
    ...headFields,
    InitialPledgeRequirement: field(bigInt, 'The initial pledge of all active sectors, attoFIL.'),
    ...sectorFields,
  },
  { doc: 'The storage miner actor state of actors v0.' },
)
export type MinerStateV0 = Infer<typeof MinerStateV0>

export const MinerStateV2 = defineStruct(
  'MinerStateV2',
  {
    ...headFields,
    FeeDebt: field(bigInt, 'The fees the miner owes and has not paid, attoFIL.'),
    InitialPledge: field(bigInt, 'The initial pledge of all active sectors, attoFIL.'),
    ...sectorFields,
  },
  { doc: 'The storage miner actor state of actors v2, which adds FeeDebt.' },
)
export type MinerStateV2 = Infer<typeof MinerStateV2>

/** The state of either version. */
export type MinerState = MinerStateV0 | MinerStateV2

/** How the state of an actors version is read and written. */
export function getMinerStateCodec(version: ActorsVersion): StateCodec<MinerState> {
  return version === 0 ? (MinerStateV0 as StateCodec<MinerState>) : (MinerStateV2 as StateCodec<MinerState>)
}
