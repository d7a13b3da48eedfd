// UpdateNetworkKPI (method 4). Against the corpus: from each tipset-class vector's pre-state, the
// reward actor is driven through what Lotus's ApplyBlocks sent it (UpdateNetworkKPI from the
// power actor's cron at every null round and at each tipset's epoch, AwardBlockReward for each
// block in between) and its state must come out byte for byte as Lotus's post-state. Then the
// reference's own scenario (successive updates), a catch-up over null rounds against the
// step-by-step functions, and every exit code.
import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../../spec/appendix/address/address.ts'
import { ActorPanic } from '../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { ExitCode } from '../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { RewardStateV0, RewardStateV2 } from '../../../../../spec/systems/filecoin_token/block_reward_minting/reward_actor.ts'
import { BASELINE_EXPONENT, BASELINE_EXPONENT_V0, BASELINE_TOTAL, SIMPLE_TOTAL, computeBaselinePowerFromPrev } from '../../../../../spec/systems/filecoin_token/minting_model/baseline.ts'
import { applyNextEpoch, applyNextEpochWithReward } from '../../../../../spec/systems/filecoin_token/block_reward_minting/reward_logic.ts'
import { computeNextEstimate } from '../../../../../spec/systems/filecoin_token/block_reward_minting/smoothing.ts'
import { RewardRuntime, encodePower } from './harness.ts'
import { loadRewardRuns, type RewardRun } from './reward_corpus.ts'

/** Replays one run's tipsets on the reward actor alone, as Lotus v1.2.0 ApplyBlocks called it. */
async function replay(run: RewardRun): Promise<RewardRuntime> {
  const rt = new RewardRuntime(run.pre.version)
  rt.networkVersion = run.networkVersion
  rt.balance = run.pre.balance
  await rt.loadHead(run.pre.headBytes)
  // The power actor sent the same power at every cron: the vectors move no power (checked below).
  const power = run.post.rawBytePower
  let parent = run.baseEpoch
  for (const tipset of run.tipsets) {
    for (let epoch = parent + 1n; epoch < tipset.epoch; epoch++) expect((await rt.updateNetworkKPI(epoch, power)).exitCode).toBe(0)
    rt.currEpoch = tipset.epoch
    for (const block of tipset.blocks) expect((await rt.awardBlockReward(block.miner, block.winCount)).exitCode).toBe(0)
    expect((await rt.updateNetworkKPI(tipset.epoch, power)).exitCode).toBe(0)
    parent = tipset.epoch
  }
  return rt
}

describe('UpdateNetworkKPI against the corpus', async () => {
  const runs = await loadRewardRuns()

  it('covers the 63 tipset-class runs, actors v0 and v2, network versions 0 to 5', () => {
    expect(runs.length).toBe(63)
    expect(new Set(runs.map((r) => r.networkVersion))).toEqual(new Set([0, 1, 2, 3, 4, 5]))
    expect(new Set(runs.map((r) => r.pre.version))).toEqual(new Set([0, 2]))
  })

  it.each(runs.map((r) => [r.id, r] as const))('%s: the reward state after the tipsets is Lotus’s, byte for byte', async (_, run) => {
    expect(run.pre.rawBytePower).toBe(run.post.rawBytePower)
    const rt = await replay(run)
    const codec = run.post.version === 0 ? RewardStateV0 : RewardStateV2
    expect(codec.decode(await rt.headBytes())).toEqual(codec.decode(run.post.headBytes))
    expect(String(rt.head)).toBe(String(run.post.head))
  })
})

