// Spec section: Systems › Filecoin VM › Actor. Which code a builtin actor runs is named by a code
// CID: up to actors v7 an identity CID over the raw bytes `fil/<version>/<name>`, where the
// version is 1 for actors v0 and 2 for actors v2 (specs-actors builtin/codes.go). The singletons
// sit at fixed ID addresses (specs-actors builtin/singletons.go).

import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { newIdAddress, type Address } from '../../../appendix/address/address.ts'
import { RAW } from '../../../libraries/multiformats/multicodec.ts'

/** The actors releases the VM of network versions 0–5 runs: v0 up to version 3, v2 from version 4. */
export type ActorsVersion = 0 | 2

/** The actors version a network version runs (Lotus `actors.VersionForNetwork`). */
export function getActorsVersion(networkVersion: number): ActorsVersion {
  if (!Number.isInteger(networkVersion) || networkVersion < 0 || networkVersion > 5) {
    throw new RangeError(`network version expected 0 to 5 (actors v0 and v2), got ${networkVersion}`)
  }
  return networkVersion <= 3 ? 0 : 2
}

/** The builtin actor kinds, by the names their code CIDs carry. */
export const BUILTIN_ACTOR_NAMES = [
  'system',
  'init',
  'cron',
  'account',
  'storagepower',
  'storageminer',
  'storagemarket',
  'paymentchannel',
  'multisig',
  'reward',
  'verifiedregistry',
] as const
export type BuiltinActorName = (typeof BUILTIN_ACTOR_NAMES)[number]

/** The code CID of a builtin actor: identity multihash over `fil/<1|2>/<name>`, raw codec. */
export function getBuiltinCode(name: string, version: ActorsVersion): CID {
  return CID.create(1, RAW, identity.digest(new TextEncoder().encode(`fil/${version === 0 ? 1 : 2}/${name}`)))
}

/** The builtin name and actors version a code CID names, or undefined for other code. */
export function parseBuiltinCode(code: CID): { name: BuiltinActorName; version: ActorsVersion } | undefined {
  if (code.code !== RAW || code.multihash.code !== identity.code) return undefined
  const match = /^fil\/([12])\/([a-z]+)$/.exec(new TextDecoder().decode(code.multihash.digest))
  const name = BUILTIN_ACTOR_NAMES.find((n) => n === match?.[2])
  if (match === null || name === undefined) return undefined
  return { name, version: match[1] === '1' ? 0 : 2 }
}

/** The singleton actors' ID addresses. */
export const SYSTEM_ACTOR_ADDR: Address = newIdAddress(0n)
export const INIT_ACTOR_ADDR: Address = newIdAddress(1n)
export const REWARD_ACTOR_ADDR: Address = newIdAddress(2n)
export const CRON_ACTOR_ADDR: Address = newIdAddress(3n)
export const STORAGE_POWER_ACTOR_ADDR: Address = newIdAddress(4n)
export const STORAGE_MARKET_ACTOR_ADDR: Address = newIdAddress(5n)
export const VERIFIED_REGISTRY_ACTOR_ADDR: Address = newIdAddress(6n)
/** An account actor that only receives: funds sent to it are burnt. */
export const BURNT_FUNDS_ACTOR_ADDR: Address = newIdAddress(99n)

/** The actors there is only one of (specs-actors `IsSingletonActor`); the VM never creates another. */
export const SINGLETON_ACTOR_NAMES: readonly BuiltinActorName[] = ['system', 'init', 'reward', 'cron', 'storagepower', 'storagemarket', 'verifiedregistry']
