// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Deal operations by epoch". A
// map from epochs to sets of deal IDs: a HAMT whose values are the roots of HAMT sets (specs-actors
// v0.9.13 and v2.3.2 builtin/market/set_multimap.go over util/adt map.go and set.go). Both levels
// use the keys of `getUintKey`; a set's values are CBOR null. Each operation makes exactly the
// HAMT calls of its Go counterpart, since each block read or written is charged gas: a set is
// loaded afresh (its root read) each time it is reached, and written whole when changed.

import type { CID } from 'multiformats/cid'
import { DEFAULT_HAMT_BIT_WIDTH, createHamt, getHamtVersionForActors, loadHamt, type Hamt } from '../../../../appendix/data_structures/hamt.ts'
import { createHamtNode, encodeHamtNode } from '../../../../appendix/data_structures/hamt_node.ts'
import type { Blockstore } from '../../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import { computeCborCid } from '../../../../../src/schema/struct.ts'
import { SET_VALUE, decodeSetRoot, encodeSetRoot, getUintKey, parseUintKey } from './state.ts'

/** A set multimap open on a store; changes stay in memory until `flush`. */
export interface SetMultimap {
  /** Adds `dealId` to the set under `epoch`, making the set if needed, and writes the set (`Put`). */
  put(epoch: bigint, dealId: bigint): Promise<void>
  /** Adds each of `dealIds`, in order, then writes the set once (`PutMany`). */
  putMany(epoch: bigint, dealIds: readonly bigint[]): Promise<void>
  /** Removes the set under `epoch`; an absent epoch is no error here (`RemoveAll`). */
  removeAll(epoch: bigint): Promise<void>
  /** The deal IDs under `epoch`, in the set's order, read as the iteration reaches them (`ForEach`). */
  dealIds(epoch: bigint): AsyncIterable<bigint>
  /** Every epoch key with its set's root, in the HAMT's order (for invariant checks). */
  epochs(): AsyncGenerator<[bigint, CID]>
  /** Writes the HAMT and returns its root (`Root`). */
  flush(): Promise<CID>
}

function openSetMultimap(store: Blockstore, map: Hamt, version: ActorsVersion): SetMultimap {
  const options = { version: getHamtVersionForActors(version) }
  /** The set under `key`, its root read, or undefined (`SetMultimap.get`). */
  const getSet = async (key: Uint8Array): Promise<Hamt | undefined> => {
    const value = await map.get(key)
    return value === undefined ? undefined : loadHamt(store, decodeSetRoot(value), options)
  }
  const putMany = async (epoch: bigint, dealIds: readonly bigint[]): Promise<void> => {
    const key = getUintKey(epoch)
    const set = (await getSet(key)) ?? createHamt(store, options)
    for (const id of dealIds) await set.set(getUintKey(id), SET_VALUE)
    await map.set(key, encodeSetRoot(await set.flush()))
  }
  return {
    put: (epoch, dealId) => putMany(epoch, [dealId]),
    putMany,
    async removeAll(epoch) {
      await map.delete(getUintKey(epoch))
    },
    dealIds(epoch) {
      return {
        async *[Symbol.asyncIterator]() {
          const set = await getSet(getUintKey(epoch))
          if (set === undefined) return
          for await (const { key } of set.entries()) yield parseUintKey(key)
        },
      }
    },
    async *epochs() {
      for await (const { key, value } of map.entries()) yield [parseUintKey(key), decodeSetRoot(value)]
    },
    flush: () => map.flush(),
  }
}

/**
 * Whether `root` is the empty HAMT (`[h'', []]`, the same bytes in v0 and v2). Looking a key up
 * in, or deleting one from, an empty HAMT reads no block and changes nothing.
 */
export function isEmptySetMultimapRoot(root: CID, version: ActorsVersion): boolean {
  const empty = encodeHamtNode(createHamtNode(DEFAULT_HAMT_BIT_WIDTH), getHamtVersionForActors(version))
  return root.equals(computeCborCid(empty))
}

/** The set multimap whose HAMT root is `root`; loading reads the root (`AsSetMultimap`). */
export async function loadSetMultimap(store: Blockstore, root: CID, version: ActorsVersion): Promise<SetMultimap> {
  return openSetMultimap(store, await loadHamt(store, root, { version: getHamtVersionForActors(version) }), version)
}

/** A new, empty set multimap (`MakeEmptySetMultimap`): nothing is written until it is flushed. */
export function createSetMultimap(store: Blockstore, version: ActorsVersion): SetMultimap {
  return openSetMultimap(store, createHamt(store, { version: getHamtVersionForActors(version) }), version)
}
