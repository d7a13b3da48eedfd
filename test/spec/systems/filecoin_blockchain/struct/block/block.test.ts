import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { fromHex, toHex } from 'multiformats/bytes'
import { blake2b } from '@noble/hashes/blake2.js'
import {
  BlockHeader,
  ElectionProof,
  MsgMeta,
  PoStProof,
  Ticket,
  computeBlockCid,
  computeBlockSigningBytes,
} from '../../../../../../spec/systems/filecoin_blockchain/struct/block/block.ts'
import { addressToString } from '../../../../../../spec/appendix/address/address.ts'
import { SchemaError } from '../../../../../../src/schema/errors.ts'
import { arbCborValue, arbCorruptedEncoding, arbNearJson, valueOrSchemaError } from '../../../../../src/schema/arbitraries.ts'
import { arbBlockHeader } from './block_arbitraries.ts'

// Thin loader for block_vectors.json: outside values, each part with its provenance.
const Source = z.object({ repo: z.string(), path: z.string(), commit: z.string() })
const VectorFile = z.object({
  serializationVectors: z.object({
    source: Source,
    vectors: z.array(z.object({ block: z.record(z.string(), z.unknown()), cbor_hex: z.string(), cid: z.string() })),
  }),
  mainnetGenesis: z.object({ source: Source, cid: z.string(), header: z.record(z.string(), z.unknown()), emptyAmtRoot: z.string() }),
  lotusInteropSigningBytes: z.object({ source: Source, mcid: z.string(), signingBytesHex: z.string() }),
  preBaseFeeHeader: z.object({ source: Source, cbor_hex: z.string(), cid: z.string() }),
})
const vectors = VectorFile.parse(JSON.parse(readFileSync(new URL('./block_vectors.json', import.meta.url), 'utf8')))
const serialization = vectors.serializationVectors.vectors

/** toJson writes mainnet addresses; the serialization vectors use testnet ('t') ones. */
const withMainnetMiner = (json: Record<string, unknown>) => ({ ...json, Miner: `f${String(json.Miner).slice(1)}` })

describe('BlockHeader: filecoin-project/serialization-vectors block_headers.json', () => {
  it('holds the five current-format headers', () => {
    expect(serialization).toHaveLength(5)
  })

  it.each(serialization.map((v, i) => [`block_headers[${i}] height ${String(v.block.Height)}`, v] as const))('%s', (_, v) => {
    const fromJson = BlockHeader.fromJson(v.block)
    expect(toHex(BlockHeader.encode(fromJson))).toBe(v.cbor_hex)
    expect(computeBlockCid(fromJson).toString()).toBe(v.cid)
    const decoded = BlockHeader.decode(fromHex(v.cbor_hex))
    expect(decoded).toEqual(fromJson)
    expect(BlockHeader.toJson(decoded)).toEqual(withMainnetMiner(v.block))
  })

  it('rejects the pre-base-fee 15-field header (da34ded5 block_headers[0]), which no longer decodes in Lotus either', () => {
    const old = vectors.preBaseFeeHeader
    expect(() => BlockHeader.decode(fromHex(old.cbor_hex))).toThrow(/^BlockHeader: expected array of 16 fields, got array\(15\)$/)
    // With an empty ParentBaseFee appended (tuple header 0x8f → 0x90), it reads as today's layout.
    const upgraded = BlockHeader.decode(fromHex(`90${old.cbor_hex.slice(2)}40`))
    expect(upgraded).toMatchObject({ Ticket: { VRFProof: new TextEncoder().encode('byte array') }, ElectionProof: null, BLSAggregate: null, ParentBaseFee: 0n })
  })
})

describe('BlockHeader: mainnet genesis (forest src/networks/mainnet)', () => {
  const g = vectors.mainnetGenesis
  const header = BlockHeader.fromJson(g.header)

  it(`encodes the genesis header fields to the genesis CID ${g.cid}`, () => {
    expect(computeBlockCid(header).toString()).toBe(g.cid)
    expect(BlockHeader.decode(BlockHeader.encode(header))).toEqual(header)
  })

  it('has Messages = CID of MsgMeta{emptyAmtRoot, emptyAmtRoot}, as Lotus MakeGenesisBlock builds it', () => {
    const empty = CID.parse(g.emptyAmtRoot)
    expect(MsgMeta.cid({ BlsMessages: empty, SecpkMessages: empty }).equals(header.Messages)).toBe(true)
  })

  it('has no signatures: its signing bytes are its encoding', () => {
    expect(computeBlockSigningBytes(header)).toEqual(BlockHeader.encode(header))
  })
})

