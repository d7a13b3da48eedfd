// Spec section: Appendix › Data Structures, HAMT. One node of a HAMT: how it is held in memory and
// how it is written as a DAG-CBOR block, in the three releases of go-hamt-ipld that Filecoin's
// state was written with: v0.1.5 (actors v0), v2.0.0 (actors v2) and v3 (actors v3 onwards, and
// ref-fvm's fvm_ipld_hamt since). Rules: go-hamt-ipld hamt.go (Node, Pointer, KV, loadNode),
// pointer_cbor.go (the Pointer union), cbor_gen.go and bitfield.go (the bitfield's bytes).

import type { CID } from 'multiformats/cid'
import { toHex } from 'multiformats/bytes'
import { FilspecError } from '../../../src/schema/errors.ts'
import { CID_TAG, MAX_CBOR_DEPTH } from '../../libraries/ipld/dag_cbor.ts'
import { CidError, decodeCid } from '../../libraries/multiformats/cid.ts'
import { DAG_CBOR } from '../../libraries/multiformats/multicodec.ts'

/**
 * The go-hamt-ipld release a HAMT follows. `v0` and `v2` write a pointer as a one-entry map
 * (`{"0": link}` or `{"1": bucket}`), `v3` as a kinded union (a link, or the bucket's array).
 * `v0` also differs in one operation: a child collapsed after a delete keeps its entries in slot
 * order instead of sorting them by key (go-hamt-ipld v2's commit b9ae094 added the sort).
 */
export type HamtVersion = 'v0' | 'v2' | 'v3'

/** Most entries a bucket holds before it is pushed down into a child node (go-hamt-ipld `bucketSize`). */
export const MAX_BUCKET_SIZE = 3
/** Narrowest bit width go-hamt-ipld accepts (`UseTreeBitWidth`). */
export const MIN_HAMT_BIT_WIDTH = 1
/** Widest bit width: a node of 2^8 slots (`UseTreeBitWidth`). */
export const MAX_HAMT_BIT_WIDTH = 8

/** A key and its value: the value is one encoded CBOR item, kept as the bytes it was given or read as. */
export interface HamtEntry {
  readonly key: Uint8Array
  readonly value: Uint8Array
}

/** Entries held in the node itself (go-hamt-ipld `Pointer.KVs`). */
export interface HamtBucket {
  readonly kind: 'bucket'
  readonly entries: HamtEntry[]
}

/**
 * A child node (go-hamt-ipld `Pointer.Link` with its `cache`): `cid` is where it is stored, unset
 * for a child not yet flushed; `node` is the child once loaded or made; `dirty` says the child
 * changed since it was stored, so that a flush writes it again.
 */
export interface HamtLink {
  readonly kind: 'link'
  cid: CID | undefined
  node: HamtNode | undefined
  dirty: boolean
}

/** What a slot holds. */
export type HamtPointer = HamtBucket | HamtLink

/**
 * A node as 2^bitWidth slots, indexed by bitWidth bits of a key's hash. A block stores only the
 * filled slots, in slot order, with a bitfield saying which they are.
 */
export interface HamtNode {
  readonly slots: (HamtPointer | undefined)[]
}

/**
 * What was wrong: a block the store lacks, a block that is not a node's CBOR (`malformed`), a
 * node that breaks the HAMT's rules (`layout`), a key whose hash runs out of bits (`max-depth`),
 * or options out of range.
 */
export type HamtErrorKind = 'missing-block' | 'malformed' | 'layout' | 'max-depth' | 'options'

/** A HAMT fault; `cid` names the node at fault when there is one. */
export class HamtError extends FilspecError {
  override name = 'HamtError'
  constructor(
    readonly kind: HamtErrorKind,
    readonly cid: CID | undefined,
    readonly reason: string,
  ) {
    super(`hamt: ${cid === undefined ? '' : `node ${cid}: `}${reason}`)
  }
}

/** An empty node of 2^bitWidth slots. */
export function createHamtNode(bitWidth: number): HamtNode {
  return { slots: new Array<HamtPointer | undefined>(1 << bitWidth).fill(undefined) }
}

/** Byte strings in lexicographic order, the order of keys in a bucket (Go `bytes.Compare`). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

// ---------------------------------------------------------------------------------------------
// Writing

interface Writer {
  buf: Uint8Array
  len: number
}

function reserve(w: Writer, n: number): void {
  if (w.len + n <= w.buf.length) return
  const grown = new Uint8Array(Math.max(w.buf.length * 2, w.len + n))
  grown.set(w.buf.subarray(0, w.len))
  w.buf = grown
}

/** A CBOR head in its shortest form; the node's own numbers (lengths, tag 42) are below 2^32. */
function writeHead(w: Writer, major: number, arg: number): void {
  reserve(w, 5)
  const b = w.buf
  const m = major << 5
  if (arg < 24) {
    b[w.len++] = m | arg
  } else if (arg < 0x100) {
    b[w.len++] = m | 24
    b[w.len++] = arg
  } else if (arg < 0x10000) {
    b[w.len++] = m | 25
    b[w.len++] = arg >> 8
    b[w.len++] = arg & 0xff
  } else {
    b[w.len++] = m | 26
    for (const shift of [24, 16, 8, 0]) b[w.len++] = (arg >>> shift) & 0xff
  }
}

