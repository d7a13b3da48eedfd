// Spec section: Appendix › Data Structures, HAMT. The operations of a HAMT over a blockstore: get,
// set, delete, iteration in the trie's order, flush, and loading from a root CID, with the
// semantics of go-hamt-ipld (hamt.go: getValue, modifyValue, cleanChild, loadNode, Flush) in the
// release named by the version: v0.1.5 for actors v0, v2.0.0 for actors v2, v3 for actors v3 on
// (fvm_ipld_hamt keeps v3's blocks and CIDs). Keys are byte strings; values are encoded CBOR items,
// kept as bytes, so the HAMT never re-encodes a value.

import type { CID } from 'multiformats/cid'
import { equals, toHex } from 'multiformats/bytes'
import { sha256 } from '@noble/hashes/sha2.js'
import { computeCborCid } from '../../../src/schema/struct.ts'
import { type Block, type Blockstore, BlockNotFoundError } from '../../systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import {
  type HamtBucket,
  type HamtEntry,
  type HamtLink,
  type HamtNode,
  type HamtVersion,
  compareBytes,
  createHamtNode,
  decodeHamtNode,
  encodeHamtNode,
  HamtError,
  MAX_BUCKET_SIZE,
  MAX_HAMT_BIT_WIDTH,
  MIN_HAMT_BIT_WIDTH,
  validateHamtValue,
} from './hamt_node.ts'

/** The bit width of every HAMT in Filecoin's state (specs-actors adt `hamtBitwidth`, builtin-actors `HAMT_BIT_WIDTH`). */
export const DEFAULT_HAMT_BIT_WIDTH = 5

/** Hashes a key into the digest whose bits choose a slot at each level. */
export type HamtHashFunction = (key: Uint8Array) => Uint8Array

/**
 * How to read and write a HAMT; none of it is stored in the HAMT, so a reader must know it.
 * `bitWidth` defaults to DEFAULT_HAMT_BIT_WIDTH and `hash` to sha2-256, as Filecoin uses them.
 */
export interface HamtOptions {
  readonly version: HamtVersion
  readonly bitWidth?: number
  readonly hash?: HamtHashFunction
}

/**
 * A HAMT being read or changed. Changes stay in memory until `flush`, which writes every changed
 * node and returns the root CID; nodes not changed are never written again. Values are read-only
 * views; do not change the HAMT while an `entries()` iteration is under way.
 */
export interface Hamt {
  readonly version: HamtVersion
  readonly bitWidth: number
  /** The value under `key`, or undefined. */
  get(key: Uint8Array): Promise<Uint8Array | undefined>
  /** Sets `key` to `value` (one encoded CBOR item); true when the map changed. */
  set(key: Uint8Array, value: Uint8Array): Promise<boolean>
  /** Sets `key` only when it is absent (go-hamt-ipld v3 `SetIfAbsent`); true when it was set. */
  setIfAbsent(key: Uint8Array, value: Uint8Array): Promise<boolean>
  /** Removes `key`; true when it was there. */
  delete(key: Uint8Array): Promise<boolean>
  /** Every entry, in the trie's order: slot by slot, a bucket's entries in their stored order. */
  entries(): AsyncGenerator<HamtEntry>
  /** Writes the changed nodes in one batch and returns the root's CID. */
  flush(): Promise<CID>
}

interface HamtContext {
  readonly store: Blockstore
  readonly version: HamtVersion
  readonly bitWidth: number
  readonly hash: HamtHashFunction
}

/** The root node, the CID it was loaded from or last flushed to, and whether it changed since. */
interface HamtRoot {
  readonly node: HamtNode
  cid: CID | undefined
  dirty: boolean
}

/**
 * The go-hamt-ipld release that specs-actors (v0–v7) and builtin-actors wrote their HAMTs with:
 * v0.1.5 for actors v0, v2.0.0 for actors v2, v3 from actors v3 on (specs-actors go.mod).
 */
export function getHamtVersionForActors(actorsVersion: number): HamtVersion {
  if (actorsVersion === 0) return 'v0'
  if (actorsVersion === 2) return 'v2'
  if (Number.isInteger(actorsVersion) && actorsVersion >= 3) return 'v3'
  throw new HamtError('options', undefined, `actors version expected 0, 2 or an integer above, got ${actorsVersion}`)
}

/**
 * The slot of a key at `depth`: bits [depth·bitWidth, (depth+1)·bitWidth) of its digest, the most
 * significant bit of each byte first (go-hamt-ipld hash.go `hashBits.Next`). A digest too short
 * for the depth is the HAMT's maximum depth (`ErrMaxDepth`).
 */
