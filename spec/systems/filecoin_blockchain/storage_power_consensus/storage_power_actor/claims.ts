// Spec section: Systems › Filecoin Blockchain › Storage Power Consensus › Storage Power Actor,
// "Claims". The Claims HAMT (miner address bytes → Claim) and the power accounting done on it
// (specs-actors v0.9.13 and v2.3.2 builtin/power/power_state.go: getClaim, setClaim,
// addToClaim, deleteClaim, updateStatsForNewMiner, MinerNominalPowerMeetsConsensusMinimum).
// HAMT and decoding faults are thrown as they are (HamtError, SchemaError); the actor turns them
// into exit codes where Go's `RequireNoErr` does, or skips the miner where Go only logs.

import type { CID } from 'multiformats/cid'
import { addressToBytes, addressToString, type Address } from '../../../../appendix/address/address.ts'
import { getHamtVersionForActors, loadHamt, type Hamt } from '../../../../appendix/data_structures/hamt.ts'
import type { Blockstore } from '../../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import { ActorPanic } from '../../../filecoin_vm/actor/actor_code.ts'
import { ExitCode, abort } from '../../../filecoin_vm/runtime/exit_code.ts'
import { FilspecError } from '../../../../../src/schema/errors.ts'
import type { PowerPolicy } from './policy.ts'
import { getClaimCodec, type Claim, type PowerState } from './state.ts'

/** The Claims HAMT at `root`; loading reads its root node (`adt.AsMap`). */
export function loadClaims(store: Blockstore, root: CID, policy: PowerPolicy): Promise<Hamt> {
  return loadHamt(store, root, { version: getHamtVersionForActors(policy.version) })
}

/** The claim of `miner`, or undefined when it has none (`getClaim`). */
export async function getClaim(claims: Hamt, policy: PowerPolicy, miner: Address): Promise<Claim | undefined> {
  const value = await claims.get(addressToBytes(miner))
  return value === undefined ? undefined : getClaimCodec(policy.version).decode(value)
}

/** Whether `miner` has a claim, its value not read (actors v2 `Map.Has`). */
export async function hasClaim(claims: Hamt, miner: Address): Promise<boolean> {
  return (await claims.get(addressToBytes(miner))) !== undefined
}

/** Stores `claim` for `miner` (`setClaim`); a negative power is a programming error (Go `Assert`). */
export async function setClaim(claims: Hamt, policy: PowerPolicy, miner: Address, claim: Claim): Promise<void> {
  if (claim.RawBytePower < 0n || claim.QualityAdjPower < 0n) throw new ActorPanic(`negative claim for ${addressToString(miner)}: raw ${claim.RawBytePower}, qa ${claim.QualityAdjPower}`)
  await claims.set(addressToBytes(miner), getClaimCodec(policy.version).encode(claim))
}

/** The power a claim is held against the consensus minimum by: QA power in v0, raw-byte power in v2. */
function getNominalPower(claim: Claim, policy: PowerPolicy): bigint {
  return policy.version === 0 ? claim.QualityAdjPower : claim.RawBytePower
}

/**
 * Adds `raw` and `qa` (either may be negative) to the claim of `miner` and keeps the totals
 * right (`addToClaim`):
 * 1. the committed totals always move by the deltas;
 * 2. a claim crossing the consensus minimum upwards adds its whole new power to the totals and
 *    counts one more miner above it; one crossing downwards takes its whole old power out and
 *    counts one fewer; one staying above moves the totals by the deltas; one staying below
 *    leaves them.
 * A miner without a claim aborts with ErrNotFound (Go wraps that code into the error); a v2 claim
 * of a seal proof type with no minimum aborts with ErrIllegalState after step 1, as Go returns the
 * error there. A negative claim or count afterwards is a programming error.
 */
