// Spec section: Algorithms › Expected Consensus. Leader election: the VRF input of an election
// proof and the number of times a proof wins (Poisson sortition in fixed point). Lotus
// chain/types/electionproof.go (`ComputeWinCount`, `lambda`, `expneg`, `polyval`, `poiss`) and
// chain/gen/gen.go `IsRoundWinner`; checked on receipt by chain/consensus/filcns/filecoin.go.
// Every step is integer arithmetic on Q.256 fixed-point numbers (x / 2^256), so all
// implementations agree bit for bit.

import * as dagCbor from '@ipld/dag-cbor'
import { FilspecError, describeValue } from '../../../src/schema/errors.ts'
import { addressToBytes, type Address } from '../../appendix/address/address.ts'
import { DomainSeparationTag, drawRandomness } from '../crypto/randomness/randomness.ts'
import { computeVrfDigest } from '../crypto/vrf/vrf.ts'
import type { BeaconEntry } from '../../libraries/drand/beacon_entry.ts'

/** Expected number of winning blocks per epoch (Lotus `buildconstants.BlocksPerEpoch`, the spec's ExpectedLeadersPerEpoch). */
export const BLOCKS_PER_EPOCH = 5n
/** Most wins one proof can claim (Lotus `MaxWinCount` = 3 · BlocksPerEpoch). */
export const MAX_WIN_COUNT = 3n * BLOCKS_PER_EPOCH
/** Fractional bits of the fixed-point numbers (Lotus `precision`). */
export const PRECISION = 256n

const ONE = 1n << PRECISION

/**
 * Coefficients of the rational approximation of e^-x used by `computeExpNeg`, highest order first,
 * as Lotus writes them: integers that are 2^128 times the real coefficients (`expNumCoef`, `expDenoCoef`).
 */
export const EXP_NUM_COEFFICIENTS: readonly bigint[] = [
  -648770010757830093818553637600n,
  67469480939593786226847644286976n,
  -3197587544499098424029388939001856n,
  89244641121992890118377641805348864n,
  -1579656163641440567800982336819953664n,
  17685496037279256458459817590917169152n,
  -115682590513835356866803355398940131328n,
  340282366920938463463374607431768211456n,
]
export const EXP_DENO_COEFFICIENTS: readonly bigint[] = [
  1225524182432722209606361n,
  114095592300906098243859450n,
  5665570424063336070530214243n,
  194450132448609991765137938448n,
  5068267641632683791026134915072n,
  104716890604972796896895427629056n,
  1748338658439454459487681798864896n,
  23704654329841312470660182937960448n,
  259380097567996910282699886670381056n,
  2250336698853390384720606936038375424n,
  14978272436876548034486263159246028800n,
  72144088983913131323343765784380833792n,
  224599776407103106596571252037123047424n,
  340282366920938463463374607431768211456n,
]

/** Election arguments outside their domain. */
export class ElectionError extends FilspecError {
  override name = 'ElectionError'
  constructor(what: string, rule: string, got: unknown) {
    super(`election: ${what} expected ${rule}, got ${describeValue(got)}`)
  }
}

/** Go's big.Int `Div`: Euclidean division, so the remainder is never negative. */
function divEuclid(n: bigint, d: bigint): bigint {
  const q = n / d
  if (n % d >= 0n) return q
  return d > 0n ? q - 1n : q + 1n
}

/** Horner evaluation of Q.256 coefficients at a Q.256 point (Lotus `polyval`); `>>` floors as Go's `Rsh`. */
function evaluatePolynomial(coefficients: readonly bigint[], x: bigint): bigint {
  let result = coefficients[0]!
  for (const c of coefficients.slice(1)) result = ((result * x) >> PRECISION) + c
  return result
}

const toQ256 = (coefficients: readonly bigint[]) => coefficients.map((c) => c << (PRECISION - 128n))
const NUM = toQ256(EXP_NUM_COEFFICIENTS)
const DENO = toQ256(EXP_DENO_COEFFICIENTS)

/**
 * e^-x for x in Q.256, in Q.256 (Lotus `expneg`): the ratio of two polynomials. Lotus documents an
 * error below 3.4e-30 on [0, 1.725) and below 4.6e-15 on [0, 5), the range λ lives in.
 */
export function computeExpNeg(x: bigint): bigint {
  return divEuclid(evaluatePolynomial(NUM, x) << PRECISION, evaluatePolynomial(DENO, x))
}

/** λ = power · BLOCKS_PER_EPOCH / totalPower, in Q.256 (Lotus `lambda`). */
export function computeLambda(power: bigint, totalPower: bigint): bigint {
  if (power < 0n) throw new ElectionError('power', '>= 0', power)
  if (totalPower <= 0n) throw new ElectionError('total power', '> 0', totalPower)
  return ((power * BLOCKS_PER_EPOCH) << PRECISION) / totalPower
}

/**
 * P[X = k] from P[X = k-1] for X ~ Poisson(λ), in Q.256 (Lotus `poiss.next`): divide by k first,
 * then multiply by λ, truncating at each step exactly as Lotus does.
 */
export function computeNextPoissonPmf(pmf: bigint, lambda: bigint, k: bigint): bigint {
  return (divEuclid(pmf, k) * lambda) >> PRECISION
}

/**
 * The number of wins of an election proof (Lotus `ElectionProof.ComputeWinCount`): with
 * h = BLAKE2b-256(VRFProof) read as a Q.256 number in [0, 1), the largest k ≤ MAX_WIN_COUNT such
 * that h < P[X ≥ k] for X ~ Poisson(λ); i.e. start at P[X ≥ 1] = 1 − e^-λ and count while h stays below.
 */
export function computeWinCount(vrfProof: Uint8Array, power: bigint, totalPower: bigint): bigint {
  let h = 0n
  for (const byte of computeVrfDigest(vrfProof)) h = (h << 8n) | BigInt(byte)
  const lambda = computeLambda(power, totalPower)
  let pmf = computeExpNeg(lambda) // P[X = 0]
  let icdf = ONE - pmf // P[X > 0]
  let wins = 0n
  while (h < icdf && wins < MAX_WIN_COUNT) {
    wins++
    pmf = computeNextPoissonPmf(pmf, lambda, wins)
    icdf -= pmf
  }
  return wins
}

/** The miner's address as the CBOR byte string that randomness draws take as entropy (go-address `MarshalCBOR`). */
export function computeMinerEntropy(miner: Address): Uint8Array {
  return dagCbor.encode(addressToBytes(miner))
}

/**
 * The input the worker key signs for an election proof (Lotus `IsRoundWinner`): randomness drawn
 * from the beacon entry's Data with tag ElectionProofProduction, the block's own epoch, and the
 * CBOR of the miner address as entropy. The beacon entry is the block's last one, or the latest on
 * the parent chain when the block carries none (`getLatestBeaconEntry`).
 */
export function computeElectionProofVrfInput(beaconData: Uint8Array, miner: Address, epoch: bigint): Uint8Array {
  return drawRandomness(beaconData, DomainSeparationTag.ElectionProofProduction, epoch, computeMinerEntropy(miner))
}

/**
 * The beacon entry a block's ticket, election proof and WinningPoSt draw from (Lotus filcns
 * `ValidateBlock`, miner `mineOne`): the block's last entry, or, when it carries none, the latest
 * entry on the parent chain.
 */
export function getLatestBeaconEntry(blockEntries: readonly BeaconEntry[], parentLatest: BeaconEntry): BeaconEntry {
  return blockEntries[blockEntries.length - 1] ?? parentLatest
}
