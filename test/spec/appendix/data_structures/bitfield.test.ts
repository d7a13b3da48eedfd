// Bitfields: the references' vectors for sets, their bytes, their JSON and the operations
// (bitfield_vectors.json, each assertion labelled with the vector's id); then every operation
// against a plain model (a sorted list of indexes) with fast-check, and the schema kind's CBOR and
// JSON forms, with garbage input.
import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BITFIELD_MAX_ENCODED_SIZE,
  addBits,
  bitFieldFromBytes,
  bitFieldFromRuns,
  bitFieldFromSet,
  bitfield,
  computeCut,
  computeDifference,
  computeIntersection,
  computeSlice,
  computeUnion,
  copyBitField,
  createBitField,
  getBitCount,
  getBitFieldRuns,
  getFirstBit,
  getLastBit,
  getSetBits,
  hasAllOf,
  hasAnyOf,
  isBitFieldEmpty,
  isBitSet,
  iterateSetBits,
  removeBits,
  validateBitField,
  type BitField,
} from '../../../../spec/appendix/data_structures/bitfield.ts'
import { BitFieldError, MAX_RUN_LENGTH, type BitFieldErrorKind } from '../../../../spec/appendix/data_structures/rle_plus.ts'
import { SchemaError } from '../../../../src/schema/errors.ts'
import { arbCborValue, valueOrSchemaError } from '../../../src/schema/arbitraries.ts'
import { packStream } from './bitfield_fixtures.ts'
import vectors from './bitfield_vectors.json' with { type: 'json' }

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const big = (xs: readonly (number | string)[]) => xs.map((x) => BigInt(x))
const all = (bf: BitField) => getSetBits(bf, Number.MAX_SAFE_INTEGER)

function expectKind(f: () => unknown, kind: BitFieldErrorKind): void {
  let err: unknown
  try {
    f()
  } catch (e) {
    err = e
  }
  expect(err, `expected a ${kind} error`).toBeInstanceOf(BitFieldError)
  expect((err as BitFieldError).kind).toBe(kind)
}

describe('sets and their bytes', () => {
  it.each(vectors.sets.map((v) => [v.id, v] as const))('%s', (_, v) => {
    const bits = 'range' in v && v.range !== undefined ? Array.from({ length: Number(v.range[1]) }, (_, i) => BigInt(v.range[0]!) + BigInt(i)) : big(v.bits ?? [])
    const bf = bitFieldFromSet(bits)
    if ('hex' in v && v.hex !== undefined) expect(hex(bf.bytes)).toBe(v.hex)
    if ('cbor_hex' in v && v.cbor_hex !== undefined) {
      expect(hex(dagCbor.encode(bitfield.toCbor(bf)))).toBe(v.cbor_hex)
      expect(all(bitfield.fromCbor(dagCbor.decode(Buffer.from(v.cbor_hex, 'hex')), 'bf'))).toEqual(bits)
    }
    if (bits.some((b) => b === MAX_RUN_LENGTH)) expectKind(() => getBitCount(bf), 'overflow')
    else expect(all(bitFieldFromBytes(bf.bytes))).toEqual(bits)
  })

  it.each(vectors.runs.map((v) => [v.id, v] as const))('%s', (_, v) => {
    const runs = getBitFieldRuns(bitFieldFromSet(big(v.bits)))
    expect(runs[0]?.value).toBe(v.first === 1)
    expect(runs.map((r) => r.length)).toEqual(big(v.runs))
  })

  it(`${vectors.rust_iter_last.id}`, () => {
    const bf = bitFieldFromBytes(Buffer.from(vectors.rust_iter_last.hex, 'hex'))
    expect(getLastBit(bf)).toBe(BigInt(vectors.rust_iter_last.last))
    expect(getBitCount(bf)).toBe(2n ** 64n - 2n)
    expect(isBitSet(bf, 2n ** 63n - 1n)).toBe(false)
    expect(isBitSet(bf, 2n ** 63n)).toBe(true)
  })

  it(`${vectors.rust_bitfield_custom.id}`, () => {
    const bf = bitFieldFromSet(Array.from({ length: 500_000 }, (_, i) => 2 * i))
    expect(bf.bytes.length).toBe(vectors.rust_bitfield_custom.encoded_length)
    expect(() => bitfield.value.parse(bf)).toThrow()
    const cbor = new Uint8Array([...Buffer.from(vectors.rust_bitfield_custom.cbor_head_hex, 'hex'), ...bf.bytes])
    expect(valueOrSchemaError(() => bitfield.fromCbor(dagCbor.decode(cbor), 'bf'))).toBeInstanceOf(SchemaError)
  })

  it('the prose’s examples', () => {
    expect(hex(bitFieldFromSet([0, 2, 4, 5, 6, ...Array.from({ length: 17 }, (_, i) => 11 + i)]).bytes)).toBe('7c472202')
    expect(hex(bitFieldFromSet([1, 2, 4, 5]).bytes)).toBe('a854')
    expect(hex(bitFieldFromSet(Array.from({ length: 768 }, (_, i) => i)).bytes)).toBe('04d0')
    expect(isBitSet(bitFieldFromSet([0]), -1)).toBe(false)
  })

  it('go bitfield_test.go TestMinimallyEncoded: no encoding ends in a zero byte', () => {
    fc.assert(fc.property(fc.array(fc.nat(200)), (bits) => void expect(bitFieldFromSet(bits).bytes.at(-1)).not.toBe(0)))
  })
})

