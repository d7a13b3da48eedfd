// Spec section: Appendix › Data Structures, AMT. An array mapped trie: a sparse array of values
// indexed by unsigned integers, as a tree of DAG-CBOR blocks whose shape the contents decide.
// Operations follow go-amt-ipld v3 (amt.go, node.go, link.go) and, for version-2 AMTs,
// go-amt-ipld v2 (v2.1.0 to commit 924ee87, amt.go), which differ in what a delete leaves (see
// `collapseRoot`) and in what the store sees: version 2 keeps no dirty flag, so it writes every
// node it holds at each flush and when the tree grows, and does not keep nodes an iteration reads
// (see `flushAmt`, `growFor`, `iterate`). Reads and writes are charged gas in the VM.

import type { CID } from 'multiformats/cid'
import { equals } from 'multiformats/bytes'
import { computeCborCid } from '../../../src/schema/struct.ts'
import type { Block } from '../../systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { AmtError, computeAmtSpan, getAmtLayout, type AmtLayout, type AmtShape, type AmtVersion } from './amt_layout.ts'
import { decodeAmtNode, decodeAmtRoot, encodeAmtNode, encodeAmtRoot, getAmtSlots, validateAmtValue, type AmtNodeData } from './amt_node.ts'
import { readAmtBlock, type AmtStore } from './amt_walk.ts'

/**
 * How values are turned into the bytes of one CBOR item and back. Without one, values are those
 * bytes themselves (copied in and out, so that no caller holds a view of a stored block); a
 * structure of the schema layer (`defineStruct`) is a codec as it is.
 */
export interface AmtValueCodec<T> {
  encode(value: T): Uint8Array
  decode(bytes: Uint8Array): T
}

/** An AMT's shape and its values' codec, which may be left out only when the values are bytes. */
export type AmtOptions<T> = AmtShape & (Uint8Array extends T ? { codec?: AmtValueCodec<T> } : { codec: AmtValueCodec<T> })

/** An index: a bigint, or a number that is a safe integer. */
export type AmtIndex = bigint | number

/** Indexes from `start` (inclusive, 0 by default) to `end` (exclusive, none by default). */
export interface AmtRange {
  start?: AmtIndex
  end?: AmtIndex
}

/** An AMT open on a store. Changes stay in memory until `flush` writes them. */
export interface Amt<T> {
  readonly version: AmtVersion
  readonly bitWidth: number
  /** The tree's height: a root at height h spans indexes below 2^(bitWidth·(h+1)). */
  readonly height: number
  /** The number of values (go-amt-ipld `Len`). */
  readonly count: bigint
  get(index: AmtIndex): Promise<T | undefined>
  set(index: AmtIndex, value: T): Promise<void>
  /** Removes the value at `index`; false when there was none. */
  delete(index: AmtIndex): Promise<boolean>
  /** Removes each index in ascending order (go-amt-ipld v3 `BatchDelete`); the number removed. */
  deleteMany(indexes: Iterable<AmtIndex>): Promise<number>
  /** Values in index order, within `range` (go-amt-ipld `ForEach`, `ForEachAt`). Do not change the AMT while iterating. */
  entries(range?: AmtRange): AsyncGenerator<[bigint, T]>
  /** Writes the nodes to write (see `flushAmt`: the changed ones in version 3), then the root; the root's CID. */
  flush(): Promise<CID>
}

/** A child link (go-amt-ipld v3 `link`): its CID once stored, its node once loaded, and whether it changed since. */
interface Link {
  cid: CID | undefined
  node: Node | undefined
  dirty: boolean
}

/** A node expanded to one entry a slot: links above height 0, values at height 0. */
interface Node {
  links: (Link | undefined)[] | undefined
  values: (Uint8Array | undefined)[] | undefined
}

interface Tree {
  readonly layout: AmtLayout
  readonly store: AmtStore
  height: number
  count: bigint
  node: Node
  /** The root's CID while the tree is as loaded or last flushed; unset once it changes. */
  cid: CID | undefined
}

function expandNode(layout: AmtLayout, data: AmtNodeData): Node {
  const slots = getAmtSlots(layout, data.bitmap)
  if (data.values.length > 0) {
    const values = new Array<Uint8Array | undefined>(layout.width).fill(undefined)
    slots.forEach((slot, i) => (values[slot] = data.values[i]))
    return { links: undefined, values }
  }
  if (data.links.length === 0) return { links: undefined, values: undefined }
  const links = new Array<Link | undefined>(layout.width).fill(undefined)
  slots.forEach((slot, i) => (links[slot] = { cid: data.links[i], node: undefined, dirty: false }))
  return { links, values: undefined }
}

