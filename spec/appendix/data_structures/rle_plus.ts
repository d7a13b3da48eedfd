// Spec section: Appendix › Data Structures, Bitfield. The RLE+ bit stream: how a list of runs is
// written as bytes and read back, with the checks go-bitfield applies when a bitfield is used.
// Rules: go-bitfield rle/rleplus_writer.go (EncodeRuns), rle/rleplus_reader.go (ValidateRLE,
// DecodeRLE, decodeBFVarint), rle/bitvec.go (bit order, trailing zero bytes) and rle/rleplus.go
// (the version), at commit fe2c186, the one Lotus v1.2.0 selects for actors v0 and v2
// (specs-actors v0.9.13 and v2.3.2 ask for v0.2.0, which reads the same streams).

import { FilspecError, describeValue } from '../../../src/schema/errors.ts'

/** The RLE+ version, the first two bits of every stream (go-bitfield `rlepluslazy.Version`). */
export const RLE_PLUS_VERSION = 0

/** The largest run length: runs are Go `uint64`s, and so is their sum. */
export const MAX_RUN_LENGTH = 2n ** 64n - 1n

/**
 * One run of a bitfield: `length` bits, all `value`. A decoded stream gives runs that alternate in
 * value and are never empty; the first may hold zeros.
 */
export interface BitRun {
  readonly value: boolean
  readonly length: bigint
}

/**
 * What was wrong: `version` (the first two bits are not 00), `not-minimal` (a trailing zero byte),
 * `varint` (a run length longer than 10 bytes, past 2^64 − 1, or with a zero last byte), `overflow`
 * (the runs add up past 2^64 − 1), `runs` (runs to encode that repeat a value or leave the uint64
 * range), `size` (an encoding past 32 KiB), `too-many` (more set bits than a caller allows),
 * `no-bits` (no bit set where one is needed), `slice` (fewer set bits than a slice asks for).
 */
export type BitFieldErrorKind = 'version' | 'not-minimal' | 'varint' | 'overflow' | 'runs' | 'size' | 'too-many' | 'no-bits' | 'slice'

/** A bitfield that cannot be read or written, or an operation it cannot satisfy. */
export class BitFieldError extends FilspecError {
  override name = 'BitFieldError'
  constructor(
    readonly kind: BitFieldErrorKind,
    readonly reason: string,
  ) {
    super(`bitfield: ${reason}`)
  }
}

function fail(kind: BitFieldErrorKind, what: string, rule: string, got: unknown): never {
  throw new BitFieldError(kind, `${what} expected ${rule}, got ${describeValue(got)}`)
}

// ---------------------------------------------------------------------------------------------
// Bits

/** Reads a byte string as a stream of bits, the least significant bit of each byte first; past the end every bit is 0. */
interface BitReader {
  readonly bytes: Uint8Array
  position: number
}

/** Reads `count` (at most 8) bits as an integer whose bit i is the i-th bit read. */
function readBits(r: BitReader, count: number): number {
  let out = 0
  for (let i = 0; i < count; i++) {
    const at = r.position + i
    const byte = r.bytes[at >> 3] ?? 0
    out |= ((byte >> (at & 7)) & 1) << i
  }
  r.position += count
  return out
}

/** Collects bits, the least significant bit of each byte first. */
interface BitWriter {
  readonly bytes: number[]
  position: number
}

function writeBits(w: BitWriter, value: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const at = w.position + i
    if ((at & 7) === 0) w.bytes.push(0)
    if ((value >> i) & 1) w.bytes[at >> 3]! |= 1 << (at & 7)
  }
  w.position += count
}

