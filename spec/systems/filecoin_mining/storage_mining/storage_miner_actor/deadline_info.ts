// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "Deadline
// info". Where an epoch falls in a miner's proving schedule: the window of a deadline, its
// challenge and fault cutoff (go-state-types dline/deadline.go `NewInfo`, as specs-actors v0.9.13
// and v2.3.2 builtin/miner/deadlines.go `NewDeadlineInfo` call it), and the rounding of epochs
// up to a quantization grid (builtin/miner/quantize.go `quantizeUp`).

import { FAULT_DECLARATION_CUTOFF, WPOST_CHALLENGE_LOOKBACK, WPOST_CHALLENGE_WINDOW, WPOST_PERIOD_DEADLINES, WPOST_PROVING_PERIOD } from './policy.ts'

/** A deadline of a proving period, seen from `currentEpoch` (`dline.Info`). */
export interface DeadlineInfo {
  readonly currentEpoch: bigint
  /** The first epoch of the proving period. */
  readonly periodStart: bigint
  /** The deadline's index; WPOST_PERIOD_DEADLINES or more means after the period's last. */
  readonly index: bigint
  /** The first epoch a proof may be submitted at. */
  readonly open: bigint
  /** The first epoch a proof may no longer be submitted at. */
  readonly close: bigint
  readonly challenge: bigint
  readonly faultCutoff: bigint
}

/** The info of deadline `index` of the period starting at `periodStart`, at `currentEpoch` (`NewDeadlineInfo`). */
export function computeDeadlineInfo(periodStart: bigint, index: bigint, currentEpoch: bigint): DeadlineInfo {
  if (index < BigInt(WPOST_PERIOD_DEADLINES)) {
    const open = periodStart + index * WPOST_CHALLENGE_WINDOW
    return { currentEpoch, periodStart, index, open, close: open + WPOST_CHALLENGE_WINDOW, challenge: open - WPOST_CHALLENGE_LOOKBACK, faultCutoff: open - FAULT_DECLARATION_CUTOFF }
  }
  const after = periodStart + WPOST_PROVING_PERIOD
  return { currentEpoch, periodStart, index, open: after, close: after, challenge: after, faultCutoff: 0n }
}

/** Whether the proving period has begun at the info's epoch (`PeriodStarted`). */
export function isPeriodStarted(info: DeadlineInfo): boolean {
  return info.currentEpoch >= info.periodStart
}

/** The deadline's last epoch, the one its cron event runs at (`Last`). */
export function getDeadlineLast(info: DeadlineInfo): bigint {
  return info.close - 1n
}

/**
 * `e` rounded up to the grid `offsetSeed mod unit + k·unit` (`quantizeUp`), with Go's truncating
 * division: an epoch left of the offset is rounded by truncation, which is up for negatives.
 */
export function computeQuantizeUp(e: bigint, unit: bigint, offsetSeed: bigint): bigint {
  const offset = offsetSeed % unit
  const remainder = (e - offset) % unit
  const quotient = (e - offset) / unit
  if (remainder === 0n || e - offset < 0n) return unit * quotient + offset
  return unit * (quotient + 1n) + offset
}
