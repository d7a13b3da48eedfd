// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "Policy". The
// miner's parameters: the proving schedule, the reward vesting schedules and the projection
// periods of fault fees, in actors v0 and v2 (specs-actors v0.9.13 and v2.3.2
// builtin/miner/policy.go and monies.go; epochs of 30 seconds, 2880 a day).

/** Epochs in a day at 30 seconds an epoch (`builtin.EpochsInDay`). */
const EPOCHS_IN_DAY = 2880n

/** The deadlines of one proving period, each a 30-minute challenge window of the day (`WPoStPeriodDeadlines`). */
export const WPOST_PERIOD_DEADLINES = 48

/** The proving period: every partition is proven once a day (`WPoStProvingPeriod` = 2880). */
export const WPOST_PROVING_PERIOD = EPOCHS_IN_DAY

/** One deadline's challenge window (`WPoStChallengeWindow` = 30·60/30 = 60 epochs). */
export const WPOST_CHALLENGE_WINDOW = 60n

/** How far before its window a deadline's challenge is drawn (`WPoStChallengeLookback`). */
export const WPOST_CHALLENGE_LOOKBACK = 20n

/** How far before its window a fault must be declared (`FaultDeclarationCutoff` = lookback + 50). */
export const FAULT_DECLARATION_CUTOFF = WPOST_CHALLENGE_LOOKBACK + 50n

/** How long a sector may stay faulty before it is terminated (`FaultMaxAge` = 14 proving periods). */
export const FAULT_MAX_AGE = WPOST_PROVING_PERIOD * 14n

/** How an amount locked at once vests (`VestSpec`). */
export interface VestSpec {
  /** Epochs before anything starts vesting. */
  readonly initialDelay: bigint
  /** Epochs, after the delay, over which the whole amount vests linearly. */
  readonly vestPeriod: bigint
  /** Epochs between two vesting steps. */
  readonly stepDuration: bigint
  /** Each step's epoch is rounded up to a multiple of this, offset by the proving period start. */
  readonly quantization: bigint
}

/** Actors v0 at network version 0 (`RewardVestingSpecV0`): 20 days' delay, then 180 days in daily steps, quantized to 12 hours. */
export const REWARD_VESTING_SPEC_V0: VestSpec = { initialDelay: 20n * EPOCHS_IN_DAY, vestPeriod: 180n * EPOCHS_IN_DAY, stepDuration: EPOCHS_IN_DAY, quantization: EPOCHS_IN_DAY / 2n }

/** Actors v0 from network version 1, and actors v2 (`RewardVestingSpecV1`, `RewardVestingSpec`): no delay, 180 days in daily steps. */
export const REWARD_VESTING_SPEC_V1: VestSpec = { initialDelay: 0n, vestPeriod: 180n * EPOCHS_IN_DAY, stepDuration: EPOCHS_IN_DAY, quantization: EPOCHS_IN_DAY / 2n }

/** Actors v0: the declared fault fee's projection up to network version 2 (`DeclaredFaultProjectionPeriodV0` = 2880·214/100). */
export const DECLARED_FAULT_PROJECTION_PERIOD_V0 = (EPOCHS_IN_DAY * 214n) / 100n

/** Actors v0 from network version 3 (`DeclaredFaultProjectionPeriodV3` = 2880·351/100), and actors v2's continued fault fee (`ContinuedFaultProjectionPeriod`). */
export const DECLARED_FAULT_PROJECTION_PERIOD_V3 = (EPOCHS_IN_DAY * 351n) / 100n

/** Actors v0: the undeclared fault fee's projection at network version 0 (`UndeclaredFaultProjectionPeriodV0` = 2880·50/10). */
export const UNDECLARED_FAULT_PROJECTION_PERIOD_V0 = (EPOCHS_IN_DAY * 50n) / 10n

/** Actors v0 from network version 1 (`UndeclaredFaultProjectionPeriodV1` = 2880·35/10). */
export const UNDECLARED_FAULT_PROJECTION_PERIOD_V1 = (EPOCHS_IN_DAY * 35n) / 10n

/** Actors v2 from network version 6: the share of a block reward locked, as a fraction (`LockedRewardFactorNumV6/DenomV6` = 75/100). */
export const LOCKED_REWARD_FACTOR_V6 = { num: 75n, denom: 100n } as const
