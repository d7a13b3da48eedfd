// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "Vesting". The
// vesting table's three operations (specs-actors v0.9.13 and v2.3.2 builtin/miner/
// vesting_state.go, the same in both): vest what is due, lock a new amount in steps, and take
// not-yet-vested funds back for a penalty. Each returns a new table and leaves its input as is.

import { computeQuantizeUp } from './deadline_info.ts'
import type { VestSpec } from './policy.ts'
import type { VestingFund } from './state.ts'

/** A table after an operation, and the amount the operation released. */
export interface VestingResult {
  readonly funds: VestingFund[]
  readonly amount: bigint
}

/** Releases every step whose epoch is before `currEpoch`: the steps left and the sum released (`unlockVestedFunds`). */
export function computeUnlockVestedFunds(funds: readonly VestingFund[], currEpoch: bigint): VestingResult {
  let amount = 0n
  let firstKept = 0
  for (const vf of funds) {
    if (vf.Epoch >= currEpoch) break
    amount += vf.Amount
    firstKept++
  }
  return { funds: funds.slice(firstKept).map((f) => ({ ...f })), amount }
}

/**
 * Locks `vestingSum` to vest by `spec` from `currEpoch` (`addLockedFunds`): from the vesting
 * start (currEpoch + initial delay), a step every stepDuration, each at its epoch rounded up to
 * the quantization grid offset by `provingPeriodStart`; a step vests the linear share due by then
 * (sum · elapsed / vestPeriod, truncated) less what earlier steps vested, and the last reaches the
 * sum. A step at an epoch the table already has adds to it; the table is kept sorted by epoch.
 */
export function computeAddLockedFunds(funds: readonly VestingFund[], currEpoch: bigint, vestingSum: bigint, provingPeriodStart: bigint, spec: VestSpec): VestingFund[] {
  const out = funds.map((f) => ({ ...f }))
  const indexOf = new Map<bigint, number>()
  out.forEach((f, i) => indexOf.set(f.Epoch, i))
  const vestBegin = currEpoch + spec.initialDelay
  let vestedSoFar = 0n
  for (let e = vestBegin + spec.stepDuration; vestedSoFar < vestingSum; e += spec.stepDuration) {
    const vestEpoch = computeQuantizeUp(e, spec.quantization, provingPeriodStart)
    const elapsed = vestEpoch - vestBegin
    const targetVest = elapsed < spec.vestPeriod ? (vestingSum * elapsed) / spec.vestPeriod : vestingSum
    const vestThisTime = targetVest - vestedSoFar
    vestedSoFar = targetVest
    const index = indexOf.get(vestEpoch)
    if (index !== undefined) out[index]!.Amount += vestThisTime
    else {
      out.push({ Epoch: vestEpoch, Amount: vestThisTime })
      indexOf.set(vestEpoch, out.length - 1)
    }
  }
  // Go's sort.Slice is not stable, but epochs are distinct keys here, so any sort gives one order.
  out.sort((a, b) => (a.Epoch < b.Epoch ? -1 : a.Epoch > b.Epoch ? 1 : 0))
  return out
}

/**
 * Takes up to `target` from the steps not yet vested (epoch at or after `currEpoch`), earliest
 * first (`unlockUnvestedFunds`). As in Go, steps already due stay, and the steps removed are
 * those from just after the last due step through the last one emptied.
 */
export function computeUnlockUnvestedFunds(funds: readonly VestingFund[], currEpoch: bigint, target: bigint): VestingResult {
  const out = funds.map((f) => ({ ...f }))
  let amount = 0n
  let lastIndexToRemove = -1
  let startIndexForRemove = 0
  for (let i = 0; i < out.length; i++) {
    if (amount >= target) break
    const vf = out[i]!
    if (vf.Epoch >= currEpoch) {
      const rest = target - amount
      const unlock = rest < vf.Amount ? rest : vf.Amount
      amount += unlock
      const left = vf.Amount - unlock
      if (left === 0n) lastIndexToRemove = i
      else vf.Amount = left
    } else startIndexForRemove = i + 1
  }
  if (lastIndexToRemove !== -1) out.splice(startIndexForRemove, lastIndexToRemove + 1 - startIndexForRemove)
  return { funds: out, amount }
}