function writeRaw(w: Writer, bytes: Uint8Array): void {
  reserve(w, bytes.length)
  w.buf.set(bytes, w.len)
  w.len += bytes.length
}

/** The bitfield as go-hamt-ipld writes it: big.Int.Bytes(), big-endian, no leading zero byte; bit i is slot i. */
function computeBitfield(node: HamtNode): Uint8Array {
  let highest = -1
  for (let i = 0; i < node.slots.length; i++) if (node.slots[i] !== undefined) highest = i
  const out = new Uint8Array((highest + 8) >> 3)
  for (let i = 0; i <= highest; i++) if (node.slots[i] !== undefined) out[out.length - 1 - (i >> 3)]! |= 1 << (i & 7)
  return out
}

function writeLink(w: Writer, link: HamtLink): void {
  if (link.cid === undefined) throw new HamtError('layout', undefined, 'link expected a CID (flush the child first), got none')
  writeHead(w, 6, CID_TAG)
  writeHead(w, 2, link.cid.bytes.length + 1)
  writeRaw(w, Uint8Array.of(0))
  writeRaw(w, link.cid.bytes)
}

function writeBucket(w: Writer, bucket: HamtBucket): void {
  writeHead(w, 4, bucket.entries.length)
  for (const { key, value } of bucket.entries) {
    writeHead(w, 4, 2)
    writeHead(w, 2, key.length)
    writeRaw(w, key)
    writeRaw(w, value)
  }
}

/** `{"0": link}` or `{"1": bucket}` (go-hamt-ipld v0.1.5 and v2 pointer_cbor.go). */
const KEYED_LINK = Uint8Array.of(0xa1, 0x61, 0x30)
const KEYED_BUCKET = Uint8Array.of(0xa1, 0x61, 0x31)

/**
 * The block of a node: `[bitfield, [pointer, …]]`, the pointers of the filled slots in slot
 * order. Every link must carry its CID, so children are encoded before their parent.
 */
export function encodeHamtNode(node: HamtNode, version: HamtVersion): Uint8Array {
  const w: Writer = { buf: new Uint8Array(256), len: 0 }
  const bitfield = computeBitfield(node)
  const pointers = node.slots.filter((p) => p !== undefined)
  writeHead(w, 4, 2)
  writeHead(w, 2, bitfield.length)
  writeRaw(w, bitfield)
  writeHead(w, 4, pointers.length)
  for (const p of pointers) {
    if (version !== 'v3') writeRaw(w, p.kind === 'link' ? KEYED_LINK : KEYED_BUCKET)
    if (p.kind === 'link') writeLink(w, p)
    else writeBucket(w, p)
  }
  return w.buf.slice(0, w.len)
}

// ---------------------------------------------------------------------------------------------
// Reading

interface Cursor {
  readonly bytes: Uint8Array
  pos: number
  readonly cid: CID | undefined
}

function malformed(c: Cursor, what: string, rule: string, got: string): HamtError {
  return new HamtError('malformed', c.cid, `${what} expected ${rule}, got ${got} at byte ${c.pos}`)
}

function shownBytes(bytes: Uint8Array): string {
  return `0x${toHex(bytes.subarray(0, 16))}${bytes.length > 16 ? '…' : ''}`
}

/** Reads a CBOR head under DAG-CBOR's rules: definite length, shortest form (RFC 8949 §3, §4.2.1). */
function readHead(c: Cursor, what: string): { major: number; arg: number } {
  const first = c.bytes[c.pos]
  if (first === undefined) throw malformed(c, what, 'a data item', 'the end of the block')
  const info = first & 0x1f
  if (info > 27) throw malformed(c, what, 'a definite-length head', `0x${first.toString(16)}`)
  const n = info < 24 ? 0 : 1 << (info - 24)
  if (c.pos + 1 + n > c.bytes.length) throw malformed(c, what, `${n} argument bytes`, 'the end of the block')
  let arg = info < 24 ? info : 0
  for (let i = 1; i <= n; i++) arg = arg * 256 + c.bytes[c.pos + i]!
  if (n > 0 && arg < (n === 1 ? 24 : 2 ** (4 * n))) throw malformed(c, what, 'the shortest form of its head', shownBytes(c.bytes.subarray(c.pos, c.pos + 1 + n)))
  c.pos += 1 + n
  return { major: first >> 5, arg }
}

