// Filecoin's arbitrary-precision integer (TokenAmount, StoragePower, …) as go-state-types `big.Int`
// serialises it: a CBOR byte string holding a sign byte (0x00 positive, 0x01 negative) then the
// big-endian magnitude, with zero as the empty byte string; at most 128 bytes in all
// (`BigIntMaxSerializedLen`). Lotus JSON writes it as a decimal string.
//
// Lotus (go-state-types `fromBytes`) and ref-fvm also read the non-canonical spellings `[0x00]`,
// `[0x01]` and magnitudes with leading zero bytes. We reject them: re-encoding would give other
// bytes, so a message carrying one would not keep its CID.

import { z } from 'zod'
import { defineKind, fail, parseWith, type Kind } from './kind.ts'

/** go-state-types `BigIntMaxSerializedLen`: sign byte plus magnitude. */
export const BIG_INT_MAX_BYTES = 128

/** 127 magnitude bytes: every value has |v| < 2^1016. */
const BIG_INT_BOUND = 2n ** BigInt(8 * (BIG_INT_MAX_BYTES - 1))

const inRange = (v: bigint) => v > -BIG_INT_BOUND && v < BIG_INT_BOUND
const RANGE = `|value| < 2^${8 * (BIG_INT_MAX_BYTES - 1)}`

/** Encodes a bigint as sign byte ‖ big-endian magnitude; zero is empty. */
export function encodeBigInt(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0)
  const magnitude: number[] = []
  for (let m = v < 0n ? -v : v; m > 0n; m >>= 8n) magnitude.unshift(Number(m & 0xffn))
  return Uint8Array.from([v < 0n ? 1 : 0, ...magnitude])
}

/** Decodes the canonical byte form; any other spelling throws SchemaError at `path`. */
export function decodeBigInt(b: Uint8Array, path: string): bigint {
  if (b.length === 0) return 0n
  if (b.length > BIG_INT_MAX_BYTES) return fail(path, `big integer of at most ${BIG_INT_MAX_BYTES} bytes`, b)
  const sign = b[0]
  if (sign !== 0 && sign !== 1) return fail(path, 'big integer sign byte 0x00 or 0x01', sign)
  if (b.length === 1) return fail(path, 'zero as empty bytes, not a bare sign byte', b)
  if (b[1] === 0) return fail(path, 'big integer magnitude without leading zero bytes', b)
  let magnitude = 0n
  for (let i = 1; i < b.length; i++) magnitude = (magnitude << 8n) | BigInt(b[i] ?? 0)
  return sign === 1 ? -magnitude : magnitude
}

const bigIntJson = z
  .string({ error: 'expected decimal string' })
  .regex(/^(0|-?[1-9][0-9]*)$/, { error: 'expected decimal string', abort: true })
  .refine((s) => inRange(BigInt(s)), { error: `expected ${RANGE}` })

/** go-state-types `big.Int`. */
export const bigInt: Kind<bigint> = defineKind({
  name: 'BigInt',
  value: z.bigint({ error: 'expected bigint' }).refine(inRange, { error: `expected ${RANGE}` }),
  json: bigIntJson,
  toCbor: encodeBigInt,
  fromCbor(data, path) {
    if (!(data instanceof Uint8Array)) return fail(path, 'big integer as byte string', data)
    return decodeBigInt(data, path)
  },
  toJson: (v) => v.toString(),
  fromJson: (json, path) => BigInt(parseWith(bigIntJson, json, path)),
})