function isEmptyNode(node: Node): boolean {
  return !(node.links?.some((l) => l !== undefined) || node.values?.some((v) => v !== undefined))
}

/** The child at `link`'s CID, read from the store and expanded. */
async function readChild(tree: Tree, link: Link, height: number): Promise<Node> {
  const cid = link.cid!
  return expandNode(tree.layout, decodeAmtNode(await readAmtBlock(tree.store, cid), tree.layout, height, cid))
}

/** The child behind `link`, read from the store the first time and kept (go-amt-ipld v3 `link.load`, v2 `loadNode`). */
async function loadChild(tree: Tree, link: Link, height: number): Promise<Node> {
  link.node ??= await readChild(tree, link, height)
  return link.node
}

/** The slot of `index` in a node at `height`, and the index's rest for the child there. */
function locate(layout: AmtLayout, height: number, index: bigint): [number, bigint] {
  const shift = BigInt(layout.bitWidth * height)
  return [Number(index >> shift), index & ((1n << shift) - 1n)]
}

async function getIn(tree: Tree, node: Node, height: number, index: bigint): Promise<Uint8Array | undefined> {
  const [slot, rest] = locate(tree.layout, height, index)
  if (height === 0) return node.values?.[slot]
  const link = node.links?.[slot]
  if (link === undefined) return undefined
  return getIn(tree, await loadChild(tree, link, height - 1), height - 1, rest)
}

/** What a set did: filled an empty index, replaced a value, or found the same bytes there. */
type SetResult = 'added' | 'replaced' | 'same'

/** Sets the value, making the nodes on the way as needed; only a change marks the path dirty. */
async function setIn(tree: Tree, node: Node, height: number, index: bigint, value: Uint8Array): Promise<SetResult> {
  const [slot, rest] = locate(tree.layout, height, index)
  if (height === 0) {
    node.values ??= new Array<Uint8Array | undefined>(tree.layout.width).fill(undefined)
    const old = node.values[slot]
    if (old !== undefined && equals(old, value)) return 'same'
    node.values[slot] = value
    return old === undefined ? 'added' : 'replaced'
  }
  node.links ??= new Array<Link | undefined>(tree.layout.width).fill(undefined)
  const link = node.links[slot] ?? { cid: undefined, node: { links: undefined, values: undefined }, dirty: true }
  const result = await setIn(tree, await loadChild(tree, link, height - 1), height - 1, rest, value)
  if (result !== 'same') {
    link.dirty = true
    node.links[slot] = link
  }
  return result
}

/** Removes the value; a child left empty is unlinked, so no empty node stays below the root. */
async function deleteIn(tree: Tree, node: Node, height: number, index: bigint): Promise<boolean> {
  const [slot, rest] = locate(tree.layout, height, index)
  if (height === 0) {
    if (node.values?.[slot] === undefined) return false
    node.values[slot] = undefined
    return true
  }
  const link = node.links?.[slot]
  if (link === undefined) return false
  const child = await loadChild(tree, link, height - 1)
  if (!(await deleteIn(tree, child, height - 1, rest))) return false
  if (isEmptyNode(child)) node.links![slot] = undefined
  else link.dirty = true
  return true
}

/**
 * Adds height until `index` fits, pushing the tree down under slot 0 of a new root (go-amt-ipld
 * `Set`). Version 3 keeps the old root in memory as a changed child. Version 2 writes it at once,
 * after the children it holds, as its flush would (go-amt-ipld v2 `Set` calls `Node.Flush` and
 * puts the node), and links it by CID only, so reaching it again reads it from the store.
 */
async function growFor(tree: Tree, index: bigint): Promise<void> {
  while (index >= computeAmtSpan(tree.layout, tree.height)) {
    if (!isEmptyNode(tree.node)) {
      const links = new Array<Link | undefined>(tree.layout.width).fill(undefined)
      if (tree.layout.version === 2) {
        const blocks: Block[] = []
        const done: [Link, CID][] = []
        const bytes = encodeAmtNode(collapseNode(tree, tree.node, tree.height, blocks, done))
        const cid = computeCborCid(bytes)
        await tree.store.putMany([...blocks, { cid, bytes }])
        markWritten(done)
        links[0] = { cid, node: undefined, dirty: false }
      } else {
        links[0] = { cid: undefined, node: tree.node, dirty: true }
      }
      tree.node = { links, values: undefined }
    } else {
      tree.node = { links: undefined, values: undefined }
    }
    tree.height++
  }
}