describe('operations on the references’ examples', () => {
  const ops = vectors.rust_ops
  it.each(ops.and.map((c) => [JSON.stringify(c), c] as const))(`${ops.id}: and %s`, (_, [a, b, r]) => {
    expect(all(computeIntersection(bitFieldFromSet(a!), bitFieldFromSet(b!)))).toEqual(big(r!))
  })
  it.each(ops.or.map((c) => [JSON.stringify(c), c] as const))(`${ops.id}: or %s`, (_, [a, b, r]) => {
    expect(all(computeUnion(bitFieldFromSet(a!), bitFieldFromSet(b!)))).toEqual(big(r!))
  })
  it.each(ops.sub.map((c) => [JSON.stringify(c), c] as const))(`${ops.id}: difference %s`, (_, [a, b, r]) => {
    expect(all(computeDifference(bitFieldFromSet(a!), bitFieldFromSet(b!)))).toEqual(big(r!))
  })
  it.each(ops.contains_any.map((c) => [JSON.stringify(c), c] as const))(`${ops.id}: contains_any %s`, (_, [a, b, r]) => {
    expect(hasAnyOf(bitFieldFromSet(a as number[]), bitFieldFromSet(b as number[]))).toBe(r)
  })
  it.each(ops.contains_all.map((c) => [JSON.stringify(c), c] as const))(`${ops.id}: contains_all %s`, (_, [a, b, r]) => {
    expect(hasAllOf(bitFieldFromSet(a as number[]), bitFieldFromSet(b as number[]))).toBe(r)
  })
  it(`${vectors.go_subtract_large.id}`, () => {
    const v = vectors.go_subtract_large
    expect(all(computeDifference(bitFieldFromSet(big(v.a)), bitFieldFromSet(big(v.b))))).toEqual(big(v.expected))
  })
  it(`${vectors.go_cut.id}`, () => {
    const v = vectors.go_cut
    expect(all(computeCut(bitFieldFromSet(v.a), bitFieldFromSet(v.b)))).toEqual(big(v.expected))
  })
  it(`${vectors.go_slice_doc.id}`, () => {
    const v = vectors.go_slice_doc
    expect(all(computeSlice(bitFieldFromSet(v.bits), v.start, v.count))).toEqual(big(v.expected))
  })
  it(`${vectors.go_slice_small.id}`, () => {
    const vals = vectors.go_slice_small.vals
    for (let i = 0; i < vals.length; i++)
      for (let j = 0; j < vals.length - i; j++) expect(all(computeSlice(bitFieldFromSet(vals), i, j)), `${i}, ${j}`).toEqual(big(vals.slice(i, i + j)))
  })
  it(`${vectors.rust_slice_small.id}`, () => {
    const v = vectors.rust_slice_small
    const slice = computeSlice(bitFieldFromSet(v.stream_set), v.start, v.count)
    expect(getBitCount(slice)).toBe(3n)
    expect(all(slice)).toEqual(big(v.expected))
  })
  it('go TestBitfieldCutSame: a bitfield cut by itself is empty', () => {
    const a = bitFieldFromSet([0, 2, 3, 7, 8, 9, 40])
    expect(isBitFieldEmpty(computeCut(a, a))).toBe(true)
  })
  it('go TestLastEmpty and First: no set bits is a no-bits error', () => {
    expectKind(() => getLastBit(createBitField()), 'no-bits')
    expectKind(() => getFirstBit(bitFieldFromSet([])), 'no-bits')
  })
  it('a slice past the set bits is a slice error, as go-bitfield says "not enough bits set"', () => {
    expectKind(() => computeSlice(bitFieldFromSet([1, 2, 3]), 2, 2), 'slice')
    expectKind(() => computeSlice(bitFieldFromSet([1, 2, 3]), 5, 1), 'slice')
    expect(all(computeSlice(bitFieldFromSet([1, 2, 3]), 5, 0))).toEqual([])
  })
  it('a slice of no bits that starts inside a run of ones has Go’s non-canonical bytes (a zero-length run of ones)', () => {
    const slice = computeSlice(bitFieldFromSet([0, 1]), 1, 0)
    expect(hex(slice.bytes)).toBe('28')
    expect(isBitFieldEmpty(slice)).toBe(true)
    expect(hex(copyBitField(slice).bytes)).toBe('')
    // at a run boundary, or from the start, the empty slice is the empty encoding
    expect(hex(computeSlice(bitFieldFromSet([0, 1, 5]), 2, 0).bytes)).toBe('')
    expect(hex(computeSlice(bitFieldFromSet([0, 1]), 0, 0).bytes)).toBe('')
  })
  it('getSetBits refuses more bits than asked for (ErrBitFieldTooMany)', () => {
    const bf = bitFieldFromSet([1, 2, 3])
    expect(getSetBits(bf, 3)).toEqual([1n, 2n, 3n])
    expectKind(() => getSetBits(bf, 2), 'too-many')
  })
  it('operations read their operands first: an invalid one throws its BitFieldError', () => {
    const bad = bitFieldFromBytes(Uint8Array.of(0x04, 0x00))
    const good = bitFieldFromSet([1])
    for (const f of [() => computeUnion(good, bad), () => computeIntersection(bad, good), () => computeDifference(good, bad), () => computeCut(good, bad), () => computeSlice(bad, 0, 0), () => isBitSet(bad, 0), () => validateBitField(bad)])
      expectKind(f, 'not-minimal')
    expectKind(() => bitFieldFromBytes(Uint8Array.of(0x01)), 'version')
  })
})