export function computeHashIndex(digest: Uint8Array, depth: number, bitWidth: number): number {
  const start = depth * bitWidth
  if (start + bitWidth > digest.length * 8) {
    throw new HamtError('max-depth', undefined, `depth expected at most ${Math.floor((digest.length * 8) / bitWidth)} levels for a ${digest.length}-byte hash at bit width ${bitWidth}, got level ${depth + 1}`)
  }
  let index = 0
  for (let bit = start; bit < start + bitWidth; bit++) index = (index << 1) | ((digest[bit >> 3]! >> (7 - (bit & 7))) & 1)
  return index
}

function makeContext(store: Blockstore, options: HamtOptions): HamtContext {
  const bitWidth = options.bitWidth ?? DEFAULT_HAMT_BIT_WIDTH
  if (!Number.isInteger(bitWidth) || bitWidth < MIN_HAMT_BIT_WIDTH || bitWidth > MAX_HAMT_BIT_WIDTH) {
    throw new HamtError('options', undefined, `bit width expected an integer from ${MIN_HAMT_BIT_WIDTH} to ${MAX_HAMT_BIT_WIDTH}, got ${bitWidth}`)
  }
  if (!['v0', 'v2', 'v3'].includes(options.version)) throw new HamtError('options', undefined, `version expected v0, v2 or v3, got ${String(options.version)}`)
  return { store, version: options.version, bitWidth, hash: options.hash ?? sha256 }
}

// ---------------------------------------------------------------------------------------------
// Loading, with the checks of go-hamt-ipld v2/v3 loadNode and of each key's place

async function readBlock(store: Blockstore, cid: CID): Promise<Uint8Array> {
  try {
    return await store.get(cid)
  } catch (e) {
    if (e instanceof BlockNotFoundError) throw new HamtError('missing-block', cid, 'block expected in the store, got none')
    throw e
  }
}

/**
 * A node below the root is never empty and never small enough to be a bucket in its parent
 * (go-hamt-ipld loadNode, `!isRoot`): a tree in canonical form has collapsed such a node.
 */
function validateChildNode(node: HamtNode, cid: CID): void {
  let entries = 0
  let pointers = 0
  for (const p of node.slots) {
    if (p === undefined) continue
    pointers++
    if (p.kind === 'link') return
    entries += p.entries.length
  }
  if (pointers === 0) throw new HamtError('layout', cid, 'child node expected at least one pointer (only a root may be empty), got none')
  if (entries <= MAX_BUCKET_SIZE) throw new HamtError('layout', cid, `child node expected more than ${MAX_BUCKET_SIZE} entries or a link (a smaller one collapses into its parent), got ${entries} entries`)
}

/** Every key in a node reached by the slots `path` has a hash that leads along that path to its slot. */
function validatePlacement(ctx: HamtContext, node: HamtNode, cid: CID, path: readonly number[]): void {
  node.slots.forEach((p, slot) => {
    if (p?.kind !== 'bucket') return
    for (const { key } of p.entries) {
      const digest = ctx.hash(key)
      if ((path.length + 1) * ctx.bitWidth > digest.length * 8) throw new HamtError('max-depth', cid, `node expected within the ${digest.length}-byte hash's depth, got one at level ${path.length + 1}`)
      for (let depth = 0; depth <= path.length; depth++) {
        const expected = depth < path.length ? path[depth]! : slot
        const index = computeHashIndex(digest, depth, ctx.bitWidth)
        if (index !== expected) throw new HamtError('layout', cid, `key 0x${toHex(key)} expected its hash to lead to slot ${expected} at level ${depth + 1}, got slot ${index}`)
      }
    }
  })
}

/** Reads and checks the node stored under `cid`, reached from the root through the slots `path`. */
async function readNode(ctx: HamtContext, cid: CID, path: readonly number[]): Promise<HamtNode> {
  const node = decodeHamtNode(await readBlock(ctx.store, cid), ctx.bitWidth, ctx.version, cid)
  if (path.length > 0) validateChildNode(node, cid)
  validatePlacement(ctx, node, cid, path)
  return node
}

/** The child a link points to, loaded once and then kept (go-hamt-ipld `loadChild` and its cache). */
async function loadChild(ctx: HamtContext, link: HamtLink, path: readonly number[]): Promise<HamtNode> {
  link.node ??= await readNode(ctx, link.cid!, path)
  return link.node
}

// ---------------------------------------------------------------------------------------------
// Operations

