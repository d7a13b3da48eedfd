// A structure defined once, from which come its TS type, validation, the DAG-CBOR tuple encoding
// (cbor-gen `gen.WriteTupleEncodersToFile`: a CBOR array of the fields in definition order), the
// Lotus JSON object, a JSON Schema and the docs' field table. A struct is itself a Kind, so
// structures nest. DESIGN.md "Schemas: one definition, many outputs".

import { z } from 'zod'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { equals } from 'multiformats/bytes'
import { blake2b } from '@noble/hashes/blake2.js'
import { SchemaError } from './errors.ts'
import { fail, parseWith, type Infer, type Json, type Kind } from './kind.ts'

/** Multihash code of blake2b-256, the hash of Filecoin's chain CIDs. */
export const BLAKE2B_256 = 0xb220

type Fields = Record<string, Kind<unknown>>
type StructValue<F extends Fields> = { [K in keyof F]: Infer<F[K]> }

/** One row of the docs' field table. */
export interface FieldInfo {
  readonly name: string
  readonly kind: string
  readonly doc?: string
}

export interface Struct<F extends Fields> extends Kind<StructValue<F>> {
  /** Fields in tuple order. */
  readonly fields: readonly FieldInfo[]
  /** Validates `value`, then encodes it as DAG-CBOR. */
  encode(value: StructValue<F>): Uint8Array
  /** Decodes DAG-CBOR bytes; throws only SchemaError. */
  decode(bytes: Uint8Array): StructValue<F>
  /** The CIDv1 (dag-cbor, blake2b-256) of the encoding. */
  cid(value: StructValue<F>): CID
  /** The fields' CBOR data model values, as the tuple (a CBOR array) in field order. */
  toCbor(value: StructValue<F>): unknown[]
  toJson(value: StructValue<F>): { [key: string]: Json }
  /** Reads the Lotus JSON object; errors name `path`, the struct's name by default. */
  fromJson(json: unknown, path?: string): StructValue<F>
  /** The JSON Schema (draft 2020-12) of the Lotus JSON form, with stable key order. */
  jsonSchema(): Record<string, unknown>
}

/** Gives a kind the doc of the field it fills: `Nonce: field(uint64, 'sender nonce')`. */
export function field<T>(kind: Kind<T>, doc: string): Kind<T> {
  return { ...kind, doc }
}

/** The CID Lotus gives a DAG-CBOR block: CIDv1, codec 0x71, blake2b-256 (prefix 0171a0e40220). */
export function computeCborCid(bytes: Uint8Array): CID {
  return CID.createV1(dagCbor.code, createDigest(BLAKE2B_256, blake2b(bytes, { dkLen: 32 })))
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
}

/** Sorts object keys recursively, but keeps `properties` in field (tuple) order. */
function sortKeys(node: unknown, keepOrder = false): unknown {
  if (Array.isArray(node)) return node.map((x) => sortKeys(x))
  if (!isPlainObject(node)) return node
  const keys = keepOrder ? Object.keys(node) : Object.keys(node).sort()
  const out: Record<string, unknown> = {}
  for (const key of keys) out[key] = sortKeys(node[key], !keepOrder && key === 'properties')
  return out
}

/**
 * Defines a structure. Field order is the CBOR tuple order, so it must be the reference's order.
 * Lotus JSON keys are the field names as written (PascalCase); unknown keys in JSON input are
 * ignored as Go's encoding/json does (Lotus adds e.g. "CID" to a message's JSON).
 */
export function defineStruct<F extends Fields>(name: string, fields: F, options: { doc?: string } = {}): Struct<F> {
  type T = StructValue<F>
  const kinds = Object.keys(fields).map((key) => [key, fields[key] as Kind<unknown>] as const)
  const valueShape: Record<string, z.ZodType> = {}
  const jsonShape: Record<string, z.ZodType> = {}
  for (const [key, kind] of kinds) {
    valueShape[key] = kind.value
    jsonShape[key] = kind.doc === undefined ? kind.json : kind.json.describe(kind.doc)
  }
  // zod cannot infer T from a shape built at run time; the shape is built from F's kinds.
  const value = z.object(valueShape) as unknown as z.ZodType<T>
  const json = z.looseObject(jsonShape).meta({ title: name, ...(options.doc === undefined ? {} : { description: options.doc }) })

  function toCbor(v: T): unknown[] {
    return kinds.map(([key, kind]) => kind.toCbor(v[key]))
  }

  function fromCbor(data: unknown, path: string): T {
    if (!Array.isArray(data) || data.length !== kinds.length) return fail(path, `array of ${kinds.length} fields`, data)
    const out: Record<string, unknown> = {}
    for (const [i, [key, kind]] of kinds.entries()) out[key] = kind.fromCbor(data[i], `${path}.${key}`)
    return out as T
  }

  function encode(v: T): Uint8Array {
    return dagCbor.encode(toCbor(parseWith(value, v, name)))
  }

  // Decoding also checks that the bytes are exactly what encoding gives back: @ipld/dag-cbor reads
  // a few spellings leniently (undefined as null, integral floats as integers, invalid UTF-8
  // replaced), and a block that does not re-encode to itself would not keep its CID.
  function decode(bytes: Uint8Array): T {
    let data: unknown
    try {
      data = dagCbor.decode(bytes)
    } catch (e) {
      throw new SchemaError(name, `expected dag-cbor, got ${(e as Error).message}`)
    }
    const v = fromCbor(data, name)
    if (!equals(dagCbor.encode(toCbor(v)), bytes)) throw new SchemaError(name, 'expected canonical dag-cbor, got bytes that re-encode differently')
    return v
  }

  function toJson(v: T): { [key: string]: Json } {
    const out: { [key: string]: Json } = {}
    for (const [key, kind] of kinds) out[key] = kind.toJson(v[key])
    return out
  }

  function fromJson(j: unknown, path: string = name): T {
    if (!isPlainObject(j)) return fail(path, 'object', j)
    const out: Record<string, unknown> = {}
    for (const [key, kind] of kinds) {
      if (!Object.hasOwn(j, key)) return fail(`${path}.${key}`, 'field present', undefined)
      out[key] = kind.fromJson(j[key], `${path}.${key}`)
    }
    return out as T
  }

  return {
    name,
    ...(options.doc === undefined ? {} : { doc: options.doc }),
    value,
    json,
    fields: kinds.map(([key, kind]) => ({ name: key, kind: kind.name, ...(kind.doc === undefined ? {} : { doc: kind.doc }) })),
    toCbor,
    fromCbor,
    toJson,
    fromJson,
    encode,
    decode,
    cid: (v) => computeCborCid(encode(v)),
    jsonSchema: () => sortKeys(z.toJSONSchema(json, { target: 'draft-2020-12', unrepresentable: 'throw' })) as Record<string, unknown>,
  }
}
