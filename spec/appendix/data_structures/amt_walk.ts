// Spec section: Appendix › Data Structures, AMT. How an AMT meets its store: the reads and writes
// it makes, and a walk over every block of an AMT that checks each one, for tools that verify
// stored state (the node's `car verify`, the conformance tests).

import type { CID } from 'multiformats/cid'
import { type Block, type Blockstore, BlockNotFoundError } from '../../systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { AmtError, getAmtLayout, type AmtShape } from './amt_layout.ts'
import { decodeAmtNode, decodeAmtRoot, type AmtNodeData } from './amt_node.ts'

/** What an AMT needs of a store: blocks read one at a time, and a flush written as one batch. */
export type AmtStore = Pick<Blockstore, 'get' | 'putMany'>

/** The block at `cid`; one the store lacks is an AmtError naming it. */
export async function readAmtBlock(store: AmtStore, cid: CID): Promise<Uint8Array> {
  try {
    return await store.get(cid)
  } catch (e) {
    if (e instanceof BlockNotFoundError) throw new AmtError('missing-block', cid, 'block expected in the store, got none')
    throw e
  }
}

/** A block of an AMT, with where it sits: the root, or a node at `height`. */
export interface AmtBlock extends Block {
  readonly root: boolean
  readonly height: number
}

/**
 * Every block of the AMT at `root`, the root first, then depth first in slot order, each read
 * with the rules of `decodeAmtRoot` and `decodeAmtNode`; at the end, the values found must number
 * the root's count (a check go-amt-ipld leaves out: it trusts the count, see its `Len`).
 */
export async function* getAmtBlocks(store: AmtStore, root: CID, shape: AmtShape): AsyncGenerator<AmtBlock> {
  const layout = getAmtLayout(shape)
  const bytes = await readAmtBlock(store, root)
  const data = decodeAmtRoot(bytes, layout, root)
  yield { cid: root, bytes, root: true, height: data.height }
  let found = BigInt(data.node.values.length)
  async function* below(node: AmtNodeData, height: number): AsyncGenerator<AmtBlock> {
    for (const cid of node.links) {
      const childBytes = await readAmtBlock(store, cid)
      const child = decodeAmtNode(childBytes, layout, height - 1, cid)
      found += BigInt(child.values.length)
      yield { cid, bytes: childBytes, root: false, height: height - 1 }
      yield* below(child, height - 1)
    }
  }
  yield* below(data.node, data.height)
  if (found !== data.count) throw new AmtError('layout', root, `count expected ${found} (the values in the tree), got ${data.count}`)
}
