// Shared by the AMT tests: a store that counts what it is asked, and value helpers.
import * as dagCbor from '@ipld/dag-cbor'
import type { CID } from 'multiformats/cid'
import type { AmtStore } from '../../../../spec/appendix/data_structures/amt_walk.ts'
import type { Block } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { createMemoryBlockstore, type MemoryBlockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'

/** A memory store that counts reads, and blocks and bytes written (fvm_ipld_blockstore's TrackingBlockstore `r`, `w`, `bw`). */
export interface CountingStore extends AmtStore {
  readonly inner: MemoryBlockstore
  reads: number
  writes: number
  bytesWritten: number
}

export function createCountingStore(inner: MemoryBlockstore = createMemoryBlockstore()): CountingStore {
  const store: CountingStore = {
    inner,
    reads: 0,
    writes: 0,
    bytesWritten: 0,
    async get(cid: CID) {
      store.reads++
      return inner.get(cid)
    },
    async putMany(blocks: Iterable<Block>) {
      const all = [...blocks]
      store.writes += all.length
      store.bytesWritten += all.reduce((n, b) => n + b.bytes.length, 0)
      await inner.putMany(all)
    },
  }
  return store
}

/** The CBOR byte string of `text`'s UTF-8 (fvm_ipld_encoding `BytesDe`, as ref-fvm's tests store). */
export function cborBytes(text: string): Uint8Array {
  return dagCbor.encode(new TextEncoder().encode(text))
}
