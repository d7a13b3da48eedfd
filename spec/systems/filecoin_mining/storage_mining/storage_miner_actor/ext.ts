// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "Calls to other
// actors". The methods of the power and reward actors the miner calls (specs-actors v0.9.13 and
// v2.3.2 builtin/methods.go, the same in both); their parameters and return values are defined in
// the power and reward sections.

/** The reward actor's method giving this epoch's reward and its smoothed estimate (`MethodsReward.ThisEpochReward`). */
export const REWARD_THIS_EPOCH_REWARD_METHOD = 3n
/** The power actor's method changing the miner's claim (`MethodsPower.UpdateClaimedPower`). */
export const POWER_UPDATE_CLAIMED_POWER_METHOD = 3n
/** The power actor's method enrolling a cron callback (`MethodsPower.EnrollCronEvent`). */
export const POWER_ENROLL_CRON_EVENT_METHOD = 4n
/** The power actor's method changing the network's pledge total (`MethodsPower.UpdatePledgeTotal`). */
export const POWER_UPDATE_PLEDGE_TOTAL_METHOD = 6n
/** The power actor's method giving the network's power totals (`MethodsPower.CurrentTotalPower`). */
export const POWER_CURRENT_TOTAL_POWER_METHOD = 9n
