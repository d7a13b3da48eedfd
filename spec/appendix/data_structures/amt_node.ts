// Spec section: Appendix › Data Structures, AMT. The blocks of an AMT: a root, and the nodes under
// it, as DAG-CBOR tuples, and the rules a block must keep to be read. Byte layout: go-amt-ipld v2
// cbor_gen.go (Root, Node with a 1-byte `Bmap`) and v3 internal/internal.go and cbor_gen.go (Root
// with `BitWidth`, Node with a `Bmap` of bmapBytes(bitWidth) bytes). Rules for a node: go-amt-ipld
// v3 node.go `newNode` and fvm_ipld_amt node.rs `CollapsedNode::expand`, plus the stricter ones
// marked "filspec".

import type { CID } from 'multiformats/cid'
import { toHex } from 'multiformats/bytes'
import { CID_TAG, MAX_CBOR_DEPTH } from '../../libraries/ipld/dag_cbor.ts'
import { CidError, decodeCid } from '../../libraries/multiformats/cid.ts'
import { DAG_CBOR } from '../../libraries/multiformats/multicodec.ts'
import { AmtError, computeAmtSpan, type AmtLayout } from './amt_layout.ts'

/**
 * A node as its block holds it (go-amt-ipld `internal.Node`): a bitmap with bit i set when slot i
 * is filled (bit i is bit i mod 8 of byte ⌊i/8⌋, least significant first), then the filled
 * slots in slot order: links to child nodes in a node above height 0, values in a leaf.
 */
export interface AmtNodeData {
  readonly bitmap: Uint8Array
  readonly links: readonly CID[]
  /** Each value is one encoded CBOR item, kept as the bytes it was given or read as. */
  readonly values: readonly Uint8Array[]
}

