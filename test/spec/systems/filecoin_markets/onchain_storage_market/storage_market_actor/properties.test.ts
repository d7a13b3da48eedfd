// The market's structures as bytes: every structure round-trips (fast-check), garbage decodes to a
// value or a SchemaError and never anything else; the deal proposal's tuple codec writes exactly
// cbor-gen's bytes (a hand-built block below), equals @ipld/dag-cbor's whenever the label is
// UTF-8, and keeps a label that is not; the table keys and values; and the policy functions.

import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import type { Signature } from '../../../../../../spec/algorithms/crypto/signatures/signature.ts'
import { ClientDealProposal, DealProposal, DealState, computeProposalCid, dealLabel, isPieceCid, isValidPaddedPieceSize } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/deal.ts'
import { MinerAddrs } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/ext.ts'
import { PUBLISH_STORAGE_DEALS_PARAMS } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/methods.ts'
import {
  DEAL_UPDATES_INTERVAL,
  computeDealProcessEpoch,
  computeDealQaPower,
  computeDealWeight,
  getDealProviderCollateralBounds,
} from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/policy.ts'
import {
  MarketState,
  decodeBalance,
  decodeSetRoot,
  encodeBalance,
  encodeSetRoot,
  getUintKey,
  parseUintKey,
} from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/state.ts'
import {
  ActivateDealsParams,
  ComputeDataCommitmentParams,
  OnMinerSectorsTerminateParams,
  PublishStorageDealsParams,
  PublishStorageDealsReturn,
  VerifyDealsForActivationParams,
  VerifyDealsForActivationReturnV0,
  VerifyDealsForActivationReturnV2,
  WithdrawBalanceParams,
} from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/types.ts'
import { computeCborCid } from '../../../../../../src/schema/struct.ts'
import { SchemaError } from '../../../../../../src/schema/errors.ts'
import { arbCid, arbCborValue, arbCorruptedEncoding, valueOrSchemaError } from '../../../../../src/schema/arbitraries.ts'
import { arbAddress } from '../../../../appendix/address/address_arbitraries.ts'

const arbU64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
const arbI64 = fc.oneof(fc.bigInt({ min: -10n, max: 10n ** 7n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))
const arbAmount = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: -(2n ** 1000n), max: 2n ** 1000n }))
const arbPieceCid = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((d) => CID.createV1(0xf101, createDigest(0x1012, d)))
/** Labels: UTF-8 text, and bytes that need not be UTF-8. */
const arbLabel = fc.oneof(fc.string({ maxLength: 40 }).map((s) => new TextEncoder().encode(s)), fc.uint8Array({ maxLength: 300 }))
const arbSignature: fc.Arbitrary<Signature> = fc.record({ type: fc.constantFrom(1 as const, 2 as const), data: fc.uint8Array({ maxLength: 199 }) })

const arbProposal: fc.Arbitrary<DealProposal> = fc.record({
  PieceCID: fc.oneof(arbPieceCid, arbCid),
  PieceSize: arbU64,
  VerifiedDeal: fc.boolean(),
  Client: arbAddress,
  Provider: arbAddress,
  Label: arbLabel,
  StartEpoch: arbI64,
  EndEpoch: arbI64,
  StoragePricePerEpoch: arbAmount,
  ProviderCollateral: arbAmount,
  ClientCollateral: arbAmount,
})
const arbClientProposal: fc.Arbitrary<ClientDealProposal> = fc.record({ Proposal: arbProposal, ClientSignature: arbSignature })
const arbIds = fc.array(arbU64, { maxLength: 8 })

