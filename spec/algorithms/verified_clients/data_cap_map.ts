// Spec section: Algorithms › Verified Clients, "DataCap maps". Reading and writing the Verifiers
// and VerifiedClients HAMTs as specs-actors does through adt.Map (v0.9.13 and v2.3.2
// util/adt/map.go). Each function is one adt.Map call, so the actor does exactly Go's block reads
// and writes, which the VM charges gas for. A value that does not decode aborts with
// ErrIllegalState, as every Go caller's `RequireNoErr(…, ErrIllegalState, …)` does; so does a
// node that does not decode, which Lotus's store instead reports as a fatal error; the
// multisig's maps make the same choice. The actor never writes either.

import type { CID } from 'multiformats/cid'
import type { Address } from '../../appendix/address/address.ts'
import { createHamt, getHamtVersionForActors, loadHamt, type Hamt } from '../../appendix/data_structures/hamt.ts'
import { HamtError } from '../../appendix/data_structures/hamt_node.ts'
import type { Blockstore } from '../../systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import type { ActorsVersion } from '../../systems/filecoin_vm/actor/builtin_code.ts'
import { requireNoFault } from '../../systems/filecoin_vm/actor/actor_code.ts'
import { ExitCode, abort } from '../../systems/filecoin_vm/runtime/exit_code.ts'
import { SchemaError } from '../../../src/schema/errors.ts'
import { decodeDataCap, encodeDataCap, getDataCapKey, type DataCap } from './state.ts'

const isMapFault = (e: unknown): e is Error => e instanceof HamtError || e instanceof SchemaError

/** Runs one map operation; a malformed HAMT or value aborts with ErrIllegalState and `what`. */
function requireNoMapError<T>(what: string, run: () => Promise<T>): Promise<T> {
  return requireNoFault(isMapFault, ExitCode.ErrIllegalState, what, run)
}

/** Writes an empty map (one block) and returns its root (`adt.MakeEmptyMap(store).Root()`). */
export function createEmptyDataCapMap(store: Blockstore, version: ActorsVersion): Promise<CID> {
  return requireNoMapError('failed to create state', () => createHamt(store, { version: getHamtVersionForActors(version) }).flush())
}

/** The map at `root`; loading reads its root node (`adt.AsMap`). */
export function loadDataCapMap(store: Blockstore, root: CID, version: ActorsVersion, what: string): Promise<Hamt> {
  return requireNoMapError(what, () => loadHamt(store, root, { version: getHamtVersionForActors(version) }))
}

/** The DataCap under `addr`, or undefined (`Map.Get` into a DataCap: the value is decoded). */
export function getDataCap(map: Hamt, addr: Address, what: string): Promise<DataCap | undefined> {
  return requireNoMapError(what, async () => {
    const value = await map.get(getDataCapKey(addr))
    return value === undefined ? undefined : decodeDataCap(value)
  })
}

/** Whether `addr` has an entry (`Map.Get` with a nil output: the same lookup, the value not decoded). */
export async function hasDataCap(map: Hamt, addr: Address, what: string): Promise<boolean> {
  return (await requireNoMapError(what, () => map.get(getDataCapKey(addr)))) !== undefined
}

/** Sets the DataCap of `addr` (`Map.Put`). */
export async function putDataCap(map: Hamt, addr: Address, cap: DataCap, what: string): Promise<void> {
  await requireNoMapError(what, () => map.set(getDataCapKey(addr), encodeDataCap(cap)))
}

/** Removes the entry of `addr` (`Map.Delete`); go-hamt-ipld fails on a missing key, so that is ErrIllegalState too. */
export async function deleteDataCap(map: Hamt, addr: Address, what: string): Promise<void> {
  const deleted = await requireNoMapError(what, () => map.delete(getDataCapKey(addr)))
  if (!deleted) abort(ExitCode.ErrIllegalState, `${what}: not found`)
}

/** Writes the map and returns its root (`Map.Root`: in v0 and v2 the root and every node loaded are written). */
export function flushDataCapMap(map: Hamt, what: string): Promise<CID> {
  return requireNoMapError(what, () => map.flush())
}
