// Spec section: Algorithms › Verified Clients, "Invariants". What must hold of the verified
// registry's state after every method (specs-actors v2.3.2 verifreg/testing.go
// `CheckStateInvariants`; v0.9.13 has none). Actors v0 keys its maps by the addresses messages
// gave, so there only the root key must be an ID address.

import { addressFromBytes, addressToString, type Address } from '../../appendix/address/address.ts'
import { getHamtVersionForActors, loadHamt } from '../../appendix/data_structures/hamt.ts'
import type { Blockstore } from '../../systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import type { ActorsVersion } from '../../systems/filecoin_vm/actor/builtin_code.ts'
import type { CID } from 'multiformats/cid'
import { FilspecError } from '../../../src/schema/errors.ts'
import { decodeDataCap, type VerifregState } from './state.ts'

/** Each entry of one DataCap map, its key read as an address; a broken entry or node is a message in `broken`. */
async function readDataCapMap(store: Blockstore, root: CID, version: ActorsVersion, name: string, broken: string[]): Promise<Map<string, { addr: Address; cap: bigint }>> {
  const entries = new Map<string, { addr: Address; cap: bigint }>()
  try {
    const map = await loadHamt(store, root, { version: getHamtVersionForActors(version) })
    for await (const { key, value } of map.entries()) {
      const addr = addressFromBytes(key, `${name} key`)
      entries.set(addressToString(addr), { addr, cap: decodeDataCap(value) })
    }
  } catch (e) {
    if (!(e instanceof FilspecError)) throw e
    broken.push(`error reading ${name}: ${e.message}`)
  }
  return entries
}

/**
 * The broken invariants of `state`, as messages; none when it is sound: the root key is an ID
 * address; every key of both maps is an address (in v2 an ID address) and every DataCap a big
 * integer, not negative; no address is both a verifier and a client.
 */
export async function checkVerifregStateInvariants(store: Blockstore, state: VerifregState, version: ActorsVersion): Promise<string[]> {
  const broken: string[] = []
  if (state.RootKey.protocol !== 0) broken.push(`root key ${addressToString(state.RootKey)} is not an ID address`)
  const verifiers = await readDataCapMap(store, state.Verifiers, version, 'verifiers', broken)
  const clients = await readDataCapMap(store, state.VerifiedClients, version, 'verified clients', broken)
  for (const [name, entries] of [['verifier', verifiers], ['client', clients]] as const) {
    for (const [text, { addr, cap }] of entries) {
      if (version !== 0 && addr.protocol !== 0) broken.push(`${name} ${text} is not an ID address`)
      if (cap < 0n) broken.push(`${name} ${text} has a negative DataCap ${cap}`)
    }
  }
  for (const text of verifiers.keys()) if (clients.has(text)) broken.push(`verifier ${text} is also a client`)
  return broken
}
