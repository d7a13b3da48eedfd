// Spec section: Libraries › drand. Which drand network a Filecoin epoch follows, which round it
// is entitled to, and which entries a block must carry. Follows Lotus chain/beacon/beacon.go
// (`Schedule.BeaconForEpoch`, `ValidateBlockValues`, `BeaconEntriesForBlock`) and
// chain/beacon/drand/drand.go (`MaxBeaconRoundForEpoch`); schedules from
// build/buildconstants/params_mainnet.go and params_calibnet.go (`DrandSchedule`).

import { FilspecError, describeValue } from '../../../src/schema/errors.ts'
import type { BeaconEntry } from './beacon_entry.ts'
import { DRAND_INCENTINET, DRAND_MAINNET, DRAND_QUICKNET, isChained, verifyBeaconEntry, type DrandChainInfo } from './drand.ts'

/** A drand network as one Filecoin network follows it (Lotus `DrandBeacon`). */
export interface DrandBeacon {
  readonly chain: DrandChainInfo
  /** Unix time of the Filecoin network's genesis block. */
  readonly filecoinGenesisTime: bigint
  /** Seconds per Filecoin epoch (Lotus `BlockDelaySecs`). */
  readonly blockDelaySecs: bigint
}

/** From epoch `start` on, `beacon` is the randomness beacon (Lotus `BeaconPoint`). */
export interface BeaconPoint {
  readonly start: bigint
  readonly beacon: DrandBeacon
}

/** A network's beacons by start epoch, ascending (Lotus `beacon.Schedule`). */
export type BeaconSchedule = readonly BeaconPoint[]

/** Filecoin mainnet's genesis time (2020-08-24T22:00:00Z) and epoch length. */
export const MAINNET_GENESIS_TIME = 1598306400n
export const MAINNET_BLOCK_DELAY_SECS = 30n
/** Mainnet's upgrades that changed the beacon: Smoke (nv2) to drand mainnet, Phoenix (nv22) to quicknet. */
export const MAINNET_UPGRADE_SMOKE_HEIGHT = 51000n
export const MAINNET_UPGRADE_PHOENIX_HEIGHT = 3855480n

/** Calibration network's genesis time (2022-11-01T14:13:00Z) and its Phoenix upgrade (Dragon 1427974 + 120). */
export const CALIBNET_GENESIS_TIME = 1667326380n
export const CALIBNET_UPGRADE_PHOENIX_HEIGHT = 1428094n

const onMainnet = (chain: DrandChainInfo): DrandBeacon => ({ chain, filecoinGenesisTime: MAINNET_GENESIS_TIME, blockDelaySecs: MAINNET_BLOCK_DELAY_SECS })
const onCalibnet = (chain: DrandChainInfo): DrandBeacon => ({ chain, filecoinGenesisTime: CALIBNET_GENESIS_TIME, blockDelaySecs: MAINNET_BLOCK_DELAY_SECS })

export const MAINNET_BEACON_SCHEDULE: BeaconSchedule = [
  { start: 0n, beacon: onMainnet(DRAND_INCENTINET) },
  { start: MAINNET_UPGRADE_SMOKE_HEIGHT, beacon: onMainnet(DRAND_MAINNET) },
  { start: MAINNET_UPGRADE_PHOENIX_HEIGHT, beacon: onMainnet(DRAND_QUICKNET) },
]

export const CALIBNET_BEACON_SCHEDULE: BeaconSchedule = [
  { start: 0n, beacon: onCalibnet(DRAND_MAINNET) },
  { start: CALIBNET_UPGRADE_PHOENIX_HEIGHT, beacon: onCalibnet(DRAND_QUICKNET) },
]

/** A beacon rule applied to arguments it has no answer for, or a block whose entries break it. */
export class BeaconError extends FilspecError {
  override name = 'BeaconError'
  constructor(message: string) {
    super(`beacon: ${message}`)
  }
}

/** The beacon in force at `epoch`: the last point starting at or before it, else the first. */
export function getBeaconForEpoch(schedule: BeaconSchedule, epoch: bigint): DrandBeacon {
  for (let i = schedule.length - 1; i >= 0; i--) {
    const point = schedule[i]!
    if (epoch >= point.start) return point.beacon
  }
  const first = schedule[0]
  if (first === undefined) throw new BeaconError('schedule expected at least one beacon, got none')
  return first.beacon
}

/**
 * The latest drand round an epoch may use: the round out at the end of the previous epoch, i.e.
 * at `genesis + (epoch - 1) * blockDelay`. Up to nv15 it is `(t - drandGenesis) / period`; from
 * nv16 (Skyr) one more, since round 1 is out at drand's genesis, and 1 for any time before it.
 * Lotus computes in uint64 and wraps for negative epochs or times before drand's genesis; such
 * arguments are errors here, as in Forest.
 */