/** A root block's fields; a version-3 root also writes the bit width (go-amt-ipld `internal.Root`). */
export interface AmtRootData {
  readonly height: number
  readonly count: bigint
  readonly node: AmtNodeData
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

/** A CBOR head in its shortest form (RFC 8949 §4.2.1); `arg` below 2^64. */
function writeHead(w: Writer, major: number, arg: number | bigint): void {
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

function writeRaw(w: Writer, bytes: Uint8Array): void {
  reserve(w, bytes.length)
  w.buf.set(bytes, w.len)
  w.len += bytes.length
}

function writeNode(w: Writer, node: AmtNodeData): void {
  writeHead(w, 4, 3)
  writeHead(w, 2, node.bitmap.length)
  writeRaw(w, node.bitmap)
  writeHead(w, 4, node.links.length)
  for (const link of node.links) {
    writeHead(w, 6, CID_TAG)
    writeHead(w, 2, link.bytes.length + 1)
    writeRaw(w, Uint8Array.of(0)) // the identity multibase prefix DAG-CBOR puts before a CID
    writeRaw(w, link.bytes)
  }
  writeHead(w, 4, node.values.length)
  for (const value of node.values) writeRaw(w, value)
}

/** The block of a node that is not the root: `[bitmap, links, values]`. */
export function encodeAmtNode(node: AmtNodeData): Uint8Array {
  const w: Writer = { buf: new Uint8Array(256), len: 0 }
  writeNode(w, node)
  return w.buf.slice(0, w.len)
}

/** The root block: `[height, count, node]` (version 2) or `[bitWidth, height, count, node]` (version 3). */
export function encodeAmtRoot(layout: AmtLayout, root: AmtRootData): Uint8Array {
  const w: Writer = { buf: new Uint8Array(256), len: 0 }
  writeHead(w, 4, layout.version === 2 ? 3 : 4)
  if (layout.version === 3) writeHead(w, 0, layout.bitWidth)
  writeHead(w, 0, root.height)
  writeHead(w, 0, root.count)
  writeNode(w, root.node)
  return w.buf.slice(0, w.len)
}

// ---------------------------------------------------------------------------------------------
// Reading

interface Cursor {
  readonly bytes: Uint8Array
  pos: number
  readonly cid: CID | undefined
}

function shown(bytes: Uint8Array): string {
  return `0x${toHex(bytes.subarray(0, 16))}${bytes.length > 16 ? '…' : ''}`
}

function malformed(c: Cursor, what: string, rule: string, got: string): AmtError {
  return new AmtError('malformed', c.cid, `${what} expected ${rule}, got ${got} at byte ${c.pos}`)
}

/**
 * Reads a CBOR head as DAG-CBOR wants it: definite length, shortest form. The argument is a
 * number below 2^32, a bigint from an 8-byte head.
 */
function readHead(c: Cursor, what: string): { major: number; arg: number | bigint } {
  const first = c.bytes[c.pos]
  if (first === undefined) throw malformed(c, what, 'a data item', 'the end of the block')
  const info = first & 0x1f
  if (info > 27) throw malformed(c, what, 'a definite-length head', `0x${first.toString(16)}`)
  const n = info < 24 ? 0 : 1 << (info - 24)
  if (c.pos + 1 + n > c.bytes.length) throw malformed(c, what, `${n} argument bytes`, 'the end of the block')
  let arg: number | bigint = info < 24 ? info : 0
  if (n === 8) {
    arg = 0n
    for (let i = 1; i <= 8; i++) arg = (arg << 8n) | BigInt(c.bytes[c.pos + i]!)
  } else {
    for (let i = 1; i <= n; i++) arg = arg * 256 + c.bytes[c.pos + i]!
  }
  if (n > 0 && arg < (n === 1 ? 24 : n === 8 ? 0x100000000n : 2 ** (4 * n))) {
    throw malformed(c, what, 'the shortest form of its head', shown(c.bytes.subarray(c.pos, c.pos + 1 + n)))
  }
  c.pos += 1 + n
  return { major: first >> 5, arg }
}

/** A length as a number; one too large for the block is reported by whoever reads that many. */
function toLength(c: Cursor, arg: number | bigint): number {
  return typeof arg === 'bigint' ? c.bytes.length + 1 : arg
}

/** Reads a head of major type `major` and returns its argument as a length. */
function expectHead(c: Cursor, major: number, what: string, rule: string): number {
  const first = c.bytes[c.pos]
  if (first !== undefined && first >> 5 !== major) throw malformed(c, what, rule, `major type ${first >> 5}`)
  return toLength(c, readHead(c, what).arg)
}

function readUint(c: Cursor, what: string): bigint {
  const first = c.bytes[c.pos]
  if (first !== undefined && first >> 5 !== 0) throw malformed(c, what, 'an unsigned integer', `major type ${first >> 5}`)
  return BigInt(readHead(c, what).arg)
}

/** The next `length` bytes as a view of the block: values stay the very bytes they were read as. */
function readRaw(c: Cursor, length: number, what: string): Uint8Array {
  if (length > c.bytes.length - c.pos) throw malformed(c, what, `${length} bytes`, `${c.bytes.length - c.pos} left`)
  c.pos += length
  return c.bytes.subarray(c.pos - length, c.pos)
}

/**
 * Passes over one value, checking that it is a well-formed CBOR item with DAG-CBOR's heads (no
 * floats, tag 42 only, text map keys). What it means is its reader's business: the AMT keeps
 * its bytes as they are (go-amt-ipld's cbg.Deferred), so a value round-trips byte for byte.
 */
function skipValue(c: Cursor, depth: number): void {
  if (depth > MAX_CBOR_DEPTH) throw malformed(c, 'value', `at most ${MAX_CBOR_DEPTH} levels of nesting`, 'deeper nesting')
  const first = c.bytes[c.pos]
  if (first !== undefined && first >> 5 === 7) {
    if (first < 0xf4 || first > 0xf6) throw malformed(c, 'value', 'false, true or null (no floats, no other simple values)', `0x${first.toString(16)}`)
    c.pos++
    return
  }
  const head = readHead(c, 'value')
  const { major } = head
  const arg = toLength(c, head.arg)
  if (major === 2 || major === 3) readRaw(c, arg, 'value')
  if (major === 4 || major === 5) {
    if (arg > c.bytes.length - c.pos) throw malformed(c, 'value', `room for ${arg} items`, `${c.bytes.length - c.pos} bytes left`)
    for (let i = 0; i < arg; i++) {
      if (major === 5 && c.bytes[c.pos] !== undefined && c.bytes[c.pos]! >> 5 !== 3) throw malformed(c, 'map key', 'a text string', `major type ${c.bytes[c.pos]! >> 5}`)
      skipValue(c, depth + 1)
      if (major === 5) skipValue(c, depth + 1)
    }
  }
  if (major === 6) {
    if (head.arg !== CID_TAG) throw malformed(c, 'value', `only tag ${CID_TAG} (a link)`, `tag ${head.arg}`)
    readRaw(c, expectHead(c, 2, 'link', 'a byte string after tag 42'), 'link')
  }
}

function readLink(c: Cursor): CID {
  const tag = expectHead(c, 6, 'link', 'tag 42')
  if (tag !== CID_TAG) throw malformed(c, 'link', 'tag 42', `tag ${tag}`)
  const content = readRaw(c, expectHead(c, 2, 'link', 'a byte string after tag 42'), 'link')
  if (content[0] !== 0) throw malformed(c, 'link', 'the 0x00 multibase prefix before the CID', shown(content))
  try {
    return decodeCid(content.subarray(1))
  } catch (e) {
    if (e instanceof CidError) throw malformed(c, 'link', 'a well-formed CID', `an invalid one (${e.reason})`)
    throw e
  }
}

/** `[bitmap, [link…], [value…]]`, read for its shape only; `checkNode` applies the AMT's rules. */
function readNode(c: Cursor): AmtNodeData {
  if (expectHead(c, 4, 'node', 'an array of 3 (bitmap, links, values)') !== 3) throw malformed(c, 'node', 'an array of 3 (bitmap, links, values)', 'another length')
  const bitmap = readRaw(c, expectHead(c, 2, 'bitmap', 'a byte string'), 'bitmap')
  const links: CID[] = []
  const linkCount = expectHead(c, 4, 'links', 'an array')
  for (let i = 0; i < linkCount; i++) links.push(readLink(c))
  const values: Uint8Array[] = []
  const valueCount = expectHead(c, 4, 'values', 'an array')
  if (valueCount > c.bytes.length - c.pos) throw malformed(c, 'values', `room for ${valueCount} items`, `${c.bytes.length - c.pos} bytes left`)
  for (let i = 0; i < valueCount; i++) {
    const at = c.pos
    skipValue(c, 0)
    values.push(c.bytes.subarray(at, c.pos))
  }
  return { bitmap, links, values }
}

/** The filled slots a bitmap names, ascending; a bit at or past the width is an error (filspec: go ignores it). */
export function getAmtSlots(layout: AmtLayout, bitmap: Uint8Array, cid?: CID): number[] {
  const slots: number[] = []
  for (let i = 0; i < bitmap.length * 8; i++) {
    if (((bitmap[i >> 3]! >> (i & 7)) & 1) === 0) continue
    if (i >= layout.width) throw new AmtError('layout', cid, `bitmap expected bits below ${layout.width} (bit width ${layout.bitWidth}), got bit ${i} set`)
    slots.push(i)
  }
  return slots
}

/**
 * The rules a node keeps wherever it sits (go-amt-ipld v3 `newNode`): links or values, never
 * both; a bitmap of exactly `layout.bitmapBytes` bytes with one set bit for each of them; values
 * only at height 0 and links only above it; no empty node but the root of an empty AMT (at height
 * 0 in version 3; at any height in version 2, whose delete keeps the height when the last entry
 * goes); links to DAG-CBOR blocks.
 */
function checkNode(layout: AmtLayout, node: AmtNodeData, height: number, isRoot: boolean, cid: CID | undefined): void {
  const { links, values } = node
  if (links.length > 0 && values.length > 0) throw new AmtError('layout', cid, `node expected links or values, not both, got ${links.length} links and ${values.length} values`)
  if (node.bitmap.length !== layout.bitmapBytes) throw new AmtError('layout', cid, `bitmap expected ${layout.bitmapBytes} byte(s) for bit width ${layout.bitWidth}, got ${node.bitmap.length}`)
  const filled = getAmtSlots(layout, node.bitmap, cid).length
  const entries = links.length + values.length
  if (filled !== entries) throw new AmtError('layout', cid, `bitmap expected ${entries} set bit(s), one for each ${links.length > 0 ? 'link' : 'value'}, got ${filled}`)
  if (height === 0 && links.length > 0) throw new AmtError('layout', cid, `links expected only above height 0, got ${links.length} in a node at height 0`)
  if (height > 0 && values.length > 0) throw new AmtError('layout', cid, `values expected only at height 0, got ${values.length} in a node at height ${height}`)
  if (entries === 0 && !(isRoot && (layout.version === 2 || height === 0))) {
    throw new AmtError('layout', cid, `node expected at least one link or value (only an empty AMT's root may be empty${layout.version === 3 ? ', at height 0' : ''}), got an empty node at height ${height}${isRoot ? ' (the root)' : ''}`)
  }
  for (const link of links) {
    if (link.code !== DAG_CBOR) throw new AmtError('layout', cid, `link expected a DAG-CBOR CID (codec 0x71), got codec 0x${link.code.toString(16)} in ${link}`)
  }
}

function checkEnd(c: Cursor): void {
  if (c.pos !== c.bytes.length) throw malformed(c, 'block', 'one item and nothing after it', `${c.bytes.length - c.pos} more byte(s)`)
}

/** Reads the block of a node at `height` below the root; `cid` only names the block in errors. */
export function decodeAmtNode(bytes: Uint8Array, layout: AmtLayout, height: number, cid?: CID): AmtNodeData {
  const c: Cursor = { bytes, pos: 0, cid }
  const node = readNode(c)
  checkEnd(c)
  checkNode(layout, node, height, false, cid)
  return node
}

/**
 * Reads a root block (go-amt-ipld v3 LoadAMT's checks, which v2's LoadAMT makes in part): the
 * bit width the caller expects, a height of at most `layout.maxHeight`, a count the height can
 * hold (filspec applies this to version 2 as well), and the root node's rules.
 */
export function decodeAmtRoot(bytes: Uint8Array, layout: AmtLayout, cid?: CID): AmtRootData {
  const c: Cursor = { bytes, pos: 0, cid }
  const fields = layout.version === 2 ? 3 : 4
  const rule = layout.version === 2 ? 'an array of 3 (height, count, node)' : 'an array of 4 (bitWidth, height, count, node)'
  if (expectHead(c, 4, 'root', rule) !== fields) throw malformed(c, 'root', rule, 'another length')
  if (layout.version === 3) {
    const bitWidth = readUint(c, 'bit width')
    if (bitWidth !== BigInt(layout.bitWidth)) throw new AmtError('layout', cid, `bit width expected ${layout.bitWidth}, got ${bitWidth}`)
  }
  const height = readUint(c, 'height')
  if (height > BigInt(layout.maxHeight)) throw new AmtError('layout', cid, `height expected at most ${layout.maxHeight}, got ${height}`)
  const count = readUint(c, 'count')
  const span = computeAmtSpan(layout, Number(height))
  if (count > span) throw new AmtError('layout', cid, `count expected at most ${span} (what height ${height} holds), got ${count}`)
  const node = readNode(c)
  checkEnd(c)
  checkNode(layout, node, Number(height), true, cid)
  return { height: Number(height), count, node }
}

/** Checks that `value` is one well-formed CBOR item, as every value of an AMT must be. */
export function validateAmtValue(value: Uint8Array): void {
  const c: Cursor = { bytes: value, pos: 0, cid: undefined }
  try {
    skipValue(c, 0)
    checkEnd(c)
  } catch (e) {
    if (e instanceof AmtError) throw new AmtError('value', undefined, e.reason)
    throw e
  }
}
