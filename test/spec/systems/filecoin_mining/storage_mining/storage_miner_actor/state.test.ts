// The miner's structures as bytes and Lotus JSON: snapshot triples (value, CBOR, JSON) of blocks
// Lotus wrote into the corpus (the reward vector's miner f0102, actors v2), the rules cbor-gen
// reads by (field counts, the 48 deadlines, bitfields kept as read), and for every structure a
// round-trip property and garbage input that decodes to a value or a SchemaError.
import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { bitFieldFromBytes, bitFieldFromSet, createBitField, type BitField } from '../../../../../../spec/appendix/data_structures/bitfield.ts'
import {
  Deadline,
  Deadlines,
  ExpirationSet,
  PartitionV0,
  PartitionV2,
  PowerPair,
  getPartitionCodec,
} from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/deadlines.ts'
import { WPOST_PERIOD_DEADLINES } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/policy.ts'
import {
  SectorOnChainInfoV0,
  SectorOnChainInfoV2,
  SectorPreCommitInfo,
  SectorPreCommitOnChainInfo,
  getSectorNumberKey,
  getSectorOnChainInfoCodec,
} from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/sectors.ts'
import {
  MinerInfoV0,
  MinerInfoV2,
  MinerStateV0,
  MinerStateV2,
  VestingFund,
  VestingFunds,
  WorkerKeyChange,
  getMinerInfoCodec,
  getMinerStateCodec,
} from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/state.ts'
import { SchemaError } from '../../../../../../src/schema/errors.ts'
import type { Struct } from '../../../../../../src/schema/struct.ts'
import { arbCborValue, arbCid, arbCorruptedEncoding, arbNearJson, valueOrSchemaError } from '../../../../../src/schema/arbitraries.ts'
import { arbAddress } from '../../../../appendix/address/address_arbitraries.ts'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'))
const EMPTY_AMT = CID.parse('bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6')

// ---------------------------------------------------------------------------------------------
// Snapshots: blocks of reward--ok-miners-awarded-no-premiums--actorsv2.json, miner f0102

describe('snapshots from the corpus (actors v2 miner f0102 of reward--ok-miners-awarded-no-premiums--actorsv2)', () => {
  it('MinerInfoV2: value, CBOR and Lotus JSON', () => {
    const bytes = fromHex('8b42006442006580f6447465737480001908000220f6')
    const info = MinerInfoV2.decode(bytes)
    expect(info).toEqual({
      Owner: newIdAddress(100n),
      Worker: newIdAddress(101n),
      ControlAddresses: [],
      PendingWorkerKey: null,
      PeerId: new TextEncoder().encode('test'),
      Multiaddrs: [],
      SealProofType: 0n,
      SectorSize: 2048n,
      WindowPoStPartitionSectors: 2n,
      ConsensusFaultElapsed: -1n,
      PendingOwnerAddress: null,
    })
    expect(MinerInfoV2.encode(info)).toEqual(bytes)
    const json = { Owner: 'f0100', Worker: 'f0101', ControlAddresses: null, PendingWorkerKey: null, PeerId: 'dGVzdA==', Multiaddrs: null, SealProofType: 0, SectorSize: 2048, WindowPoStPartitionSectors: 2, ConsensusFaultElapsed: -1, PendingOwnerAddress: null }
    expect(MinerInfoV2.toJson(info)).toEqual(json)
    expect(MinerInfoV2.fromJson(json)).toEqual(info)
  })

  it('MinerStateV2: value, CBOR and Lotus JSON', () => {
    const link = (s: string) => `d82a5827000171a0e40220${s}`
    const cids = {
      info: '3443e43ad291d0ce65bb5d8682ea11937eb4081de1f45fa93a689a60528a3d49',
      vesting: 'f158837efeabb593ffd25612b5309a3ac0bf709c979c44c68eb9c37b279638e0',
      hamt: '18fe6acc61a3a36b0c373c4a3a8ea64b812bf2ca9b528050909c78d408558a0c',
      amt: 'e5658b3d18cd06e1db9015b4b0ec55c123a24d5be1ea24d83938c5b8397b4f2f',
      allocated: '39df024ac52722fe8ae4c1a8740e4c5624a38c3820e504a059aae8728421f8bd',
      deadlines: 'f43fc313d79e963401bc7f8cbe7917974e60ae8b8f962cb32910235d3369a3af',
    }
    const bytes = fromHex(
      `8e${link(cids.info)}4049` +
        `00c645a7b317ef0614${link(cids.vesting)}4040${link(cids.hamt)}${link(cids.amt)}${link(cids.allocated)}${link(cids.amt)}1903e800${link(cids.deadlines)}40`,
    )
    const st = MinerStateV2.decode(bytes)
    expect(st.LockedFunds).toBe(14287009780545291796n)
    expect([st.FeeDebt, st.InitialPledge, st.PreCommitDeposits, st.ProvingPeriodStart, st.CurrentDeadline]).toEqual([0n, 0n, 0n, 1000n, 0n])
    expect(String(st.Sectors)).toBe(String(EMPTY_AMT))
    expect(st.EarlyTerminations.bytes).toEqual(new Uint8Array(0))
    expect(MinerStateV2.encode(st)).toEqual(bytes)
    expect(String(MinerStateV2.cid(st))).toBe('bafy2bzaced4m2grlmz3b6u4qutdrreyffjgiqitcn4ixntcdw7wgf6gu73zp2')
    const json = MinerStateV2.toJson(st)
    expect(json).toMatchObject({ LockedFunds: '14287009780545291796', FeeDebt: '0', ProvingPeriodStart: 1000, CurrentDeadline: 0, EarlyTerminations: [0], Info: { '/': 'bafy2bzacea2ehzb22ki5bttfxnoynaxkcgjx5naidxq7ix5jhjujuycsri6us' } })
    expect(MinerStateV2.fromJson(JSON.parse(JSON.stringify(json)))).toEqual(st)
    // the same bytes are not an actors v0 state: v0 has 13 fields
    expect(String(valueOrSchemaError(() => MinerStateV0.decode(bytes)))).toMatch(/^SchemaError: MinerStateV0: expected array of 13 fields/)
  })

  it('Deadline: the block the genesis builder links as the miner’s Deadlines', () => {
    const bytes = fromHex(`87d82a5827000171a0e40220${'e5658b3d18cd06e1db9015b4b0ec55c123a24d5be1ea24d83938c5b8397b4f2f'}d82a5827000171a0e40220${'e5658b3d18cd06e1db9015b4b0ec55c123a24d5be1ea24d83938c5b8397b4f2f'}40400000824040`)
    const d = Deadline.decode(bytes)
    expect(d).toMatchObject({ LiveSectors: 0n, TotalSectors: 0n, FaultyPower: { Raw: 0n, QA: 0n } })
    expect(Deadline.encode(d)).toEqual(bytes)
    expect(Deadline.toJson(d)).toEqual({ Partitions: { '/': String(EMPTY_AMT) }, ExpirationsEpochs: { '/': String(EMPTY_AMT) }, PostSubmissions: [0], EarlyTerminations: [0], LiveSectors: 0, TotalSectors: 0, FaultyPower: { Raw: '0', QA: '0' } })
    // a one-field Deadlines it is not
    expect(valueOrSchemaError(() => Deadlines.decode(bytes))).toBeInstanceOf(SchemaError)
  })
})

