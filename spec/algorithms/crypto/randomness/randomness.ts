// Spec section: Algorithms › Cryptographic Primitives › Randomness. How a 32-byte seed is drawn
// from a randomness base (a drand signature or a ticket's VRF proof) for one purpose and epoch.
// The tags follow go-state-types `crypto/randomness.go` (1–9) and builtin-actors
// `runtime/src/runtime/randomness.rs` (which adds EvmPrevRandao = 10); the hashing follows Lotus
// `chain/rand/rand.go` (DrawRandomnessFromBase, DrawRandomnessFromDigest) and builtin-actors
// `draw_randomness`. Which base a chain lookup uses is described in the prose: those lookups walk
// the chain store and are not part of this module.

import { blake2b } from '@noble/hashes/blake2.js'
import { FilspecError, describeValue } from '../../../../src/schema/errors.ts'

/**
 * The purpose a seed is drawn for, mixed into every draw so that no two uses share a seed
 * (go-state-types `crypto.DomainSeparationTag`, an int64).
 */
export const DomainSeparationTag = {
  TicketProduction: 1,
  ElectionProofProduction: 2,
  WinningPoStChallengeSeed: 3,
  WindowedPoStChallengeSeed: 4,
  SealRandomness: 5,
  InteractiveSealChallengeSeed: 6,
  WindowedPoStDeadlineAssignment: 7,
  MarketDealCronSeed: 8,
  PoStChainCommit: 9,
  EvmPrevRandao: 10,
} as const
export type DomainSeparationTag = (typeof DomainSeparationTag)[keyof typeof DomainSeparationTag]

/** Length of a randomness digest and of a drawn seed (fvm_shared `RANDOMNESS_LENGTH`). */
export const RANDOMNESS_LENGTH = 32

const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n

/** A draw given arguments outside their domain. */
export class RandomnessError extends FilspecError {
  override name = 'RandomnessError'
  constructor(what: string, rule: string, got: unknown) {
    super(`randomness: ${what} expected ${rule}, got ${describeValue(got)}`)
  }
}

/** The 8-byte big-endian two's-complement form of an int64 (Go `binary.Write` of an int64). */
function int64BigEndian(v: bigint, what: string): Uint8Array {
  if (v < I64_MIN || v > I64_MAX) throw new RandomnessError(what, 'an int64', v)
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigInt64(0, v)
  return out
}

/**
 * The digest a randomness base is reduced to before any draw: BLAKE2b-256 of the base. For
 * beacon randomness the base is a beacon entry's `Data`; for chain (ticket) randomness it is the
 * `VRFProof` of the smallest ticket in the tipset at the epoch (Lotus `getChainRandomness`,
 * `GetBeaconRandomness`). Since the FVM (nv18) the VM hands actors this digest and they draw from it.
 */
export function computeRandomnessDigest(base: Uint8Array): Uint8Array {
  return blake2b(base, { dkLen: 32 })
}

/**
 * Draws a seed from a digest (Lotus `DrawRandomnessFromDigest`): BLAKE2b-256 of
 * int64 BE `pers` ‖ `digest` ‖ int64 BE `round` ‖ `entropy`.
 */
export function drawRandomnessFromDigest(digest: Uint8Array, pers: DomainSeparationTag, round: bigint, entropy: Uint8Array): Uint8Array {
  if (digest.length !== RANDOMNESS_LENGTH) throw new RandomnessError('digest', `${RANDOMNESS_LENGTH} bytes`, digest)
  if (!Number.isSafeInteger(pers)) throw new RandomnessError('domain separation tag', 'an integer', pers)
  const h = blake2b.create({ dkLen: 32 })
  h.update(int64BigEndian(BigInt(pers), 'domain separation tag'))
  h.update(digest)
  h.update(int64BigEndian(round, 'round'))
  h.update(entropy)
  return h.digest()
}

/** Draws a seed from a raw base (Lotus `DrawRandomnessFromBase`): the draw over its digest. */
export function drawRandomness(rbase: Uint8Array, pers: DomainSeparationTag, round: bigint, entropy: Uint8Array): Uint8Array {
  return drawRandomnessFromDigest(computeRandomnessDigest(rbase), pers, round, entropy)
}
