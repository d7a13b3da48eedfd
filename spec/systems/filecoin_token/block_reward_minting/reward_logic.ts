// Spec section: Systems › Filecoin Token › Block Reward Minting, "The minting functions". The
// effective network time θ, the simple and the baseline minting in closed form, the reward of
// one epoch, and the epoch-by-epoch update of the reward actor's cumulative sums (specs-actors
// v0.9 / v2 builtin/reward/reward_logic.go and reward_state.go). Q.128 arithmetic in
// fixed_point.ts; the baseline function in the Minting Model section.

import { computeBaselinePowerFromPrev } from '../minting_model/baseline.ts'
import { PRECISION_128, Q128_ONE, computeExpNeg, divEuclid } from './fixed_point.ts'

/** λ = ln 2 / (6 years of 1,051,200 epochs) in Q.128: the decay rate of a 6-year half-life. */
export const LAMBDA = 37396271439864487274534522888786n
/** e^λ − 1 in Q.128. */
export const EXP_LAM_SUB_ONE = 37396273494747879394193016954629n

/** The smoothed reward's first position, attoFIL: SIMPLE_TOTAL · (1 − e^−λ), the simple reward of epoch 0. */
export const INITIAL_REWARD_POSITION_ESTIMATE = 36266260308195979333n
/** Its first velocity, attoFIL per epoch: the change of the simple reward from epoch 0 to 1. */
export const INITIAL_REWARD_VELOCITY_ESTIMATE = -109897758509n

/** The fields of the reward actor state that the minting functions advance (both actors versions). */
export interface MintingState {
  readonly CumsumBaseline: bigint
  readonly CumsumRealized: bigint
  readonly EffectiveNetworkTime: bigint
  readonly EffectiveBaselinePower: bigint
  readonly ThisEpochReward: bigint
  readonly ThisEpochBaselinePower: bigint
  readonly Epoch: bigint
}

/**
 * θ, the effective network time, in Q.128 (specs-actors `computeRTheta`): the integer
 * `effectiveNetworkTime` is the first epoch whose cumulative baseline reaches the realized sum;
 * θ interpolates back from it, θ = ⌈θ⌉ − (cumsumBaseline − cumsumRealized) / b(⌈θ⌉). Zero while
 * the effective network time is still 0.
 */
export function computeRTheta(effectiveNetworkTime: bigint, baselinePowerAtEffectiveNetworkTime: bigint, cumsumRealized: bigint, cumsumBaseline: bigint): bigint {
  if (effectiveNetworkTime === 0n) return 0n
  const shortfall = divEuclid((cumsumBaseline - cumsumRealized) << PRECISION_128, baselinePowerAtEffectiveNetworkTime)
  return (effectiveNetworkTime << PRECISION_128) - shortfall
}

/** M_B(θ) = baselineTotal · (1 − e^(−λθ)) for θ in Q.128, in Q.128 (specs-actors `computeBaselineSupply`). */
export function computeBaselineSupply(theta: bigint, baselineTotal: bigint): bigint {
  const thetaLambda = (theta * LAMBDA) >> PRECISION_128
  return baselineTotal * (Q128_ONE - computeExpNeg(thetaLambda))
}

/**
 * The reward of `epoch` for all its expected winners, attoFIL (specs-actors `computeReward`): the
 * simple part M_S(epoch) − M_S(epoch − 1) = simpleTotal · (e^λ − 1) · e^(−λ·epoch), plus the
 * baseline part M_B(currTheta) − M_B(prevTheta), summed in Q.128 and rounded down once.
 */
export function computeReward(epoch: bigint, prevTheta: bigint, currTheta: bigint, simpleTotal: bigint, baselineTotal: bigint): bigint {
  const simpleReward = (simpleTotal * EXP_LAM_SUB_ONE * computeExpNeg(epoch * LAMBDA)) >> PRECISION_128
  const baselineReward = computeBaselineSupply(currTheta, baselineTotal) - computeBaselineSupply(prevTheta, baselineTotal)
  return (simpleReward + baselineReward) >> PRECISION_128
}

/**
 * One epoch on (specs-actors `State.updateToNextEpoch`), with no reward computed, as for a null
 * round: the baseline steps forward, the realized power capped at it joins the realized sum,
 * and the effective network time advances, epoch by epoch of the baseline, until the baseline
 * sum covers the realized sum.
 */
export function applyNextEpoch<S extends MintingState>(st: S, currRealizedPower: bigint, exponent: bigint): S {
  const baselinePower = computeBaselinePowerFromPrev(st.ThisEpochBaselinePower, exponent)
  const cumsumRealized = st.CumsumRealized + (currRealizedPower < baselinePower ? currRealizedPower : baselinePower)
  let effectiveNetworkTime = st.EffectiveNetworkTime
  let effectiveBaselinePower = st.EffectiveBaselinePower
  let cumsumBaseline = st.CumsumBaseline
  while (cumsumRealized > cumsumBaseline) {
    effectiveNetworkTime++
    effectiveBaselinePower = computeBaselinePowerFromPrev(effectiveBaselinePower, exponent)
    cumsumBaseline += effectiveBaselinePower
  }
  return {
    ...st,
    Epoch: st.Epoch + 1n,
    ThisEpochBaselinePower: baselinePower,
    CumsumRealized: cumsumRealized,
    EffectiveNetworkTime: effectiveNetworkTime,
    EffectiveBaselinePower: effectiveBaselinePower,
    CumsumBaseline: cumsumBaseline,
  }
}

/**
 * One epoch on with its reward (specs-actors `State.updateToNextEpochWithReward`): θ before and
 * after the step give the baseline part of the new epoch's `ThisEpochReward`.
 */
export function applyNextEpochWithReward<S extends MintingState>(st: S, currRealizedPower: bigint, exponent: bigint, simpleTotal: bigint, baselineTotal: bigint): S {
  const prevTheta = computeRTheta(st.EffectiveNetworkTime, st.EffectiveBaselinePower, st.CumsumRealized, st.CumsumBaseline)
  const next = applyNextEpoch(st, currRealizedPower, exponent)
  const currTheta = computeRTheta(next.EffectiveNetworkTime, next.EffectiveBaselinePower, next.CumsumRealized, next.CumsumBaseline)
  return { ...next, ThisEpochReward: computeReward(next.Epoch, prevTheta, currTheta, simpleTotal, baselineTotal) }
}

/**
 * The minting part of UpdateNetworkKPI at `currEpoch` (specs-actors `Actor.UpdateNetworkKPI`):
 * null rounds since the state's epoch are caught up without reward, then one more epoch with
 * its reward, so the state ends at `currEpoch + 1` (or one past its own epoch, if that is later).
 */
export function applyNetworkKPI<S extends MintingState>(st: S, currEpoch: bigint, currRealizedPower: bigint, exponent: bigint, simpleTotal: bigint, baselineTotal: bigint): S {
  let next = st
  while (next.Epoch < currEpoch) next = applyNextEpoch(next, currRealizedPower, exponent)
  return applyNextEpochWithReward(next, currRealizedPower, exponent, simpleTotal, baselineTotal)
}
