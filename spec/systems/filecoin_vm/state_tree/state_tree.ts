// Spec section: Systems › Filecoin VM › State Tree. The state tree's blocks as Lotus lays them
// out (chain/state/statetree.go, chain/types/actor.go): the state root, the actor record, and
// which go-hamt-ipld layout the actors HAMT uses at each state tree version; and the state tree
// the VM reads and writes while it applies messages, with its snapshots.

import type { CID } from 'multiformats/cid'
import { address, addressToBytes, addressToString, type Address } from '../../../appendix/address/address.ts'
import { loadHamt, type Hamt } from '../../../appendix/data_structures/hamt.ts'
import type { HamtVersion } from '../../../appendix/data_structures/hamt_node.ts'
import { decodeCbor } from '../../../libraries/ipld/dag_cbor.ts'
import type { Blockstore } from '../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import { bigInt } from '../../../../src/schema/big_int.ts'
import { RuleError } from '../../../../src/schema/errors.ts'
import type { Infer } from '../../../../src/schema/kind.ts'
import { cid, nullable, uint64 } from '../../../../src/schema/kinds.ts'
import { computeCborCid, defineStruct, field } from '../../../../src/schema/struct.ts'
import { INIT_ACTOR_ADDR, parseBuiltinCode, type ActorsVersion } from '../actor/builtin_code.ts'
import { InitState, mapAddressToNewId, resolveInitAddress } from '../sysactors/init_actor.ts'

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

/** The changes of one snapshot: actors set (null for deleted), and addresses resolved, since it was taken. */
interface Layer {
  readonly actors: Map<string, ActorV5 | null>
  readonly resolved: Map<string, Address>
}

const newLayer = (): Layer => ({ actors: new Map(), resolved: new Map() })
const keyOf = (a: Address): string => String.fromCharCode(...addressToBytes(a))

/**
 * The state tree while messages are applied (Lotus chain/state/statetree.go): the actors HAMT
 * under a stack of snapshot layers. Reads look through the layers top down, then the HAMT;
 * writes go to the top layer; `revert` drops the top layer's changes, `clearSnapshot` merges
 * them into the layer below; `flush` writes the bottom layer into the HAMT and returns the new
 * root. Non-ID addresses resolve through the init actor's address map.
 */
export class StateTree {
  private readonly layers: Layer[] = [newLayer()]

  private constructor(
    readonly store: Blockstore,
    readonly version: bigint,
    private readonly actors: Hamt,
    private readonly info: CID | undefined,
  ) {}

  /** The state tree under `root` (a StateRoot, or in version 0 the actors HAMT itself). */
  static async load(store: Blockstore, root: CID): Promise<StateTree> {
    const { version, hamt } = await loadActorsHamt(store, root)
    const info = version === 0n ? undefined : StateRoot.decode(await store.get(root)).Info
    return new StateTree(store, version, hamt, info)
  }

  private get top(): Layer {
    return this.layers[this.layers.length - 1]!
  }

  /** The ID address of `addr`, or undefined when the init actor does not know it. */
  async lookupId(addr: Address): Promise<Address | undefined> {
    if (addr.protocol === 0) return addr
    const key = keyOf(addr)
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const hit = this.layers[i]!.resolved.get(key)
      if (hit !== undefined) return hit
    }
    const { state, version } = await this.loadInitState()
    const id = await resolveInitAddress(this.store, state, version, addr)
    if (id !== undefined) this.top.resolved.set(key, id)
    return id
  }

  private async loadInitState(): Promise<{ actor: ActorV5; state: InitState; version: ActorsVersion }> {
    const actor = await this.getActor(INIT_ACTOR_ADDR)
    const builtin = actor === undefined ? undefined : parseBuiltinCode(actor.Code)
    if (actor === undefined || builtin?.name !== 'init') throw new StateTreeError('state tree', 'init actor', 'an init actor at f01', actor?.Code)
    return { actor, state: InitState.decode(await this.store.get(actor.Head)), version: builtin.version }
  }

  /** The actor at `addr` (a copy), or undefined when there is none. */
  async getActor(addr: Address): Promise<ActorV5 | undefined> {
    const id = await this.lookupId(addr)
    if (id === undefined) return undefined
    const key = keyOf(id)
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!
      if (layer.actors.has(key)) {
        const actor = layer.actors.get(key)
        return actor === null || actor === undefined ? undefined : { ...actor }
      }
    }
    const bytes = await this.actors.get(addressToBytes(id))
    if (bytes === undefined) return undefined
    const actor = decodeActor(bytes, this.version)
    this.top.actors.set(key, actor)
    return { ...actor }
  }

  private async requireId(addr: Address): Promise<Address> {
    const id = await this.lookupId(addr)
    if (id === undefined) throw new StateTreeError('state tree', 'address', 'an address the init actor knows', addressToString(addr))
    return id
  }

  async setActor(addr: Address, actor: ActorV5): Promise<void> {
    this.top.actors.set(keyOf(await this.requireId(addr)), { ...actor })
  }

  async deleteActor(addr: Address): Promise<void> {
    const id = await this.requireId(addr)
    if ((await this.getActor(id)) === undefined) throw new StateTreeError('state tree', 'deleted actor', 'an actor present', addressToString(addr))
    this.top.actors.set(keyOf(id), null)
  }

  /** Maps a new address to the next ID in the init actor's state, charging nothing (Lotus `RegisterNewAddress`). */
  async registerNewAddress(addr: Address): Promise<Address> {
    const { actor, state, version } = await this.loadInitState()
    const next = await mapAddressToNewId(this.store, state, version, addr)
    const bytes = InitState.encode(next.state)
    const head = computeCborCid(bytes)
    await this.store.put(head, bytes)
    await this.setActor(INIT_ACTOR_ADDR, { ...actor, Head: head })
    return next.id
  }

  snapshot(): void {
    this.layers.push(newLayer())
  }

  /** Keeps the top layer's changes, merged into the one below. */
  clearSnapshot(): void {
    const last = this.layers.pop()!
    for (const [k, v] of last.actors) this.top.actors.set(k, v)
    for (const [k, v] of last.resolved) this.top.resolved.set(k, v)
  }

  /** Drops the top layer's changes and starts it afresh. */
  revert(): void {
    this.layers[this.layers.length - 1] = newLayer()
  }

  /** Writes the changes into the actors HAMT and returns the new state root. */
  async flush(): Promise<CID> {
    if (this.layers.length !== 1) throw new StateTreeError('state tree', 'snapshots', 'none open at flush', this.layers.length - 1)
    for (const [key, actor] of this.top.actors) {
      const id = Uint8Array.from(key, (c) => c.charCodeAt(0))
      if (actor === null) await this.actors.delete(id)
      else await this.actors.set(id, this.version >= 5n ? ActorV5.encode(actor) : Actor.encode({ Code: actor.Code, Head: actor.Head, Nonce: actor.Nonce, Balance: actor.Balance }))
    }
    this.top.actors.clear()
    const actors = await this.actors.flush()
    if (this.version === 0n) return actors
    const bytes = StateRoot.encode({ Version: this.version, Actors: actors, Info: this.info! })
    const root = computeCborCid(bytes)
    await this.store.put(root, bytes)
    return root
  }
}