/** go-hamt-ipld getValue: follow the key's slots down to a bucket, then look in it. */
async function findValue(ctx: HamtContext, node: HamtNode, digest: Uint8Array, key: Uint8Array, path: number[]): Promise<Uint8Array | undefined> {
  const slot = computeHashIndex(digest, path.length, ctx.bitWidth)
  const pointer = node.slots[slot]
  if (pointer === undefined) return undefined
  if (pointer.kind === 'link') return findValue(ctx, await loadChild(ctx, pointer, [...path, slot]), digest, key, [...path, slot])
  return pointer.entries.find((e) => equals(e.key, key))?.value
}

/**
 * Inserts before the first entry whose key is greater, else at the end (go-hamt-ipld modifyValue):
 * a sorted bucket stays sorted; a v0 bucket left unsorted by a collapse gets the same placement as Go.
 */
function insertIntoBucket(entries: HamtEntry[], entry: HamtEntry): void {
  const at = entries.findIndex((e) => compareBytes(entry.key, e.key) < 0)
  entries.splice(at < 0 ? entries.length : at, 0, entry)
}

/**
 * A full bucket and one more entry become a child node one level down: the new entry is set first,
 * then the bucket's entries in their order (go-hamt-ipld modifyValue). The child may split again.
 */
async function splitBucket(ctx: HamtContext, bucket: HamtBucket, entry: HamtEntry, digest: Uint8Array, path: number[]): Promise<HamtLink> {
  const child = createHamtNode(ctx.bitWidth)
  await setValue(ctx, child, digest, entry, true, path)
  for (const e of bucket.entries) await setValue(ctx, child, ctx.hash(e.key), e, true, path)
  return { kind: 'link', cid: undefined, node: child, dirty: true }
}

/**
 * go-hamt-ipld modifyValue for a set: fill an empty slot, replace the value of a present key
 * (unless `overwrite` is false or the value is the same), add to a bucket with room, or split a
 * full bucket. Returns whether the map changed; a child that changed is marked for the next flush.
 */
async function setValue(ctx: HamtContext, node: HamtNode, digest: Uint8Array, entry: HamtEntry, overwrite: boolean, path: number[]): Promise<boolean> {
  const slot = computeHashIndex(digest, path.length, ctx.bitWidth)
  const pointer = node.slots[slot]
  if (pointer === undefined) {
    node.slots[slot] = { kind: 'bucket', entries: [entry] }
    return true
  }
  if (pointer.kind === 'link') {
    const changed = await setValue(ctx, await loadChild(ctx, pointer, [...path, slot]), digest, entry, overwrite, [...path, slot])
    if (changed) pointer.dirty = true
    return changed
  }
  const at = pointer.entries.findIndex((e) => equals(e.key, entry.key))
  if (at >= 0) {
    if (!overwrite || equals(pointer.entries[at]!.value, entry.value)) return false
    pointer.entries[at] = entry
    return true
  }
  if (pointer.entries.length < MAX_BUCKET_SIZE) insertIntoBucket(pointer.entries, entry)
  else node.slots[slot] = await splitBucket(ctx, pointer, entry, digest, [...path, slot])
  return true
}

/**
 * go-hamt-ipld cleanChild, after a delete below `slot`: a child with no links and at most
 * MAX_BUCKET_SIZE entries becomes a bucket of its parent. Its one bucket moves up as it is;
 * entries of several buckets are sorted by key, except in v0, whose v0.1.5 kept them in slot order.
 */
function cleanChild(ctx: HamtContext, parent: HamtNode, slot: number, child: HamtNode): void {
  const buckets: HamtBucket[] = []
  let entries = 0
  for (const p of child.slots) {
    if (p === undefined) continue
    if (p.kind === 'link') return
    entries += p.entries.length
    if (entries > MAX_BUCKET_SIZE) return
    buckets.push(p)
  }
  if (buckets.length === 1) {
    parent.slots[slot] = buckets[0]
    return
  }
  const merged = buckets.flatMap((b) => b.entries)
  if (ctx.version !== 'v0') merged.sort((a, b) => compareBytes(a.key, b.key))
  parent.slots[slot] = { kind: 'bucket', entries: merged }
}

/**
 * go-hamt-ipld modifyValue for a delete: remove the key from its bucket (and the bucket when it
 * was the last entry), then let each parent on the way up collapse its child. Returns whether
 * the key was there; only then can a child have shrunk, so only then is it cleaned.
 */
