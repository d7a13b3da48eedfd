// The primitive kinds of Filecoin's on-chain structures and the two combinators (list, nullable).
// CBOR rules follow whyrusleeping/cbor-gen as Lotus uses it; JSON rules follow Lotus's RPC
// (Go encoding/json on the same Go types). Big integers live in big_int.ts.

import { z } from 'zod'
import { CID } from 'multiformats/cid'
import { base64pad } from 'multiformats/bases/base64'
import { defineKind, fail, parseWith, type Json, type Kind } from './kind.ts'

/** cbor-gen's default bound on string and list lengths (`cbg.MaxLength`). */
export const CBOR_MAX_LENGTH = 8192
/** cbor-gen's bound on byte strings (`cbg.ByteArrayMaxLen` = 2 << 20). */
export const CBOR_MAX_BYTES = 2 << 20

const U64_MAX = 2n ** 64n - 1n
const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n

/**
 * A fixed-width integer held as a bigint (pitfalls.md: u64 fields exceed JS numbers).
 * CBOR: @ipld/dag-cbor decodes it as a number when safe and a bigint otherwise; both are read.
 * JSON: Lotus writes a Go integer as a JSON number, but JSON.parse rounds numbers past 2^53, so we
 * write a number when it is a safe integer and a decimal string otherwise, and read either.
 */
function fixedInt(name: string, min: bigint, max: bigint): Kind<bigint> {
  const range = `${name} in [${min}, ${max}]`
  const inRange = (v: bigint) => v >= min && v <= max
  const value = z.bigint({ error: `expected ${range}` }).refine(inRange, { error: `expected ${range}` })
  const safe = min === 0n ? z.int({ error: `expected ${range}` }).min(0, { error: `expected ${range}` }) : z.int({ error: `expected ${range}` })
  const decimal = z
    .string()
    .regex(min === 0n ? /^(0|[1-9][0-9]*)$/ : /^(0|-?[1-9][0-9]*)$/, { error: `expected ${range} as decimal string`, abort: true })
    .refine((s) => inRange(BigInt(s)), { error: `expected ${range}` })
  const json = z.union([safe, decimal], { error: `expected ${range} as number or decimal string` })
  return defineKind({
    name,
    value,
    json,
    toCbor: (v) => v,
    fromCbor(data, path) {
      if (typeof data === 'number' && Number.isSafeInteger(data) && inRange(BigInt(data))) return BigInt(data)
      if (typeof data === 'bigint' && inRange(data)) return data
      return fail(path, range, data)
    },
    toJson: (v) => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()),
    fromJson: (j, path) => BigInt(parseWith(json, j, path)),
  })
}

/** cbor-gen `uint64`: CBOR major type 0. */
export const uint64 = fixedInt('uint64', 0n, U64_MAX)
/** cbor-gen `int64`: CBOR major type 0 or 1. */
export const int64 = fixedInt('int64', I64_MIN, I64_MAX)

/** The base64 alphabet with padding; the exact form is checked by re-encoding. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * A byte string. Lotus JSON writes it as padded base64 and an empty one from chain data as `null`
 * (cbor-gen leaves an empty byte string as a nil slice, which Go's encoding/json writes as null);
 * we write null for empty and read null or "" as empty. Other base64 spellings of the same bytes
 * (missing padding, stray bits) are rejected so that every accepted string round-trips.
 */
const bytesJson = z.string().regex(BASE64, { error: 'expected padded base64' }).nullable()

export const bytes: Kind<Uint8Array> = defineKind<Uint8Array>({
  name: 'bytes',
  value: z
    .instanceof(Uint8Array, { error: 'expected Uint8Array' })
    .refine((b) => b.length <= CBOR_MAX_BYTES, { error: `expected at most ${CBOR_MAX_BYTES} bytes` }),
  json: bytesJson,
  toCbor: (v) => v,
  fromCbor(data, path) {
    if (!(data instanceof Uint8Array)) return fail(path, 'byte string', data)
    if (data.length > CBOR_MAX_BYTES) return fail(path, `at most ${CBOR_MAX_BYTES} bytes`, data)
    return data
  },
  toJson: (v) => (v.length === 0 ? null : base64pad.baseEncode(v)),
  fromJson(json, path) {
    const s = parseWith(bytesJson, json, path)
    if (s === null) return new Uint8Array(0)
    let decoded: Uint8Array | undefined
    try {
      decoded = base64pad.baseDecode(s.replace(/=+$/, ''))
    } catch {
      // stray bits or a wrong length: reported below with every other non-canonical spelling
    }
    if (decoded === undefined || base64pad.baseEncode(decoded) !== s) return fail(path, 'canonical padded base64', s)
    if (decoded.length > CBOR_MAX_BYTES) return fail(path, `at most ${CBOR_MAX_BYTES} bytes`, decoded)
    return decoded
  },
})

