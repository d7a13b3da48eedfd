import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import * as dagCbor from '@ipld/dag-cbor'
import { fromHex, toHex } from 'multiformats/bytes'
import { UnsignedMessage, computeMessageCid } from '../../../../../spec/systems/filecoin_vm/message/message.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import { arbCborValue, arbCorruptedEncoding, arbNearJson, valueOrSchemaError } from '../../../../src/schema/arbitraries.ts'
import { arbUnsignedMessage } from './message_arbitraries.ts'

// Thin loader for message_vectors.json: external snapshot triples, each with its provenance.
const VectorFile = z.object({
  vectors: z.array(
    z.object({
      id: z.string(),
      source: z.object({ repo: z.string(), path: z.string(), commit: z.string() }),
      provenance: z.string(),
      lotusJson: z.record(z.string(), z.unknown()),
      cborHex: z.string(),
      cid: z.string(),
    }),
  ),
})
const { vectors } = VectorFile.parse(JSON.parse(readFileSync(new URL('./message_vectors.json', import.meta.url), 'utf8')))

/** toJson writes mainnet addresses ('f'); the sources use both networks. */
function withMainnetAddresses(json: Record<string, unknown>): Record<string, unknown> {
  return { ...json, To: `f${String(json.To).slice(1)}`, From: `f${String(json.From).slice(1)}` }
}

const arbMessage = arbUnsignedMessage

describe('UnsignedMessage external vectors', () => {
  it.each(vectors.map((v) => [v.id, v] as const))('%s', (_, v) => {
    const fromJson = UnsignedMessage.fromJson(v.lotusJson)
    expect(toHex(UnsignedMessage.encode(fromJson))).toBe(v.cborHex)
    const decoded = UnsignedMessage.decode(fromHex(v.cborHex))
    expect(decoded).toEqual(fromJson)
    expect(UnsignedMessage.toJson(decoded)).toEqual(withMainnetAddresses(v.lotusJson))
    expect(computeMessageCid(decoded).toString()).toBe(v.cid)
    expect(toHex(computeMessageCid(decoded).bytes).slice(0, 12)).toBe('0171a0e40220')
  })
})

describe('UnsignedMessage properties', () => {
  it('round-trips through CBOR and Lotus JSON', () => {
    fc.assert(
      fc.property(arbMessage, (m) => {
        expect(UnsignedMessage.decode(UnsignedMessage.encode(m))).toEqual(m)
        const json = JSON.parse(JSON.stringify(UnsignedMessage.toJson(m)))
        expect(UnsignedMessage.fromJson(json)).toEqual(m)
      }),
    )
  })

  it('decodes arbitrary bytes and arbitrary dag-cbor values only into messages or SchemaError', () => {
    const arbTuple = fc.array(arbCborValue, { minLength: 10, maxLength: 10 })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array(), arbCborValue.map((v) => dagCbor.encode(v)), arbTuple.map((t) => dagCbor.encode(t))), (raw) => {
        valueOrSchemaError(() => UnsignedMessage.decode(raw))
      }),
    )
  })

  it('decodes corrupted encodings only into messages that encode back to the same bytes', () => {
    fc.assert(
      fc.property(arbCorruptedEncoding(UnsignedMessage.encode, arbMessage), (raw) => {
        const m = valueOrSchemaError(() => UnsignedMessage.decode(raw))
        if (!(m instanceof SchemaError)) expect(UnsignedMessage.encode(m)).toEqual(raw)
      }),
    )
  })

  it('reads arbitrary JSON only into messages or SchemaError', () => {
    fc.assert(
      fc.property(arbNearJson(UnsignedMessage.fields), (j) => {
        valueOrSchemaError(() => UnsignedMessage.fromJson(j))
      }),
    )
  })

  it('names the path of a bad field', () => {
    const json = UnsignedMessage.toJson(UnsignedMessage.fromJson(vectors[0]?.lotusJson))
    expect(() => UnsignedMessage.fromJson({ ...json, Nonce: -1 })).toThrow(/^UnsignedMessage\.Nonce: expected uint64/)
    expect(() => UnsignedMessage.fromJson({ ...json, To: 'f1' })).toThrow(/^UnsignedMessage\.To: /)
    const tuple = dagCbor.decode(UnsignedMessage.encode(UnsignedMessage.fromJson(json))) as unknown[]
    expect(() => UnsignedMessage.decode(dagCbor.encode(tuple.slice(0, 9)))).toThrow(/^UnsignedMessage: expected array of 10 fields/)
    expect(() => UnsignedMessage.decode(dagCbor.encode([...tuple.slice(0, 4), Uint8Array.of(0, 0, 1), ...tuple.slice(5)]))).toThrow(
      /^UnsignedMessage\.Value: expected big integer magnitude without leading zero bytes/,
    )
    expect(() => UnsignedMessage.decode(dagCbor.encode([...tuple.slice(0, 5), 2n ** 63n, ...tuple.slice(6)]))).toThrow(/^UnsignedMessage\.GasLimit: expected int64/)
  })
})

describe('UnsignedMessage JSON Schema', () => {
  const schema = UnsignedMessage.jsonSchema()
  const properties = schema.properties as Record<string, Record<string, unknown>>

  it('has every field, required, in tuple order, with its doc', () => {
    const names = UnsignedMessage.fields.map((f) => f.name)
    expect(names).toEqual(['Version', 'To', 'From', 'Nonce', 'Value', 'GasLimit', 'GasFeeCap', 'GasPremium', 'Method', 'Params'])
    expect(Object.keys(properties)).toEqual(names)
    expect(schema.required).toEqual(names)
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'UnsignedMessage', type: 'object' })
    for (const f of UnsignedMessage.fields) expect(properties[f.name]?.description).toBe(f.doc)
  })

  it('bounds integers to what JSON numbers hold exactly, with decimal strings beyond', () => {
    expect(properties.Nonce?.anyOf).toEqual([
      { maximum: Number.MAX_SAFE_INTEGER, minimum: 0, type: 'integer' },
      { pattern: '^(0|[1-9][0-9]*)$', type: 'string' },
    ])
    expect(properties.GasLimit?.anyOf).toEqual([
      { maximum: Number.MAX_SAFE_INTEGER, minimum: Number.MIN_SAFE_INTEGER, type: 'integer' },
      { pattern: '^(0|-?[1-9][0-9]*)$', type: 'string' },
    ])
    expect(properties.Value).toMatchObject({ type: 'string', pattern: '^(0|-?[1-9][0-9]*)$' })
    expect(properties.Params?.anyOf).toContainEqual({ type: 'null' })
  })

  // The schema document itself, read back by an independent path (zod's JSON Schema reader).
  it.each(vectors.map((v) => [v.id, v] as const))('accepts the Lotus JSON of %s', (_, v) => {
    const validator = z.fromJSONSchema(schema)
    expect(validator.safeParse(v.lotusJson).success).toBe(true)
    expect(validator.safeParse({ ...v.lotusJson, CID: { '/': v.cid } }).success).toBe(true)
    expect(validator.safeParse({ ...v.lotusJson, Nonce: -1 }).success).toBe(false)
    expect(validator.safeParse({ ...v.lotusJson, Value: 5 }).success).toBe(false)
  })
})
