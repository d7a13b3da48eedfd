// Spec section: Systems › Filecoin Token › Block Reward Minting, "Fixed-point arithmetic". The
// Q.128 numbers the minting functions are computed in, and the few functions of them the reward
// and power actors need: a polynomial, e^-x and ln x as ratios of polynomials, and integer powers
// (specs-actors v0.9 actors/util/math and builtin/reward/expneg.go; v2 actors/util/math).
//
// A Q.128 number q stands for q / 2^128. A product of two is Q.256 and is shifted right by 128
// (`>>` floors, as Go's big.Int Rsh does); a quotient divides a Q.256 numerator by a Q.128
// denominator with Go's big.Int Div, which is Euclidean (`divEuclid`). Every rounding here is
// consensus: a change of one unit changes the minted reward and the state root.

import { EXP_DENO_COEFFICIENTS, EXP_NUM_COEFFICIENTS } from '../../../algorithms/expected_consensus/election.ts'

/** Fractional bits of a Q.128 number (specs-actors `math.Precision`, v2 `Precision128`). */
export const PRECISION_128 = 128n

/** 1 in Q.128. */
export const Q128_ONE = 1n << PRECISION_128

/** Go's big.Int `Div`: Euclidean division, whose remainder is never negative (for d > 0, the floor). */
export function divEuclid(n: bigint, d: bigint): bigint {
  const q = n / d
  if (n % d >= 0n) return q
  return d > 0n ? q - 1n : q + 1n
}

/**
 * A polynomial at x, both in Q.128, by Horner's rule (specs-actors `math.Polyval`): coefficients
 * from the highest degree down, each product shifted back to Q.128 before the next one is added.
 */
export function computePolyval(coefficients: readonly bigint[], x: bigint): bigint {
  let result = coefficients[0]!
  for (let i = 1; i < coefficients.length; i++) result = ((result * x) >> PRECISION_128) + coefficients[i]!
  return result
}

// The rational approximation of e^-x is the one the election uses, with the same Q.128
// coefficients (specs-actors math.ExpNeg and Lotus `expneg` share them); defined once, there.

/**
 * e^-x for x ≥ 0 in Q.128, in Q.128 (specs-actors `expneg`, v2 `math.ExpNeg`). The reference
 * documents an error below 3.4e-30 on [0, 1.725) and below 4.6e-15 on [0, 5).
 */
export function computeExpNeg(x: bigint): bigint {
  const num = computePolyval(EXP_NUM_COEFFICIENTS, x)
  const denom = computePolyval(EXP_DENO_COEFFICIENTS, x)
  return divEuclid(num << PRECISION_128, denom)
}

// The rational approximation of ln x on [1, 2]: coefficients in Q.128.
const LN_NUMERATOR = [
  261417938209272870992496419296200268025n,
  7266615505142943436908456158054846846897n,
  32458783941900493142649393804518050491988n,
  17078670566130897220338060387082146864806n,
  -35150353308172866634071793531642638290419n,
  -20351202052858059355702509232125230498980n,
  -1563932590352680681114104005183375350999n,
]
const LN_DENOMINATOR = [
  49928077726659937662124949977867279384n,
  2508163877009111928787629628566491583994n,
  21757751789594546643737445330202599887121n,
  53400635271583923415775576342898617051826n,
  41248834748603606604000911015235164348839n,
  9015227820322455780436733526367238305537n,
  340282366920938463463374607431768211456n,
]

/** ln 2 in Q.128 (the reference's constant, floor(ln 2 · 2^128)). */
export const LN_2 = 235865763225513294137944142764154484399n

/**
 * ln z for z > 0 in Q.128, in Q.128 (specs-actors v0 `smoothing.Ln`, v2 `math.Ln`): z = x · 2^k
 * with x in [1, 2), so ln z = k · ln 2 + ln x, ln x from its rational approximation. k comes from
 * the bit length of |z|, as Go's BitLen.
 */
export function computeLn(z: bigint): bigint {
  const k = BigInt((z < 0n ? -z : z).toString(2).length - (z === 0n ? 1 : 0)) - 1n - PRECISION_128
  const x = k > 0n ? z >> k : z << -k
  const lnX = divEuclid(computePolyval(LN_NUMERATOR, x) << PRECISION_128, computePolyval(LN_DENOMINATOR, x))
  return k * LN_2 + lnX
}

/**
 * base^n for a Q.128 base and an integer n, in Q.128, by repeated squaring (specs-actors v2
 * `math.ExpBySquaring`), truncating after each product exactly as the reference's recursion does;
 * a negative n inverts the base first.
 */
export function computeExpBySquaring(base: bigint, n: bigint): bigint {
  if (n === 0n) return Q128_ONE
  if (n === 1n) return base
  if (n < 0n) return computeExpBySquaring(divEuclid(Q128_ONE << PRECISION_128, base), -n)
  const squared = (base * base) >> PRECISION_128
  if (n % 2n === 0n) return computeExpBySquaring(squared, n / 2n)
  return (base * computeExpBySquaring(squared, (n - 1n) / 2n)) >> PRECISION_128
}
