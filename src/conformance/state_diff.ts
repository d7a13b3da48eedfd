// What differs between two state trees, actor by actor: for `filspec conformance --diff`. For
// each actor present in both with a different record, the record's fields (code, balance, nonce,
// head) and, when the code is one whose state the spec defines, the state's fields that differ.
import type { CID } from 'multiformats/cid'
import { addressFromBytes, addressToString } from '../../spec/appendix/address/address.ts'
import type { Blockstore } from '../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { RewardStateV0, RewardStateV2 } from '../../spec/systems/filecoin_token/block_reward_minting/reward_actor.ts'
import { MultisigState } from '../../spec/systems/filecoin_token/multisig/multisig_state.ts'
import { PaychState } from '../../spec/systems/filecoin_token/payment_channels/state.ts'
import { parseBuiltinCode } from '../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { decodeActor, loadActorsHamt, type ActorV5 } from '../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { AccountState } from '../../spec/systems/filecoin_vm/sysactors/account_actor.ts'
import { CronState } from '../../spec/systems/filecoin_vm/sysactors/cron_actor.ts'
import { InitState } from '../../spec/systems/filecoin_vm/sysactors/init_actor.ts'
import type { Json } from '../schema/kind.ts'
import { CHAOS_ACTOR_CODE, ChaosState } from './chaos_actor.ts'

interface StateReader {
  decode(bytes: Uint8Array): unknown
  toJson(value: never): { [key: string]: Json }
}

/** The state structure of an actor's code, where the spec defines it. */
function getStateReader(code: CID): StateReader | undefined {
  if (code.equals(CHAOS_ACTOR_CODE)) return ChaosState
  const builtin = parseBuiltinCode(code)
  switch (builtin?.name) {
    case 'account':
      return AccountState
    case 'init':
      return InitState
    case 'cron':
      return CronState
    case 'multisig':
      return MultisigState
    case 'paymentchannel':
      return PaychState
    case 'reward':
      return builtin.version === 0 ? RewardStateV0 : RewardStateV2
    default:
      return undefined
  }
}

/** `field: expected → actual` for each state field that differs, in Lotus JSON. */
async function diffHeads(store: Blockstore, a: ActorV5, b: ActorV5): Promise<string[]> {
  const reader = getStateReader(a.Code)
  if (reader === undefined) return []
  try {
    const [x, y] = await Promise.all([a.Head, b.Head].map(async (h) => reader.toJson(reader.decode(await store.get(h)) as never)))
    return Object.keys(x!)
      .filter((k) => JSON.stringify(x![k]) !== JSON.stringify(y![k]))
      .map((k) => `${k}: ${JSON.stringify(x![k])} → ${JSON.stringify(y![k])}`)
  } catch (e) {
    return [`state not decodable: ${(e as Error).message}`]
  }
}

/** Lines describing each actor that differs between the expected and the actual state root. */
export async function diffStates(store: Blockstore, expected: CID, actual: CID): Promise<string[]> {
  const read = async (root: CID) => {
    const { version, hamt } = await loadActorsHamt(store, root)
    const actors = new Map<string, ActorV5>()
    for await (const { key, value } of hamt.entries()) actors.set(addressToString(addressFromBytes(key)), decodeActor(value, version))
    return actors
  }
  const [want, got] = await Promise.all([read(expected), read(actual)])
  const lines: string[] = []
  for (const addr of [...new Set([...want.keys(), ...got.keys()])].sort()) {
    const a = want.get(addr)
    const b = got.get(addr)
    if (a === undefined) lines.push(`${addr}: not expected, got code ${b!.Code} balance ${b!.Balance}`)
    else if (b === undefined) lines.push(`${addr}: expected (code ${a.Code} balance ${a.Balance}), missing`)
    else {
      const diffs: string[] = []
      if (!a.Code.equals(b.Code)) diffs.push(`code ${a.Code} → ${b.Code}`)
      if (a.Balance !== b.Balance) diffs.push(`balance ${a.Balance} → ${b.Balance} (${b.Balance - a.Balance > 0n ? '+' : ''}${b.Balance - a.Balance})`)
      if (a.Nonce !== b.Nonce) diffs.push(`nonce ${a.Nonce} → ${b.Nonce}`)
      if (!a.Head.equals(b.Head)) diffs.push(`head ${a.Head} → ${b.Head}`)
      if (diffs.length > 0) lines.push(`${addr}: ${diffs.join(', ')}`)
      if (a.Code.equals(b.Code) && !a.Head.equals(b.Head)) for (const d of await diffHeads(store, a, b)) lines.push(`  ${d}`)
    }
  }
  return lines
}
