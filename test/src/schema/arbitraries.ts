// fast-check arbitraries shared by the schema tests: garbage input for decoders.

import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { SchemaError } from '../../../src/schema/errors.ts'

/** A CIDv1 dag-cbor blake2b-256 link with a random digest. */
export const arbCid = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((d) => CID.createV1(0x71, createDigest(0xb220, d)))

/** Any value @ipld/dag-cbor can encode: the data model, CIDs included. */
export const arbCborValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n - 1n }),
    fc.boolean(),
    fc.constant(null),
    fc.string(),
    fc.uint8Array({ maxLength: 64 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    arbCid,
    fc.array(tie('value'), { maxLength: 12 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  ),
})).value

/** Runs `f`; returns normally whether it returns a value or throws a SchemaError, rethrows anything else. */
export function valueOrSchemaError<T>(f: () => T): T | SchemaError {
  try {
    return f()
  } catch (e) {
    if (e instanceof SchemaError) return e
    throw e
  }
}

/** Valid encodings of `arb`'s values with one byte overwritten, or cut short: near-miss garbage. */
export function arbCorruptedEncoding<T>(encode: (v: T) => Uint8Array, arb: fc.Arbitrary<T>): fc.Arbitrary<Uint8Array> {
  return fc.tuple(arb, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean()).map(([v, at, byte, truncate]) => {
    const raw = encode(v)
    const i = at % raw.length
    if (truncate) return raw.subarray(0, i)
    raw[i] = byte
    return raw
  })
}

/** Any JSON, or an object with exactly a structure's keys holding any JSON. */
export function arbNearJson(fields: readonly { name: string }[]): fc.Arbitrary<unknown> {
  return fc.oneof(fc.jsonValue(), fc.record(Object.fromEntries(fields.map((f) => [f.name, fc.jsonValue()]))))
}