// ---------------------------------------------------------------------------------------------
// cbor-gen's rules

describe('cbor-gen rules', () => {
  it('Deadlines holds exactly 48 links (a Go array [48]cid.Cid)', () => {
    expect(WPOST_PERIOD_DEADLINES).toBe(48)
    const due = Array.from({ length: 48 }, () => EMPTY_AMT)
    expect(Deadlines.decode(Deadlines.encode({ Due: due })).Due.length).toBe(48)
    for (const n of [0, 47, 49]) {
      const bytes = dagCbor.encode([Array.from({ length: n }, () => EMPTY_AMT)])
      expect(String(valueOrSchemaError(() => Deadlines.decode(bytes)))).toBe(`SchemaError: Deadlines.Due: expected array of exactly 48 items, got array(${n})`)
      expect(() => Deadlines.encode({ Due: Array.from({ length: n }, () => EMPTY_AMT) })).toThrow(SchemaError)
    }
    expect(String(valueOrSchemaError(() => Deadlines.fromJson({ Due: null })))).toMatch(/expected array of exactly 48 items/)
  })

  it('a bitfield field keeps its bytes as read, even when they are not canonical or fail to read past the version', () => {
    const pp = { Raw: 0n, QA: 0n }
    // a trailing run of zeros, a trailing zero byte, and a varint past 10 bytes: cbor-gen takes all three as bytes
    for (const raw of ['1c', '0400', 'e0ffffffffffffffffffffff']) {
      const bytes = dagCbor.encode([fromHex(raw), new Uint8Array(0), new Uint8Array(0), PowerPair.toCbor(pp), PowerPair.toCbor(pp)])
      const set = ExpirationSet.decode(bytes)
      expect(hex(set.OnTimeSectors.bytes)).toBe(raw)
      expect(ExpirationSet.encode(set)).toEqual(bytes)
    }
    const badVersion = dagCbor.encode([fromHex('03'), new Uint8Array(0), new Uint8Array(0), PowerPair.toCbor(pp), PowerPair.toCbor(pp)])
    expect(String(valueOrSchemaError(() => ExpirationSet.decode(badVersion)))).toBe('SchemaError: ExpirationSet.OnTimeSectors: version expected 0, got 3')
  })

  it('the codecs follow the actors version', () => {
    expect(getMinerStateCodec(0)).toBe(MinerStateV0)
    expect(getMinerStateCodec(2)).toBe(MinerStateV2)
    expect(getMinerInfoCodec(0)).toBe(MinerInfoV0)
    expect(getMinerInfoCodec(2)).toBe(MinerInfoV2)
    expect(getPartitionCodec(0)).toBe(PartitionV0)
    expect(getPartitionCodec(2)).toBe(PartitionV2)
    expect(getSectorOnChainInfoCodec(0)).toBe(SectorOnChainInfoV0)
    expect(getSectorOnChainInfoCodec(2)).toBe(SectorOnChainInfoV2)
    expect([MinerStateV0, MinerStateV2, MinerInfoV0, MinerInfoV2, PartitionV0, PartitionV2, SectorOnChainInfoV0, SectorOnChainInfoV2].map((s) => s.fields.length)).toEqual([13, 14, 9, 11, 9, 11, 11, 13])
  })

  it('a sector number’s HAMT key is its unsigned varint (abi.UIntKey)', () => {
    expect(hex(getSectorNumberKey(0n))).toBe('00')
    expect(hex(getSectorNumberKey(127n))).toBe('7f')
    expect(hex(getSectorNumberKey(128n))).toBe('8001')
    expect(hex(getSectorNumberKey(2n ** 63n - 1n))).toBe('ffffffffffffffff7f')
    expect(() => getSectorNumberKey(-1n)).toThrow(SchemaError)
    expect(() => getSectorNumberKey(2n ** 64n)).toThrow(SchemaError)
  })
})

