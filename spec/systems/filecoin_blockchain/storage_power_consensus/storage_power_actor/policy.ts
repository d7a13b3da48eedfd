// Spec section: Systems › Filecoin Blockchain › Storage Power Consensus › Storage Power Actor,
// "Policy". The numbers the power actor works with: the consensus minimum (how much power a miner
// needs, and how many miners must have it, before small miners stop counting), the limit on
// proofs queued a miner per epoch, the gas charged for queueing one, and the smoothed power
// estimate a new network starts from (specs-actors v0.9.13 builtin/power/policy.go and
// power_state.go; v2.3.2 the same files and builtin/sector.go `SealProofPolicies`).

import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'

/** Actors v0: the miners that must reach the consensus minimum before it applies (`ConsensusMinerMinMiners`). */
export const CONSENSUS_MINER_MIN_MINERS_V0 = 3n
/** Actors v2: the same count, raised to 4. */
export const CONSENSUS_MINER_MIN_MINERS_V2 = 4n

/** Actors v0: the consensus minimum, compared with a miner's quality-adjusted power: 2**40 bytes = 1 TiB. */
export const CONSENSUS_MINER_MIN_POWER_V0 = 1n << 40n

/**
 * Actors v2: the consensus minimum by seal proof type, compared with a miner's raw-byte power
 * (specs-actors v2 `SealProofPolicies[…].ConsensusMinerMinPower`). Keys are the
 * `RegisteredSealProof` numbers: 0–4 the V1 proofs of 2 KiB, 8 MiB, 512 MiB, 32 GiB and 64 GiB
 * sectors, 5–9 their V1_1 successors, which share the values.
 */
export const CONSENSUS_MINER_MIN_POWER_V2: ReadonlyMap<bigint, bigint> = new Map([
  [0n, 0n],
  [1n, 16n << 20n],
  [2n, 1n << 30n],
  [3n, 10n << 40n],
  [4n, 20n << 40n],
  [5n, 0n],
  [6n, 16n << 20n],
  [7n, 1n << 30n],
  [8n, 10n << 40n],
  [9n, 20n << 40n],
])

/** The most seal proofs a miner may queue for batch verification in one epoch (`MaxMinerProveCommitsPerEpoch`). */
export const MAX_MINER_PROVE_COMMITS_PER_EPOCH = 200n

/** Gas charged for each seal proof queued, measured by specs-actors (`GasOnSubmitVerifySeal`). */
export const GAS_ON_SUBMIT_VERIFY_SEAL = 34721049n

/** The smoothed QA power a new network starts from: 750,000 GiB (`InitialQAPowerEstimatePosition`). */
export const INITIAL_QA_POWER_ESTIMATE_POSITION = 750_000n * (1n << 30n)
/** Its starting velocity: 120 prove-commits of 32 GiB an epoch, 3,840 GiB (`InitialQAPowerEstimateVelocity`). */
export const INITIAL_QA_POWER_ESTIMATE_VELOCITY = 3_840n * (1n << 30n)

/**
 * What a network may set in place of the actors' own consensus minimum: Lotus's
 * `policy.SetConsensusMinerMinPower` sets one value for every seal proof type and both actors
 * versions (its mainnet build 10 TiB, its 2k devnet build 2 KiB).
 */
export interface PowerPolicyOptions {
  readonly consensusMinerMinPower?: bigint
}

/** The consensus-minimum rules of one actors version. */
export interface PowerPolicy {
  readonly version: ActorsVersion
  /** Below this many miners at the minimum, every miner's power counts. */
  readonly consensusMinerMinMiners: bigint
  /**
   * The minimum for a miner of seal proof `sealProof` (ignored in v0, whose claims have none), or
   * undefined for a proof type v2 does not know (Go's "unsupported proof type" error).
   */
  getConsensusMinerMinPower(sealProof: bigint | undefined): bigint | undefined
}

/** The power policy of an actors version, the specs-actors values unless `options` override them. */
export function getPowerPolicy(version: ActorsVersion, options: PowerPolicyOptions = {}): PowerPolicy {
  const override = options.consensusMinerMinPower
  if (version === 0) {
    const min = override ?? CONSENSUS_MINER_MIN_POWER_V0
    return { version, consensusMinerMinMiners: CONSENSUS_MINER_MIN_MINERS_V0, getConsensusMinerMinPower: () => min }
  }
  return {
    version,
    consensusMinerMinMiners: CONSENSUS_MINER_MIN_MINERS_V2,
    getConsensusMinerMinPower(sealProof) {
      const min = sealProof === undefined ? undefined : CONSENSUS_MINER_MIN_POWER_V2.get(sealProof)
      return min === undefined ? undefined : (override ?? min)
    },
  }
}
