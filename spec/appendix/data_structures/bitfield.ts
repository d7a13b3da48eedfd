// Spec section: Appendix › Data Structures, Bitfield. A set of uint64 bit indexes kept as its RLE+
// bytes, with the operations the storage miner actor performs on them, and its schema kind.
// Rules: go-bitfield bitfield.go (BitField, MaxEncodedSize, CBOR and JSON forms, Count, All,
// IsSet, First, Last, Slice, CutBitField, MergeBitFields, MultiMerge, IntersectBitField,
// SubtractBitField, Copy) at commit fe2c186, the one Lotus v1.2.0 selects for actors v0 and v2;
// specs-actors v2.3.2 util/bitfield.go (BitFieldContainsAny, BitFieldContainsAll).

import * as dagCbor from '@ipld/dag-cbor'
import { z } from 'zod'
import { decodeCbor } from '../../libraries/ipld/dag_cbor.ts'
import { defineKind, fail as failSchema, parseWith, type Json, type Kind } from '../../../src/schema/kind.ts'
import { uint64 } from '../../../src/schema/kinds.ts'
import { SchemaError } from '../../../src/schema/errors.ts'
import { BitFieldError, MAX_RUN_LENGTH, RLE_PLUS_VERSION, decodeRlePlus, encodeRlePlus, validateRlePlusVersion, type BitRun } from './rle_plus.ts'

/** The largest encoding a bitfield may have in CBOR, in bytes (go-bitfield `MaxEncodedSize` = 32 << 10). */
export const BITFIELD_MAX_ENCODED_SIZE = 32768

/**
 * A bitfield: its RLE+ bytes, as read or as last encoded. The bytes are checked only for their
 * version when taken (go-bitfield reads them no further until the bitfield is used), so a
 * bitfield may hold bytes that fail the other rules; every operation below reads them first and
 * throws a `BitFieldError` then. Values are never changed: operations return new bitfields.
 */
export interface BitField {
  readonly bytes: Uint8Array
}

/** The runs of each bitfield read so far. Bitfields are immutable, so the cache never goes stale. */
const decoded = new WeakMap<BitField, readonly BitRun[]>()

/** A set bit range [start, end), the form the set operations work on. */
interface BitRange {
  start: bigint
  end: bigint
}

/** Takes RLE+ bytes as a bitfield, checking the version bits only (go-bitfield `NewFromBytes`). */
export function bitFieldFromBytes(bytes: Uint8Array): BitField {
  validateRlePlusVersion(bytes)
  return { bytes }
}

/** The empty bitfield, whose bytes are empty (go-bitfield `New`). */
export function createBitField(): BitField {
  return { bytes: new Uint8Array(0) }
}

/** Encodes runs into a bitfield (go-bitfield `NewFromIter`); see `encodeRlePlus`. */
export function bitFieldFromRuns(runs: readonly BitRun[]): BitField {
  return { bytes: encodeRlePlus(runs) }
}

/**
 * The bitfield of a set of indexes, in any order, repeats allowed (go-bitfield `NewFromSet`, then
 * encoded). An index may be 2^64 − 1, as in Go, though the bytes then add up past 2^64 − 1 and
 * fail to read.
 */
