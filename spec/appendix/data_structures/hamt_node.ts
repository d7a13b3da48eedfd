// Spec section: Appendix › Data Structures, HAMT. One node of a HAMT: how it is held in memory and
// how it is written as a DAG-CBOR block, in the three releases of go-hamt-ipld that Filecoin's
// state was written with: v0.1.5 (actors v0), v2.0.0 (actors v2) and v3 (actors v3 onwards, and
// ref-fvm's fvm_ipld_hamt since). Rules: go-hamt-ipld hamt.go (Node, Pointer, KV, loadNode),
// pointer_cbor.go (the Pointer union), cbor_gen.go and bitfield.go (the bitfield's bytes).

import type { CID } from 'multiformats/cid'
import { FilspecError } from '../../../src/schema/errors.ts'
import { expectHead, readLink, readRaw, showBytes, skipItem, writeHead, writeLink, writeRaw, type CborCursor, type CborWriter } from '../../libraries/ipld/cbor_head.ts'
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

/** The bitfield as go-hamt-ipld writes it: big.Int.Bytes(), big-endian, no leading zero byte; bit i is slot i. */
function computeBitfield(node: HamtNode): Uint8Array {
  let highest = -1
  for (let i = 0; i < node.slots.length; i++) if (node.slots[i] !== undefined) highest = i
  const out = new Uint8Array((highest + 8) >> 3)
  for (let i = 0; i <= highest; i++) if (node.slots[i] !== undefined) out[out.length - 1 - (i >> 3)]! |= 1 << (i & 7)
  return out
}

function writeLinkPointer(w: CborWriter, link: HamtLink): void {
  if (link.cid === undefined) throw new HamtError('layout', undefined, 'link expected a CID (flush the child first), got none')
  writeLink(w, link.cid)
}

function writeBucket(w: CborWriter, bucket: HamtBucket): void {
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
  const w: CborWriter = { buf: new Uint8Array(256), len: 0 }
  const bitfield = computeBitfield(node)
  const pointers = node.slots.filter((p) => p !== undefined)
  writeHead(w, 4, 2)
  writeHead(w, 2, bitfield.length)
  writeRaw(w, bitfield)
  writeHead(w, 4, pointers.length)
  for (const p of pointers) {
    if (version !== 'v3') writeRaw(w, p.kind === 'link' ? KEYED_LINK : KEYED_BUCKET)
    if (p.kind === 'link') writeLinkPointer(w, p)
    else writeBucket(w, p)
  }
  return w.buf.slice(0, w.len)
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A block being read; `cid` names it in errors. */
interface Cursor extends CborCursor {
  readonly cid: CID | undefined
}

/** A cursor on a block whose faults are `malformed` HamtErrors naming `cid`. */
function openBlock(bytes: Uint8Array, cid: CID | undefined): Cursor {
  const fail = (at: number, what: string, rule: string, got: string) => new HamtError('malformed', cid, `${what} expected ${rule}, got ${got} at byte ${at}`)
  return { bytes, pos: 0, fail, cid }
}

function malformed(c: Cursor, what: string, rule: string, got: string): Error {
  return c.fail(c.pos, what, rule, got)
}

/** A bitfield's set bits in ascending order: the slots that hold a pointer. */
function readBitfield(c: Cursor, bitWidth: number): number[] {
  const length = expectHead(c, 2, 'bitfield', 'a byte string')
  if (length > Math.ceil((1 << bitWidth) / 8)) throw new HamtError('layout', c.cid, `bitfield expected at most ${Math.ceil((1 << bitWidth) / 8)} bytes (bit width ${bitWidth}), got ${length}`)
  const bytes = readRaw(c, length, 'bitfield')
  if (bytes[0] === 0) throw malformed(c, 'bitfield', 'its minimal big-endian form (no leading zero byte)', showBytes(bytes))
  const slots: number[] = []
  for (let i = 0; i < length * 8; i++) {
    if (((bytes[length - 1 - (i >> 3)]! >> (i & 7)) & 1) === 0) continue
    if (i >= 1 << bitWidth) throw new HamtError('layout', c.cid, `bitfield expected bits below 2^${bitWidth} (bit width ${bitWidth}), got bit ${i} set`)
    slots.push(i)
  }
  return slots
}

function readLinkPointer(c: Cursor): HamtLink {
  const cid = readLink(c)
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
    if (expectHead(c, 4, 'entry', 'an array of 2 (key, value)') !== 2) throw c.fail(pairAt, 'entry', 'an array of 2 (key, value)', 'another length')
    const key = readRaw(c, expectHead(c, 2, 'key', 'a byte string'), 'key')
    const valueAt = c.pos
    skipItem(c, 0)
    for (const e of entries) {
      const order = compareBytes(e.key, key)
      if (order === 0 || (order > 0 && version !== 'v0')) {
        throw new HamtError('layout', c.cid, `bucket keys expected ${version === 'v0' ? 'distinct' : 'in ascending byte order without repeats'}, got ${showBytes(key)} after ${showBytes(e.key)}`)
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
    if (major === 6) return readLinkPointer(c)
    if (major === 4) return readBucket(c, version)
    throw malformed(c, 'pointer', 'a link (tag 42) or a bucket (an array)', `major type ${major}`)
  }
  if (expectHead(c, 5, 'pointer', 'a map of one entry ({"0": link} or {"1": bucket})') !== 1) {
    throw malformed(c, 'pointer', 'a map of exactly one entry', 'another size')
  }
  const key = readRaw(c, expectHead(c, 3, 'pointer key', 'a text string'), 'pointer key')
  if (key.length === 1 && key[0] === 0x30) return readLinkPointer(c)
  if (key.length === 1 && key[0] === 0x31) return readBucket(c, version)
  throw malformed(c, 'pointer key', '"0" (a link) or "1" (a bucket)', showBytes(key))
}

/**
 * Reads a node's block on its own: the shape of version `version` for `bitWidth`, one pointer for
 * each bit of the bitfield, buckets of 1 to 3 entries. Where the node sits in its HAMT (its keys'
 * hashes, whether it may be small) is checked by the loader (hamt.ts `loadChild`). `cid` only
 * names the block in errors.
 */
export function decodeHamtNode(bytes: Uint8Array, bitWidth: number, version: HamtVersion, cid?: CID): HamtNode {
  const c = openBlock(bytes, cid)
  if (expectHead(c, 4, 'node', 'an array of 2 (bitfield, pointers)') !== 2) throw c.fail(0, 'node', 'an array of 2 (bitfield, pointers)', 'another length')
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
  const c = openBlock(value, undefined)
  skipItem(c, 0)
  if (c.pos !== value.length) throw malformed(c, 'value', 'one CBOR item and nothing after it', `${value.length - c.pos} more byte(s)`)
}