// ---------------------------------------------------------------------------------------------
// Properties against a model: a set of indexes as a sorted list

const arbIndex = fc.oneof(fc.bigInt({ min: 0n, max: 12n }), fc.bigInt({ min: 0n, max: 64n }), fc.bigInt({ min: 0n, max: 400n }), fc.bigInt({ min: 2n ** 63n - 40n, max: 2n ** 63n + 40n }), fc.bigInt({ min: MAX_RUN_LENGTH - 30n, max: MAX_RUN_LENGTH - 1n }))
const arbSet = fc.array(arbIndex, { maxLength: 40 }).map((xs) => [...new Set(xs)].sort((a, b) => (a < b ? -1 : 1)))
const model = {
  union: (a: bigint[], b: bigint[]) => [...new Set([...a, ...b])].sort((x, y) => (x < y ? -1 : 1)),
  and: (a: bigint[], b: bigint[]) => a.filter((x) => b.includes(x)),
  sub: (a: bigint[], b: bigint[]) => a.filter((x) => !b.includes(x)),
  cut: (a: bigint[], b: bigint[]) => model.sub(a, b).map((x) => x - BigInt(b.filter((y) => y < x).length)),
}

describe('operations against the model', () => {
  it('bytes round-trip, canonically, and every query agrees', () => {
    fc.assert(
      fc.property(arbSet, arbIndex, (s, probe) => {
        const bf = bitFieldFromSet(s)
        const again = bitFieldFromBytes(bf.bytes)
        expect(all(again)).toEqual(s)
        expect(copyBitField(again).bytes).toEqual(bf.bytes)
        expect(bitFieldFromRuns(getBitFieldRuns(again)).bytes).toEqual(bf.bytes)
        expect(getBitCount(again)).toBe(BigInt(s.length))
        expect(isBitFieldEmpty(again)).toBe(s.length === 0)
        expect(isBitSet(again, probe)).toBe(s.includes(probe))
        expect([...iterateSetBits(again)]).toEqual(s)
        if (s.length > 0) expect([getFirstBit(again), getLastBit(again)]).toEqual([s[0], s[s.length - 1]])
      }),
    )
  })
  it('union, intersection, difference, cut, contains and add/remove', () => {
    fc.assert(
      fc.property(arbSet, arbSet, arbSet, (a, b, c) => {
        const [fa, fb, fc_] = [a, b, c].map((s) => bitFieldFromSet(s)) as [BitField, BitField, BitField]
        const check = (bf: BitField, want: bigint[]) => {
          expect(all(bf)).toEqual(want)
          expect(bf.bytes).toEqual(bitFieldFromSet(want).bytes) // canonical
        }
        check(computeUnion(fa, fb), model.union(a, b))
        check(computeUnion(fa, fb, fc_), model.union(model.union(a, b), c))
        check(computeUnion(), [])
        check(computeIntersection(fa, fb), model.and(a, b))
        check(computeDifference(fa, fb), model.sub(a, b))
        check(computeCut(fa, fb), model.cut(a, b))
        check(addBits(fa, b), model.union(a, b))
        check(removeBits(fa, b), model.sub(a, b))
        expect(hasAnyOf(fa, fb)).toBe(model.and(a, b).length > 0)
        expect(hasAllOf(fa, fb)).toBe(model.sub(b, a).length === 0)
      }),
      { numRuns: 300 },
    )
  })
  it('slices: the count bits after the first start ones', () => {
    fc.assert(
      fc.property(arbSet, fc.nat(45), fc.nat(45), (s, start, count) => {
        const bf = bitFieldFromSet(s)
        if (start + count > s.length) {
          if (count > 0) expectKind(() => computeSlice(bf, start, count), 'slice')
          return
        }
        const slice = computeSlice(bf, start, count)
        expect(all(slice)).toEqual(s.slice(start, start + count))
        if (count > 0) expect(slice.bytes).toEqual(bitFieldFromSet(s.slice(start, start + count)).bytes)
      }),
    )
  })
})