async function deleteValue(ctx: HamtContext, node: HamtNode, digest: Uint8Array, key: Uint8Array, path: number[]): Promise<boolean> {
  const slot = computeHashIndex(digest, path.length, ctx.bitWidth)
  const pointer = node.slots[slot]
  if (pointer === undefined) return false
  if (pointer.kind === 'link') {
    const child = await loadChild(ctx, pointer, [...path, slot])
    if (!(await deleteValue(ctx, child, digest, key, [...path, slot]))) return false
    pointer.dirty = true
    cleanChild(ctx, node, slot, child)
    return true
  }
  const at = pointer.entries.findIndex((e) => equals(e.key, key))
  if (at < 0) return false
  if (pointer.entries.length === 1) node.slots[slot] = undefined
  else pointer.entries.splice(at, 1)
  return true
}

/** Every entry below `node`, slot by slot, loading children as it goes (go-hamt-ipld ForEach). */
async function* walkEntries(ctx: HamtContext, node: HamtNode, path: number[]): AsyncGenerator<HamtEntry> {
  for (let slot = 0; slot < node.slots.length; slot++) {
    const pointer = node.slots[slot]
    if (pointer === undefined) continue
    if (pointer.kind === 'bucket') yield* pointer.entries
    else yield* walkEntries(ctx, await loadChild(ctx, pointer, [...path, slot]), [...path, slot])
  }
}

/**
 * Encodes the children below `node` that a flush writes, deepest first, so that each parent has
 * its children's CIDs: the changed ones in v3; in v0 and v2 every child loaded since the last
 * flush, changed or not, since go-hamt-ipld before v3 kept no dirty flag (`Flush` writes each
 * cached child). The difference shows in gas: each write is charged.
 */
function encodeFlushedChildren(ctx: HamtContext, node: HamtNode, blocks: Block[], written: HamtLink[]): void {
  for (const p of node.slots) {
    if (p?.kind !== 'link' || p.node === undefined || !(p.dirty || ctx.version !== 'v3')) continue
    encodeFlushedChildren(ctx, p.node, blocks, written)
    const bytes = encodeHamtNode(p.node, ctx.version)
    p.cid = computeCborCid(bytes)
    blocks.push({ cid: p.cid, bytes })
    written.push(p)
  }
}

/**
 * Writes the flushed children and the root in one batch (go-hamt-ipld Flush, then the Put of the
 * root that specs-actors adt `Map.Root` does). In v3 an unchanged HAMT writes nothing; in v0 and
 * v2 the root is always written and the written children are dropped from memory (Go clears
 * `Pointer.cache`), so the next access loads them again. Children stay marked until the batch is
 * stored, so a failed write is retried by the next flush.
 */
async function flushHamt(ctx: HamtContext, root: HamtRoot): Promise<CID> {
  const legacy = ctx.version !== 'v3'
  if (!legacy && !root.dirty && root.cid !== undefined) return root.cid
  const blocks: Block[] = []
  const written: HamtLink[] = []
  encodeFlushedChildren(ctx, root.node, blocks, written)
  const bytes = encodeHamtNode(root.node, ctx.version)
  const cid = computeCborCid(bytes)
  blocks.push({ cid, bytes })
  await ctx.store.putMany(blocks)
  for (const link of written) {
    link.dirty = false
    if (legacy) link.node = undefined
  }
  root.cid = cid
  root.dirty = false
  return cid
}

function makeHamt(ctx: HamtContext, root: HamtRoot): Hamt {
  const set = async (key: Uint8Array, value: Uint8Array, overwrite: boolean) => {
    validateHamtValue(value)
    const changed = await setValue(ctx, root.node, ctx.hash(key), { key, value }, overwrite, [])
    root.dirty ||= changed
    return changed
  }
  return {
    version: ctx.version,
    bitWidth: ctx.bitWidth,
    get: (key) => findValue(ctx, root.node, ctx.hash(key), key, []),
    set: (key, value) => set(key, value, true),
    setIfAbsent: (key, value) => set(key, value, false),
    async delete(key) {
      const deleted = await deleteValue(ctx, root.node, ctx.hash(key), key, [])
      root.dirty ||= deleted
      return deleted
    },
    entries: () => walkEntries(ctx, root.node, []),
    flush: () => flushHamt(ctx, root),
  }
}

/** A new, empty HAMT; its first flush writes the empty root `[h'', []]`. */
export function createHamt(store: Blockstore, options: HamtOptions): Hamt {
  const ctx = makeContext(store, options)
  return makeHamt(ctx, { node: createHamtNode(ctx.bitWidth), cid: undefined, dirty: true })
}

/** The HAMT whose root node is stored under `root`; children are loaded, and checked, when first reached. */
export async function loadHamt(store: Blockstore, root: CID, options: HamtOptions): Promise<Hamt> {
  const ctx = makeContext(store, options)
  return makeHamt(ctx, { node: await readNode(ctx, root, []), cid: root, dirty: false })
}
