// Spec section: Systems › Filecoin Token › Block Reward Minting, "Smoothed estimates". The
// alpha-beta filter that turns a noisy per-epoch quantity (the epoch's reward, the network's
// quality-adjusted power) into a position and a velocity, and the extrapolation of the ratio of
// two such estimates that miners' pledges and penalties use (specs-actors v0.9 / v2
// actors/util/smoothing/alpha_beta_filter.go). All in Q.128 (fixed_point.ts).

import type { Infer } from '../../../../src/schema/kind.ts'
import { bigInt } from '../../../../src/schema/big_int.ts'
import { defineStruct, field } from '../../../../src/schema/struct.ts'
import { PRECISION_128, computeLn, divEuclid } from './fixed_point.ts'

export const FilterEstimate = defineStruct(
  'FilterEstimate',
  {
    PositionEstimate: field(bigInt, 'The estimate, a Q.128 fixed-point number.'),
    VelocityEstimate: field(bigInt, 'Its change per epoch, Q.128.'),
  },
  { doc: 'A value smoothed by the alpha-beta filter (specs-actors util/smoothing).' },
)
export type FilterEstimate = Infer<typeof FilterEstimate>

/** How far a new observation moves the position: 9.25e-4 in Q.128 (the reference's integer, 3.1476 × 10^35, is 9.24997e-4). */
export const DEFAULT_ALPHA = 314760000000000000000000000000000000n
/** How far it moves the velocity, per epoch: 2.84e-7 in Q.128 (9.66401 × 10^31). */
export const DEFAULT_BETA = 96640100000000000000000000000000n
/** Below this squared velocity (2^-50 in Q.128) the ratio extrapolation treats the denominator as constant. */
export const EXTRAPOLATED_CUM_SUM_RATIO_EPSILON = 302231454903657293676544n

/** An estimate from a position and a velocity given as integers (Q.0), as specs-actors `NewEstimate`. */
export function newFilterEstimate(position: bigint, velocity: bigint): FilterEstimate {
  return { PositionEstimate: position << PRECISION_128, VelocityEstimate: velocity << PRECISION_128 }
}

/** The integer part of the position (specs-actors `FilterEstimate.Estimate`), rounded down. */
export function getEstimate(estimate: FilterEstimate): bigint {
  return estimate.PositionEstimate >> PRECISION_128
}

/**
 * The next estimate after observing `observation` (Q.0) `epochDelta` > 0 epochs after `prev`
 * (specs-actors `AlphaBetaFilter.NextEstimate`):
 * 1. predict: position += velocity · Δt;
 * 2. residual r = observation − predicted position;
 * 3. position += α · r; velocity += β · r / Δt.
 */
export function computeNextEstimate(prev: FilterEstimate, observation: bigint, epochDelta: bigint, alpha = DEFAULT_ALPHA, beta = DEFAULT_BETA): FilterEstimate {
  const deltaT = epochDelta << PRECISION_128
  const predicted = prev.PositionEstimate + ((deltaT * prev.VelocityEstimate) >> PRECISION_128)
  const residual = (observation << PRECISION_128) - predicted
  const position = predicted + ((alpha * residual) >> PRECISION_128)
  const velocity = prev.VelocityEstimate + divEuclid(beta * residual, deltaT)
  return { PositionEstimate: position, VelocityEstimate: velocity }
}

/**
 * The integral of num(t) / denom(t) over [t0, t0 + Δ], both estimates extrapolated linearly, in
 * Q.128 (specs-actors `ExtrapolatedCumSumOfRatio`). With x1 + v1·t over x2 + v2·t the integral is
 * (v2·x1 − v1·x2)·ln((x2 + v2·t1) / (x2 + v2·t0)) / v2² + v1·Δ / v2; when v2² is below
 * `EXTRAPOLATED_CUM_SUM_RATIO_EPSILON` the denominator is taken as the constant x2 and the
 * numerator at the middle of the interval.
 */
export function computeExtrapolatedCumSumOfRatio(delta: bigint, relativeStart: bigint, estimateNum: FilterEstimate, estimateDenom: FilterEstimate): bigint {
  const deltaT = delta << PRECISION_128
  const t0 = relativeStart << PRECISION_128
  const { PositionEstimate: position1, VelocityEstimate: velocity1 } = estimateNum
  const { PositionEstimate: position2, VelocityEstimate: velocity2 } = estimateDenom
  const squaredVelocity2 = (velocity2 * velocity2) >> PRECISION_128

  if (squaredVelocity2 > EXTRAPOLATED_CUM_SUM_RATIO_EPSILON) {
    const x2a = position2 + ((t0 * velocity2) >> PRECISION_128)
    const x2b = x2a + ((deltaT * velocity2) >> PRECISION_128)
    const lnA = computeLn(x2a)
    const lnB = computeLn(x2b)
    const m1 = (velocity2 * (position1 * (lnB - lnA))) >> PRECISION_128 // Q.384 → Q.256
    const m2 = (velocity1 * (position2 * (lnA - lnB) + velocity2 * deltaT)) >> PRECISION_128 // Q.384 → Q.256
    return divEuclid(m1 + m2, squaredVelocity2)
  }
  const x1m = position1 + ((velocity1 * (t0 + (deltaT >> 1n))) >> PRECISION_128)
  return divEuclid(x1m * deltaT, position2)
}

/** The position `delta` epochs ahead, in Q.256 (specs-actors `FilterEstimate.Extrapolate`, used by its tests). */
export function computeExtrapolation(estimate: FilterEstimate, delta: bigint): bigint {
  return (estimate.PositionEstimate << PRECISION_128) + estimate.VelocityEstimate * (delta << PRECISION_128)
}