/** Reads a head of major type `major`, naming what was expected otherwise. */
function expectHead(c: Cursor, major: number, what: string, rule: string): number {
  const first = c.bytes[c.pos]
  if (first !== undefined && first >> 5 !== major) throw malformed(c, what, rule, `major type ${first >> 5}`)
  return readHead(c, what).arg
}

/** The next `length` bytes, without copying: a node's keys and values stay views of its block. */
function readRaw(c: Cursor, length: number, what: string): Uint8Array {
  if (length > c.bytes.length - c.pos) throw malformed(c, what, `${length} bytes`, `${c.bytes.length - c.pos} left`)
  c.pos += length
  return c.bytes.subarray(c.pos - length, c.pos)
}

/**
 * Passes over one CBOR item, a value, checking only that it is well formed with DAG-CBOR's heads
 * (no floats, tag 42 only). What the value means, its map key order and its text's UTF-8 are the
 * business of whoever decodes it: the HAMT keeps its bytes as they are (go-hamt-ipld's
 * cbg.Deferred), so a value that is not canonical still round-trips byte for byte.
 */
function skipValue(c: Cursor, depth: number): void {
  const first = c.bytes[c.pos]
  if (depth > MAX_CBOR_DEPTH) throw malformed(c, 'value', `at most ${MAX_CBOR_DEPTH} levels of nesting`, 'deeper nesting')
  if (first !== undefined && first >> 5 === 7) {
    if (first < 0xf4 || first > 0xf6) throw malformed(c, 'value', 'false, true or null (no floats, no other simple values)', `0x${first.toString(16)}`)
    c.pos++
    return
  }
  const { major, arg } = readHead(c, 'value')
  if (major === 2 || major === 3) readRaw(c, arg, 'value')
  else if (major === 4 || major === 5) {
    if (arg > c.bytes.length - c.pos) throw malformed(c, 'value', `room for ${arg} items`, `${c.bytes.length - c.pos} bytes left`)
    for (let i = 0; i < arg; i++) {
      if (major === 5 && c.bytes[c.pos] !== undefined && c.bytes[c.pos]! >> 5 !== 3) throw malformed(c, 'map key', 'a text string', `major type ${c.bytes[c.pos]! >> 5}`)
      skipValue(c, depth + 1)
      if (major === 5) skipValue(c, depth + 1)
    }
  } else if (major === 6) {
    if (arg !== CID_TAG) throw malformed(c, 'value', `only tag ${CID_TAG} (a link)`, `tag ${arg}`)
    readRaw(c, expectHead(c, 2, 'link', 'a byte string after tag 42'), 'link')
  }
}

/** A bitfield's set bits in ascending order: the slots that hold a pointer. */
function readBitfield(c: Cursor, bitWidth: number): number[] {
  const length = expectHead(c, 2, 'bitfield', 'a byte string')
  if (length > Math.ceil((1 << bitWidth) / 8)) throw new HamtError('layout', c.cid, `bitfield expected at most ${Math.ceil((1 << bitWidth) / 8)} bytes (bit width ${bitWidth}), got ${length}`)
  const bytes = readRaw(c, length, 'bitfield')
  if (bytes[0] === 0) throw malformed(c, 'bitfield', 'its minimal big-endian form (no leading zero byte)', shownBytes(bytes))
  const slots: number[] = []
  for (let i = 0; i < length * 8; i++) {
    if (((bytes[length - 1 - (i >> 3)]! >> (i & 7)) & 1) === 0) continue
    if (i >= 1 << bitWidth) throw new HamtError('layout', c.cid, `bitfield expected bits below 2^${bitWidth} (bit width ${bitWidth}), got bit ${i} set`)
    slots.push(i)
  }
  return slots
}

function readLink(c: Cursor): HamtLink {
  const tag = expectHead(c, 6, 'link', 'tag 42')
  if (tag !== CID_TAG) throw malformed(c, 'link', 'tag 42', `tag ${tag}`)
  const content = readRaw(c, expectHead(c, 2, 'link', 'a byte string after tag 42'), 'link')
  if (content[0] !== 0) throw malformed(c, 'link', 'the 0x00 multibase prefix before the CID', shownBytes(content))
  let cid: CID
  try {
    cid = decodeCid(content.subarray(1))
  } catch (e) {
    if (e instanceof CidError) throw malformed(c, 'link', 'a well-formed CID', `an invalid one (${e.reason})`)
    throw e
  }
  // go-hamt-ipld v2/v3 loadNode: a child is a DAG-CBOR block.
  if (cid.code !== DAG_CBOR) throw new HamtError('layout', c.cid, `link expected a DAG-CBOR CID (codec 0x71), got codec 0x${cid.code.toString(16)} in ${cid}`)
  return { kind: 'link', cid, node: undefined, dirty: false }
}

