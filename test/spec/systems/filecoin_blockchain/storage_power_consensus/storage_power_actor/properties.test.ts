// fast-check properties of the power actor's structures and helpers: every state, claim, event,
// parameter and return structure round-trips (CBOR and Lotus JSON) and reads garbage as a value
// or a SchemaError; epoch keys are Go's zigzag varints; the multimap behaves as a map of lists,
// across flushes; and any sequence of power updates keeps the state invariants, in both actors
// versions.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as dagCbor from '@ipld/dag-cbor'
import { newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { createMemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { ConfirmSectorProofsParams, MinerConstructorParams } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/ext.ts'
import { checkPowerStateInvariants } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/invariants.ts'
import { createMultimap, loadMultimap } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/multimap.ts'
import { ClaimV0, ClaimV2, CronEvent, PowerStateV0, PowerStateV2, getEpochKey, parseEpochKey } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/state.ts'
import {
  CreateMinerParams,
  CreateMinerReturn,
  CurrentTotalPowerReturnV0,
  CurrentTotalPowerReturnV2,
  EnrollCronEventParams,
  SealVerifyInfo,
  SectorId,
  UpdateClaimedPowerParams,
} from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/types.ts'
import { arbAddress } from '../../../../appendix/address/address_arbitraries.ts'
import { arbCborValue, arbCid, arbCorruptedEncoding, valueOrSchemaError } from '../../../../../src/schema/arbitraries.ts'
import { PowerRuntime } from './harness.ts'

const I64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
const U64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
const BIG = fc.oneof(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.constant(0n))
const POWER = fc.bigInt({ min: 0n, max: 2n ** 80n })
const BYTES = fc.uint8Array({ maxLength: 40 })
const arbEstimate = fc.record({ PositionEstimate: BIG, VelocityEstimate: BIG })

const totals = {
  TotalRawBytePower: POWER,
  TotalBytesCommitted: POWER,
  TotalQualityAdjPower: POWER,
  TotalQABytesCommitted: POWER,
  TotalPledgeCollateral: POWER,
  ThisEpochRawBytePower: POWER,
  ThisEpochQualityAdjPower: POWER,
  ThisEpochPledgeCollateral: POWER,
}
const queue = { MinerCount: I64, MinerAboveMinPowerCount: I64, CronEventQueue: arbCid, FirstCronEpoch: I64 }
const claims = { Claims: arbCid, ProofValidationBatch: fc.option(arbCid, { nil: null }) }
const arbSealVerifyInfo = fc.record({
  SealProof: I64,
  SectorID: fc.record({ Miner: U64, Number: U64 }),
  DealIDs: fc.array(U64, { maxLength: 5 }),
  Randomness: BYTES,
  InteractiveRandomness: BYTES,
  Proof: BYTES,
  SealedCID: arbCid,
  UnsealedCID: arbCid,
})

/** Each structure with an arbitrary of its valid values. */
const STRUCTURES: [{ name: string; encode(v: never): Uint8Array; decode(b: Uint8Array): unknown; toJson(v: never): unknown; fromJson(j: unknown): unknown }, fc.Arbitrary<unknown>][] = [
  [PowerStateV0, fc.record({ ...totals, ThisEpochQAPowerSmoothed: fc.option(arbEstimate, { nil: null }), ...queue, LastProcessedCronEpoch: I64, ...claims })],
  [PowerStateV2, fc.record({ ...totals, ThisEpochQAPowerSmoothed: arbEstimate, ...queue, ...claims })],
  [ClaimV0, fc.record({ RawBytePower: POWER, QualityAdjPower: POWER })],
  [ClaimV2, fc.record({ SealProofType: I64, RawBytePower: POWER, QualityAdjPower: POWER })],
  [CronEvent, fc.record({ MinerAddr: arbAddress, CallbackPayload: BYTES })],
  [CreateMinerParams, fc.record({ Owner: arbAddress, Worker: arbAddress, SealProofType: I64, Peer: BYTES, Multiaddrs: fc.array(BYTES, { maxLength: 3 }) })],
  [CreateMinerReturn, fc.record({ IDAddress: arbAddress, RobustAddress: arbAddress })],
  [UpdateClaimedPowerParams, fc.record({ RawByteDelta: BIG, QualityAdjustedDelta: BIG })],
  [EnrollCronEventParams, fc.record({ EventEpoch: I64, Payload: BYTES })],
  [SectorId, fc.record({ Miner: U64, Number: U64 })],
  [SealVerifyInfo, arbSealVerifyInfo],
  [CurrentTotalPowerReturnV0, fc.record({ RawBytePower: POWER, QualityAdjPower: POWER, PledgeCollateral: POWER, QualityAdjPowerSmoothed: fc.option(arbEstimate, { nil: null }) })],
  [CurrentTotalPowerReturnV2, fc.record({ RawBytePower: POWER, QualityAdjPower: POWER, PledgeCollateral: POWER, QualityAdjPowerSmoothed: arbEstimate })],
  [MinerConstructorParams, fc.record({ OwnerAddr: arbAddress, WorkerAddr: arbAddress, ControlAddrs: fc.array(arbAddress, { maxLength: 3 }), SealProofType: I64, PeerId: BYTES, Multiaddrs: fc.array(BYTES, { maxLength: 3 }) })],
  [ConfirmSectorProofsParams, fc.record({ Sectors: fc.array(U64, { maxLength: 8 }) })],
]

describe.each(STRUCTURES.map(([s, arb]) => [s.name, s, arb] as const))('%s', (_, struct, arb) => {
  it('round-trips', () => {
    fc.assert(
      fc.property(arb, (v) => {
        expect(struct.decode(struct.encode(v as never))).toEqual(v)
      }),
    )
  })
  it('round-trips through its Lotus JSON form', () => {
    fc.assert(
      fc.property(arb, (v) => {
        expect(struct.fromJson(JSON.parse(JSON.stringify(struct.toJson(v as never))))).toEqual(v)
      }),
    )
  })
  it('reads a corrupted encoding as a value or a SchemaError', () => {
    fc.assert(fc.property(arbCorruptedEncoding((v) => struct.encode(v as never), arb), (bytes) => void valueOrSchemaError(() => struct.decode(bytes))))
  })
  it('reads any CBOR as a value or a SchemaError', () => {
    fc.assert(fc.property(arbCborValue, (v) => void valueOrSchemaError(() => struct.decode(dagCbor.encode(v)))))
  })
})

describe('epoch keys', () => {
  it('are Go binary.PutVarint: 0 → 00, -1 → 01, 1 → 02, 63 → 7e, -64 → 7f, 64 → 8001, the int64 ends in 10 bytes', () => {
    const hex = (e: bigint) => Buffer.from(getEpochKey(e)).toString('hex')
    expect([0n, -1n, 1n, 63n, -64n, 64n].map(hex)).toEqual(['00', '01', '02', '7e', '7f', '8001'])
    expect(hex(2n ** 63n - 1n)).toBe('feffffffffffffffff01')
    expect(hex(-(2n ** 63n))).toBe('ffffffffffffffffff01')
  })
  it('parse back to their epoch, for every int64', () => {
    fc.assert(
      fc.property(I64, (e) => {
        expect(parseEpochKey(getEpochKey(e))).toBe(e)
      }),
    )
  })
  it('any bytes parse to an epoch whose key they are, or to nothing (as abi.ParseIntKey)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 12 }), (key) => {
        const epoch = parseEpochKey(key)
        // Go's Varint also reads padded forms such as 80 00; a minimal key is the key of its epoch
        if (epoch !== undefined && (key.length === 1 || key[key.length - 1] !== 0)) expect(getEpochKey(epoch)).toEqual(key)
      }),
    )
    const parse = (...b: number[]) => parseEpochKey(Uint8Array.from(b))
    expect([parse(), parse(0x80), parse(0, 0), parse(0x80, 0), parse(...Array(10).fill(0xff))]).toEqual([0n, undefined, undefined, 0n, undefined])
  })
})