// ---------------------------------------------------------------------------------------------
// The schema kind

describe('bitfield kind', () => {
  it('CBOR is the byte string of the RLE+ bytes, kept as read even when not canonical', () => {
    const odd = packStream([0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1]) // a run of 3 in a long block
    const bf = bitfield.fromCbor(dagCbor.decode(dagCbor.encode(odd)), 'bf')
    expect(dagCbor.encode(bitfield.toCbor(bf))).toEqual(dagCbor.encode(odd))
    expect(all(bf)).toEqual([0n, 1n, 2n, 4n])
  })
  it('CBOR: a byte string of at most 32768 bytes with version bits 00; the rest is read when used, as go-bitfield does', () => {
    expect(BITFIELD_MAX_ENCODED_SIZE).toBe(32 << 10)
    const at = (data: unknown) => valueOrSchemaError(() => bitfield.fromCbor(data, 'State.EarlyTerminations'))
    expect(at(new Uint8Array(BITFIELD_MAX_ENCODED_SIZE).fill(0x04))).not.toBeInstanceOf(SchemaError)
    expect(String(at(new Uint8Array(BITFIELD_MAX_ENCODED_SIZE + 1)))).toMatch(/^SchemaError: State.EarlyTerminations: expected bitfield of at most 32768 bytes/)
    expect(String(at(Uint8Array.of(0x03)))).toBe('SchemaError: State.EarlyTerminations: version expected 0, got 3')
    expect(String(at('abc'))).toMatch(/expected bitfield as byte string/)
    expect(String(at(null))).toMatch(/expected bitfield as byte string/)
    const lazy = at(Uint8Array.of(0x04, 0x00)) as BitField
    expectKind(() => validateBitField(lazy), 'not-minimal')
  })
  it('Lotus JSON: canonical run lengths, the first of zeros (go TestBitfieldJson, TestEmptyBitfieldJson)', () => {
    const v = vectors.go_json
    expect(bitfield.toJson(bitFieldFromSet(v.bits))).toEqual(v.json)
    expect(bitfield.toJson(bitFieldFromSet([0, 1, 2]))).toEqual([0, 3])
    expect(bitfield.toJson(createBitField())).toEqual([0])
    expect(bitfield.toJson(bitFieldFromBytes(packStream([0, 0, 1, 0, 1, 0, 0, 1, 0, 1])))).toEqual([0, 4]) // trailing zeros dropped
    expect(bitfield.toJson(bitFieldFromSet([2n ** 63n]))).toEqual(['9223372036854775808', 1])
    expect(all(bitfield.fromJson(v.json, 'bf'))).toEqual(big(v.bits))
    expect(bitfield.fromJson([0], 'bf').bytes).toEqual(new Uint8Array(0))
    expect(bitfield.fromJson(null, 'bf').bytes).toEqual(new Uint8Array(0))
    expect(bitfield.fromJson([5], 'bf').bytes).toEqual(new Uint8Array(0))
    expect(String(valueOrSchemaError(() => bitfield.fromJson([1, 0, 2], 'bf')))).toMatch(/^SchemaError: bf\[1\]: expected a run length above 0/)
    expect(String(valueOrSchemaError(() => bitfield.fromJson({}, 'bf')))).toMatch(/expected array of run lengths/)
  })
  it('JSON round-trips any set', () => {
    fc.assert(fc.property(arbSet, (s) => void expect(all(bitfield.fromJson(JSON.parse(JSON.stringify(bitfield.toJson(bitFieldFromSet(s)))), 'bf'))).toEqual(s)))
  })
  it('garbage CBOR and JSON give a bitfield or a SchemaError; a bitfield read from CBOR re-encodes to its bytes', () => {
    fc.assert(
      fc.property(fc.oneof(arbCborValue, fc.uint8Array({ maxLength: 40 })), (v) => {
        const r = valueOrSchemaError(() => bitfield.fromCbor(v, 'bf'))
        if (!(r instanceof SchemaError)) expect(bitfield.toCbor(r)).toEqual(v)
      }),
    )
    fc.assert(fc.property(fc.jsonValue(), (j) => void valueOrSchemaError(() => bitfield.fromJson(j, 'bf'))))
  })
})
