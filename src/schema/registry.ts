// Every structure defined with defineStruct, for `filspec generate` to write
// generated/schemas/<Name>.json. A spec module that defines a structure adds it to STRUCTS.

import { UnsignedMessage } from '../../spec/systems/filecoin_vm/message/message.ts'
import { BeaconEntry } from '../../spec/libraries/drand/beacon_entry.ts'
import { SignedMessage } from '../../spec/systems/filecoin_vm/message/signed_message.ts'
import { BlockHeader, ElectionProof, MsgMeta, PoStProof, Ticket } from '../../spec/systems/filecoin_blockchain/struct/block/block.ts'
import { TipSet } from '../../spec/systems/filecoin_blockchain/struct/tipset/tipset.ts'
import { Actor, ActorV5, StateRoot } from '../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import type { Kind } from './kind.ts'
import type { Struct } from './struct.ts'

const STRUCTS: ReadonlyArray<Struct<Record<string, Kind<unknown>>>> = [UnsignedMessage, BeaconEntry, SignedMessage, Ticket, ElectionProof, PoStProof, BlockHeader, MsgMeta, TipSet, StateRoot, Actor, ActorV5]

export interface SchemaEntry {
  readonly name: string
  readonly jsonSchema: Record<string, unknown>
}

/** Every structure's JSON Schema, sorted by name; two structures of one name are an error. */
export function allSchemas(): SchemaEntry[] {
  const entries = STRUCTS.map((s) => ({ name: s.name, jsonSchema: s.jsonSchema() }))
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]?.name === entries[i - 1]?.name) throw new Error(`schema registry: duplicate structure name ${entries[i]?.name}`)
  }
  return entries
}
