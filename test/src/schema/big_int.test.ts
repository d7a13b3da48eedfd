import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { BIG_INT_MAX_BYTES, bigInt, decodeBigInt, encodeBigInt } from '../../../src/schema/big_int.ts'
import { SchemaError } from '../../../src/schema/errors.ts'
import { valueOrSchemaError } from './arbitraries.ts'

const bound = 2n ** BigInt(8 * (BIG_INT_MAX_BYTES - 1))
const arbBigInt = fc.oneof(fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), fc.bigInt({ min: -bound + 1n, max: bound - 1n }))

describe('bigInt canonical byte form', () => {
  it('encodes zero as empty bytes and reads empty bytes as zero', () => {
    expect(encodeBigInt(0n)).toEqual(new Uint8Array(0))
    expect(decodeBigInt(new Uint8Array(0), 'x')).toBe(0n)
  })

  it('reads a sign byte then the big-endian magnitude', () => {
    expect(decodeBigInt(Uint8Array.of(0x00, 0x01), 'x')).toBe(1n)
    expect(decodeBigInt(Uint8Array.of(0x01, 0x01), 'x')).toBe(-1n)
    expect(decodeBigInt(Uint8Array.of(0x00, 0x01, 0x00), 'x')).toBe(256n)
    expect(encodeBigInt(-256n)).toEqual(Uint8Array.of(0x01, 0x01, 0x00))
  })

  it.each([
    ['a bare sign byte', [0x00]],
    ['a bare negative sign byte', [0x01]],
    ['a sign byte other than 0 or 1', [0x02, 0x01]],
    ['a leading zero magnitude byte', [0x00, 0x00, 0x01]],
  ])('rejects %s', (_, raw) => {
    expect(() => decodeBigInt(Uint8Array.from(raw), 'M.Value')).toThrow(SchemaError)
    expect(() => decodeBigInt(Uint8Array.from(raw), 'M.Value')).toThrow(/^M\.Value: expected /)
  })

  it('accepts 128 bytes and rejects 129', () => {
    const max = Uint8Array.from([0, ...new Array<number>(BIG_INT_MAX_BYTES - 1).fill(0xff)])
    expect(decodeBigInt(max, 'x')).toBe(bound - 1n)
    expect(() => decodeBigInt(Uint8Array.from([...max, 0xff]), 'x')).toThrow(SchemaError)
  })

  it('round-trips every value in range', () => {
    fc.assert(fc.property(arbBigInt, (v) => decodeBigInt(encodeBigInt(v), 'x') === v))
  })

  it('reads arbitrary bytes only when they are the canonical encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 140 }), (raw) => {
        const v = valueOrSchemaError(() => decodeBigInt(raw, 'x'))
        if (typeof v === 'bigint') expect(encodeBigInt(v)).toEqual(raw)
      }),
    )
  })
})

describe('bigInt kind', () => {
  it('writes Lotus JSON as a decimal string and reads it back', () => {
    fc.assert(fc.property(arbBigInt, (v) => bigInt.fromJson(bigInt.toJson(v), 'x') === v))
    expect(bigInt.toJson(-12n)).toBe('-12')
  })

  it.each([['-0'], ['01'], ['1.0'], [' 1'], [''], [12], [null]])('rejects JSON %j', (j) => {
    expect(() => bigInt.fromJson(j, 'x')).toThrow(SchemaError)
  })

  it('reads arbitrary CBOR data or JSON only into values that write back the same', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^-?[0-9]{0,4}$/)), (s) => {
        const v = valueOrSchemaError(() => bigInt.fromJson(s, 'x'))
        if (typeof v === 'bigint') expect(bigInt.toJson(v)).toBe(s)
      }),
    )
    fc.assert(fc.property(fc.anything(), (data) => void valueOrSchemaError(() => bigInt.fromCbor(data, 'x'))))
  })

  it('validates in-memory values against the 128-byte bound', () => {
    expect(bigInt.value.safeParse(bound - 1n).success).toBe(true)
    expect(bigInt.value.safeParse(-bound).success).toBe(false)
  })
})
