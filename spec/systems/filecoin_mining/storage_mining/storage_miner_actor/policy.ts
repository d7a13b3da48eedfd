// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "Policy". The
// miner's parameters that its state's shape depends on, the same in actors v0 and v2
// (specs-actors v0.9.13 and v2.3.2 builtin/miner/policy.go).

/** The deadlines of one proving period, each a 30-minute challenge window of the day (`WPoStPeriodDeadlines`). */
export const WPOST_PERIOD_DEADLINES = 48
