// The node's blockstore: an embedded LMDB database under the repository folder, implementing the
// spec's Blockstore (spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts). Keys are the
// CIDs' binary form and values the blocks' bytes as given, stored raw (no msgpack). Writes are
// durable: a put or putMany resolves once its transaction is flushed to disk, and putMany runs in
// one LMDB child transaction, so a batch is written entirely or not at all. The folder follows
// Lotus's repo layout (node/repo/fsrepo.go: the chain blockstore under datastore/chain).

import { join } from 'node:path'
import { open, type RootDatabase } from 'lmdb'
import { CID } from 'multiformats/cid'
import { type Block, type Blockstore, BlockNotFoundError } from '../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { FilspecError, describeValue } from '../../schema/errors.ts'

/** Where a repository keeps its blockstore, relative to the repository folder. */
export const BLOCKSTORE_DIR = join('datastore', 'chain')

/** A Blockstore in an LMDB database that is open until `close`. */
export interface LmdbBlockstore extends Blockstore {
  /** The LMDB folder. */
  readonly path: string
  /** Waits for pending writes, then closes the database; the store is unusable after. */
  close(): Promise<void>
}

/** A write given something that is not a block: nothing of its batch is written. */
export class BlockstoreWriteError extends FilspecError {
  override name = 'BlockstoreWriteError'
  constructor(what: string, rule: string, got: unknown) {
    super(`blockstore: ${what} expected ${rule}, got ${describeValue(got)}`)
  }
}

/** The key and value of one block, checked before any write so that a bad entry aborts its batch. */
function toEntry(cid: unknown, bytes: unknown, index: number): [Uint8Array, Uint8Array] {
  const c = CID.asCID(cid)
  if (c === null) throw new BlockstoreWriteError(`block ${index} cid`, 'a CID', cid)
  if (!(bytes instanceof Uint8Array)) throw new BlockstoreWriteError(`block ${index} bytes`, 'a Uint8Array', bytes)
  return [c.bytes, bytes]
}

/** Opens (creating it if needed) the blockstore of the repository at `repoDir`. */
export function openRepoBlockstore(repoDir: string): LmdbBlockstore {
  return openLmdbBlockstore(join(repoDir, BLOCKSTORE_DIR))
}

/** Opens (creating it if needed) an LMDB blockstore in the folder `path`. */
export function openLmdbBlockstore(path: string): LmdbBlockstore {
  // overlappingSync off: a write's promise resolves only after the disk flush, not at commit.
  const db: RootDatabase<Uint8Array, Uint8Array> = open({ path, encoding: 'binary', keyEncoding: 'binary', compression: false, overlappingSync: false })
  return {
    path,
    async has(cid) {
      return db.doesExist(cid.bytes)
    },
    async get(cid) {
      const bytes = db.getBinary(cid.bytes)
      if (bytes === undefined) throw new BlockNotFoundError(cid)
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    },
    async put(cid, bytes) {
      const [key, value] = toEntry(cid, bytes, 0)
      await db.put(key, value)
    },
    async putMany(blocks: Iterable<Block>) {
      const entries = [...blocks].map((b, i) => toEntry(b?.cid, b?.bytes, i))
      if (entries.length === 0) return
      // A child transaction is aborted when its callback throws, so no part of the batch stays.
      await db.childTransaction(() => {
        for (const [key, value] of entries) db.put(key, value)
      })
    },
    close: () => db.close(),
  }
}
