// The minting functions against the reference: every row of specs-actors' TestSimpleReward and
// TestBaselineReward golden files, and its TestComputeRTeta cases. Then properties of the
// epoch-by-epoch minting: with no null rounds the rewards add up to the closed form
// M_S(t) − M_S(−1) + M_B(θ(t)); null rounds only ever take from that; so what is minted never
// exceeds the simple and baseline totals; θ never goes back.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PRECISION_128, Q128_ONE, computeExpNeg } from '../../../../../spec/systems/filecoin_token/block_reward_minting/fixed_point.ts'
import { newRewardStateV2 } from '../../../../../spec/systems/filecoin_token/block_reward_minting/reward_actor.ts'
import {
  EXP_LAM_SUB_ONE,
  LAMBDA,
  applyNetworkKPI,
  computeBaselineSupply,
  computeRTheta,
  computeReward,
  type MintingState,
} from '../../../../../spec/systems/filecoin_token/block_reward_minting/reward_logic.ts'
import { BASELINE_EXPONENT, BASELINE_INITIAL_VALUE, BASELINE_TOTAL, SIMPLE_TOTAL } from '../../../../../spec/systems/filecoin_token/minting_model/baseline.ts'
import { readGolden } from './golden.ts'

describe('TestSimpleReward.golden (specs-actors builtin/reward)', () => {
  const rows = readGolden('TestSimpleReward.golden')
  it('each sampled row: y = computeReward(x, 0, 0), the simple reward of epoch x = 0, 5000, …, 2555000', () => {
    expect(rows.at(-1)![0]).toBe(511n * 5000n)
    rows.forEach(([x, y], i) => {
      expect(x! % 5000n, `TestSimpleReward.golden sampled row ${i + 1}`).toBe(0n)
      expect(computeReward(x!, 0n, 0n, SIMPLE_TOTAL, BASELINE_TOTAL), `TestSimpleReward.golden sampled row ${i + 1}`).toBe(y)
    })
  })
})

describe('TestBaselineReward.golden (specs-actors builtin/reward)', () => {
  const rows = readGolden('TestBaselineReward.golden')
  it('each sampled row: y = computeReward(0, t0, t1) − computeReward(0, 0, 0), θ stepping by 5000 − ε', () => {
    const step = (5000n << PRECISION_128) - 77777777777n
    const delta = Q128_ONE - 33333333333n
    const simple = computeReward(0n, 0n, 0n, SIMPLE_TOTAL, BASELINE_TOTAL)
    expect(rows.at(-1)![0]).toBe(511n * step)
    rows.forEach(([t0, t1, y], i) => {
      const label = `TestBaselineReward.golden sampled row ${i + 1}`
      expect(t0! % step, label).toBe(0n)
      expect(t1, label).toBe(t0! + delta)
      expect(computeReward(0n, t0!, t1!, SIMPLE_TOTAL, BASELINE_TOTAL) - simple, label).toBe(y)
    })
  })
})

describe('computeRTheta (TestComputeRTeta)', () => {
  const baselinePowerAt = (epoch: bigint) => (epoch + 1n) * 2048n
  const q = (x: number) => BigInt(x * 4) << (PRECISION_128 - 2n) // quarters are exact
  it('θ interpolates within the last baseline epoch: 0.5, 0.25, 15.25', () => {
    expect(computeRTheta(1n, baselinePowerAt(1n), 2048n + 2048n, 2048n + 2n * 2048n)).toBe(q(0.5))
    expect(computeRTheta(1n, baselinePowerAt(1n), 2048n + 1024n, 2048n + 2n * 2048n)).toBe(q(0.25))
    let cumsum15 = 0n
    for (let i = 0n; i < 16n; i++) cumsum15 += baselinePowerAt(i)
    expect(computeRTheta(16n, baselinePowerAt(16n), cumsum15 + baselinePowerAt(16n) / 4n, cumsum15 + baselinePowerAt(16n))).toBe(q(15.25))
  })
  it('θ is 0 while the effective network time is 0', () => {
    expect(computeRTheta(0n, 1n, 5n, 0n)).toBe(0n)
  })
})

/** Σ of the simple rewards of epochs 0 … t in closed form, SIMPLE_TOTAL · (e^λ − e^(−λt)), in attoFIL. */
const simpleSupplyThrough = (t: bigint) => (SIMPLE_TOTAL * (Q128_ONE + EXP_LAM_SUB_ONE - computeExpNeg(t * LAMBDA))) >> PRECISION_128