/**
 * A bucket: 1 to MAX_BUCKET_SIZE entries `[key, value]`, keys in ascending byte order (v2, v3;
 * loadNode). v0 accepts any order of distinct keys, because v0.1.5's collapse wrote buckets
 * unsorted (see `cleanChild` in hamt.ts).
 */
function readBucket(c: Cursor, version: HamtVersion): HamtBucket {
  const count = expectHead(c, 4, 'bucket', 'an array')
  if (count === 0 || count > MAX_BUCKET_SIZE) throw new HamtError('layout', c.cid, `bucket expected 1 to ${MAX_BUCKET_SIZE} entries, got ${count}`)
  const entries: HamtEntry[] = []
  for (let i = 0; i < count; i++) {
    const pairAt = c.pos
    if (expectHead(c, 4, 'entry', 'an array of 2 (key, value)') !== 2) throw malformed({ ...c, pos: pairAt }, 'entry', 'an array of 2 (key, value)', 'another length')
    const key = readRaw(c, expectHead(c, 2, 'key', 'a byte string'), 'key')
    const valueAt = c.pos
    skipValue(c, 0)
    for (const e of entries) {
      const order = compareBytes(e.key, key)
      if (order === 0 || (order > 0 && version !== 'v0')) {
        throw new HamtError('layout', c.cid, `bucket keys expected ${version === 'v0' ? 'distinct' : 'in ascending byte order without repeats'}, got ${shownBytes(key)} after ${shownBytes(e.key)}`)
      }
    }
    entries.push({ key, value: c.bytes.subarray(valueAt, c.pos) })
  }
  return { kind: 'bucket', entries }
}

/** v3: a link or a bucket's array (a kinded union); v0, v2: a map of one entry, "0" a link, "1" a bucket. */
function readPointer(c: Cursor, version: HamtVersion): HamtPointer {
  if (version === 'v3') {
    const major = (c.bytes[c.pos] ?? 0) >> 5
    if (major === 6) return readLink(c)
    if (major === 4) return readBucket(c, version)
    throw malformed(c, 'pointer', 'a link (tag 42) or a bucket (an array)', `major type ${major}`)
  }
  if (expectHead(c, 5, 'pointer', 'a map of one entry ({"0": link} or {"1": bucket})') !== 1) {
    throw malformed(c, 'pointer', 'a map of exactly one entry', 'another size')
  }
  const key = readRaw(c, expectHead(c, 3, 'pointer key', 'a text string'), 'pointer key')
  if (key.length === 1 && key[0] === 0x30) return readLink(c)
  if (key.length === 1 && key[0] === 0x31) return readBucket(c, version)
  throw malformed(c, 'pointer key', '"0" (a link) or "1" (a bucket)', shownBytes(key))
}

/**
 * Reads a node's block on its own: the shape of version `version` for `bitWidth`, one pointer for
 * each bit of the bitfield, buckets of 1 to 3 entries. Where the node sits in its HAMT (its keys'
 * hashes, whether it may be small) is checked by the loader (hamt.ts `loadChild`). `cid` only
 * names the block in errors.
 */
export function decodeHamtNode(bytes: Uint8Array, bitWidth: number, version: HamtVersion, cid?: CID): HamtNode {
  const c: Cursor = { bytes, pos: 0, cid }
  if (expectHead(c, 4, 'node', 'an array of 2 (bitfield, pointers)') !== 2) throw malformed({ ...c, pos: 0 }, 'node', 'an array of 2 (bitfield, pointers)', 'another length')
  const filled = readBitfield(c, bitWidth)
  const count = expectHead(c, 4, 'pointers', 'an array')
  if (count !== filled.length) throw new HamtError('layout', cid, `pointers expected ${filled.length} (the bitfield's set bits), got ${count}`)
  const node = createHamtNode(bitWidth)
  for (const slot of filled) node.slots[slot] = readPointer(c, version)
  if (c.pos !== bytes.length) throw malformed(c, 'node', 'one item and nothing after it', `${bytes.length - c.pos} more byte(s)`)
  return node
}

/** Checks that `value` is one well-formed CBOR item, as a bucket entry's value must be. */
export function validateHamtValue(value: Uint8Array): void {
  const c: Cursor = { bytes: value, pos: 0, cid: undefined }
  skipValue(c, 0)
  if (c.pos !== value.length) throw malformed(c, 'value', 'one CBOR item and nothing after it', `${value.length - c.pos} more byte(s)`)
}
