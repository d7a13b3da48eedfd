// Spec section: Libraries › IPLD, DAG-CBOR heads. The pieces that every DAG-CBOR reader and writer
// of filspec shares: a head (RFC 8949 §3) read and written under DAG-CBOR's rules (definite length,
// shortest form: RFC 8949 §4.2.1 and ipld/specs block-layer/codecs/dag-cbor.md), a link (tag 42),
// and a pass over one item that checks its heads without decoding it. dag_cbor.ts decodes items
// with `parseCborHead`; the AMT and HAMT node codecs (appendix/data_structures amt_node.ts,
// hamt_node.ts) read and write their blocks with the rest, keeping each value as its bytes.

import type { CID } from 'multiformats/cid'
import { toHex } from 'multiformats/bytes'
import { CidError, decodeCid } from '../multiformats/cid.ts'

/** filspec's bound on nesting (arrays, maps) so that no input exhausts the stack; Filecoin structures nest a few levels. */
export const MAX_CBOR_DEPTH = 1024
/** The tag of a link (a CID) in DAG-CBOR, the only tag allowed. */
export const CID_TAG = 42

// ---------------------------------------------------------------------------------------------
// Heads

/**
 * Why the bytes at a position are not a head DAG-CBOR accepts: there are none (`end`), the
 * additional information is 31 (`indefinite`) or 28–30 (`reserved`), the argument's bytes run
 * past the input (`truncated`), or the argument would fit a shorter head (`not-shortest`).
 */
export type CborHeadFault = 'end' | 'indefinite' | 'reserved' | 'truncated' | 'not-shortest'

/**
 * A head: its major type, the count of argument bytes after its first byte (0, 1, 2, 4 or 8) and
 * the argument, a number below 2^32 or a bigint from 8 bytes. `fault` says why it is not a head
 * DAG-CBOR accepts; `major` and `size` are set whenever there is a first byte.
 */
export interface CborHead {
  readonly major: number
  readonly size: number
  readonly arg: number | bigint
  readonly fault: CborHeadFault | undefined
}

/** The head at byte `at`, checked against DAG-CBOR's rules; the caller turns a fault into its own error. */
export function parseCborHead(bytes: Uint8Array, at: number): CborHead {
  const first = bytes[at]
  if (first === undefined) return { major: 0, size: 0, arg: 0, fault: 'end' }
  const major = first >> 5
  const info = first & 0x1f
  if (info < 24) return { major, size: 0, arg: info, fault: undefined }
  if (info > 27) return { major, size: 0, arg: 0, fault: info === 31 ? 'indefinite' : 'reserved' }
  const size = 1 << (info - 24)
  if (at + 1 + size > bytes.length) return { major, size, arg: 0, fault: 'truncated' }
  let arg: number | bigint = 0
  if (size === 8) {
    let big = 0n
    for (let i = 1; i <= 8; i++) big = (big << 8n) | BigInt(bytes[at + i]!)
    arg = big
  } else {
    for (let i = 1; i <= size; i++) arg = arg * 256 + bytes[at + i]!
  }
  // The shortest form: 1 byte for 24 to 255, and n bytes only for what n/2 bytes cannot hold.
  const least = size === 1 ? 24 : 2 ** (4 * size)
  return { major, size, arg, fault: arg < least ? 'not-shortest' : undefined }
}

// ---------------------------------------------------------------------------------------------
// Reading a block

/**
 * A block being read: its bytes, the byte reached, and the error its reader throws for a fault at
 * byte `at` ("`what` expected `rule`, got `got`"). An 8-byte argument (2^32 or more) is held
 * exactly, as a bigint.
 */
export interface CborCursor {
  readonly bytes: Uint8Array
  pos: number
  readonly fail: (at: number, what: string, rule: string, got: string) => Error
}

/** Up to 16 bytes in hex, for error messages. */
export function showBytes(bytes: Uint8Array): string {
  return `0x${toHex(bytes.subarray(0, 16))}${bytes.length > 16 ? '…' : ''}`
}

/** Reads the head at `c.pos` (see `parseCborHead`); `what` names the item in an error. */
export function readHead(c: CborCursor, what: string): { major: number; arg: number | bigint } {
  const head = parseCborHead(c.bytes, c.pos)
  switch (head.fault) {
    case 'end':
      throw c.fail(c.pos, what, 'a data item', 'the end of the block')
    case 'indefinite':
    case 'reserved':
      throw c.fail(c.pos, what, 'a definite-length head', `0x${c.bytes[c.pos]!.toString(16)}`)
    case 'truncated':
      throw c.fail(c.pos, what, `${head.size} argument bytes`, 'the end of the block')
    case 'not-shortest':
      throw c.fail(c.pos, what, 'the shortest form of its head', showBytes(c.bytes.subarray(c.pos, c.pos + 1 + head.size)))
  }
  c.pos += 1 + head.size
  return { major: head.major, arg: head.arg }
}

/** An argument as a length; a bigint, too large for the block, is reported by whoever reads that many. */
function toLength(c: CborCursor, arg: number | bigint): number {
  return typeof arg === 'bigint' ? c.bytes.length + 1 : arg
}

/** Reads a head of major type `major` and returns its argument as a length; `rule` says what was expected. */
export function expectHead(c: CborCursor, major: number, what: string, rule: string): number {
  const first = c.bytes[c.pos]
  if (first !== undefined && first >> 5 !== major) throw c.fail(c.pos, what, rule, `major type ${first >> 5}`)
  return toLength(c, readHead(c, what).arg)
}

