// Spec section: Systems › Filecoin Nodes › Repository › IPLD Store. A Blockstore held in memory,
// for tests, vectors and tools; the node's own store is LMDB (src/node/store). Like Lotus
// blockstore/mem.go it checks nothing on write: wrap it with `withBlockValidation` to check.

import type { CID } from 'multiformats/cid'
import { type Blockstore, BlockNotFoundError } from './blockstore.ts'

/** A key for a CID's binary form (one UTF-16 unit per byte), cheaper than a multibase string. */
function cidKey(cid: CID): string {
  return String.fromCharCode(...cid.bytes)
}

/** A Blockstore in a Map, plus `size`, the number of blocks it holds. */
export interface MemoryBlockstore extends Blockstore {
  readonly size: number
}

/** A new, empty in-memory Blockstore. */
export function createMemoryBlockstore(): MemoryBlockstore {
  const blocks = new Map<string, Uint8Array>()
  return {
    get size() {
      return blocks.size
    },
    async has(cid) {
      return blocks.has(cidKey(cid))
    },
    async get(cid) {
      const bytes = blocks.get(cidKey(cid))
      if (bytes === undefined) throw new BlockNotFoundError(cid)
      return bytes
    },
    async put(cid, bytes) {
      blocks.set(cidKey(cid), bytes)
    },
    // Nothing can fail between the first write and the last, so the batch is all or nothing.
    async putMany(batch) {
      const all = [...batch].map((b) => [cidKey(b.cid), b.bytes] as const)
      for (const [key, bytes] of all) blocks.set(key, bytes)
    },
  }
}
