// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "Sectors". What
// the miner keeps for each sector: while it is pre-committed (a HAMT value) and once proven (an
// AMT value), in actors v0 and v2 (specs-actors v0.9.13 and v2.3.2 builtin/miner/miner_state.go,
// encoded as their cbor_gen.go does).

import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import type { StateCodec } from '../../../filecoin_vm/runtime/runtime.ts'
import { bigInt } from '../../../../../src/schema/big_int.ts'
import { fail, type Infer } from '../../../../../src/schema/kind.ts'
import { bool, cid, int64, list, uint64 } from '../../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../../src/schema/struct.ts'

export const SectorPreCommitInfo = defineStruct(
  'SectorPreCommitInfo',
  {
    SealProof: field(int64, 'The seal proof type (abi.RegisteredSealProof).'),
    SectorNumber: field(uint64, 'The sector number, at most 2^63 − 1.'),
    SealedCID: field(cid, 'CommR, the sealed sector’s root.'),
    SealRandEpoch: field(int64, 'The epoch of the ticket randomness the sector was sealed with.'),
    DealIDs: field(list(uint64), 'The market deals whose data the sector holds.'),
    Expiration: field(int64, 'The epoch the sector is to expire at.'),
    ReplaceCapacity: field(bool, 'Whether the sector replaces a committed-capacity sector, named by the next three fields.'),
    ReplaceSectorDeadline: field(uint64, 'The deadline of the sector replaced.'),
    ReplaceSectorPartition: field(uint64, 'The partition of the sector replaced.'),
    ReplaceSectorNumber: field(uint64, 'The number of the sector replaced.'),
  },
  { doc: 'What a miner states when it pre-commits a sector (the same in actors v0 and v2).' },
)
export type SectorPreCommitInfo = Infer<typeof SectorPreCommitInfo>

export const SectorPreCommitOnChainInfo = defineStruct(
  'SectorPreCommitOnChainInfo',
  {
    Info: field(SectorPreCommitInfo, 'The pre-commitment as the miner sent it.'),
    PreCommitDeposit: field(bigInt, 'The deposit locked for it, attoFIL.'),
    PreCommitEpoch: field(int64, 'The epoch it was pre-committed at.'),
    DealWeight: field(bigInt, 'The deals’ space-time, in byte-epochs.'),
    VerifiedDealWeight: field(bigInt, 'The verified deals’ space-time, in byte-epochs.'),
  },
  { doc: 'A pre-committed sector not yet proven: a value of the PreCommittedSectors HAMT (the same in actors v0 and v2).' },
)
export type SectorPreCommitOnChainInfo = Infer<typeof SectorPreCommitOnChainInfo>

const onChainFields = {
  SectorNumber: field(uint64, 'The sector number, its index in the Sectors AMT.'),
  SealProof: field(int64, 'The seal proof type, which implies its PoSt proof types.'),
  SealedCID: field(cid, 'CommR.'),
  DealIDs: field(list(uint64), 'The market deals it holds.'),
  Activation: field(int64, 'The epoch its proof was accepted at.'),
  Expiration: field(int64, 'The epoch it expires at.'),
  DealWeight: field(bigInt, 'The deals’ space-time, in byte-epochs.'),
  VerifiedDealWeight: field(bigInt, 'The verified deals’ space-time, in byte-epochs.'),
  InitialPledge: field(bigInt, 'The pledge collected when it was committed, attoFIL.'),
  ExpectedDayReward: field(bigInt, 'The reward projected for one day at activation, attoFIL.'),
  ExpectedStoragePledge: field(bigInt, 'The reward projected for twenty days at activation, attoFIL.'),
}

export const SectorOnChainInfoV0 = defineStruct('SectorOnChainInfoV0', onChainFields, {
  doc: 'Actors v0: a proven sector, a value of the Sectors AMT.',
})
export type SectorOnChainInfoV0 = Infer<typeof SectorOnChainInfoV0>

export const SectorOnChainInfoV2 = defineStruct(
  'SectorOnChainInfoV2',
  {
    ...onChainFields,
    ReplacedSectorAge: field(int64, 'The age of the committed-capacity sector it replaced, in epochs; 0 when none.'),
    ReplacedDayReward: field(bigInt, 'The day reward of the sector it replaced; 0 when none.'),
  },
  { doc: 'Actors v2: a proven sector, with what it inherits from a sector it replaced.' },
)
export type SectorOnChainInfoV2 = Infer<typeof SectorOnChainInfoV2>

/** A proven sector of either version. */
export type SectorOnChainInfo = SectorOnChainInfoV0 | SectorOnChainInfoV2

/** How a proven sector of an actors version is read and written. */
export function getSectorOnChainInfoCodec(version: ActorsVersion): StateCodec<SectorOnChainInfo> {
  return version === 0 ? (SectorOnChainInfoV0 as StateCodec<SectorOnChainInfo>) : (SectorOnChainInfoV2 as StateCodec<SectorOnChainInfo>)
}

/** The HAMT key of a sector number in PreCommittedSectors: its unsigned varint (go-state-types `abi.UIntKey`). */
export function getSectorNumberKey(sectorNumber: bigint): Uint8Array {
  if (sectorNumber < 0n || sectorNumber >= 2n ** 64n) return fail('sector number', 'uint64', sectorNumber)
  const out: number[] = []
  let v = sectorNumber
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return Uint8Array.from(out)
}