describe.each([0, 2] as const)('UpdateNetworkKPI, actors v%i', (version) => {
  const power = 1n << 50n

  it('successive updates at epochs 1, 2, 3 (the reference’s TestSuccessiveKPIUpdates) leave the state one epoch ahead', async () => {
    const rt = new RewardRuntime(version)
    await rt.construct(power)
    for (const epoch of [1n, 2n, 3n]) {
      expect((await rt.updateNetworkKPI(epoch, power)).exitCode).toBe(ExitCode.Ok)
      expect((await rt.state()).Epoch).toBe(epoch + 1n)
    }
  })

  it('after null rounds: the missed epochs are stepped without reward, one with, and the smoothing spans them all', async () => {
    const rt = new RewardRuntime(version)
    await rt.construct(power)
    const before = await rt.state()
    const exponent = BASELINE_EXPONENT // v0 at network version 3, v2 at 4: the 100% baseline
    expect((await rt.updateNetworkKPI(10n, 3n * power)).exitCode).toBe(ExitCode.Ok)
    let expected = before
    for (let e = before.Epoch; e < 10n; e++) expected = applyNextEpoch(expected, 3n * power, exponent)
    expected = applyNextEpochWithReward(expected, 3n * power, exponent, SIMPLE_TOTAL, BASELINE_TOTAL)
    expected = { ...expected, ThisEpochRewardSmoothed: computeNextEstimate(before.ThisEpochRewardSmoothed!, expected.ThisEpochReward, 11n) }
    expect(await rt.state()).toEqual(expected)
  })

  it('a state already at the epoch (two updates in one epoch) steps once more, smoothing over one epoch', async () => {
    const rt = new RewardRuntime(version)
    await rt.construct(power)
    await rt.updateNetworkKPI(5n, power)
    await rt.updateNetworkKPI(5n, power)
    expect((await rt.state()).Epoch).toBe(7n)
  })

  it('any caller but the power actor (f04): SysErrForbidden (8), the state unchanged', async () => {
    const rt = new RewardRuntime(version)
    await rt.construct(power)
    const head = rt.head
    for (const caller of [newIdAddress(0n), newIdAddress(1004n)]) {
      rt.setActor(caller, 'storagepower')
      expect((await rt.updateNetworkKPI(1n, power, caller)).exitCode).toBe(ExitCode.SysErrForbidden)
    }
    expect(rt.head).toEqual(head)
  })

  it('parameters that are not a big integer: exit code 1 before network version 7, the state unchanged', async () => {
    const rt = new RewardRuntime(version)
    await rt.construct(power)
    const head = rt.head
    rt.caller = newIdAddress(4n)
    for (const params of [new Uint8Array(), encodePower(1n).subarray(0, 2), Uint8Array.of(0xf6), Uint8Array.of(0x41, 0x01)]) {
      expect((await rt.call(4n, params)).exitCode).toBe(1)
    }
    expect(rt.head).toEqual(head)
  })

  it('a negative power is taken as it is (the reference caps it at the baseline only from above)', async () => {
    const rt = new RewardRuntime(version)
    await rt.construct(0n)
    expect((await rt.updateNetworkKPI(1n, -5n)).exitCode).toBe(ExitCode.Ok)
    expect((await rt.state()).CumsumRealized).toBe(-10n)
  })
})

it('actors v0 steps the baseline at 200% a year before network version 3 and 100% from it', async () => {
  for (const [nv, exponent] of [[0, BASELINE_EXPONENT_V0], [2, BASELINE_EXPONENT_V0], [3, BASELINE_EXPONENT]] as const) {
    const rt = new RewardRuntime(0)
    rt.networkVersion = nv
    await rt.construct(0n)
    const epochZero = (await rt.state()).ThisEpochBaselinePower
    await rt.updateNetworkKPI(1n, 0n)
    const twice = computeBaselinePowerFromPrev(computeBaselinePowerFromPrev(epochZero, exponent), exponent)
    expect((await rt.state()).ThisEpochBaselinePower, `network version ${nv}`).toBe(twice)
  }
})

it('a v0 state without a smoothed estimate panics, as the reference dereferences nil', async () => {
  const rt = new RewardRuntime(0)
  await rt.construct(0n)
  await rt.loadHead(RewardStateV0.encode({ ...((await rt.state()) as RewardStateV0), ThisEpochRewardSmoothed: null }))
  await expect(rt.updateNetworkKPI(1n, 0n)).rejects.toThrow(ActorPanic)
})
