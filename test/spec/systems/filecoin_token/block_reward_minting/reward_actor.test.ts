// The reward actor's state against the corpus: every pre-state's reward actor (f02) decodes with
// the state of its actors version and encodes back to Lotus's bytes; the parameters decoder
// returns a value or a SchemaError for any bytes; and the one corpus vector that calls
// AwardBlockReward (through a multisig, so not as the system actor) gets exit code 8 in the
// ApproveReturn, as Lotus recorded.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../../spec/appendix/address/address.ts'
import { importCar } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { AwardBlockRewardParams, RewardStateV0, RewardStateV2 } from '../../../../../spec/systems/filecoin_token/block_reward_minting/reward_actor.ts'
import { parseBuiltinCode } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { StateTree } from '../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { collectVectorFiles, runVectorFiles } from '../../../../../src/cli/commands/conformance.ts'
import { corpusDir } from '../../../../../src/conformance/corpus.ts'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../../../../src/conformance/vector_car.ts'
import { arbCorruptedEncoding, valueOrSchemaError } from '../../../../src/schema/arbitraries.ts'

const dir = corpusDir(new URL('../../../../../', import.meta.url).pathname)

describe('reward actor state in the corpus', () => {
  it('decodes every pre-state reward actor as v0 or v2 state and re-encodes it byte for byte', async () => {
    const seen = { 0: 0, 2: 0 }
    for (const file of collectVectorFiles([dir]).filter((_, i) => i % 4 === 0)) {
      const vector = VectorDag.parse(JSON.parse(readFileSync(file, 'utf8')))
      const store = createMemoryBlockstore()
      await importCar(store, decodeVectorCar(vector.car))
      const tree = await StateTree.load(store, getVectorStateRoots(vector)[0]!)
      const reward = (await tree.getActor(newIdAddress(2n)))!
      const { version } = parseBuiltinCode(reward.Code)!
      const bytes = await store.get(reward.Head)
      const codec = version === 0 ? RewardStateV0 : RewardStateV2
      expect(codec.encode(codec.decode(bytes) as never)).toEqual(bytes)
      expect((codec.decode(bytes) as { ThisEpochReward: bigint }).ThisEpochReward).toBeGreaterThan(0n)
      seen[version]++
    }
    expect(seen[0]).toBeGreaterThan(10)
    expect(seen[2]).toBeGreaterThan(10)
  })

  it('AwardBlockReward from anyone but the system actor is forbidden (nested/fail-inner-abort, 7 runs)', async () => {
    const files = ['nested/nested_sends--fail-inner-abort--genesis.json', 'nested/nested_sends--fail-inner-abort--actorsv2.json'].map((f) => join(dir, f))
    const runs = await runVectorFiles(files, dir, () => {})
    expect(runs.map((r) => r.status)).toEqual(Array(7).fill('passed'))
  })
})

describe('AwardBlockRewardParams', () => {
  const arb = fc.record({ Miner: fc.constant(newIdAddress(1000n)), Penalty: fc.bigInt({ min: 0n, max: 10n ** 30n }), GasReward: fc.bigInt({ min: 0n, max: 10n ** 30n }), WinCount: fc.bigInt({ min: 1n, max: 100n }) })
  it('round-trips', () => {
    fc.assert(
      fc.property(arb, (p) => {
        expect(AwardBlockRewardParams.decode(AwardBlockRewardParams.encode(p))).toEqual(p)
      }),
    )
  })
  it('corrupted encodings decode to a value or a SchemaError', () => {
    fc.assert(fc.property(arbCorruptedEncoding(AwardBlockRewardParams.encode, arb), (bytes) => void valueOrSchemaError(() => AwardBlockRewardParams.decode(bytes))))
  })
})
