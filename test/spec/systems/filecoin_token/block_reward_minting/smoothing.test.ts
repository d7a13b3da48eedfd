// The alpha-beta filter against the reference (specs-actors v2 util/smoothing
// alpha_beta_filter_test.go TestCumSumRatioProjection: the constant cases exactly, the others
// within 350 millionths of a trapezoid sum); its first step from the genesis estimate as Lotus
// recorded it in the corpus; then properties: a constant signal is converged on, a ramp's slope
// is found, and the FilterEstimate decoder takes any bytes.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PRECISION_128, divEuclid } from '../../../../../spec/systems/filecoin_token/block_reward_minting/fixed_point.ts'
import { RewardStateV2, newRewardStateV2 } from '../../../../../spec/systems/filecoin_token/block_reward_minting/reward_actor.ts'
import {
  DEFAULT_ALPHA,
  DEFAULT_BETA,
  FilterEstimate,
  computeExtrapolatedCumSumOfRatio,
  computeExtrapolation,
  computeNextEstimate,
  getEstimate,
  newFilterEstimate,
} from '../../../../../spec/systems/filecoin_token/block_reward_minting/smoothing.ts'
import { arbCorruptedEncoding, valueOrSchemaError } from '../../../../src/schema/arbitraries.ts'
import { loadRewardRuns } from './reward_corpus.ts'

const EPOCHS_IN_DAY = 2880n

describe('computeExtrapolatedCumSumOfRatio (TestCumSumRatioProjection)', () => {
  it('constant estimates: 4e6 / 1 over 1000 epochs is 4e9, wherever it starts', () => {
    const num = newFilterEstimate(4_000_000n, 0n)
    const denom = newFilterEstimate(1n, 0n)
    expect(computeExtrapolatedCumSumOfRatio(1000n, 0n, num, denom) >> PRECISION_128).toBe(4_000_000_000n)
    expect(computeExtrapolatedCumSumOfRatio(1000n, 10n ** 15n, num, denom) >> PRECISION_128).toBe(4_000_000_000n)
  })

  it('constant estimates: 1e12 / 200e12 over 100 epochs is 1/2 (0 in Q.0, 5000 after × 10000)', () => {
    const ratio = computeExtrapolatedCumSumOfRatio(100n, 0n, newFilterEstimate(10n ** 12n, 0n), newFilterEstimate(200n * 10n ** 12n, 0n))
    expect(ratio >> PRECISION_128).toBe(0n)
    expect((ratio * (10_000n << PRECISION_128)) >> (2n * PRECISION_128)).toBe(5000n)
  })

  /** The trapezoid sum of num/denom over the interval, in Q.128, as the reference's test computes it. */
  function iterativeCumSumOfRatio(num: FilterEstimate, denom: FilterEstimate, t0: bigint, delta: bigint): bigint {
    let ratio = 0n
    for (let i = 0n; i < delta; i++) {
      let epsilon = divEuclid(computeExtrapolation(num, t0 + i), computeExtrapolation(denom, t0 + i) >> PRECISION_128)
      if (i !== 0n && i !== delta - 1n) epsilon *= 2n
      ratio += epsilon
    }
    return divEuclid(ratio, 2n)
  }
  /** |val1 − val2| / val1 in millionths, as the reference's `perMillionError`. */
  function perMillionError(val1: bigint, val2: bigint): bigint {
    const perMillion = divEuclid((val1 - val2) << PRECISION_128, val1) * (1_000_000n << PRECISION_128)
    return (perMillion < 0n ? -perMillion : perMillion) >> (2n * PRECISION_128)
  }
  const cases: [string, FilterEstimate, FilterEstimate, bigint][] = [
    ['both positive velocity', newFilterEstimate(111n, 33n), newFilterEstimate(3456n, 8n), 10_000n],
    ['flipped signs', newFilterEstimate(1_000_000n, -100n), newFilterEstimate(70_000n, 1000n), 100_000n],
  ]
  const tensOfFil = 50n * 10n ** 18n
  const tensOfEiB = 10n * 10n ** 18n
  const thousandsOfEiB = 20_000n * 10n ** 18n
  for (const [moneyName, money] of [['slow money', newFilterEstimate(tensOfFil, 25n)], ['fast money', newFilterEstimate(tensOfFil, 100n)]] as const) {
    for (const [powerName, position] of [['low power', tensOfEiB], ['high power', thousandsOfEiB]] as const) {
      for (const [velocityName, velocity] of [['low velocity', 1n], ['mid velocity', (10n << 50n) / EPOCHS_IN_DAY], ['high velocity', (1n << 60n) / EPOCHS_IN_DAY]] as const) {
        cases.push([`${moneyName}, ${powerName}, ${velocityName}`, money, newFilterEstimate(position, velocity), EPOCHS_IN_DAY])
      }
    }
  }
  it.each(cases)('%s: within 350 millionths of the trapezoid sum', (_, num, denom, delta) => {
    const analytic = computeExtrapolatedCumSumOfRatio(delta, 0n, num, denom)
    expect(perMillionError(analytic, iterativeCumSumOfRatio(num, denom, 0n, delta))).toBeLessThan(350n)
  })
})

