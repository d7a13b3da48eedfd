// Spec section: Systems › Filecoin Nodes › Repository › IPLD Store. The store of content-addressed
// blocks that a node's chain and state live in: the interface every store implements (the node's
// LMDB store in src/node/store, the in-memory store here), the errors a store raises, and the check
// that a block's bytes hash to its CID. Follows Lotus blockstore/blockstore.go (Has, Get, Put,
// PutMany; ErrNotFound) and fvm_ipld_blockstore's `Blockstore` trait.

import type { CID } from 'multiformats/cid'
import { equals } from 'multiformats/bytes'
import { blake2b } from '@noble/hashes/blake2.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { FilspecError } from '../../../../../src/schema/errors.ts'
import { BLAKE2B_256, IDENTITY, SHA2_256 } from '../../../../libraries/multiformats/multicodec.ts'

/** A block: encoded bytes together with their CID. */
export interface Block {
  readonly cid: CID
  readonly bytes: Uint8Array
}

/**
 * A store of blocks keyed by CID. A store keeps the bytes it was given and hands back the same
 * bytes; whether they hash to the CID is the writer's business (see `withBlockValidation`).
 */
export interface Blockstore {
  /** Whether the store holds a block under `cid`. */
  has(cid: CID): Promise<boolean>
  /** The bytes stored under `cid`; a `BlockNotFoundError` when there are none. */
  get(cid: CID): Promise<Uint8Array>
  /** Stores `bytes` under `cid`, replacing what was there (for a valid block, the same bytes). */
  put(cid: CID, bytes: Uint8Array): Promise<void>
  /** Stores many blocks at once, all or nothing: after a failure none of them is stored. */
  putMany(blocks: Iterable<Block>): Promise<void>
}

/** A block that is wrong or cannot be handled: `cid` names it, `reason` says what was wrong. */
export class BlockError extends FilspecError {
  override name = 'BlockError'
  constructor(
    readonly cid: CID,
    readonly reason: string,
  ) {
    super(`blockstore: block ${cid} ${reason}`)
  }
}

/** A block asked for that the store does not hold (Lotus `ipld.ErrNotFound`). */
export class BlockNotFoundError extends BlockError {
  override name = 'BlockNotFoundError'
  constructor(cid: CID) {
    super(cid, 'expected in the store, got none')
  }
}

/**
 * The bytes an identity CID carries in its multihash, or undefined for any other CID. Such a CID
 * is its own block: Lotus (blockstore/idstore.go) and the FVM answer it without a lookup.
 */
export function getInlineBytes(cid: CID): Uint8Array | undefined {
  return cid.multihash.code === IDENTITY ? cid.multihash.digest : undefined
}

/** The digest of `bytes` under the multihash function `code`, for the functions Filecoin's CIDs use. */
function computeDigest(cid: CID, bytes: Uint8Array): Uint8Array {
  switch (cid.multihash.code) {
    case BLAKE2B_256:
      return blake2b(bytes, { dkLen: 32 })
    case SHA2_256:
      return sha256(bytes)
    case IDENTITY:
      return bytes
    default:
      throw new BlockError(cid, `multihash expected blake2b-256, sha2-256 or identity, got 0x${cid.multihash.code.toString(16)}`)
  }
}

/** Checks that `block.bytes` hash to `block.cid`'s digest; a `BlockError` when they do not. */
export function validateBlock(block: Block): void {
  if (!equals(computeDigest(block.cid, block.bytes), block.cid.multihash.digest)) {
    throw new BlockError(block.cid, `digest expected the hash of its ${block.bytes.length} bytes, got another`)
  }
}

/** `store` with every write checked by `validateBlock` first; a batch with one bad block stores none. */
export function withBlockValidation(store: Blockstore): Blockstore {
  return {
    has: (cid) => store.has(cid),
    get: (cid) => store.get(cid),
    async put(cid, bytes) {
      validateBlock({ cid, bytes })
      await store.put(cid, bytes)
    },
    async putMany(blocks) {
      const all = [...blocks]
      for (const block of all) validateBlock(block)
      await store.putMany(all)
    },
  }
}