/** Every structure of the section with an arbitrary of its values. */
const STRUCTURES: [string, { encode(v: never): Uint8Array; decode(b: Uint8Array): unknown }, fc.Arbitrary<unknown>][] = [
  ['DealProposal', DealProposal, arbProposal],
  ['ClientDealProposal', ClientDealProposal, arbClientProposal],
  ['PublishStorageDealsParams', PublishStorageDealsParams, fc.record({ Deals: fc.array(arbClientProposal, { maxLength: 3 }) })],
  ['DealState', DealState, fc.record({ SectorStartEpoch: arbI64, LastUpdatedEpoch: arbI64, SlashEpoch: arbI64 })],
  [
    'MarketState',
    MarketState,
    fc.record({
      Proposals: arbCid,
      States: arbCid,
      PendingProposals: arbCid,
      EscrowTable: arbCid,
      LockedTable: arbCid,
      NextID: arbU64,
      DealOpsByEpoch: arbCid,
      LastCron: arbI64,
      TotalClientLockedCollateral: arbAmount,
      TotalProviderLockedCollateral: arbAmount,
      TotalClientStorageFee: arbAmount,
    }),
  ],
  ['WithdrawBalanceParams', WithdrawBalanceParams, fc.record({ ProviderOrClientAddress: arbAddress, Amount: arbAmount })],
  ['PublishStorageDealsReturn', PublishStorageDealsReturn, fc.record({ IDs: arbIds })],
  ['VerifyDealsForActivationParams', VerifyDealsForActivationParams, fc.record({ DealIDs: arbIds, SectorExpiry: arbI64, SectorStart: arbI64 })],
  ['VerifyDealsForActivationReturnV0', VerifyDealsForActivationReturnV0, fc.record({ DealWeight: arbAmount, VerifiedDealWeight: arbAmount })],
  ['VerifyDealsForActivationReturnV2', VerifyDealsForActivationReturnV2, fc.record({ DealWeight: arbAmount, VerifiedDealWeight: arbAmount, DealSpace: arbU64 })],
  ['ActivateDealsParams', ActivateDealsParams, fc.record({ DealIDs: arbIds, SectorExpiry: arbI64 })],
  ['OnMinerSectorsTerminateParams', OnMinerSectorsTerminateParams, fc.record({ Epoch: arbI64, DealIDs: arbIds })],
  ['ComputeDataCommitmentParams', ComputeDataCommitmentParams, fc.record({ DealIDs: arbIds, SectorType: arbI64 })],
  ['MinerAddrs', MinerAddrs, fc.record({ Owner: arbAddress, Worker: arbAddress, ControlAddrs: fc.array(arbAddress, { maxLength: 3 }) })],
]

describe.each(STRUCTURES)('%s', (_name, struct, arb) => {
  it('round-trips', () => {
    fc.assert(fc.property(arb, (v) => void expect(struct.decode(struct.encode(v as never))).toEqual(v)))
  })
  it('corrupted encodings and any CBOR decode to a value or a SchemaError', () => {
    fc.assert(fc.property(arbCorruptedEncoding((v) => struct.encode(v as never), arb), (bytes) => void valueOrSchemaError(() => struct.decode(bytes))))
    fc.assert(fc.property(arbCborValue, (v) => void valueOrSchemaError(() => struct.decode(dagCbor.encode(v)))))
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => void valueOrSchemaError(() => struct.decode(bytes))))
  })
})

