// Spec section: Systems › Filecoin Nodes › Repository › IPLD Store. The generic walk of a DAG: from
// its roots, every block reachable through the links of DAG-CBOR blocks, each once. The order is
// go-merkledag's sequential Walk that go-car's WriteCar uses (a block, then each of its links in
// the order they appear, depth first), so that a CAR written in this order matches Lotus's. Which
// links are followed is ref-fvm's rule (fvm/src/ipld/mod.rs ALLOWED_CODECS): DAG-CBOR, raw and CBOR
// blocks; commitment CIDs (CommD, CommR) name no block and are not followed.

import { CID } from 'multiformats/cid'
import { CborError, decodeCbor, type CborValue } from '../../../../libraries/ipld/dag_cbor.ts'
import { CBOR, DAG_CBOR, RAW } from '../../../../libraries/multiformats/multicodec.ts'
import { type Block, type Blockstore, BlockError, BlockNotFoundError, getInlineBytes } from './blockstore.ts'

/** A block the walk reached: `value` is its decoded item for DAG-CBOR, `inline` says its bytes are its CID's. */
export interface WalkedBlock extends Block {
  readonly value: CborValue | undefined
  readonly inline: boolean
}

/** What a walk found: the number of blocks it reached with their bytes, and the CIDs it could not load. */
export interface WalkResult {
  readonly blocks: number
  readonly missing: readonly CID[]
}

/** Whether a link names a block that the walk loads (see the file comment). */
export function isBlockLink(cid: CID): boolean {
  return cid.code === DAG_CBOR || cid.code === RAW || cid.code === CBOR
}

/** Every link in a decoded item, in the order of its bytes (map values in key order). */
export function getLinks(value: CborValue, out: CID[] = []): CID[] {
  if (value instanceof CID) out.push(value)
  else if (Array.isArray(value)) for (const item of value) getLinks(item, out)
  else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) for (const item of Object.values(value)) getLinks(item, out)
  return out
}

/** Decodes a DAG-CBOR block strictly; a malformed one is a BlockError naming its CID and the fault. */
function decodeBlock(cid: CID, bytes: Uint8Array): CborValue {
  try {
    return decodeCbor(bytes)
  } catch (e) {
    if (e instanceof CborError) throw new BlockError(cid, `is not strict DAG-CBOR (${e.reason})`)
    throw e
  }
}

/** The bytes of `cid`, inline or from the store; undefined when the store has none. */
async function loadBytes(store: Blockstore, cid: CID): Promise<{ bytes: Uint8Array; inline: boolean } | undefined> {
  const inline = getInlineBytes(cid)
  if (inline !== undefined) return { bytes: inline, inline: true }
  try {
    return { bytes: await store.get(cid), inline: false }
  } catch (e) {
    if (e instanceof BlockNotFoundError) return undefined
    throw e
  }
}

/**
 * Walks the DAG under `roots` and calls `visit` on each block reached, once per CID. A block the
 * store lacks is recorded in `missing` and the walk goes on; a DAG-CBOR block that is not strict
 * DAG-CBOR stops it with a BlockError, since its links cannot be known.
 */
export async function walkDag(store: Blockstore, roots: readonly CID[], visit?: (block: WalkedBlock) => void | Promise<void>): Promise<WalkResult> {
  const seen = new Set<string>()
  const missing: CID[] = []
  let blocks = 0
  // A stack of CIDs still to visit, the next on top: a block's links are pushed in reverse so
  // that the first link is visited first, as a recursive walk would.
  const stack = [...roots].reverse()
  for (let cid = stack.pop(); cid !== undefined; cid = stack.pop()) {
    const key = cid.toString()
    if (seen.has(key)) continue
    seen.add(key)
    const loaded = await loadBytes(store, cid)
    if (loaded === undefined) {
      missing.push(cid)
      continue
    }
    const value = cid.code === DAG_CBOR ? decodeBlock(cid, loaded.bytes) : undefined
    blocks++
    await visit?.({ cid, bytes: loaded.bytes, value, inline: loaded.inline })
    if (value !== undefined) stack.push(...getLinks(value).filter(isBlockLink).reverse())
  }
  return { blocks, missing }
}
