// The baseline function against the reference: a year of epochs doubles it (specs-actors v2
// reward_logic_test.go TestBaselineRewardGrowth, with the reference's error bounds per starting
// value), the 200% exponent of actors v0 triples it, the first step from b(−1) gives the initial
// value one byte short (reward_test.go TestConstructor), and in every corpus run the baseline
// Lotus recorded is the one our steps reach from the genesis state with the run's network version.
import { describe, expect, it } from 'vitest'
import {
  BASELINE_EXPONENT,
  BASELINE_EXPONENT_V0,
  BASELINE_INITIAL_VALUE,
  BASELINE_INITIAL_VALUE_V0,
  BASELINE_TOTAL,
  SIMPLE_TOTAL,
  computeBaselinePowerFromPrev,
  computeInitBaselinePower,
  getBaselineExponent,
} from '../../../../../spec/systems/filecoin_token/minting_model/baseline.ts'
import { RewardStateV0, RewardStateV2 } from '../../../../../spec/systems/filecoin_token/block_reward_minting/reward_actor.ts'
import { loadRewardRuns } from '../block_reward_minting/reward_corpus.ts'

const EPOCHS_IN_YEAR = 365n * 2880n

function afterYear(start: bigint, exponent: bigint): bigint {
  let b = start
  for (let i = 0n; i < EPOCHS_IN_YEAR; i++) b = computeBaselinePowerFromPrev(b, exponent)
  return b
}

/** (expected − actual) / expected as a float; the reference's percent-error test. */
const relativeShortfall = (expected: bigint, actual: bigint) => Number(((expected - actual) * 10n ** 18n) / expected) / 1e18

describe('a year of the 100% baseline doubles it (TestBaselineRewardGrowth)', () => {
  it.each([
    ['1 byte', 1n, 1],
    ['1 GiB', 1n << 30n, 1e-3],
    ['1 TiB', 1n << 40n, 1e-6],
    ['1 PiB', 1n << 50n, 1e-8],
    ['the initial value', BASELINE_INITIAL_VALUE, 1e-8],
    ['1 ZiB', 1n << 70n, 1e-8],
    ['513633559722596517 bytes', 513633559722596517n, 1e-8],
  ])('from %s, within %d', (_, start, bound) => {
    expect(relativeShortfall(2n * start, afterYear(start, BASELINE_EXPONENT))).toBeLessThan(bound)
  })
})

it('a year of actors v0’s 200% baseline triples it', () => {
  expect(relativeShortfall(3n * BASELINE_INITIAL_VALUE_V0, afterYear(BASELINE_INITIAL_VALUE_V0, BASELINE_EXPONENT_V0))).toBeLessThan(1e-8)
})

it('b(−1) steps to the initial value less one byte, in both versions', () => {
  expect(computeBaselinePowerFromPrev(computeInitBaselinePower(BASELINE_INITIAL_VALUE, BASELINE_EXPONENT), BASELINE_EXPONENT)).toBe(BASELINE_INITIAL_VALUE - 1n)
  expect(computeBaselinePowerFromPrev(computeInitBaselinePower(BASELINE_INITIAL_VALUE_V0, BASELINE_EXPONENT_V0), BASELINE_EXPONENT_V0)).toBe(BASELINE_INITIAL_VALUE_V0 - 1n)
})

it('the exponent: 200% in actors v0 before network version 3, 100% after and in actors v2', () => {
  expect([0, 1, 2, 3].map((nv) => getBaselineExponent(0, nv))).toEqual([BASELINE_EXPONENT_V0, BASELINE_EXPONENT_V0, BASELINE_EXPONENT_V0, BASELINE_EXPONENT])
  expect([4, 5].map((nv) => getBaselineExponent(2, nv))).toEqual([BASELINE_EXPONENT, BASELINE_EXPONENT])
})

it('the simple and baseline totals split 1.1 × 10^9 FIL 30% / 70%', () => {
  expect(SIMPLE_TOTAL + BASELINE_TOTAL).toBe(1_100_000_000n * 10n ** 18n)
  expect(SIMPLE_TOTAL * 7n).toBe(BASELINE_TOTAL * 3n)
})

describe('the baseline of every corpus run', async () => {
  const runs = await loadRewardRuns()
  it('is Lotus’s: from the genesis state, one step per epoch with the exponent of the run’s network version', () => {
    for (const run of runs) {
      const codec = run.pre.version === 0 ? RewardStateV0 : RewardStateV2
      const pre = codec.decode(run.pre.headBytes)
      const post = codec.decode(run.post.headBytes)
      const exponent = getBaselineExponent(run.pre.version, run.networkVersion)
      let b = pre.ThisEpochBaselinePower
      for (let e = pre.Epoch; e < post.Epoch; e++) b = computeBaselinePowerFromPrev(b, exponent)
      expect(b, run.id).toBe(post.ThisEpochBaselinePower)
    }
    expect(runs.length).toBe(63)
  })
})