/**
 * A UTF-8 text string (cbor-gen `string`). On-chain text that may not be valid UTF-8 (deal labels)
 * must use `bytes` instead: decoding would replace invalid bytes and break the block's CID
 * (pitfalls.md); struct decoding rejects such input rather than altering it.
 */
const utf8Length = (s: string) => new TextEncoder().encode(s).length
const stringSchema = z
  .string({ error: 'expected string' })
  .refine((s) => utf8Length(s) <= CBOR_MAX_LENGTH, { error: `expected at most ${CBOR_MAX_LENGTH} UTF-8 bytes` })

export const string: Kind<string> = defineKind({
  name: 'string',
  value: stringSchema,
  json: stringSchema,
  toCbor: (v) => v,
  fromCbor(data, path) {
    if (typeof data !== 'string' || utf8Length(data) > CBOR_MAX_LENGTH) return fail(path, `text string of at most ${CBOR_MAX_LENGTH} bytes`, data)
    return data
  },
  toJson: (v) => v,
  fromJson: (json, path) => parseWith(stringSchema, json, path),
})

const boolSchema = z.boolean({ error: 'expected boolean' })

export const bool: Kind<boolean> = defineKind({
  name: 'bool',
  value: boolSchema,
  json: boolSchema,
  toCbor: (v) => v,
  fromCbor: (data, path) => (typeof data === 'boolean' ? data : fail(path, 'boolean', data)),
  toJson: (v) => v,
  fromJson: (json, path) => parseWith(boolSchema, json, path),
})

const cidJson = z.object({ '/': z.string({ error: 'expected CID string' }) }, { error: 'expected {"/": cid}' })

/** A CID: CBOR tag 42 (dag-cbor's link); Lotus JSON `{"/": "<cid string>"}`. */
export const cid: Kind<CID> = defineKind({
  name: 'Cid',
  value: z.custom<CID>((v) => CID.asCID(v) !== null, { error: 'expected CID' }),
  json: cidJson,
  toCbor: (v) => v,
  fromCbor: (data, path) => CID.asCID(data) ?? fail(path, 'CID (tag 42)', data),
  toJson: (v) => ({ '/': v.toString() }),
  fromJson(json, path) {
    const { '/': s } = parseWith(cidJson, json, path)
    try {
      return CID.parse(s)
    } catch {
      return fail(`${path}["/"]`, 'CID string', s)
    }
  },
})

/**
 * A list (cbor-gen slice: a CBOR array of at most `maxLength` items). Like bytes, Lotus JSON writes
 * an empty list from chain data as `null` (a nil Go slice); we write null and read null or [].
 */
export function list<T>(item: Kind<T>, maxLength = CBOR_MAX_LENGTH): Kind<T[]> {
  const rule = `array of at most ${maxLength} items`
  return defineKind({
    name: `list<${item.name}>`,
    value: z.array(item.value).max(maxLength, { error: `expected ${rule}` }),
    json: z.array(item.json).max(maxLength).nullable(),
    toCbor: (v) => v.map((x) => item.toCbor(x)),
    fromCbor(data, path) {
      if (!Array.isArray(data) || data.length > maxLength) return fail(path, rule, data)
      return data.map((x, i) => item.fromCbor(x, `${path}[${i}]`))
    },
    toJson: (v) => (v.length === 0 ? null : v.map((x) => item.toJson(x))),
    fromJson(json, path) {
      if (json === null) return []
      if (!Array.isArray(json) || json.length > maxLength) return fail(path, rule, json)
      return json.map((x, i) => item.fromJson(x, `${path}[${i}]`))
    },
  })
}

/**
 * A value or CBOR null (a cbor-gen pointer field). In JSON, null is always read as absent: for a
 * nullable bytes or list, Lotus's null for "empty" and for "absent" cannot be told apart.
 */
export function nullable<T>(inner: Kind<T>): Kind<T | null> {
  return defineKind({
    name: `nullable<${inner.name}>`,
    value: inner.value.nullable(),
    json: inner.json.nullable(),
    toCbor: (v) => (v === null ? null : inner.toCbor(v)),
    fromCbor: (data, path) => (data === null ? null : inner.fromCbor(data, path)),
    toJson: (v): Json => (v === null ? null : inner.toJson(v)),
    fromJson: (json, path) => (json === null ? null : inner.fromJson(json, path)),
  })
}