/**
 * After a delete, while the root links only to its slot 0, that child becomes the root and the
 * height drops by one, so that a tree's height is the least its highest index needs. When the
 * last value goes, version 3 returns to height 0 (go-amt-ipld v3 `node.collapse`); version 2
 * keeps the root's height, with an empty root node (go-amt-ipld v2 `Delete`: its loop looks for
 * a bitmap of exactly 0x01), and later sets below that height leave the root taller than needed.
 */
async function collapseRoot(tree: Tree): Promise<void> {
  while (tree.height > 0) {
    const filled = tree.node.links?.flatMap((l, slot) => (l === undefined ? [] : [slot])) ?? []
    if (filled.length === 0) {
      if (tree.layout.version === 3) {
        tree.height = 0
        tree.node = { links: undefined, values: undefined }
      }
      return
    }
    if (filled.length > 1 || filled[0] !== 0) return
    tree.node = await loadChild(tree, tree.node.links![0]!, tree.height - 1)
    tree.height--
  }
}

/**
 * Values from `start` to `end`, skipping subtrees outside the range without loading them
 * (go-amt-ipld `forEachAt`). Version 2 does not keep a child it had to read (go-amt-ipld v2
 * `forEachAt` reads it into a local copy): a later access reads it again, and a flush does not
 * write it.
 */
async function* iterate(tree: Tree, node: Node, height: number, offset: bigint, start: bigint, end: bigint | undefined): AsyncGenerator<[bigint, Uint8Array]> {
  if (height === 0) {
    for (const [slot, value] of (node.values ?? []).entries()) {
      const index = offset + BigInt(slot)
      if (end !== undefined && index >= end) return
      if (value !== undefined && index >= start) yield [index, value]
    }
    return
  }
  const span = 1n << BigInt(tree.layout.bitWidth * height)
  for (const [slot, link] of (node.links ?? []).entries()) {
    const childOffset = offset + BigInt(slot) * span
    if (end !== undefined && childOffset >= end) return
    if (link === undefined || childOffset + span <= start) continue
    const child = tree.layout.version === 2 ? (link.node ?? (await readChild(tree, link, height - 1))) : await loadChild(tree, link, height - 1)
    yield* iterate(tree, child, height - 1, childOffset, start, end)
  }
}

/**
 * A node's block fields, encoding the children to write below it first: in version 3 the changed
 * ones; in version 2 every child held in memory, changed or not (go-amt-ipld v2 `Node.Flush` puts
 * each cached child). New blocks go to `blocks`, children before parents; the links' CIDs are
 * recorded in `done` and set only once the store has them.
 */
function collapseNode(tree: Tree, node: Node, height: number, blocks: Block[], done: [Link, CID][]): AmtNodeData {
  const bitmap = new Uint8Array(tree.layout.bitmapBytes)
  const links: CID[] = []
  const values: Uint8Array[] = []
  const slots = height === 0 ? (node.values ?? []) : (node.links ?? [])
  for (const [slot, entry] of slots.entries()) {
    if (entry === undefined) continue
    bitmap[slot >> 3]! |= 1 << (slot & 7)
    if (entry instanceof Uint8Array) {
      values.push(entry)
      continue
    }
    let cid = entry.cid
    if (tree.layout.version === 2 ? entry.node !== undefined : entry.dirty) {
      const bytes = encodeAmtNode(collapseNode(tree, entry.node!, height - 1, blocks, done))
      cid = computeCborCid(bytes)
      blocks.push({ cid, bytes })
      done.push([entry, cid])
    }
    links.push(cid!)
  }
  return { bitmap, links, values }
}

/** Records the CIDs of written children; they are no longer changed. Version 2 keeps them in memory too (Go keeps its cache). */
function markWritten(done: readonly [Link, CID][]): void {
  for (const [link, linkCid] of done) {
    link.cid = linkCid
    link.dirty = false
  }
}

/**
 * Writes the nodes to write, children before parents, then the root, in one batch. Version 3
 * writes the changed nodes only, and nothing when nothing changed. Version 2 writes every child
 * held in memory and always the root (go-amt-ipld v2 `Root.Flush`, which specs-actors adt
 * `Array.Root` calls), and keeps them all in memory, so each later flush writes them again.
 */