/** The bytes written, without trailing zero bytes (go-bitfield `wbitvec.Out`): a reader sees zeros past the end anyway. */
function finishBits(w: BitWriter): Uint8Array {
  let end = w.bytes.length
  while (end > 0 && w.bytes[end - 1] === 0) end--
  return Uint8Array.from(w.bytes.slice(0, end))
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads a long block's unsigned LEB128 varint (go-bitfield `decodeBFVarint`): 10 bytes at most,
 * the tenth no more than 1 (so the value fits 64 bits), and no zero last byte after the first
 * (which would be a longer spelling of a shorter varint).
 */
function readVarint(r: BitReader): bigint {
  let value = 0n
  for (let i = 0; i < 10; i++) {
    const byte = readBits(r, 8)
    if (byte < 0x80) {
      if (i === 9 && byte > 1) fail('varint', 'run length', 'at most 2^64 − 1 (a tenth varint byte of 0 or 1)', byte)
      if (byte === 0 && i > 0) fail('varint', 'run length varint', 'its shortest form (no zero last byte)', byte)
      return value | (BigInt(byte) << BigInt(7 * i))
    }
    value |= BigInt(byte & 0x7f) << BigInt(7 * i)
  }
  return fail('varint', 'run length varint', 'at most 10 bytes', 'more')
}

/**
 * Reads one block's run length: `1` is a run of 1, `01` and 4 bits a run of 0 to 15, `00` and a
 * varint any run. A length of 0 ends the stream: past the last byte a reader finds `00` and a
 * zero varint, and an encoder writes a zero-length run as a short block of 0.
 */
function readRunLength(r: BitReader): bigint {
  if (readBits(r, 1) === 1) return 1n
  if (readBits(r, 1) === 1) return BigInt(readBits(r, 4))
  return readVarint(r)
}

/**
 * Reads an RLE+ stream as go-bitfield reads a bitfield when it is first used (`ValidateRLE`, then
 * `DecodeRLE`): no trailing zero byte; the version 00; then runs that alternate from the header's
 * value bit, up to the first zero-length run; their total at most 2^64 − 1. The runs come back as
 * written: a stream that spells a run in a longer block than needed, ends in a run of zeros, or
 * carries bits after its end marker is read all the same (go-bitfield accepts all three; see the
 * prose for where fvm_ipld_bitfield is stricter).
 */
export function decodeRlePlus(bytes: Uint8Array): BitRun[] {
  if (bytes.length > 0 && bytes[bytes.length - 1] === 0) fail('not-minimal', 'last byte', 'non-zero (no trailing zero bytes)', 0)
  const r: BitReader = { bytes, position: 0 }
  const version = readBits(r, 2)
  if (version !== RLE_PLUS_VERSION) fail('version', 'version', `${RLE_PLUS_VERSION}`, version)
  let value = readBits(r, 1) === 1
  const runs: BitRun[] = []
  let total = 0n
  for (;;) {
    const length = readRunLength(r)
    if (length === 0n) return runs
    total += length
    if (total > MAX_RUN_LENGTH) fail('overflow', 'total run length', 'at most 2^64 − 1', total)
    runs.push({ value, length })
    value = !value
  }
}

/** Checks the two version bits alone, as go-bitfield does when it takes a bitfield's bytes (`rlepluslazy.FromBuf`). */
export function validateRlePlusVersion(bytes: Uint8Array): void {
  const first = bytes[0]
  if (first !== undefined && (first & 3) !== RLE_PLUS_VERSION) fail('version', 'version', `${RLE_PLUS_VERSION}`, first & 3)
}

// ---------------------------------------------------------------------------------------------
// Writing

/** The unsigned LEB128 bytes of a run length (Go `binary.PutUvarint`). */
function varintBytes(length: bigint): number[] {
  const out: number[] = []
  let v = length
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return out
}

/**
 * Writes runs as an RLE+ stream (go-bitfield `EncodeRuns`): the version 00, the first run's value,
 * then each run's length in the shortest block; a last run of zeros is left out, and trailing zero
 * bytes are dropped, so that runs which alternate and are not empty give the one canonical
 * encoding of their set. Two runs in a row with the same value are refused. Like go-bitfield, a
 * zero-length run is written as a short block of 0, which readers take as the end of the stream.
 */
export function encodeRlePlus(runs: readonly BitRun[]): Uint8Array {
  const w: BitWriter = { bytes: [], position: 0 }
  writeBits(w, RLE_PLUS_VERSION, 2)
  let previous: boolean | undefined
  for (const [i, run] of runs.entries()) {
    if (run.length < 0n || run.length > MAX_RUN_LENGTH) fail('runs', `run ${i} length`, 'in [0, 2^64 − 1]', run.length)
    if (i === runs.length - 1 && !run.value) break
    if (previous === undefined) writeBits(w, run.value ? 1 : 0, 1)
    else if (previous === run.value) fail('runs', `run ${i} value`, 'the opposite of the run before it', run.value)
    previous = run.value
    if (run.length === 1n) writeBits(w, 1, 1)
    else if (run.length < 16n) {
      writeBits(w, 0b10, 2)
      writeBits(w, Number(run.length), 4)
    } else {
      writeBits(w, 0b00, 2)
      for (const byte of varintBytes(run.length)) writeBits(w, byte, 8)
    }
  }
  if (previous === undefined) writeBits(w, 0, 1)
  return finishBits(w)
}