/** Runs KPI updates from the constructed state; returns every epoch's reward summed, the last state and θ after each step. */
function mint(initialPower: bigint, steps: readonly { gap: bigint; power: bigint }[]) {
  let st: MintingState = newRewardStateV2(initialPower)
  let minted = st.ThisEpochReward
  const thetas = [computeRTheta(st.EffectiveNetworkTime, st.EffectiveBaselinePower, st.CumsumRealized, st.CumsumBaseline)]
  for (const { gap, power } of steps) {
    st = applyNetworkKPI(st, st.Epoch + gap, power, BASELINE_EXPONENT, SIMPLE_TOTAL, BASELINE_TOTAL)
    minted += st.ThisEpochReward
    thetas.push(computeRTheta(st.EffectiveNetworkTime, st.EffectiveBaselinePower, st.CumsumRealized, st.CumsumBaseline))
  }
  return { st, minted, thetas }
}

const arbPower = fc.bigInt({ min: 0n, max: 3n * BASELINE_INITIAL_VALUE })

describe('properties of the minting', () => {
  it('with no null rounds the rewards of epochs 0 … t add up to M_S(t) − M_S(−1) + M_B(θ(t)), to 1 attoFIL an epoch', () => {
    fc.assert(
      fc.property(arbPower, fc.array(fc.record({ gap: fc.constant(0n), power: arbPower }), { maxLength: 40 }), (p0, steps) => {
        const { st, minted, thetas } = mint(p0, steps)
        const closedForm = simpleSupplyThrough(st.Epoch) + (computeBaselineSupply(thetas.at(-1)!, BASELINE_TOTAL) >> PRECISION_128)
        const diff = minted - closedForm
        expect(diff <= BigInt(steps.length + 1) && -diff <= BigInt(steps.length + 1), `minted ${minted}, closed form ${closedForm}`).toBe(true)
      }),
      { numRuns: 60 },
    )
  })

  it('null rounds mint nothing: the sum stays within the closed form, and so within the two totals (plus the epoch −1 → 0 step)', () => {
    fc.assert(
      fc.property(arbPower, fc.array(fc.record({ gap: fc.bigInt({ min: 0n, max: 200n }), power: arbPower }), { maxLength: 25 }), (p0, steps) => {
        const { st, minted, thetas } = mint(p0, steps)
        const closedForm = simpleSupplyThrough(st.Epoch) + (computeBaselineSupply(thetas.at(-1)!, BASELINE_TOTAL) >> PRECISION_128)
        expect(minted).toBeLessThanOrEqual(closedForm + BigInt(steps.length + 1))
        // SIMPLE_TOTAL · e^λ: the simple minting counted from epoch −1, as the reward of epoch 0 is.
        expect(minted).toBeLessThanOrEqual(((SIMPLE_TOTAL * (Q128_ONE + EXP_LAM_SUB_ONE)) >> PRECISION_128) + BASELINE_TOTAL)
      }),
      { numRuns: 60 },
    )
  })

  it('θ never decreases, every reward is positive, and θ stays at most the epoch', () => {
    fc.assert(
      fc.property(arbPower, fc.array(fc.record({ gap: fc.bigInt({ min: 0n, max: 50n }), power: arbPower }), { maxLength: 25 }), (p0, steps) => {
        const { st, thetas } = mint(p0, steps)
        thetas.forEach((t, i) => i > 0 && expect(t).toBeGreaterThanOrEqual(thetas[i - 1]!))
        expect(thetas.at(-1)!).toBeLessThanOrEqual((st.Epoch + 1n) << PRECISION_128)
        expect(st.ThisEpochReward).toBeGreaterThan(0n)
      }),
      { numRuns: 60 },
    )
  })

  it('the simple reward alone, over the years: after 6 years (one half-life) half the simple total is minted', () => {
    const sixYears = 6n * 1_051_200n
    const half = simpleSupplyThrough(sixYears) - (SIMPLE_TOTAL * EXP_LAM_SUB_ONE >> PRECISION_128)
    const ratio = Number((half * 1_000_000n) / SIMPLE_TOTAL) / 1_000_000
    expect(ratio).toBeCloseTo(0.5, 6)
  })
})