describe('computeBlockSigningBytes', () => {
  // lotus chain/types/blockheader_test.go TestInteropBH: SigningBytes of a header with a
  // zero-value BLSAggregate (type 0, written 0x4100), which our signature kind cannot hold (no
  // decoder accepts type 0). The same header with BLSAggregate null must give the same bytes with
  // 0x4100 replaced by CBOR null (0xf6).
  const interop = vectors.lotusInteropSigningBytes
  const mcid = CID.parse(interop.mcid)
  const header: BlockHeader = {
    Miner: { protocol: 1, payload: blake2b(new TextEncoder().encode('address0'), { dkLen: 20 }) },
    Ticket: { VRFProof: Uint8Array.of(1, 2, 3) },
    ElectionProof: { WinCount: 0n, VRFProof: Uint8Array.of(0x0a, 0x0b) },
    BeaconEntries: [{ Round: 5n, Data: Uint8Array.of(0x0c) }],
    WinPoStProof: [{ PoStProof: 0n, ProofBytes: Uint8Array.of(7) }],
    Parents: [mcid],
    ParentWeight: 1000n,
    Height: 2n,
    ParentStateRoot: mcid,
    ParentMessageReceipts: mcid,
    Messages: mcid,
    BLSAggregate: null,
    Timestamp: 1n,
    BlockSig: { type: 2, data: Uint8Array.of(3) },
    ForkSignaling: 3n,
    ParentBaseFee: 1000000000n,
  }
  const blsAggregateAt = interop.signingBytesHex.lastIndexOf('4100')

  it('TestInteropBH: matches Lotus SigningBytes, BLSAggregate aside', () => {
    const expected = `${interop.signingBytesHex.slice(0, blsAggregateAt)}f6${interop.signingBytesHex.slice(blsAggregateAt + 4)}`
    expect(toHex(computeBlockSigningBytes(header))).toBe(expected)
  })

  it('TestInteropBH: the type-0 BLSAggregate Lotus wrote is rejected by the decoder, naming the field', () => {
    expect(() => BlockHeader.decode(fromHex(interop.signingBytesHex))).toThrow(/^BlockHeader\.BLSAggregate: expected signature type/)
  })

  it.each(serialization.map((v, i) => [`block_headers[${i}]`, v] as const))('%s: nulls BlockSig and nothing else', (_, v) => {
    const h = BlockHeader.decode(fromHex(v.cbor_hex))
    const signing = BlockHeader.decode(computeBlockSigningBytes(h))
    expect(h.BlockSig).not.toBeNull()
    expect(signing).toEqual({ ...h, BlockSig: null })
  })
})

describe('BlockHeader properties', () => {
  it('round-trips through CBOR and Lotus JSON', () => {
    fc.assert(
      fc.property(arbBlockHeader, (h) => {
        expect(BlockHeader.decode(BlockHeader.encode(h))).toEqual(h)
        expect(BlockHeader.fromJson(JSON.parse(JSON.stringify(BlockHeader.toJson(h))))).toEqual(h)
        expect(computeBlockCid(h).equals(computeBlockCid(BlockHeader.decode(BlockHeader.encode(h))))).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('decodes arbitrary bytes and dag-cbor values only into headers or SchemaError', () => {
    const arbTuple = fc.array(arbCborValue, { minLength: 16, maxLength: 16 })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array(), arbCborValue.map((v) => dagCbor.encode(v)), arbTuple.map((t) => dagCbor.encode(t))), (raw) => {
        valueOrSchemaError(() => BlockHeader.decode(raw))
        valueOrSchemaError(() => Ticket.decode(raw))
        valueOrSchemaError(() => ElectionProof.decode(raw))
        valueOrSchemaError(() => PoStProof.decode(raw))
        valueOrSchemaError(() => MsgMeta.decode(raw))
      }),
    )
  })

  it('decodes corrupted encodings only into headers that encode back to the same bytes', () => {
    fc.assert(
      fc.property(arbCorruptedEncoding(BlockHeader.encode, arbBlockHeader), (raw) => {
        const h = valueOrSchemaError(() => BlockHeader.decode(raw))
        if (!(h instanceof SchemaError)) expect(BlockHeader.encode(h)).toEqual(raw)
      }),
    )
  })

  it('reads arbitrary JSON only into headers or SchemaError', () => {
    fc.assert(
      fc.property(arbNearJson(BlockHeader.fields), (j) => {
        valueOrSchemaError(() => BlockHeader.fromJson(j))
      }),
    )
  })

  it('names the path of a bad nested field', () => {
    const json = serialization[0]!.block
    expect(() => BlockHeader.fromJson({ ...json, ElectionProof: { WinCount: 'x', VRFProof: null } })).toThrow(/^BlockHeader\.ElectionProof\.WinCount: expected int64/)
    expect(() => BlockHeader.fromJson({ ...json, Parents: [{ '/': 'nope' }] })).toThrow(/^BlockHeader\.Parents\[0\]\["\/"\]: expected CID string/)
    const { Height: _, ...noHeight } = json
    expect(() => BlockHeader.fromJson(noHeight)).toThrow(/^BlockHeader\.Height: expected field present/)
  })
})

describe('BlockHeader JSON Schema', () => {
  it('lists the 16 fields in Lotus order, all required', () => {
    const names = ['Miner', 'Ticket', 'ElectionProof', 'BeaconEntries', 'WinPoStProof', 'Parents', 'ParentWeight', 'Height', 'ParentStateRoot', 'ParentMessageReceipts', 'Messages', 'BLSAggregate', 'Timestamp', 'BlockSig', 'ForkSignaling', 'ParentBaseFee']
    expect(BlockHeader.fields.map((f) => f.name)).toEqual(names)
    const schema = BlockHeader.jsonSchema()
    expect(Object.keys(schema.properties as object)).toEqual(names)
    expect(schema.required).toEqual(names)
  })

  it.each(serialization.map((v, i) => [`block_headers[${i}]`, v] as const))('accepts the Lotus JSON of %s', (_, v) => {
    const validator = z.fromJSONSchema(BlockHeader.jsonSchema())
    expect(validator.safeParse(v.block).success).toBe(true)
    expect(validator.safeParse({ ...v.block, Height: '1.5' }).success).toBe(false)
  })

  it('the genesis miner prints as f00', () => {
    expect(addressToString(BlockHeader.fromJson(vectors.mainnetGenesis.header).Miner)).toBe('f00')
  })
})
