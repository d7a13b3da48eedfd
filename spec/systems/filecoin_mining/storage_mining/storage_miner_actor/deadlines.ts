// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "Deadlines". The
// proving schedule's structures in actors v0 and v2: the deadlines of a proving period, the
// partitions of a deadline, a partition's expiration sets, and power pairs (specs-actors v0.9.13
// and v2.3.2 builtin/miner/deadline_state.go, partition_state.go and expiration_queue.go, encoded
// as their cbor_gen.go does).

import { bitfield } from '../../../../appendix/data_structures/bitfield.ts'
import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import type { StateCodec } from '../../../filecoin_vm/runtime/runtime.ts'
import { bigInt } from '../../../../../src/schema/big_int.ts'
import { defineKind, fail, type Infer, type Kind } from '../../../../../src/schema/kind.ts'
import { cid, list, uint64 } from '../../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../../src/schema/struct.ts'
import { WPOST_PERIOD_DEADLINES } from './policy.ts'

export const PowerPair = defineStruct(
  'PowerPair',
  {
    Raw: field(bigInt, 'Raw-byte power, in bytes.'),
    QA: field(bigInt, 'Quality-adjusted power, in bytes.'),
  },
  { doc: 'An amount of power, raw and quality-adjusted.' },
)
export type PowerPair = Infer<typeof PowerPair>

export const ExpirationSet = defineStruct(
  'ExpirationSet',
  {
    OnTimeSectors: field(bitfield, 'Sectors that expire at the end of their committed life.'),
    EarlySectors: field(bitfield, 'Sectors that expire early, having been faulty too long.'),
    OnTimePledge: field(bigInt, 'The initial pledge of the on-time sectors, attoFIL.'),
    ActivePower: field(PowerPair, 'The power of the sectors not faulty.'),
    FaultyPower: field(PowerPair, 'The power of the faulty sectors.'),
  },
  { doc: 'The sectors of a partition that expire at one epoch: a value of the partition’s ExpirationsEpochs AMT (the same in actors v0 and v2).' },
)
export type ExpirationSet = Infer<typeof ExpirationSet>

const sectorsField = { Sectors: field(bitfield, 'Every sector number in the partition: live, faulty, unproven (v2) and terminated.') }
const partitionSetFields = {
  Faults: field(bitfield, 'Sectors found or declared faulty and not yet recovered; disjoint from Terminated.'),
  Recoveries: field(bitfield, 'Faulty sectors declared to recover at the next PoSt; a subset of Faults.'),
  Terminated: field(bitfield, 'Sectors terminated but not yet removed from the partition.'),
  ExpirationsEpochs: field(cid, 'AMT (version 2) of ExpirationSet by epoch, each key the last epoch of a deadline: the sectors expiring by then, on time or early.'),
  EarlyTerminated: field(cid, 'AMT (version 2) of BitField by epoch, not quantized: sectors terminated before their expiration whose fees are still to be processed.'),
}
const livePowerField = { LivePower: field(PowerPair, 'The power of the sectors not terminated (faulty and unproven included).') }
const faultPowerFields = {
  FaultyPower: field(PowerPair, 'The power of the faulty sectors; at most LivePower.'),
  RecoveringPower: field(PowerPair, 'The power of the recovering sectors; at most FaultyPower.'),
}

export const PartitionV0 = defineStruct(
  'PartitionV0',
  { ...sectorsField, ...partitionSetFields, ...livePowerField, ...faultPowerFields },
  { doc: 'Actors v0: a partition, the sectors proven together in one PoSt; a value of a deadline’s Partitions AMT.' },
)
export type PartitionV0 = Infer<typeof PartitionV0>

export const PartitionV2 = defineStruct(
  'PartitionV2',
  {
    ...sectorsField,
    Unproven: field(bitfield, 'Sectors not yet proven in a PoSt: cleared by the next one, or made faulty at the end of the partition’s deadline.'),
    ...partitionSetFields,
    ...livePowerField,
    UnprovenPower: field(PowerPair, 'The power of the unproven sectors, never faulty.'),
    ...faultPowerFields,
  },
  { doc: 'Actors v2: a partition, with its sectors not yet proven and their power.' },
)
export type PartitionV2 = Infer<typeof PartitionV2>

/** A partition of either version. */
export type Partition = PartitionV0 | PartitionV2

/** How a partition of an actors version is read and written. */
export function getPartitionCodec(version: ActorsVersion): StateCodec<Partition> {
  return version === 0 ? (PartitionV0 as StateCodec<Partition>) : (PartitionV2 as StateCodec<Partition>)
}

export const Deadline = defineStruct(
  'Deadline',
  {
    Partitions: field(cid, 'AMT (version 2) of Partition by partition number, numbered from 0 without gaps.'),
    ExpirationsEpochs: field(cid, 'AMT (version 2) of BitField by epoch, each key the last epoch of a deadline: the partitions that may have sectors expiring by then. Entries stay until their epoch passes.'),
    PostSubmissions: field(bitfield, 'The partitions proven since the proving period began.'),
    EarlyTerminations: field(bitfield, 'The partitions with sectors terminated early.'),
    LiveSectors: field(uint64, 'The sectors not terminated, faulty ones included.'),
    TotalSectors: field(uint64, 'Every sector, terminated ones included.'),
    FaultyPower: field(PowerPair, 'The sum of the partitions’ faulty power.'),
  },
  { doc: 'One deadline of the proving period (the same in actors v0 and v2).' },
)
export type Deadline = Infer<typeof Deadline>

/** A CBOR array of exactly `length` items: cbor-gen's Go array `[N]T`, which it reads only at that length. */
function fixedList<T>(item: Kind<T>, length: number): Kind<T[]> {
  const inner = list(item)
  const rule = `array of exactly ${length} items`
  return defineKind({
    ...inner,
    name: `array<${item.name}, ${length}>`,
    value: inner.value.refine((v) => v.length === length, { error: `expected ${rule}` }),
    fromCbor: (data, path) => (Array.isArray(data) && data.length === length ? inner.fromCbor(data, path) : fail(path, rule, data)),
    fromJson(json, path) {
      const v = inner.fromJson(json, path)
      return v.length === length ? v : fail(path, rule, json)
    },
  })
}

export const Deadlines = defineStruct(
  'Deadlines',
  {
    Due: field(fixedList(cid, WPOST_PERIOD_DEADLINES), 'The CID of each of the 48 Deadline blocks, in deadline order.'),
  },
  { doc: 'The deadlines of the proving period (the same in actors v0 and v2).' },
)
export type Deadlines = Infer<typeof Deadlines>
