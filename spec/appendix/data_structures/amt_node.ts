// Spec section: Appendix › Data Structures, AMT. The blocks of an AMT: a root, and the nodes under
// it, as DAG-CBOR tuples, and the rules a block must keep to be read. Byte layout: go-amt-ipld v2
// cbor_gen.go (Root, Node with a 1-byte `Bmap`) and v3 internal/internal.go and cbor_gen.go (Root
// with `BitWidth`, Node with a `Bmap` of bmapBytes(bitWidth) bytes). Rules for a node: go-amt-ipld
// v3 node.go `newNode` and fvm_ipld_amt node.rs `CollapsedNode::expand`, plus the stricter ones
// marked "filspec".

import type { CID } from 'multiformats/cid'
import { expectHead, readHead, readLink, readRaw, skipItem, writeHead, writeLink, writeRaw, type CborCursor, type CborWriter } from '../../libraries/ipld/cbor_head.ts'
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

function writeNode(w: CborWriter, node: AmtNodeData): void {
  writeHead(w, 4, 3)
  writeHead(w, 2, node.bitmap.length)
  writeRaw(w, node.bitmap)
  writeHead(w, 4, node.links.length)
  for (const link of node.links) writeLink(w, link)
  writeHead(w, 4, node.values.length)
  for (const value of node.values) writeRaw(w, value)
}

/** The block of a node that is not the root: `[bitmap, links, values]`. */
export function encodeAmtNode(node: AmtNodeData): Uint8Array {
  const w: CborWriter = { buf: new Uint8Array(256), len: 0 }
  writeNode(w, node)
  return w.buf.slice(0, w.len)
}

/** The root block: `[height, count, node]` (version 2) or `[bitWidth, height, count, node]` (version 3). */
export function encodeAmtRoot(layout: AmtLayout, root: AmtRootData): Uint8Array {
  const w: CborWriter = { buf: new Uint8Array(256), len: 0 }
  writeHead(w, 4, layout.version === 2 ? 3 : 4)
  if (layout.version === 3) writeHead(w, 0, layout.bitWidth)
  writeHead(w, 0, root.height)
  writeHead(w, 0, root.count)
  writeNode(w, root.node)
  return w.buf.slice(0, w.len)
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A cursor on a block whose faults are `malformed` AmtErrors naming `cid`. */
function openBlock(bytes: Uint8Array, cid: CID | undefined): CborCursor {
  return { bytes, pos: 0, fail: (at, what, rule, got) => new AmtError('malformed', cid, `${what} expected ${rule}, got ${got} at byte ${at}`) }
}

function malformed(c: CborCursor, what: string, rule: string, got: string): Error {
  return c.fail(c.pos, what, rule, got)
}

function readUint(c: CborCursor, what: string): bigint {
  const first = c.bytes[c.pos]
  if (first !== undefined && first >> 5 !== 0) throw malformed(c, what, 'an unsigned integer', `major type ${first >> 5}`)
  return BigInt(readHead(c, what).arg)
}

/** `[bitmap, [link…], [value…]]`, read for its shape only; `checkNode` applies the AMT's rules. */
function readNode(c: CborCursor): AmtNodeData {
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
    skipItem(c, 0)
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

function checkEnd(c: CborCursor): void {
  if (c.pos !== c.bytes.length) throw malformed(c, 'block', 'one item and nothing after it', `${c.bytes.length - c.pos} more byte(s)`)
}

/** Reads the block of a node at `height` below the root; `cid` only names the block in errors. */
export function decodeAmtNode(bytes: Uint8Array, layout: AmtLayout, height: number, cid?: CID): AmtNodeData {
  const c = openBlock(bytes, cid)
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
  const c = openBlock(bytes, cid)
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
  const c = openBlock(value, undefined)
  try {
    skipItem(c, 0)
    checkEnd(c)
  } catch (e) {
    if (e instanceof AmtError) throw new AmtError('value', undefined, e.reason)
    throw e
  }
}
