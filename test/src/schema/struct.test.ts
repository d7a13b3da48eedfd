import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { fromHex, toHex } from 'multiformats/bytes'
import { computeCborCid, defineStruct, field } from '../../../src/schema/struct.ts'
import { bool, bytes, cid, list, nullable, string, uint64 } from '../../../src/schema/kinds.ts'
import { bigInt } from '../../../src/schema/big_int.ts'
import { SchemaError } from '../../../src/schema/errors.ts'
import type { Infer } from '../../../src/schema/kind.ts'
import { arbCborValue, arbCid, valueOrSchemaError } from './arbitraries.ts'

// Toy structures exercising nesting, lists, nullables and CIDs.
const Ticket = defineStruct('Ticket', { VRFProof: field(bytes, 'the proof') })
const Block = defineStruct(
  'Block',
  {
    Height: field(uint64, 'epoch'),
    Ticket: nullable(Ticket),
    Parents: field(list(cid), 'parent blocks'),
    Weight: bigInt,
    Label: string,
    Final: bool,
  },
  { doc: 'a toy block' },
)
type Block = Infer<typeof Block>

const arbBlock: fc.Arbitrary<Block> = fc.record({
  Height: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  Ticket: fc.option(fc.record({ VRFProof: fc.uint8Array({ maxLength: 96 }) }), { nil: null }),
  Parents: fc.array(arbCid, { maxLength: 5 }),
  Weight: fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
  Label: fc.string(),
  Final: fc.boolean(),
})

const sample: Block = {
  Height: 7n,
  Ticket: { VRFProof: Uint8Array.of(1, 2) },
  Parents: [CID.parse('bafy2bzaceduq6pnkpz7xhs6d24epnu47hjpn3oucoq3xnkc4g5b7hgcdw4now')],
  Weight: 256n,
  Label: 'x',
  Final: true,
}

