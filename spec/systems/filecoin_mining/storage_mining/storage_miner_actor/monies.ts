// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "Fees". The fault
// fees that deadline processing charges, projections of the reward a quantity of power earns
// (specs-actors v0.9.13 and v2.3.2 builtin/miner/monies.go).

import { PRECISION_128 } from '../../../filecoin_token/block_reward_minting/fixed_point.ts'
import { computeExtrapolatedCumSumOfRatio, getEstimate, type FilterEstimate } from '../../../filecoin_token/block_reward_minting/smoothing.ts'
import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import { DECLARED_FAULT_PROJECTION_PERIOD_V0, DECLARED_FAULT_PROJECTION_PERIOD_V3, UNDECLARED_FAULT_PROJECTION_PERIOD_V0, UNDECLARED_FAULT_PROJECTION_PERIOD_V1 } from './policy.ts'

/**
 * The reward `qaSectorPower` is expected to earn over `projectionDuration` epochs
 * (`ExpectedRewardForPower`): power × the extrapolated sum of reward ÷ network power, a Q.128
 * product shifted down. With no network power the whole reward estimate is returned, whatever
 * the power (matches specs-actors). Actors v2 clamps a negative result at 0; v0 does not.
 */
export function computeExpectedRewardForPower(version: ActorsVersion, rewardEstimate: FilterEstimate, networkQAPowerEstimate: FilterEstimate, qaSectorPower: bigint, projectionDuration: bigint): bigint {
  if (getEstimate(networkQAPowerEstimate) === 0n) return getEstimate(rewardEstimate)
  const perPower = computeExtrapolatedCumSumOfRatio(projectionDuration, 0n, rewardEstimate, networkQAPowerEstimate)
  const reward = (qaSectorPower * perPower) >> PRECISION_128
  return version !== 0 && reward < 0n ? 0n : reward
}

/** Actors v0: the fee for power faulty through a deadline (`PledgePenaltyForDeclaredFault`), 2.14 days' reward, 3.51 from network version 3. */
export function computeDeclaredFaultPenalty(rewardEstimate: FilterEstimate, networkQAPowerEstimate: FilterEstimate, qaPower: bigint, networkVersion: number): bigint {
  const period = networkVersion >= 3 ? DECLARED_FAULT_PROJECTION_PERIOD_V3 : DECLARED_FAULT_PROJECTION_PERIOD_V0
  return computeExpectedRewardForPower(0, rewardEstimate, networkQAPowerEstimate, qaPower, period)
}

/** Actors v0: the fee for a fault found by a missed PoSt (`PledgePenaltyForUndeclaredFault`), 5 days' reward, 3.5 from network version 1. */
export function computeUndeclaredFaultPenalty(rewardEstimate: FilterEstimate, networkQAPowerEstimate: FilterEstimate, qaPower: bigint, networkVersion: number): bigint {
  const period = networkVersion >= 1 ? UNDECLARED_FAULT_PROJECTION_PERIOD_V1 : UNDECLARED_FAULT_PROJECTION_PERIOD_V0
  return computeExpectedRewardForPower(0, rewardEstimate, networkQAPowerEstimate, qaPower, period)
}

/** Actors v2: the fee for power that stays faulty through a deadline (`PledgePenaltyForContinuedFault`), 3.51 days' reward. */
export function computeContinuedFaultPenalty(rewardEstimate: FilterEstimate, networkQAPowerEstimate: FilterEstimate, qaPower: bigint): bigint {
  return computeExpectedRewardForPower(2, rewardEstimate, networkQAPowerEstimate, qaPower, DECLARED_FAULT_PROJECTION_PERIOD_V3)
}
