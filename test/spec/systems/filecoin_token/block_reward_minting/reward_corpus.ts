// The corpus's tipset-class vectors as the reward tests read them: each run's network version
// and epochs, the blocks' win counts, and, before and after, the reward actor (f02: code, head
// bytes, balance) and the power actor's ThisEpochRawBytePower (field 5 of its state in actors
// v0 and v2 alike), which is what the power actor sends to UpdateNetworkKPI at each cron.
// Lotus made these states, so a reward state we compute from the pre-state must equal the post.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CID } from 'multiformats/cid'
import { addressFromString, newIdAddress, type Address } from '../../../../../spec/appendix/address/address.ts'
import { decodeCbor } from '../../../../../spec/libraries/ipld/dag_cbor.ts'
import { importCar } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { parseBuiltinCode, type ActorsVersion } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { StateTree } from '../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { collectVectorFiles } from '../../../../../src/cli/commands/conformance.ts'
import { corpusDir } from '../../../../../src/conformance/corpus.ts'
import { parseVector } from '../../../../../src/conformance/vector.ts'
import { decodeVectorCar, getVectorStateRoots } from '../../../../../src/conformance/vector_car.ts'
import { decodeBigInt } from '../../../../../src/schema/big_int.ts'

export const CORPUS_DIR = corpusDir(new URL('../../../../../', import.meta.url).pathname)

export interface RewardSnapshot {
  readonly version: ActorsVersion
  readonly head: CID
  readonly headBytes: Uint8Array
  readonly balance: bigint
  /** The power actor's ThisEpochRawBytePower. */
  readonly rawBytePower: bigint
}

export interface RewardRun {
  /** `<file relative to the corpus> [<variant>]`, the label of every assertion on it. */
  readonly id: string
  readonly networkVersion: number
  readonly baseEpoch: bigint
  readonly tipsets: readonly { readonly epoch: bigint; readonly blocks: readonly { readonly miner: Address; readonly winCount: bigint }[] }[]
  readonly pre: RewardSnapshot
  readonly post: RewardSnapshot
}

async function readSnapshot(store: ReturnType<typeof createMemoryBlockstore>, root: CID): Promise<RewardSnapshot> {
  const tree = await StateTree.load(store, root)
  const reward = (await tree.getActor(newIdAddress(2n)))!
  const power = (await tree.getActor(newIdAddress(4n)))!
  const powerState = decodeCbor(await store.get(power.Head)) as unknown[]
  return {
    version: parseBuiltinCode(reward.Code)!.version,
    head: reward.Head,
    headBytes: await store.get(reward.Head),
    balance: reward.Balance,
    rawBytePower: decodeBigInt(powerState[5] as Uint8Array, 'power state ThisEpochRawBytePower'),
  }
}

/** Every run of every tipset-class vector of the corpus (reward/ and msg_application/) whose file name `pick` accepts. */
export async function loadRewardRuns(pick: (file: string) => boolean = () => true): Promise<RewardRun[]> {
  const runs: RewardRun[] = []
  for (const file of collectVectorFiles([join(CORPUS_DIR, 'reward'), join(CORPUS_DIR, 'msg_application')]).filter(pick)) {
    const vector = parseVector(file, readFileSync(file, 'utf8'))
    if (vector.class !== 'tipset') continue
    const store = createMemoryBlockstore()
    await importCar(store, decodeVectorCar(vector.car))
    const [preRoot, postRoot] = getVectorStateRoots(vector)
    const pre = await readSnapshot(store, preRoot!)
    const post = await readSnapshot(store, postRoot!)
    for (const variant of vector.preconditions.variants) {
      const baseEpoch = BigInt(variant.epoch)
      runs.push({
        id: `${file.slice(CORPUS_DIR.length + 1)} [${variant.id}]`,
        networkVersion: variant.nv,
        baseEpoch,
        tipsets: (vector.apply_tipsets ?? []).map((t) => ({
          epoch: baseEpoch + BigInt(t.epoch_offset),
          blocks: t.blocks.map((b) => ({ miner: addressFromString(b.miner_addr), winCount: BigInt(b.win_count) })),
        })),
        pre,
        post,
      })
    }
  }
  return runs
}