// ---------------------------------------------------------------------------------------------
// Properties

const arbU64 = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }))
const arbI64 = fc.oneof(fc.bigInt({ min: -1n, max: 5000n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))
const arbBig = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }))
/** Canonical bitfields, which JSON keeps as they are. */
const arbCanonicalBitField: fc.Arbitrary<BitField> = fc.array(fc.oneof(fc.bigInt({ min: 0n, max: 300n }), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n })), { maxLength: 12 }).map(bitFieldFromSet)
/** Any bytes whose version bits are 00, as cbor-gen reads a bitfield. */
const arbBitField = fc.oneof(arbCanonicalBitField, fc.uint8Array({ maxLength: 16 }).map((b) => bitFieldFromBytes(b.length === 0 ? b : Uint8Array.from([b[0]! & 0xfc, ...b.subarray(1)]))), fc.constant(createBitField()))
const arbPowerPair = fc.record({ Raw: arbBig, QA: arbBig })
const arbWorkerKeyChange = fc.record({ NewWorker: arbAddress, EffectiveAt: arbI64 })

function arbs(bf: fc.Arbitrary<BitField>) {
  const expirationSet = fc.record({ OnTimeSectors: bf, EarlySectors: bf, OnTimePledge: arbBig, ActivePower: arbPowerPair, FaultyPower: arbPowerPair })
  const partitionV0 = fc.record({ Sectors: bf, Faults: bf, Recoveries: bf, Terminated: bf, ExpirationsEpochs: arbCid, EarlyTerminated: arbCid, LivePower: arbPowerPair, FaultyPower: arbPowerPair, RecoveringPower: arbPowerPair })
  const partitionV2 = fc.record({ Sectors: bf, Unproven: bf, Faults: bf, Recoveries: bf, Terminated: bf, ExpirationsEpochs: arbCid, EarlyTerminated: arbCid, LivePower: arbPowerPair, UnprovenPower: arbPowerPair, FaultyPower: arbPowerPair, RecoveringPower: arbPowerPair })
  const deadline = fc.record({ Partitions: arbCid, ExpirationsEpochs: arbCid, PostSubmissions: bf, EarlyTerminations: bf, LiveSectors: arbU64, TotalSectors: arbU64, FaultyPower: arbPowerPair })
  const preCommitInfo = fc.record({
    SealProof: arbI64,
    SectorNumber: arbU64,
    SealedCID: arbCid,
    SealRandEpoch: arbI64,
    DealIDs: fc.array(arbU64, { maxLength: 5 }),
    Expiration: arbI64,
    ReplaceCapacity: fc.boolean(),
    ReplaceSectorDeadline: arbU64,
    ReplaceSectorPartition: arbU64,
    ReplaceSectorNumber: arbU64,
  })
  const onChainV0 = {
    SectorNumber: arbU64,
    SealProof: arbI64,
    SealedCID: arbCid,
    DealIDs: fc.array(arbU64, { maxLength: 5 }),
    Activation: arbI64,
    Expiration: arbI64,
    DealWeight: arbBig,
    VerifiedDealWeight: arbBig,
    InitialPledge: arbBig,
    ExpectedDayReward: arbBig,
    ExpectedStoragePledge: arbBig,
  }
  const infoV0 = {
    Owner: arbAddress,
    Worker: arbAddress,
    ControlAddresses: fc.array(arbAddress, { maxLength: 3 }),
    PendingWorkerKey: fc.option(arbWorkerKeyChange, { nil: null }),
    PeerId: fc.uint8Array({ maxLength: 40 }),
    Multiaddrs: fc.array(fc.uint8Array({ minLength: 1, maxLength: 20 }), { maxLength: 3 }),
    SealProofType: arbI64,
    SectorSize: arbU64,
    WindowPoStPartitionSectors: arbU64,
  }
  const head = { Info: arbCid, PreCommitDeposits: arbBig, LockedFunds: arbBig, VestingFunds: arbCid }
  const sectorFields = {
    PreCommittedSectors: arbCid,
    PreCommittedSectorsExpiry: arbCid,
    AllocatedSectors: arbCid,
    Sectors: arbCid,
    ProvingPeriodStart: arbI64,
    CurrentDeadline: arbU64,
    Deadlines: arbCid,
    EarlyTerminations: bf,
  }
  return [
    ['PowerPair', PowerPair, arbPowerPair],
    ['ExpirationSet', ExpirationSet, expirationSet],
    ['PartitionV0', PartitionV0, partitionV0],
    ['PartitionV2', PartitionV2, partitionV2],
    ['Deadline', Deadline, deadline],
    ['Deadlines', Deadlines, fc.array(arbCid, { minLength: 48, maxLength: 48 }).map((Due) => ({ Due }))],
    ['SectorPreCommitInfo', SectorPreCommitInfo, preCommitInfo],
    ['SectorPreCommitOnChainInfo', SectorPreCommitOnChainInfo, fc.record({ Info: preCommitInfo, PreCommitDeposit: arbBig, PreCommitEpoch: arbI64, DealWeight: arbBig, VerifiedDealWeight: arbBig })],
    ['SectorOnChainInfoV0', SectorOnChainInfoV0, fc.record(onChainV0)],
    ['SectorOnChainInfoV2', SectorOnChainInfoV2, fc.record({ ...onChainV0, ReplacedSectorAge: arbI64, ReplacedDayReward: arbBig })],
    ['WorkerKeyChange', WorkerKeyChange, arbWorkerKeyChange],
    ['MinerInfoV0', MinerInfoV0, fc.record(infoV0)],
    ['MinerInfoV2', MinerInfoV2, fc.record({ ...infoV0, ConsensusFaultElapsed: arbI64, PendingOwnerAddress: fc.option(arbAddress, { nil: null }) })],
    ['VestingFund', VestingFund, fc.record({ Epoch: arbI64, Amount: arbBig })],
    ['VestingFunds', VestingFunds, fc.array(fc.record({ Epoch: arbI64, Amount: arbBig }), { maxLength: 5 }).map((Funds) => ({ Funds }))],
    ['MinerStateV0', MinerStateV0, fc.record({ ...head, InitialPledgeRequirement: arbBig, ...sectorFields })],
    ['MinerStateV2', MinerStateV2, fc.record({ ...head, FeeDebt: arbBig, InitialPledge: arbBig, ...sectorFields })],
  ] as const
}