/** The next `length` bytes as a view of the block, not a copy: what a node keeps stays its very bytes. */
export function readRaw(c: CborCursor, length: number, what: string): Uint8Array {
  if (length > c.bytes.length - c.pos) throw c.fail(c.pos, what, `${length} bytes`, `${c.bytes.length - c.pos} left`)
  c.pos += length
  return c.bytes.subarray(c.pos - length, c.pos)
}

/** A link: tag 42 on a byte string holding 0x00 (the identity multibase prefix) and a well-formed CID. */
export function readLink(c: CborCursor): CID {
  const tag = expectHead(c, 6, 'link', 'tag 42')
  if (tag !== CID_TAG) throw c.fail(c.pos, 'link', 'tag 42', `tag ${tag}`)
  const content = readRaw(c, expectHead(c, 2, 'link', 'a byte string after tag 42'), 'link')
  if (content[0] !== 0) throw c.fail(c.pos, 'link', 'the 0x00 multibase prefix before the CID', showBytes(content))
  try {
    return decodeCid(content.subarray(1))
  } catch (e) {
    if (e instanceof CidError) throw c.fail(c.pos, 'link', 'a well-formed CID', `an invalid one (${e.reason})`)
    throw e
  }
}

/**
 * Passes over one item, a value, checking only that it is well formed with DAG-CBOR's heads (no
 * floats or other simple values but false, true and null; tag 42 only; text map keys; at most
 * `MAX_CBOR_DEPTH` levels). What it means, its map key order and its text's UTF-8 are the
 * business of whoever decodes it: an AMT or HAMT keeps a value's bytes as they are (go-amt-ipld's
 * and go-hamt-ipld's cbg.Deferred), so a value that is not canonical still round-trips byte for byte.
 */
export function skipItem(c: CborCursor, depth: number): void {
  if (depth > MAX_CBOR_DEPTH) throw c.fail(c.pos, 'value', `at most ${MAX_CBOR_DEPTH} levels of nesting`, 'deeper nesting')
  const first = c.bytes[c.pos]
  if (first !== undefined && first >> 5 === 7) {
    if (first < 0xf4 || first > 0xf6) throw c.fail(c.pos, 'value', 'false, true or null (no floats, no other simple values)', `0x${first.toString(16)}`)
    c.pos++
    return
  }
  const head = readHead(c, 'value')
  const { major } = head
  const arg = toLength(c, head.arg)
  if (major === 2 || major === 3) readRaw(c, arg, 'value')
  else if (major === 4 || major === 5) {
    if (arg > c.bytes.length - c.pos) throw c.fail(c.pos, 'value', `room for ${arg} items`, `${c.bytes.length - c.pos} bytes left`)
    for (let i = 0; i < arg; i++) {
      const key = c.bytes[c.pos]
      if (major === 5 && key !== undefined && key >> 5 !== 3) throw c.fail(c.pos, 'map key', 'a text string', `major type ${key >> 5}`)
      skipItem(c, depth + 1)
      if (major === 5) skipItem(c, depth + 1)
    }
  } else if (major === 6) {
    if (head.arg !== CID_TAG) throw c.fail(c.pos, 'value', `only tag ${CID_TAG} (a link)`, `tag ${head.arg}`)
    readRaw(c, expectHead(c, 2, 'link', 'a byte string after tag 42'), 'link')
  }
}

// ---------------------------------------------------------------------------------------------
// Writing a block

/** A block being written: `buf` grows as needed, its first `len` bytes are written. */
export interface CborWriter {
  buf: Uint8Array
  len: number
}

function reserve(w: CborWriter, n: number): void {
  if (w.len + n <= w.buf.length) return
  const grown = new Uint8Array(Math.max(w.buf.length * 2, w.len + n))
  grown.set(w.buf.subarray(0, w.len))
  w.buf = grown
}

/** A head in its shortest form (RFC 8949 §4.2.1); `arg` below 2^64. */
export function writeHead(w: CborWriter, major: number, arg: number | bigint): void {
  reserve(w, 9)
  const m = major << 5
  if (arg >= 0x100000000) {
    const big = BigInt(arg)
    w.buf[w.len++] = m | 27
    for (let i = 7; i >= 0; i--) w.buf[w.len++] = Number((big >> BigInt(8 * i)) & 0xffn)
    return
  }
  const n = Number(arg)
  const size = n < 24 ? 0 : n < 0x100 ? 1 : n < 0x10000 ? 2 : 4
  w.buf[w.len++] = m | (size === 0 ? n : size === 1 ? 24 : size === 2 ? 25 : 26)
  for (let i = size - 1; i >= 0; i--) w.buf[w.len++] = Math.floor(n / 2 ** (8 * i)) & 0xff
}

/** Bytes as they are: an item already encoded, or a string's content after its head. */
export function writeRaw(w: CborWriter, bytes: Uint8Array): void {
  reserve(w, bytes.length)
  w.buf.set(bytes, w.len)
  w.len += bytes.length
}

/** A link: tag 42, then a byte string of 0x00 (the identity multibase prefix DAG-CBOR puts before a CID) and the CID's bytes. */
export function writeLink(w: CborWriter, cid: CID): void {
  writeHead(w, 6, CID_TAG)
  writeHead(w, 2, cid.bytes.length + 1)
  writeRaw(w, Uint8Array.of(0))
  writeRaw(w, cid.bytes)
}
