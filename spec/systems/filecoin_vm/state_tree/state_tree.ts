// Spec section: Systems › Filecoin VM › State Tree. The state tree's blocks as Lotus lays them
// out (chain/state/statetree.go, chain/types/actor.go): the state root, the actor record, and
// which go-hamt-ipld layout the actors HAMT uses at each state tree version. Reading only; the
// VM's writes come with the interpreter.

import type { CID } from 'multiformats/cid'
import { address } from '../../../appendix/address/address.ts'
import { loadHamt, type Hamt } from '../../../appendix/data_structures/hamt.ts'
import type { HamtVersion } from '../../../appendix/data_structures/hamt_node.ts'
import { decodeCbor } from '../../../libraries/ipld/dag_cbor.ts'
import type { Blockstore } from '../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import { bigInt } from '../../../../src/schema/big_int.ts'
import { RuleError } from '../../../../src/schema/errors.ts'
import type { Infer } from '../../../../src/schema/kind.ts'
import { cid, nullable, uint64 } from '../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../src/schema/struct.ts'

/** The root block of state tree versions 1 and later; version 0's root is the actors HAMT itself. */
export const StateRoot = defineStruct(
  'StateRoot',
  {
    Version: field(uint64, 'State tree version: 1 from actors v2, 2–5 from actors v3 onwards.'),
    Actors: field(cid, 'Root of the actors HAMT: ID address bytes → Actor.'),
    Info: field(cid, 'Root of the StateInfo block (empty in every version so far).'),
  },
  { doc: 'The state root: the state tree version and the actors HAMT it holds.' },
)
export type StateRoot = Infer<typeof StateRoot>

const actorFields = {
  Code: field(cid, "CID naming the actor's code (an identity CID like fil/2/account up to actors v7)."),
  Head: field(cid, "Root of the actor's own state."),
  Nonce: field(uint64, 'Number of messages the actor has sent.'),
  Balance: field(bigInt, 'attoFIL the actor holds.'),
}

/** The actor record of state tree versions 0 to 4. */
export const Actor = defineStruct('Actor', actorFields, { doc: 'One entry of the state tree (state tree versions 0–4).' })
export type Actor = Infer<typeof Actor>

/** From state tree version 5 (FIP-0048) the record also carries the actor's f4 address, if any. */
export const ActorV5 = defineStruct(
  'ActorV5',
  { ...actorFields, DelegatedAddress: field(nullable(address), 'The f4 address the actor was created with, or null.') },
  { doc: 'One entry of the state tree (state tree version 5).' },
)
export type ActorV5 = Infer<typeof ActorV5>

/** Highest state tree version this section reads. */
export const MAX_STATE_TREE_VERSION = 5n

/** An unknown state tree version; path names the block. */
export class StateTreeError extends RuleError {
  override name = 'StateTreeError'
}

/** The go-hamt-ipld layout of the actors HAMT: 0 goes with actors v0, 1 with v2, 2 to 5 with v3+. */
export function getActorsHamtVersion(stateTreeVersion: bigint): HamtVersion {
  if (stateTreeVersion === 0n) return 'v0'
  if (stateTreeVersion === 1n) return 'v2'
  if (stateTreeVersion >= 2n && stateTreeVersion <= MAX_STATE_TREE_VERSION) return 'v3'
  throw new StateTreeError('state tree', 'version', `0 to ${MAX_STATE_TREE_VERSION}`, stateTreeVersion)
}

/**
 * Opens the actors HAMT under a state root as Lotus `LoadStateTree` does: the root block is a
 * StateRoot when it decodes as one, else (version 0) it is the HAMT's own root node.
 */
export async function loadActorsHamt(store: Blockstore, root: CID): Promise<{ version: bigint; hamt: Hamt }> {
  const bytes = await store.get(root)
  const value = decodeCbor(bytes)
  const isStateRoot = Array.isArray(value) && value.length === 3 && typeof value[0] === 'bigint'
  const { Version: version, Actors: actors } = isStateRoot ? StateRoot.decode(bytes) : { Version: 0n, Actors: root }
  return { version, hamt: await loadHamt(store, actors, { version: getActorsHamtVersion(version) }) }
}

/** Decodes one actor record in the layout of its state tree version. */
export function decodeActor(bytes: Uint8Array, stateTreeVersion: bigint): ActorV5 {
  return stateTreeVersion >= 5n ? ActorV5.decode(bytes) : { ...Actor.decode(bytes), DelegatedAddress: null }
}