describe('the deal proposal’s bytes', () => {
  const p: DealProposal = {
    PieceCID: CID.createV1(0xf101, createDigest(0x1012, new Uint8Array(32).fill(0xaa))),
    PieceSize: 2048n,
    VerifiedDeal: true,
    Client: newIdAddress(104n),
    Provider: newIdAddress(103n),
    Label: Uint8Array.of(0xff, 0x61),
    StartEpoch: 100n,
    EndEpoch: -2n,
    StoragePricePerEpoch: 256n,
    ProviderCollateral: 0n,
    ClientCollateral: -1n,
  }

  it('are cbor-gen’s tuple: 11 fields, the label a text string of its raw bytes', () => {
    const expected = Uint8Array.from([
      0x8b, // array(11)
      0xd8, 0x2a, 0x58, 0x28, 0x00, 0x01, 0x81, 0xe2, 0x03, 0x92, 0x20, 0x20, ...new Uint8Array(32).fill(0xaa), // tag 42, bytes(40): 0x00 ‖ CIDv1, f101, 1012, 32 bytes
      0x19, 0x08, 0x00, // 2048
      0xf5, // true
      0x42, 0x00, 0x68, // f0104
      0x42, 0x00, 0x67, // f0103
      0x62, 0xff, 0x61, // text(2) with the raw bytes ff 61
      0x18, 0x64, // 100
      0x21, // -2
      0x43, 0x00, 0x01, 0x00, // 256
      0x40, // 0
      0x42, 0x01, 0x01, // -1
    ])
    expect(DealProposal.encode(p)).toEqual(expected)
    expect(DealProposal.decode(expected)).toEqual(p)
    expect(String(computeProposalCid(p))).toBe(String(computeCborCid(expected)))
  })

  it('equal @ipld/dag-cbor’s for a UTF-8 label, and keep any other label’s bytes', () => {
    fc.assert(
      fc.property(arbProposal, (q) => {
        const utf8 = new TextDecoder('utf-8', { fatal: true })
        let text: string | undefined
        try {
          text = utf8.decode(q.Label)
        } catch {
          text = undefined
        }
        if (text !== undefined) expect(DealProposal.encode(q)).toEqual(new Uint8Array(dagCbor.encode(DealProposal.toCbor(q))))
        expect(DealProposal.decode(DealProposal.encode(q)).Label).toEqual(q.Label)
      }),
    )
  })

  it('refuse a label that is a byte string, a label over 8192 bytes, trailing bytes, a 12th field', () => {
    const bytes = DealProposal.encode(p)
    const asBytes = bytes.slice()
    asBytes[bytes.indexOf(0x62)] = 0x42
    expect(() => DealProposal.decode(asBytes)).toThrow(SchemaError)
    expect(() => DealProposal.encode({ ...p, Label: new Uint8Array(8193) })).toThrow(SchemaError)
    const long = DealProposal.encode({ ...p, Label: new Uint8Array(8192) })
    expect(DealProposal.decode(long).Label.length).toBe(8192)
    expect(() => DealProposal.decode(Uint8Array.from([...bytes, 0x00]))).toThrow(SchemaError)
    const twelve = Uint8Array.from([0x8c, ...bytes.subarray(1), 0x00])
    expect(() => DealProposal.decode(twelve)).toThrow(SchemaError)
  })

  it('as Lotus JSON: the label a string, invalid bytes shown as U+FFFD', () => {
    const json = DealProposal.toJson(p)
    expect(json.Label).toBe('\ufffda')
    expect(json.PieceSize).toBe(2048)
    expect(DealProposal.fromJson({ ...json, Label: 'héllo' }).Label).toEqual(new TextEncoder().encode('héllo'))
    expect(dealLabel.fromCbor('abc', 'label')).toEqual(new TextEncoder().encode('abc'))
    expect(() => dealLabel.fromCbor(new Uint8Array(1), 'label')).toThrow(SchemaError)
  })

  it('a signature of the delegated type, longer than 200 bytes in all, or empty, is refused in a ClientDealProposal', () => {
    const good = ClientDealProposal.encode({ Proposal: p, ClientSignature: { type: 1, data: new Uint8Array(199) } })
    expect(ClientDealProposal.decode(good).ClientSignature.data.length).toBe(199)
    expect(() => ClientDealProposal.encode({ Proposal: p, ClientSignature: { type: 1, data: new Uint8Array(200) } })).not.toThrow()
    const tooLong = ClientDealProposal.encode({ Proposal: p, ClientSignature: { type: 1, data: new Uint8Array(200) } })
    expect(() => ClientDealProposal.decode(tooLong)).toThrow(SchemaError)
    const head = Uint8Array.from([0x82, ...DealProposal.encode(p)])
    for (const sig of [[0x41, 0x03], [0x40]]) expect(() => ClientDealProposal.decode(Uint8Array.from([...head, ...sig]))).toThrow(SchemaError)
  })

  it('PublishStorageDeals’ parameters: the first item read, anything after it ignored; an item that is not well formed refused', () => {
    const params = PublishStorageDealsParams.encode({ Deals: [{ Proposal: p, ClientSignature: { type: 2, data: new Uint8Array(96) } }] })
    expect(PUBLISH_STORAGE_DEALS_PARAMS.read(Uint8Array.from([...params, 0xff, 0xff]))).toEqual(PublishStorageDealsParams.decode(params))
    expect(() => PUBLISH_STORAGE_DEALS_PARAMS.read(params.subarray(0, params.length - 1))).toThrow(SchemaError)
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => void valueOrSchemaError(() => PUBLISH_STORAGE_DEALS_PARAMS.read(bytes))))
  })
})