describe('computeNextEstimate', () => {
  it('from the genesis estimate, the first update of each corpus run is Lotus’s (position and velocity)', async () => {
    const runs = await loadRewardRuns((f) => f.includes('penalties--penalize-bad-nonce') && f.includes('actorsv2'))
    const [run] = runs
    const pre = RewardStateV2.decode(run!.pre.headBytes)
    const post = RewardStateV2.decode(run!.post.headBytes)
    // one update at the tipset epoch: the smoothing spans post.Epoch − pre.Epoch epochs
    expect(computeNextEstimate(pre.ThisEpochRewardSmoothed, post.ThisEpochReward, post.Epoch - pre.Epoch)).toEqual(post.ThisEpochRewardSmoothed)
    expect(newRewardStateV2(0n).ThisEpochRewardSmoothed).toEqual(pre.ThisEpochRewardSmoothed)
  })

  it('uses the default gains 9.25e-4 and 2.84e-7 (to five significant digits) and moves by them', () => {
    expect(Math.abs(Number(DEFAULT_ALPHA) / 2 ** 128 / 9.25e-4 - 1)).toBeLessThan(1e-5)
    expect(Math.abs(Number(DEFAULT_BETA) / 2 ** 128 / 2.84e-7 - 1)).toBeLessThan(1e-5)
    const next = computeNextEstimate(newFilterEstimate(0n, 0n), 1n << 40n, 1n)
    expect(next).toEqual({ PositionEstimate: DEFAULT_ALPHA << 40n, VelocityEstimate: DEFAULT_BETA << 40n })
  })

  it('property: a constant signal is converged on (after 30000 updates, within 10^-4 of the start’s error)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 21n), max: 10n ** 21n }), fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: -(10n ** 21n), max: 10n ** 21n }), (p0, v0, c) => {
        let e = newFilterEstimate(p0, v0)
        for (let i = 0; i < 30_000; i++) e = computeNextEstimate(e, c, 1n)
        const err = getEstimate(e) - c
        const start = (p0 > c ? p0 - c : c - p0) + 2000n * (v0 < 0n ? -v0 : v0)
        expect((err < 0n ? -err : err) * 10_000n).toBeLessThanOrEqual(start + 10_000n)
        const v = e.VelocityEstimate >> PRECISION_128
        expect((v < 0n ? -v : v) * 10_000n).toBeLessThanOrEqual(start + 10_000n)
      }),
      { numRuns: 20 },
    )
  })

  it('property: a ramp’s slope is found, over null rounds too (velocity within 1% after 40000 epochs)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 6n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 3n }), (slope, step) => {
        let e = newFilterEstimate(10n ** 18n, 0n)
        for (let t = step; t <= 40_000n; t += step) e = computeNextEstimate(e, 10n ** 18n + slope * t, step)
        const v = e.VelocityEstimate >> PRECISION_128
        expect((v - slope < 0n ? slope - v : v - slope) * 100n).toBeLessThanOrEqual(slope)
      }),
      { numRuns: 10 },
    )
  })
})

describe('FilterEstimate', () => {
  const arb = fc.record({ PositionEstimate: fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }), VelocityEstimate: fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }) })
  it('round-trips', () => {
    fc.assert(fc.property(arb, (e) => void expect(FilterEstimate.decode(FilterEstimate.encode(e))).toEqual(e)))
  })
  it('corrupted encodings decode to a value or a SchemaError', () => {
    fc.assert(fc.property(arbCorruptedEncoding(FilterEstimate.encode, arb), (bytes) => void valueOrSchemaError(() => FilterEstimate.decode(bytes))))
  })
})