describe('defineStruct', () => {
  it('encodes a tuple in field order, nesting structs as tuples', () => {
    const data = dagCbor.decode(Block.encode(sample)) as unknown[]
    expect(data).toHaveLength(6)
    expect(data[0]).toBe(7)
    expect(data[1]).toEqual([Uint8Array.of(1, 2)])
    expect(data[3]).toEqual(Uint8Array.of(0, 1, 0))
  })

  it('round-trips arbitrary values through CBOR and JSON', () => {
    fc.assert(
      fc.property(arbBlock, (b) => {
        expect(Block.decode(Block.encode(b))).toEqual(b)
        expect(Block.fromJson(JSON.parse(JSON.stringify(Block.toJson(b))), 'Block')).toEqual(b)
      }),
    )
  })

  it('names the path of a wrong field, nested fields included', () => {
    const tuple = (over: Record<number, unknown>) => dagCbor.encode(Block.toCbor(sample).map((x, i) => (i in over ? over[i] : x)))
    expect(() => Block.decode(tuple({ 0: -1 }))).toThrow(/^Block\.Height: expected uint64/)
    expect(() => Block.decode(tuple({ 1: [] }))).toThrow(/^Block\.Ticket: expected array of 1 fields, got array\(0\)/)
    expect(() => Block.decode(tuple({ 1: [5] }))).toThrow(/^Block\.Ticket\.VRFProof: expected byte string/)
    expect(() => Block.decode(tuple({ 2: [sample.Parents[0], 'x'] }))).toThrow(/^Block\.Parents\[1\]: expected CID/)
    expect(() => Block.decode(dagCbor.encode([1, 2]))).toThrow(/^Block: expected array of 6 fields, got array\(2\)/)
  })

  it('rejects input that dag-cbor reads but that does not re-encode to itself', () => {
    const good = toHex(Block.encode({ ...sample, Ticket: null }))
    expect(good.slice(2, 6)).toBe('07f6')
    // CBOR undefined (f7) where null (f6) belongs: @ipld/dag-cbor reads it as null.
    expect(() => Block.decode(fromHex(`${good.slice(0, 4)}f7${good.slice(6)}`))).toThrow(/^Block: expected canonical dag-cbor/)
    // The height 7 as a float64.
    expect(() => Block.decode(fromHex(`${good.slice(0, 2)}fb401c000000000000${good.slice(4)}`))).toThrow(/^Block: expected canonical dag-cbor/)
    expect(() => Block.decode(fromHex(`${good}00`))).toThrow(/^Block: expected dag-cbor/)
    // A text string that is not UTF-8: dag-cbor would replace the byte (pitfalls.md).
    const label = toHex(Block.encode({ ...sample, Label: 'Q' }))
    expect(label.split('6151')).toHaveLength(2)
    expect(() => Block.decode(fromHex(label.replace('6151', '61ff')))).toThrow(/^Block: expected canonical dag-cbor/)
  })

  it('validates values before encoding', () => {
    expect(() => Block.encode({ ...sample, Height: -1n })).toThrow(/^Block\.Height: expected uint64/)
    expect(() => Block.encode({ ...sample, Ticket: { VRFProof: 'x' as unknown as Uint8Array } })).toThrow(/^Block\.Ticket\.VRFProof: expected Uint8Array/)
  })

  it('reads Lotus JSON: all fields required, unknown keys ignored', () => {
    const json: Record<string, unknown> = { ...Block.toJson(sample), CID: { '/': 'ignored' } }
    expect(Block.fromJson(json, 'Block')).toEqual(sample)
    const { Final: _, ...missing } = json
    expect(() => Block.fromJson(missing, 'Block')).toThrow(/^Block\.Final: expected field present/)
    expect(() => Block.fromJson([], 'Block')).toThrow(/^Block: expected object/)
  })

  it('decodes garbage only into values or SchemaError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array(), arbCborValue.map((v) => dagCbor.encode(v))), (raw) => {
        valueOrSchemaError(() => Block.decode(raw))
      }),
    )
    fc.assert(
      fc.property(fc.array(arbCborValue, { minLength: 6, maxLength: 6 }), (tuple) => {
        valueOrSchemaError(() => Block.decode(dagCbor.encode(tuple)))
      }),
    )
    fc.assert(fc.property(fc.jsonValue(), (j) => void valueOrSchemaError(() => Block.fromJson(j, 'Block'))))
  })

  it('lists its fields for the docs', () => {
    expect(Block.fields).toEqual([
      { name: 'Height', kind: 'uint64', doc: 'epoch' },
      { name: 'Ticket', kind: 'nullable<Ticket>' },
      { name: 'Parents', kind: 'list<Cid>', doc: 'parent blocks' },
      { name: 'Weight', kind: 'BigInt' },
      { name: 'Label', kind: 'string' },
      { name: 'Final', kind: 'bool' },
    ])
  })

  it('gives a deterministic JSON Schema with docs as descriptions', () => {
    const schema = Block.jsonSchema()
    expect(JSON.stringify(schema)).toBe(JSON.stringify(Block.jsonSchema()))
    expect(schema).toMatchObject({ title: 'Block', description: 'a toy block', type: 'object' })
    const properties = schema.properties as Record<string, Record<string, unknown>>
    expect(Object.keys(properties)).toEqual(['Height', 'Ticket', 'Parents', 'Weight', 'Label', 'Final'])
    expect(properties.Parents).toMatchObject({ description: 'parent blocks' })
    expect(Object.keys(schema)).toEqual([...Object.keys(schema)].sort())
  })
})

describe('computeCborCid', () => {
  it('is CIDv1 dag-cbor blake2b-256', () => {
    const c = computeCborCid(dagCbor.encode([]))
    expect(toHex(c.bytes).slice(0, 12)).toBe('0171a0e40220')
    expect(c.bytes).toHaveLength(38)
  })

  it('is the struct cid', () => {
    expect(Block.cid(sample).equals(computeCborCid(Block.encode(sample)))).toBe(true)
    expect(() => Block.cid({ ...sample, Weight: 2n ** 2000n })).toThrow(SchemaError)
  })
})