describe('table keys and values', () => {
  it('an unsigned integer key is its varint, read back exactly; an epoch is keyed as uint64(epoch)', () => {
    fc.assert(fc.property(arbU64, (v) => void expect(parseUintKey(getUintKey(v))).toBe(v)))
    expect(getUintKey(0n)).toEqual(Uint8Array.of(0))
    expect(getUintKey(300n)).toEqual(Uint8Array.of(0xac, 0x02))
    expect(getUintKey(-1n)).toEqual(Uint8Array.of(...new Array(9).fill(0xff), 0x01))
  })

  it('a key is read as Go’s binary.Uvarint reads it: a longer spelling is accepted; overflow, truncation and extra bytes are not', () => {
    expect(parseUintKey(Uint8Array.of(0x80, 0x00))).toBe(0n)
    expect(parseUintKey(Uint8Array.of(...new Array(9).fill(0xff), 0x01))).toBe(2n ** 64n - 1n)
    for (const bad of [[], [0x80], [...new Array(9).fill(0xff), 0x02], [0x01, 0x01], [...new Array(10).fill(0x80), 0x00]]) {
      expect(() => parseUintKey(Uint8Array.from(bad)), JSON.stringify(bad)).toThrow(SchemaError)
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 12 }), (k) => void valueOrSchemaError(() => parseUintKey(k))))
  })

  it('a balance is a big integer; a set root a link; anything else a SchemaError', () => {
    fc.assert(fc.property(arbAmount, (v) => void expect(decodeBalance(encodeBalance(v))).toBe(v)))
    fc.assert(fc.property(arbCid, (c) => void expect(String(decodeSetRoot(encodeSetRoot(c)))).toBe(String(c))))
    fc.assert(fc.property(arbCborValue, (v) => void valueOrSchemaError(() => decodeBalance(dagCbor.encode(v)))))
    fc.assert(fc.property(arbCborValue, (v) => void valueOrSchemaError(() => decodeSetRoot(dagCbor.encode(v)))))
    expect(() => decodeSetRoot(dagCbor.encode(null))).toThrow(SchemaError)
  })
})

describe('policy', () => {
  it('the first cron epoch falls in the interval from the start, from the randomness’s first 8 bytes (big-endian)', () => {
    fc.assert(
      fc.property(arbI64, fc.uint8Array({ minLength: 32, maxLength: 32 }), (start, r) => {
        const e = computeDealProcessEpoch(start, r)
        expect(e >= start && e < start + DEAL_UPDATES_INTERVAL).toBe(true)
      }),
    )
    const r = new Uint8Array(32)
    r.set([0, 0, 0, 0, 0, 0, 0x0b, 0xb9, 0xff])
    expect(computeDealProcessEpoch(10n, r)).toBe(10n + 121n)
  })

  it('deal QA power: the size for an ordinary deal, ten times it for a verified one', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n }), (s) => void expect([computeDealQaPower(s, false), computeDealQaPower(s, true)]).toEqual([s, 10n * s])))
  })

  it('the minimum provider collateral never exceeds 1% (5% at v0 nv0) of the supply, and falls as the network grows', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 128n, max: 2n ** 40n }), fc.bigInt({ min: 0n, max: 2n ** 60n }), fc.bigInt({ min: 0n, max: 2n ** 60n }), fc.bigInt({ min: 0n, max: 10n ** 27n }), fc.boolean(), (size, power, baseline, supply, verified) => {
        const net = { rawBytePower: power, qualityAdjPower: power, baselinePower: baseline, circulatingSupply: supply }
        const v2 = getDealProviderCollateralBounds(size, verified, net, 2, 4).min
        expect(v2 <= supply / 100n).toBe(true)
        expect(getDealProviderCollateralBounds(size, verified, { ...net, rawBytePower: power * 2n }, 2, 4).min <= v2).toBe(true)
        expect(getDealProviderCollateralBounds(size, verified, net, 0, 1).min).toBe(v2)
        expect(getDealProviderCollateralBounds(size, verified, net, 0, 0).min <= (5n * supply) / 100n).toBe(true)
      }),
    )
  })

  it('a negative circulating supply rounds the minimum down, as Go’s Euclidean big.Div', () => {
    const net = { rawBytePower: 3n * 128n, qualityAdjPower: 0n, baselinePower: 0n, circulatingSupply: -100n }
    // -100 × 128 / (100 × 384) = -0.333… → -1
    expect(getDealProviderCollateralBounds(128n, false, net, 2, 4).min).toBe(-1n)
  })

  it('deal weight is duration × size; padded piece sizes are powers of two from 128; piece CIDs have the CommP prefix', () => {
    const p = { PieceSize: 1024n, StartEpoch: 10n, EndEpoch: 30n } as DealProposal
    expect(computeDealWeight(p)).toBe(20480n)
    expect([64n, 127n, 128n, 129n, 256n, 384n, 2n ** 63n].map(isValidPaddedPieceSize)).toEqual([false, false, true, false, true, false, true])
    expect(isPieceCid(CID.createV1(0xf101, createDigest(0x1012, new Uint8Array(32))))).toBe(true)
    expect(isPieceCid(CID.createV1(0xf102, createDigest(0x1012, new Uint8Array(32))))).toBe(false)
  })
})