const cases = arbs(arbBitField)
const jsonCases = arbs(arbCanonicalBitField)

describe.each(cases.map(([name, struct, arb], i) => [name, struct as unknown as Struct<never>, arb as fc.Arbitrary<unknown>, jsonCases[i]![2] as fc.Arbitrary<unknown>] as const))('%s', (_, struct, arb, jsonArb) => {
  const codec = struct as unknown as { encode(v: unknown): Uint8Array; decode(b: Uint8Array): unknown; toJson(v: unknown): unknown; fromJson(j: unknown): unknown }
  it('round-trips through CBOR, bitfields kept as they were', () => {
    fc.assert(fc.property(arb, (v) => void expect(codec.decode(codec.encode(v))).toEqual(v)))
  })
  it('round-trips through Lotus JSON', () => {
    fc.assert(fc.property(jsonArb, (v) => void expect(codec.fromJson(JSON.parse(JSON.stringify(codec.toJson(v))))).toEqual(v)))
  })
  it('corrupted encodings and any CBOR decode to a value or a SchemaError', () => {
    fc.assert(fc.property(arbCorruptedEncoding(codec.encode, arb), (bytes) => void valueOrSchemaError(() => codec.decode(bytes))))
    fc.assert(fc.property(arbCborValue, (v) => void valueOrSchemaError(() => codec.decode(dagCbor.encode(v)))))
  })
  it('any near-JSON reads to a value or a SchemaError', () => {
    fc.assert(fc.property(arbNearJson(struct.fields), (j) => void valueOrSchemaError(() => codec.fromJson(j))))
  })
})