describe('multimap', () => {
  const arbOps = fc.array(fc.oneof(fc.record({ add: fc.integer({ min: 0, max: 5 }), payload: BYTES }), fc.record({ remove: fc.integer({ min: 0, max: 5 }) })), { maxLength: 25 })
  for (const version of [0, 2] as const) {
    it(`v${version}: behaves as a map of lists in insertion order, across flushes and reloads`, async () => {
      await fc.assert(
        fc.asyncProperty(arbOps, fc.integer({ min: 1, max: 6 }), async (ops, every) => {
          const store = createMemoryBlockstore()
          let mm = createMultimap(store, version, CronEvent)
          const model = new Map<number, CronEvent[]>()
          for (const [i, op] of ops.entries()) {
            if ('add' in op) {
              const event = { MinerAddr: newIdAddress(BigInt(op.add)), CallbackPayload: op.payload }
              await mm.add(getEpochKey(BigInt(op.add)), event)
              model.set(op.add, [...(model.get(op.add) ?? []), event])
            } else if (model.has(op.remove)) {
              await mm.removeAll(getEpochKey(BigInt(op.remove)))
              model.delete(op.remove)
            } else {
              await expect(mm.removeAll(getEpochKey(BigInt(op.remove)))).rejects.toThrow('multimap')
            }
            if (i % every === 0) mm = await loadMultimap(store, await mm.flush(), version, CronEvent)
          }
          for (let k = 0; k <= 5; k++) expect(await mm.list(getEpochKey(BigInt(k)))).toEqual(model.get(k) ?? [])
          const keys: bigint[] = []
          for await (const [key, list] of mm.entries()) {
            keys.push(parseEpochKey(key)!)
            expect(list.count).toBe(BigInt(model.get(Number(parseEpochKey(key)))!.length))
          }
          expect(keys.sort()).toEqual([...model.keys()].map(BigInt).sort())
        }),
        { numRuns: 40 },
      )
    })
  }
})