async function flushAmt(tree: Tree): Promise<CID> {
  if (tree.layout.version !== 2 && tree.cid !== undefined) return tree.cid
  const blocks: Block[] = []
  const done: [Link, CID][] = []
  const node = collapseNode(tree, tree.node, tree.height, blocks, done)
  const bytes = encodeAmtRoot(tree.layout, { height: tree.height, count: tree.count, node })
  const cid = computeCborCid(bytes)
  await tree.store.putMany([...blocks, { cid, bytes }])
  markWritten(done)
  tree.cid = cid
  return cid
}

/** Checks an index and returns it as a bigint; `limit` is the highest allowed. */
function toIndex(layout: AmtLayout, index: AmtIndex, limit = layout.maxIndex): bigint {
  if (typeof index === 'number' && !Number.isSafeInteger(index)) throw new AmtError('index', undefined, `index expected a safe integer or a bigint, got ${index}`)
  if (typeof index !== 'number' && typeof index !== 'bigint') throw new AmtError('index', undefined, `index expected a safe integer or a bigint, got ${typeof index}`)
  const i = BigInt(index)
  if (i < 0n || i > limit) throw new AmtError('index', undefined, `index expected 0 to ${limit} (version ${layout.version}), got ${i}`)
  return i
}

const RAW_VALUES: AmtValueCodec<Uint8Array> = { encode: (v) => v.slice(), decode: (b) => b.slice() }

function openTree<T>(tree: Tree, codec: AmtValueCodec<T>): Amt<T> {
  const amt: Amt<T> = {
    version: tree.layout.version,
    bitWidth: tree.layout.bitWidth,
    get height() {
      return tree.height
    },
    get count() {
      return tree.count
    },
    async get(index) {
      const i = toIndex(tree.layout, index)
      if (i >= computeAmtSpan(tree.layout, tree.height)) return undefined
      const bytes = await getIn(tree, tree.node, tree.height, i)
      return bytes === undefined ? undefined : codec.decode(bytes)
    },
    async set(index, value) {
      const i = toIndex(tree.layout, index)
      const bytes = codec.encode(value)
      validateAmtValue(bytes)
      await growFor(tree, i) // an index past the span is new, so growing goes with an 'added'
      const result = await setIn(tree, tree.node, tree.height, i, bytes)
      if (result !== 'same') tree.cid = undefined
      if (result === 'added') tree.count++
    },
    async delete(index) {
      const i = toIndex(tree.layout, index)
      if (i >= computeAmtSpan(tree.layout, tree.height)) return false
      if (!(await deleteIn(tree, tree.node, tree.height, i))) return false
      tree.cid = undefined
      await collapseRoot(tree)
      // Matches go-amt-ipld v3 Delete: the tree has changed, and then a count at 0 is reported.
      if (tree.count === 0n) throw new AmtError('layout', undefined, 'count expected to cover the value deleted, got 0')
      tree.count--
      return true
    },
    async deleteMany(indexes) {
      const sorted = [...indexes].map((i) => toIndex(tree.layout, i)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      let removed = 0
      for (const i of sorted) if (await amt.delete(i)) removed++
      return removed
    },
    async *entries(range = {}) {
      const start = range.start === undefined ? 0n : toIndex(tree.layout, range.start)
      const end = range.end === undefined ? undefined : toIndex(tree.layout, range.end, tree.layout.maxIndex + 1n)
      for await (const [i, bytes] of iterate(tree, tree.node, tree.height, 0n, start, end)) yield [i, codec.decode(bytes)]
    },
    flush: () => flushAmt(tree),
  }
  return amt
}

/** The codec given, or bytes as they are, which AmtOptions allows only when T admits Uint8Array. */
function codecOf<T>(options: AmtOptions<T>): AmtValueCodec<T> {
  return options.codec ?? (RAW_VALUES as unknown as AmtValueCodec<T>)
}

/** A new, empty AMT (go-amt-ipld `NewAMT`). */
export function createAmt<T = Uint8Array>(store: AmtStore, options: AmtOptions<T>): Amt<T> {
  const layout = getAmtLayout(options)
  const tree: Tree = { layout, store, height: 0, count: 0n, node: { links: undefined, values: undefined }, cid: undefined }
  return openTree(tree, codecOf(options))
}

/** Reads the root block at `root` (go-amt-ipld `LoadAMT`); nodes below it are read when first needed. */
export async function loadAmt<T = Uint8Array>(store: AmtStore, root: CID, options: AmtOptions<T>): Promise<Amt<T>> {
  const layout = getAmtLayout(options)
  const data = decodeAmtRoot(await readAmtBlock(store, root), layout, root)
  const tree: Tree = { layout, store, height: data.height, count: data.count, node: expandNode(layout, data.node), cid: root }
  return openTree(tree, codecOf(options))
}
