// The reward actor's constructor (method 1), actors v0 and v2. Lotus built the corpus's genesis
// states with it (zero power): our constructed state is that state, byte for byte. Then the
// reference's cases (specs-actors v2 reward_test.go TestConstructor: epoch 0, the epoch-zero
// reward 36266264293777134739, the baseline one byte short of its initial value, power capped at
// the baseline), ThisEpochReward on the new state, and every exit code.
import * as dagCbor from '@ipld/dag-cbor'
import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../../spec/appendix/address/address.ts'
import {
  RewardStateV0,
  RewardStateV2,
  ThisEpochRewardReturnV0,
  ThisEpochRewardReturnV2,
  newRewardStateV0,
  newRewardStateV2,
} from '../../../../../spec/systems/filecoin_token/block_reward_minting/reward_actor.ts'
import { BASELINE_INITIAL_VALUE, BASELINE_INITIAL_VALUE_V0 } from '../../../../../spec/systems/filecoin_token/minting_model/baseline.ts'
import { STORAGE_POWER_ACTOR_ADDR } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { METHOD_CONSTRUCTOR, METHOD_THIS_EPOCH_REWARD, RewardRuntime } from './harness.ts'
import { loadRewardRuns } from './reward_corpus.ts'

/** specs-actors reward_test.go `EpochZeroReward`. */
const EPOCH_ZERO_REWARD = 36266264293777134739n

describe('the constructor against the corpus', async () => {
  const runs = await loadRewardRuns((f) => f.includes('reward--ok-miners-awarded-no-premiums'))

  it.each(runs.map((r) => [r.id, r] as const))('%s: the pre-state’s reward actor is the one constructed with zero power', async (_, run) => {
    const rt = new RewardRuntime(run.pre.version)
    expect((await rt.construct(0n)).exitCode).toBe(ExitCode.Ok)
    expect(await rt.headBytes()).toEqual(run.pre.headBytes)
    expect(String(rt.head)).toBe(String(run.pre.head))
  })
})

describe.each([0, 2] as const)('constructor, actors v%i', (version) => {
  const initial = version === 0 ? BASELINE_INITIAL_VALUE_V0 : BASELINE_INITIAL_VALUE
  const construct = version === 0 ? newRewardStateV0 : newRewardStateV2

  it('with zero power: epoch 0, the epoch-zero reward, the baseline one byte short of its initial value', async () => {
    const rt = new RewardRuntime(version)
    expect((await rt.construct(0n)).exitCode).toBe(ExitCode.Ok)
    const st = await rt.state()
    expect(st.Epoch).toBe(0n)
    expect(st.CumsumRealized).toBe(0n)
    expect(st.ThisEpochReward).toBe(EPOCH_ZERO_REWARD)
    expect(st.ThisEpochBaselinePower).toBe(initial - 1n)
    expect(st.EffectiveBaselinePower).toBe(initial)
    expect(st).toEqual(construct(0n))
  })

  it('with less power than the baseline: the power is realized and the baseline part adds to the reward', async () => {
    const power = 1n << 39n
    const st = construct(power)
    expect(st.CumsumRealized).toBe(power)
    expect(st.ThisEpochReward).toBeGreaterThan(EPOCH_ZERO_REWARD)
  })

  it('with more power than the baseline: the reward is that of the baseline (realized power is capped)', () => {
    expect(construct(2n * initial).ThisEpochReward).toBe(construct(initial).ThisEpochReward)
    expect(construct(2n * initial).CumsumRealized).toBe(initial - 1n)
  })

  it('ThisEpochReward then returns the state’s smoothed reward and baseline', async () => {
    const rt = new RewardRuntime(version)
    await rt.construct(1n << 50n)
    const st = await rt.state()
    const { exitCode, ret } = await rt.call(METHOD_THIS_EPOCH_REWARD, new Uint8Array())
    expect(exitCode).toBe(ExitCode.Ok)
    if (version === 2) expect(ThisEpochRewardReturnV2.decode(ret!)).toEqual({ ThisEpochRewardSmoothed: st.ThisEpochRewardSmoothed, ThisEpochBaselinePower: st.ThisEpochBaselinePower })
    else expect(ThisEpochRewardReturnV0.decode(ret!)).toEqual({ ThisEpochReward: st.ThisEpochReward, ThisEpochRewardSmoothed: st.ThisEpochRewardSmoothed, ThisEpochBaselinePower: st.ThisEpochBaselinePower })
  })

  it('any caller but the system actor: SysErrForbidden (8), no state', async () => {
    for (const caller of [STORAGE_POWER_ACTOR_ADDR, newIdAddress(100n)]) {
      const rt = new RewardRuntime(version)
      expect((await rt.construct(0n, caller)).exitCode).toBe(ExitCode.SysErrForbidden)
      expect(rt.head).toBeUndefined()
    }
  })

  it('parameters that are not a big integer (none, CBOR null, an integer, a non-canonical spelling): exit code 1 before network version 7', async () => {
    // A nil power, which the reference refuses with ErrIllegalArgument, cannot be decoded: null fails first.
    for (const params of [new Uint8Array(), dagCbor.encode(null), dagCbor.encode(5), dagCbor.encode(Uint8Array.of(0))]) {
      const rt = new RewardRuntime(version)
      expect((await rt.call(METHOD_CONSTRUCTOR, params)).exitCode).toBe(1)
      expect(rt.head).toBeUndefined()
    }
  })
})

it('the state codecs round-trip the constructed states', () => {
  expect(RewardStateV0.decode(RewardStateV0.encode(newRewardStateV0(7n)))).toEqual(newRewardStateV0(7n))
  expect(RewardStateV2.decode(RewardStateV2.encode(newRewardStateV2(7n)))).toEqual(newRewardStateV2(7n))
})