describe('power accounting', () => {
  const arbUpdates = fc.array(fc.record({ miner: fc.integer({ min: 0, max: 4 }), raw: fc.bigInt({ min: -(2n ** 45n), max: 2n ** 45n }), qaExtra: fc.bigInt({ min: 0n, max: 2n ** 45n }) }), { maxLength: 12 })
  for (const version of [0, 2] as const) {
    it(`v${version}: any sequence of claim updates keeps the invariants, and the totals follow the claims`, async () => {
      await fc.assert(
        fc.asyncProperty(arbUpdates, fc.boolean(), async (updates, lotusMinimum) => {
          const rt = new PowerRuntime(version, lotusMinimum ? { consensusMinerMinPower: 2n ** 44n } : {})
          // v2 counts a new 2 KiB miner (minimum 0) as above the minimum only from network version 7
          if (version === 2) rt.networkVersion = 7
          await rt.construct()
          const miners = [0, 1, 2, 3, 4].map((i) => newIdAddress(200n + BigInt(i)))
          for (const [i, m] of miners.entries()) await rt.createMinerBasic(m, version === 0 ? 3n : [0n, 3n, 4n, 8n, 9n][i])
          for (const u of updates) {
            const miner = miners[u.miner]!
            const claim = (await rt.getClaim(miner))!
            // keep every claim non-negative and its QA power at least its raw power, as miners do
            const raw = claim.RawBytePower + u.raw < 0n ? -claim.RawBytePower : u.raw
            const qa = raw + (claim.QualityAdjPower - claim.RawBytePower + u.qaExtra > 0n ? u.qaExtra : 0n)
            expect(await rt.updateClaimedPower(miner, raw, qa)).toBe(0)
          }
          await rt.expectInvariants()
        }),
        { numRuns: 25 },
      )
    })
  }
})

describe('actors v2 before network version 7', () => {
  it('a new miner of a zero-minimum proof type is not counted, though its claim is at the minimum: the invariant check says so', async () => {
    const rt = new PowerRuntime(2)
    await rt.construct()
    await rt.createMinerBasic(newIdAddress(200n), 0n)
    expect((await checkPowerStateInvariants(rt.store, await rt.state(), rt.policy)).broken).toEqual(['claims with sufficient power 1 does not match MinerAboveMinPowerCount 0'])
  })
})