export async function addToClaim(st: PowerState, claims: Hamt, policy: PowerPolicy, miner: Address, raw: bigint, qa: bigint): Promise<void> {
  const old = await getClaim(claims, policy, miner)
  if (old === undefined) abort(ExitCode.ErrNotFound, `no claim for actor ${addressToString(miner)}`)
  st.TotalQABytesCommitted += qa
  st.TotalBytesCommitted += raw
  const next: Claim = { ...old, RawBytePower: old.RawBytePower + raw, QualityAdjPower: old.QualityAdjPower + qa }
  const minPower = policy.getConsensusMinerMinPower(old.SealProofType)
  if (minPower === undefined) abort(ExitCode.ErrIllegalState, `could not get consensus miner min power: unsupported proof type ${old.SealProofType}`)
  const prevBelow = getNominalPower(old, policy) < minPower
  const stillBelow = getNominalPower(next, policy) < minPower
  if (prevBelow && !stillBelow) {
    st.MinerAboveMinPowerCount++
    st.TotalQualityAdjPower += next.QualityAdjPower
    st.TotalRawBytePower += next.RawBytePower
  } else if (!prevBelow && stillBelow) {
    st.MinerAboveMinPowerCount--
    st.TotalQualityAdjPower -= old.QualityAdjPower
    st.TotalRawBytePower -= old.RawBytePower
  } else if (!prevBelow && !stillBelow) {
    st.TotalQualityAdjPower += qa
    st.TotalRawBytePower += raw
  }
  if (next.RawBytePower < 0n) throw new ActorPanic(`negative claimed raw byte power: ${next.RawBytePower}`)
  if (next.QualityAdjPower < 0n) throw new ActorPanic(`negative claimed quality adjusted power: ${next.QualityAdjPower}`)
  if (st.MinerAboveMinPowerCount < 0n) throw new ActorPanic(`negative number of miners larger than min: ${st.MinerAboveMinPowerCount}`)
  await setClaim(claims, policy, miner, next)
}

/**
 * Actors v2: removes the claim of `miner` as if all its power went first (`deleteClaim`); a miner
 * without a claim is no error. False when there was no claim to remove.
 */
export async function deleteClaim(st: PowerState, claims: Hamt, policy: PowerPolicy, miner: Address): Promise<boolean> {
  const old = await getClaim(claims, policy, miner)
  if (old === undefined) return false
  await addToClaim(st, claims, policy, miner, -old.RawBytePower, -old.QualityAdjPower)
  await claims.delete(addressToBytes(miner))
  return true
}

/**
 * Actors v2 from network version 7: a new miner whose seal proof type has a consensus minimum
 * of zero (2 KiB sectors) is above it from the start (`updateStatsForNewMiner`).
 */
export function updateStatsForNewMiner(st: PowerState, policy: PowerPolicy, sealProof: bigint): void {
  const minPower = policy.getConsensusMinerMinPower(sealProof)
  if (minPower === undefined) abort(ExitCode.ErrIllegalState, `could not get consensus miner min power: unsupported proof type ${sealProof}`)
  if (minPower <= 0n) st.MinerAboveMinPowerCount++
}

/**
 * Whether `miner` may take part in leader election (`MinerNominalPowerMeetsConsensusMinimum`,
 * used by nodes outside the state machine): a miner at or above the consensus minimum may; below
 * it, one may only while fewer miners than the policy's count reach the minimum, and then (v2) only
 * with some raw-byte power — v0 lets any claim, even of zero power, through. A miner without a
 * claim, or (v2) of a seal proof type with no minimum, is an error.
 */
export async function isConsensusMinimumMet(store: Blockstore, st: PowerState, policy: PowerPolicy, miner: Address): Promise<boolean> {
  const claim = await getClaim(await loadClaims(store, st.Claims, policy), policy, miner)
  if (claim === undefined) throw new FilspecError(`power: no claim for actor ${addressToString(miner)}`)
  const minPower = policy.getConsensusMinerMinPower(claim.SealProofType)
  if (minPower === undefined) throw new FilspecError(`power: no consensus minimum for seal proof type ${claim.SealProofType}`)
  const nominal = getNominalPower(claim, policy)
  if (nominal >= minPower) return true
  if (st.MinerAboveMinPowerCount >= policy.consensusMinerMinMiners) return false
  return policy.version === 0 ? nominal >= 0n : nominal > 0n
}
