// Spec section: Systems › Filecoin Blockchain › Storage Power Consensus › Storage Power Actor,
// "Multimaps". A map from keys to lists of values, kept as a HAMT whose values are the root CIDs
// of version-2 AMTs, each AMT a list in the order its values were added (specs-actors v0.9.13 and
// v2.3.2 util/adt/multimap.go, over go-hamt-ipld v0.1.5 / v2.0.0 and go-amt-ipld v2). The power
// actor keeps its cron queue and its batch of seal proofs in one. Every block read and written
// here is charged gas in the VM, so each operation does exactly the reads and writes of its Go
// counterpart: loading an AMT reads its root, even when the same list was loaded a moment before.

import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { createAmt, loadAmt, type Amt, type AmtValueCodec } from '../../../../appendix/data_structures/amt.ts'
import { createHamt, getHamtVersionForActors, loadHamt, type Hamt } from '../../../../appendix/data_structures/hamt.ts'
import type { Blockstore } from '../../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import { FilspecError } from '../../../../../src/schema/errors.ts'

/** A multimap fault that is neither the HAMT's nor the AMT's: a value that is no CID, a key to remove that is absent. */
export class MultimapError extends FilspecError {
  override name = 'MultimapError'
}

/** A multimap open on a store; changes stay in memory until `flush`. */
export interface Multimap<T> {
  /** The list under `key`, its AMT root read, or undefined when the key is absent (`Multimap.Get`). */
  get(key: Uint8Array): Promise<Amt<T> | undefined>
  /** Appends `value` to the list under `key`, making the list if needed, and writes the list (`Multimap.Add`). */
  add(key: Uint8Array, value: T): Promise<void>
  /** Removes the key and its list; an absent key is an error, as go-hamt-ipld's Delete reports it (`Multimap.RemoveAll`). */
  removeAll(key: Uint8Array): Promise<void>
  /** The values under `key` in list order, none when the key is absent (`Multimap.ForEach`). */
  list(key: Uint8Array): Promise<T[]>
  /** Every key with its list, in the HAMT's order, each list's root read when reached (`Multimap.ForAll`). */
  entries(): AsyncGenerator<[Uint8Array, Amt<T>]>
  /** Writes the HAMT and returns its root (`Multimap.Root`). */
  flush(): Promise<CID>
}

function decodeListRoot(value: Uint8Array): CID {
  let item: unknown
  try {
    item = dagCbor.decode(value)
  } catch (e) {
    throw new MultimapError(`multimap: value expected dag-cbor, got ${(e as Error).message}`)
  }
  const root = CID.asCID(item)
  if (root === null) throw new MultimapError('multimap: value expected a CID (the root of a list), got another CBOR item')
  return root
}

function openMultimap<T>(store: Blockstore, hamt: Hamt, codec: AmtValueCodec<T>): Multimap<T> {
  const shape = { version: 2, codec } as const
  const get = async (key: Uint8Array): Promise<Amt<T> | undefined> => {
    const value = await hamt.get(key)
    return value === undefined ? undefined : loadAmt(store, decodeListRoot(value), shape)
  }
  return {
    get,
    async add(key, value) {
      const list = (await get(key)) ?? createAmt(store, shape)
      await list.set(list.count, value)
      await hamt.set(key, dagCbor.encode(await list.flush()))
    },
    async removeAll(key) {
      if (!(await hamt.delete(key))) throw new MultimapError('multimap: key to remove expected in the map, got none')
    },
    async list(key) {
      const values: T[] = []
      const list = await get(key)
      if (list !== undefined) for await (const [, v] of list.entries()) values.push(v)
      return values
    },
    async *entries() {
      for await (const entry of hamt.entries()) yield [entry.key, await loadAmt(store, decodeListRoot(entry.value), shape)]
    },
    flush: () => hamt.flush(),
  }
}

/** A new, empty multimap (`MakeEmptyMultimap`): nothing is written until it is flushed. */
export function createMultimap<T>(store: Blockstore, version: ActorsVersion, codec: AmtValueCodec<T>): Multimap<T> {
  return openMultimap(store, createHamt(store, { version: getHamtVersionForActors(version) }), codec)
}

/** The multimap whose HAMT root is `root`; loading reads the root (`AsMultimap`). */
export async function loadMultimap<T>(store: Blockstore, root: CID, version: ActorsVersion, codec: AmtValueCodec<T>): Promise<Multimap<T>> {
  return openMultimap(store, await loadHamt(store, root, { version: getHamtVersionForActors(version) }), codec)
}