export function bitFieldFromSet(bits: Iterable<bigint | number>): BitField {
  const sorted = [...new Set([...bits].map((b) => BigInt(b)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const ranges: BitRange[] = []
  for (const bit of sorted) {
    if (bit < 0n || bit > MAX_RUN_LENGTH) throw new BitFieldError('runs', `bit index expected in [0, 2^64 − 1], got ${bit}n`)
    const last = ranges[ranges.length - 1]
    if (last !== undefined && last.end === bit) last.end = bit + 1n
    else ranges.push({ start: bit, end: bit + 1n })
  }
  return fromRanges(ranges)
}

/**
 * The runs of a bitfield as its bytes spell them (go-bitfield `RunIterator` over an unchanged
 * bitfield): alternating, none empty, the first possibly of zeros, the last possibly of zeros when
 * the bytes are not in canonical form. Throws a `BitFieldError` for bytes that fail to read.
 */
export function getBitFieldRuns(bf: BitField): readonly BitRun[] {
  let runs = decoded.get(bf)
  if (runs === undefined) {
    runs = decodeRlePlus(bf.bytes)
    decoded.set(bf, runs)
  }
  return runs
}

/** Reads a bitfield's bytes fully, throwing the `BitFieldError` any operation on it would throw. */
export function validateBitField(bf: BitField): void {
  getBitFieldRuns(bf)
}

function toRanges(bf: BitField): BitRange[] {
  const out: BitRange[] = []
  let at = 0n
  for (const run of getBitFieldRuns(bf)) {
    if (run.value) out.push({ start: at, end: at + run.length })
    at += run.length
  }
  return out
}

/** The canonical bitfield of sorted, disjoint, non-adjacent, non-empty ranges. */
function fromRanges(ranges: readonly BitRange[]): BitField {
  const runs: BitRun[] = []
  let at = 0n
  for (const r of ranges) {
    if (r.start > at) runs.push({ value: false, length: r.start - at })
    runs.push({ value: true, length: r.end - r.start })
    at = r.end
  }
  return bitFieldFromRuns(runs)
}

/** Merges sorted ranges that overlap or touch. */
function mergeRanges(sorted: readonly BitRange[]): BitRange[] {
  const out: BitRange[] = []
  for (const r of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && r.start <= last.end) {
      if (r.end > last.end) last.end = r.end
    } else out.push({ ...r })
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The number of set bits (go-bitfield `Count`). */
export function getBitCount(bf: BitField): bigint {
  let count = 0n
  for (const run of getBitFieldRuns(bf)) if (run.value) count += run.length
  return count
}

/** Whether bit `index` is set (go-bitfield `IsSet`). */
export function isBitSet(bf: BitField, index: bigint | number): boolean {
  const i = BigInt(index)
  if (i < 0n) return false
  let at = 0n
  for (const run of getBitFieldRuns(bf)) {
    if (at + run.length > i) return run.value
    at += run.length
  }
  return false
}

/** Whether no bit is set (go-bitfield `IsEmpty`). */
export function isBitFieldEmpty(bf: BitField): boolean {
  return getBitFieldRuns(bf).every((run) => !run.value)
}

/** The lowest set bit; a `no-bits` error when none is set (go-bitfield `First`, `ErrNoBitsSet`). */
export function getFirstBit(bf: BitField): bigint {
  const first = toRanges(bf)[0]
  if (first === undefined) throw new BitFieldError('no-bits', 'bitfield has no set bits')
  return first.start
}

/** The highest set bit; a `no-bits` error when none is set (go-bitfield `Last`). */
export function getLastBit(bf: BitField): bigint {
  const ranges = toRanges(bf)
  const last = ranges[ranges.length - 1]
  if (last === undefined) throw new BitFieldError('no-bits', 'bitfield has no set bits')
  return last.end - 1n
}

/**
 * The set bits in ascending order, refused with a `too-many` error when there are more than `max`
 * (go-bitfield `All` and `AllMap`, `ErrBitFieldTooMany`), so that a caller bounds the work an
 * input can cause.
 */
export function getSetBits(bf: BitField, max: bigint | number): bigint[] {
  const count = getBitCount(bf)
  if (count > BigInt(max)) throw new BitFieldError('too-many', `set bits expected at most ${max}, got ${count}n`)
  const out: bigint[] = []
  for (const r of toRanges(bf)) for (let i = r.start; i < r.end; i++) out.push(i)
  return out
}

/** The set bits in ascending order, one at a time (go-bitfield `ForEach`, `BitIterator`). */
export function* iterateSetBits(bf: BitField): Generator<bigint> {
  for (const r of toRanges(bf)) for (let i = r.start; i < r.end; i++) yield i
}

// ---------------------------------------------------------------------------------------------
// Set operations: each reads its operands and returns a bitfield in canonical form.

/** The bits set in any of `bfs` (go-bitfield `MergeBitFields`, `MultiMerge`); the empty bitfield for none. */
export function computeUnion(...bfs: BitField[]): BitField {
  const all = bfs.flatMap(toRanges).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
  return fromRanges(mergeRanges(all))
}

/** The bits set in both `a` and `b` (go-bitfield `IntersectBitField`). */
export function computeIntersection(a: BitField, b: BitField): BitField {
  const ra = toRanges(a)
  const rb = toRanges(b)
  const out: BitRange[] = []
  let i = 0
  let j = 0
  while (i < ra.length && j < rb.length) {
    const x = ra[i]!
    const y = rb[j]!
    const start = x.start > y.start ? x.start : y.start
    const end = x.end < y.end ? x.end : y.end
    if (start < end) out.push({ start, end })
    if (x.end < y.end) i++
    else j++
  }
  return fromRanges(out)
}

/** The bits set in `a` and not in `b` (go-bitfield `SubtractBitField`). */
export function computeDifference(a: BitField, b: BitField): BitField {
  return fromRanges(subtractRanges(toRanges(a), toRanges(b)))
}

function subtractRanges(ra: readonly BitRange[], rb: readonly BitRange[]): BitRange[] {
  const out: BitRange[] = []
  let j = 0
  for (const x of ra) {
    let start = x.start
    while (j < rb.length && rb[j]!.end <= start) j++
    for (let k = j; k < rb.length && rb[k]!.start < x.end; k++) {
      if (rb[k]!.start > start) out.push({ start, end: rb[k]!.start })
      if (rb[k]!.end > start) start = rb[k]!.end
    }
    if (start < x.end) out.push({ start, end: x.end })
  }
  return out
}

/** Whether `a` has any bit that `b` has (specs-actors `BitFieldContainsAny`). */
export function hasAnyOf(a: BitField, b: BitField): boolean {
  return !isBitFieldEmpty(computeIntersection(a, b))
}

/** Whether `a` has every bit that `b` has (specs-actors `BitFieldContainsAll`). */
export function hasAllOf(a: BitField, b: BitField): boolean {
  return subtractRanges(toRanges(b), toRanges(a)).length === 0
}

/** `bf` with the bits of `bits` set (go-bitfield `Set` for each, then encoded). */
export function addBits(bf: BitField, bits: Iterable<bigint | number>): BitField {
  return computeUnion(bf, bitFieldFromSet(bits))
}

/** `bf` with the bits of `bits` cleared (go-bitfield `Unset` for each, then encoded). */
export function removeBits(bf: BitField, bits: Iterable<bigint | number>): BitField {
  return computeDifference(bf, bitFieldFromSet(bits))
}

/** `bf` read and encoded again in canonical form (go-bitfield `Copy`). */
export function copyBitField(bf: BitField): BitField {
  return fromRanges(toRanges(bf))
}

/**
 * Removes the positions set in `b` from `a`'s sequence of bits, closing the gaps: a bit of `a` at
 * index x not in `b` moves to x minus the number of bits of `b` below x (go-bitfield
 * `CutBitField`). The miner uses it to renumber partitions when some are removed.
 */
export function computeCut(a: BitField, b: BitField): BitField {
  const cut = toRanges(b)
  const out: BitRange[] = []
  let j = 0
  let removed = 0n // bits of b below the current piece
  for (const piece of subtractRanges(toRanges(a), cut)) {
    while (j < cut.length && cut[j]!.end <= piece.start) {
      removed += cut[j]!.end - cut[j]!.start
      j++
    }
    const start = piece.start - removed
    const last = out[out.length - 1]
    if (last !== undefined && last.end === start) last.end = piece.end - removed
    else out.push({ start, end: piece.end - removed })
  }
  return fromRanges(out)
}

/**
 * The `count` set bits that follow the first `start` set bits, at their own indexes (go-bitfield
 * `Slice`); a `slice` error when fewer than start + count bits are set. As in Go, a slice of no
 * bits that starts inside a run of set bits is written with a zero-length run of ones, which ends
 * the stream: its bytes are not the canonical empty bitfield, though they read as empty.
 */
export function computeSlice(bf: BitField, start: bigint | number, count: bigint | number): BitField {
  const want = BigInt(count)
  let skip = BigInt(start)
  const runs: BitRun[] = []
  let at = 0n // the index the runs taken so far reach
  let taken = 0n
  const source = getBitFieldRuns(bf)
  let i = 0
  // Skip `start` set bits; the run where they end opens the slice with the zeros before it.
  for (; i < source.length && skip > 0n; i++) {
    const run = source[i]!
    if (!run.value || run.length <= skip) {
      if (run.value) skip -= run.length
      at += run.length
      continue
    }
    const rest = run.length - skip < want ? run.length - skip : want
    runs.push({ value: false, length: at + skip }, { value: true, length: rest })
    taken += rest
    skip = 0n
  }
  for (; i < source.length && taken < want; i++) {
    const run = source[i]!
    if (run.value) {
      const take = run.length <= want - taken ? run.length : want - taken
      runs.push({ value: true, length: take })
      taken += take
    } else runs.push({ value: false, length: runs.length === 0 ? run.length + at : run.length })
  }
  if (taken < want) throw new BitFieldError('slice', `set bits expected at least ${BigInt(start) + want}n to slice, got fewer`)
  return bitFieldFromRuns(runs)
}

// ---------------------------------------------------------------------------------------------
// Schema kind

const runsJson = z.array(uint64.json).nullable()

/**
 * Lotus JSON of a bitfield (go-bitfield `MarshalJSON`): the lengths of its canonical runs, the
 * first of zeros, so a bitfield that starts with a set bit begins with 0; the empty one is `[0]`.
 */
function toJson(bf: BitField): Json {
  const runs = getBitFieldRuns(bf)
  const out: Json[] = []
  if (runs[0]?.value === true) out.push(0)
  const end = runs[runs.length - 1]?.value === false ? runs.length - 1 : runs.length
  for (const run of runs.slice(0, end)) out.push(uint64.toJson(run.length))
  return out.length === 0 ? [0] : out
}

/**
 * Reads run lengths, the first of zeros (go-bitfield `UnmarshalJSON`): a zero is allowed only
 * first; `null` is empty. The runs are encoded as given, so lengths that add up past 2^64 − 1 give
 * a bitfield that fails to read, as in Go.
 */
function fromJson(json: unknown, path: string): BitField {
  if (json === null) return createBitField()
  if (!Array.isArray(json)) return failSchema(path, 'array of run lengths', json)
  const runs: BitRun[] = []
  let value = false
  for (const [i, item] of json.entries()) {
    const length = uint64.fromJson(item, `${path}[${i}]`)
    if (length === 0n && i !== 0) return failSchema(`${path}[${i}]`, 'a run length above 0 (only the first run may be empty)', item)
    if (length !== 0n) runs.push({ value, length })
    value = !value
  }
  const bf = bitFieldFromRuns(runs)
  if (bf.bytes.length > BITFIELD_MAX_ENCODED_SIZE) return failSchema(path, `an encoding of at most ${BITFIELD_MAX_ENCODED_SIZE} bytes`, bf.bytes)
  return bf
}

function isBitFieldValue(v: unknown): v is BitField {
  const bytes = (v as { bytes?: unknown } | null)?.bytes
  return bytes instanceof Uint8Array && bytes.length <= BITFIELD_MAX_ENCODED_SIZE && (bytes.length === 0 || (bytes[0]! & 3) === RLE_PLUS_VERSION)
}

/**
 * go-bitfield `BitField` in a structure: a CBOR byte string of at most 32768 bytes whose first two
 * bits are the version 00, the only checks Go's `UnmarshalCBOR` makes; the bytes are kept, and
 * written back unchanged. Lotus JSON: the run lengths.
 */
export const bitfield: Kind<BitField> = defineKind({
  name: 'BitField',
  value: z.custom<BitField>(isBitFieldValue, { error: `expected BitField of at most ${BITFIELD_MAX_ENCODED_SIZE} RLE+ bytes, version ${RLE_PLUS_VERSION}` }),
  json: runsJson,
  toCbor: (v) => v.bytes,
  fromCbor(data, path) {
    if (!(data instanceof Uint8Array)) return failSchema(path, 'bitfield as byte string', data)
    if (data.length > BITFIELD_MAX_ENCODED_SIZE) return failSchema(path, `bitfield of at most ${BITFIELD_MAX_ENCODED_SIZE} bytes`, data)
    try {
      return bitFieldFromBytes(data)
    } catch (e) {
      if (e instanceof BitFieldError) throw new SchemaError(path, e.reason)
      throw e
    }
  },
  toJson,
  fromJson,
})

/**
 * A bitfield as a block of its own or as an AMT value: one CBOR byte string, read strictly and
 * checked as the kind checks it (the miner's AllocatedSectors block, its BitFieldQueue values).
 */
export const bitFieldCodec = {
  encode: (bf: BitField): Uint8Array => dagCbor.encode(bitfield.toCbor(parseWith(bitfield.value, bf, 'BitField'))),
  decode: (bytes: Uint8Array): BitField => bitfield.fromCbor(decodeCbor(bytes), 'BitField'),
}