export function computeMaxBeaconRoundForEpoch(beacon: DrandBeacon, nv: number, epoch: bigint): bigint {
  if (epoch < 0n) throw new BeaconError(`epoch expected >= 0, got ${epoch}`)
  const latestTs = epoch * beacon.blockDelaySecs + beacon.filecoinGenesisTime - beacon.blockDelaySecs
  if (latestTs < 0n || latestTs >= 2n ** 64n) throw new BeaconError(`epoch ${epoch} expected a time within uint64, got ${latestTs}`)
  const { genesisTime, period } = beacon.chain
  if (nv <= 15) {
    if (latestTs < genesisTime) throw new BeaconError(`epoch ${epoch} expected a time after drand genesis ${genesisTime}, got ${latestTs}`)
    return (latestTs - genesisTime) / period
  }
  if (latestTs < genesisTime) return 1n
  return (latestTs - genesisTime) / period + 1n
}

/**
 * The rounds a block at `epoch` on a parent at `parentEpoch` must carry (Lotus
 * `BeaconEntriesForBlock`): at a switch to a chained beacon, the new beacon's max round and the one
 * before it; none if the max round is the latest one already on chain (`prevRound`); otherwise the
 * max round of every epoch after the parent up to `epoch`, in ascending order.
 */
export function computeBeaconRoundsForBlock(schedule: BeaconSchedule, nv: number, epoch: bigint, parentEpoch: bigint, prevRound: bigint): bigint[] {
  const current = getBeaconForEpoch(schedule, epoch)
  const maxRound = computeMaxBeaconRoundForEpoch(current, nv, epoch)
  if (getBeaconForEpoch(schedule, parentEpoch) !== current && isChained(current.chain)) return [maxRound - 1n, maxRound]
  if (maxRound === prevRound) return []
  const rounds: bigint[] = []
  for (let e = parentEpoch + 1n; e <= epoch; e++) rounds.push(computeMaxBeaconRoundForEpoch(current, nv, e))
  return rounds
}

const sameEntry = (a: BeaconEntry, b: BeaconEntry) => a.Round === b.Round && a.Data.length === b.Data.length && a.Data.every((x, i) => x === b.Data[i])

/** Named arguments of `validateBeaconEntries`. */
export interface BeaconEntriesCheck {
  readonly schedule: BeaconSchedule
  /** The network version at `height`. */
  readonly nv: number
  readonly height: bigint
  readonly parentEpoch: bigint
  /** The block's BeaconEntries. */
  readonly entries: readonly BeaconEntry[]
  /** The latest entry on the parent chain (Lotus `ChainStore.GetLatestBeaconEntry`). */
  readonly prevEntry: BeaconEntry
}

/**
 * Checks a block's beacon entries (Lotus `ValidateBlockValues`); throws BeaconError. The checks,
 * in Lotus's order, are listed in the prose. One case is decided as Lotus's cache of verified
 * entries decides it: an entry identical to the one before it (the previous entry, or `prevEntry`
 * for the first) passes without a signature check. Forest removes such duplicates before checking.
 */
export function validateBeaconEntries(check: BeaconEntriesCheck): void {
  const { schedule, nv, height, parentEpoch, entries, prevEntry } = check
  const current = getBeaconForEpoch(schedule, height)
  const chained = isChained(current.chain)
  if (getBeaconForEpoch(schedule, parentEpoch) !== current && chained) {
    const [first, second] = entries
    if (entries.length !== 2 || first === undefined || second === undefined) throw new BeaconError(`expected two entries at a switch to a chained beacon, got ${entries.length}`)
    if (!verifyBeaconEntry(current.chain, second, first.Data)) throw new BeaconError(`entry of round ${second.Round} at the beacon switch expected a valid signature over round ${first.Round}`)
    return
  }
  const maxRound = computeMaxBeaconRoundForEpoch(current, nv, height)
  if (maxRound === prevEntry.Round) {
    if (entries.length !== 0) throw new BeaconError(`expected no entries when round ${maxRound} is already on chain, got ${entries.length}`)
    return
  }
  const last = entries[entries.length - 1]
  if (last === undefined) throw new BeaconError(`expected entries up to round ${maxRound}, got none`)
  if (chained && prevEntry.Round === 0n) return // after genesis the chained beacon is not checked (Lotus)
  if (last.Round !== maxRound) throw new BeaconError(`expected the last entry at round ${maxRound}, got ${last.Round}`)
  if (!chained) {
    entries.forEach((e, i) => {
      const expected = computeMaxBeaconRoundForEpoch(current, nv, parentEpoch + BigInt(i) + 1n)
      if (e.Round !== expected) throw new BeaconError(`entry ${i} expected round ${expected}, got ${e.Round}`)
    })
  }
  let prev = prevEntry
  entries.forEach((e, i) => {
    if (!sameEntry(e, prev) && !verifyBeaconEntry(current.chain, e, prev.Data)) {
      throw new BeaconError(`entry ${i} (round ${e.Round}, ${describeValue(e.Data)}) expected a valid drand signature`)
    }
    prev = e
  })
}
