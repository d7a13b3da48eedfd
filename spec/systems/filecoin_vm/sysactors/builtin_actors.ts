// Spec section: Systems › Filecoin VM › System Actors. The builtin actor code this specification
// implements, for actors v0 (network versions 0–3) and v2 (4–5), keyed by code CID as the VM's
// registry wants it.

import type { ActorCode } from '../actor/actor_code.ts'
import type { ActorsVersion } from '../actor/builtin_code.ts'
import { getAccountActor } from './account_actor.ts'
import { getCronActor } from './cron_actor.ts'
import { getInitActor } from './init_actor.ts'
import { getSystemActor } from './system_actor.ts'
import { getMultisigActor } from '../../filecoin_token/multisig/multisig.ts'
import { getPaychActor } from '../../filecoin_token/payment_channels/paych.ts'
import { getRewardActor } from '../../filecoin_token/block_reward_minting/reward_actor.ts'
import { getVerifiedRegistryActor } from '../../../algorithms/verified_clients/methods.ts'
import { getPowerActor } from '../../filecoin_blockchain/storage_power_consensus/storage_power_actor/methods.ts'
import { getMarketActor } from '../../filecoin_markets/onchain_storage_market/storage_market_actor/methods.ts'
import { getMinerActor } from '../../filecoin_mining/storage_mining/storage_miner_actor/methods.ts'

const BUILDERS: readonly ((version: ActorsVersion) => ActorCode)[] = [getSystemActor, getInitActor, getCronActor, getAccountActor, getMultisigActor, getPaychActor, getRewardActor, getVerifiedRegistryActor, getPowerActor, getMarketActor, getMinerActor]

/** Every implemented builtin actor of both versions, plus `extra` (e.g. a test actor), by code CID. */
export function getBuiltinRegistry(extra: readonly ActorCode[] = []): Map<string, ActorCode> {
  const registry = new Map<string, ActorCode>()
  for (const version of [0, 2] as const) {
    for (const build of BUILDERS) {
      const actor = build(version)
      registry.set(actor.code.toString(), actor)
    }
  }
  for (const actor of extra) registry.set(actor.code.toString(), actor)
  return registry
}
