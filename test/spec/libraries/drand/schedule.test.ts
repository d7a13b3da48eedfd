import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { fromHex } from 'multiformats/bytes'
import { DRAND_INCENTINET, DRAND_MAINNET, DRAND_QUICKNET } from '../../../../spec/libraries/drand/drand.ts'
import type { BeaconEntry } from '../../../../spec/libraries/drand/beacon_entry.ts'
import {
  BeaconError,
  CALIBNET_BEACON_SCHEDULE,
  CALIBNET_GENESIS_TIME,
  CALIBNET_UPGRADE_PHOENIX_HEIGHT,
  MAINNET_BEACON_SCHEDULE,
  MAINNET_BLOCK_DELAY_SECS,
  MAINNET_GENESIS_TIME,
  MAINNET_UPGRADE_PHOENIX_HEIGHT,
  MAINNET_UPGRADE_SMOKE_HEIGHT,
  computeBeaconRoundsForBlock,
  computeMaxBeaconRoundForEpoch,
  getBeaconForEpoch,
  validateBeaconEntries,
  type BeaconSchedule,
  type DrandBeacon,
} from '../../../../spec/libraries/drand/schedule.ts'

const { rounds } = JSON.parse(readFileSync(new URL('./drand_rounds.json', import.meta.url), 'utf8')) as { rounds: Array<{ id: string; round: number; signature: string }> }
const real = (id: string): BeaconEntry => {
  const r = rounds.find((x) => x.id === id)!
  return { Round: BigInt(r.round), Data: fromHex(r.signature) }
}

const drandMainnetOnMainnet = getBeaconForEpoch(MAINNET_BEACON_SCHEDULE, MAINNET_UPGRADE_SMOKE_HEIGHT)
const quicknetOnMainnet = getBeaconForEpoch(MAINNET_BEACON_SCHEDULE, MAINNET_UPGRADE_PHOENIX_HEIGHT)

describe('network data', () => {
  it('mainnet and calibnet schedules and times (lotus params_mainnet.go / params_calibnet.go, commit 7d002b60; forest archive_missing_cmd.rs)', () => {
    expect(MAINNET_GENESIS_TIME).toBe(1598306400n)
    expect(MAINNET_BLOCK_DELAY_SECS).toBe(30n)
    expect(MAINNET_UPGRADE_SMOKE_HEIGHT).toBe(51000n)
    expect(MAINNET_UPGRADE_PHOENIX_HEIGHT).toBe(3855360n + 120n)
    expect(CALIBNET_GENESIS_TIME).toBe(1667326380n)
    expect(CALIBNET_UPGRADE_PHOENIX_HEIGHT).toBe(1427974n + 120n)
  })

  it('getBeaconForEpoch follows the mainnet schedule: incentinet, drand mainnet from Smoke, quicknet from Phoenix', () => {
    const chainAt = (e: bigint) => getBeaconForEpoch(MAINNET_BEACON_SCHEDULE, e).chain
    expect(chainAt(-5n)).toBe(DRAND_INCENTINET)
    expect(chainAt(0n)).toBe(DRAND_INCENTINET)
    expect(chainAt(50999n)).toBe(DRAND_INCENTINET)
    expect(chainAt(51000n)).toBe(DRAND_MAINNET)
    expect(chainAt(3855479n)).toBe(DRAND_MAINNET)
    expect(chainAt(3855480n)).toBe(DRAND_QUICKNET)
    expect(getBeaconForEpoch(CALIBNET_BEACON_SCHEDULE, 0n).chain).toBe(DRAND_MAINNET)
    expect(getBeaconForEpoch(CALIBNET_BEACON_SCHEDULE, CALIBNET_UPGRADE_PHOENIX_HEIGHT).chain).toBe(DRAND_QUICKNET)
    expect(() => getBeaconForEpoch([], 0n)).toThrow(BeaconError)
  })
})

describe('computeMaxBeaconRoundForEpoch', () => {
  // ChainSafe/forest src/beacon/tests/drand.rs (commit 12ae1ee5), max_beacon_round_for_epoch_mainnet
  it.each([
    [0n, 95844n, 95845n],
    [1n, 95845n, 95846n],
    [100n, 95944n, 95945n],
  ])('forest mainnet: epoch %s is round %s up to nv15, %s from nv16', (epoch, v1, v2) => {
    expect(computeMaxBeaconRoundForEpoch(drandMainnetOnMainnet, 15, epoch)).toBe(v1)
    expect(computeMaxBeaconRoundForEpoch(drandMainnetOnMainnet, 16, epoch)).toBe(v2)
  })

  // forest max_beacon_round_for_epoch_quicknet (3547000 is from FIPs PR 914)
  it.each([
    [0n, 1n],
    [3149899n, 1n],
    [3149900n, 2n],
    [3149901n, 12n],
    [3547000n, 3971002n],
    [6216200n, 30663002n],
  ])('forest quicknet (nv22): epoch %s is round %s', (epoch, round) => {
    expect(computeMaxBeaconRoundForEpoch(quicknetOnMainnet, 22, epoch)).toBe(round)
  })

  it('calibnet block 3000 carries drand mainnet round 2399511 (forest scripts/tests/test_data/calibnet_block_3000.json)', () => {
    // the block's Timestamp 1667416380 = calibnet genesis + 3000 · 30
    expect(CALIBNET_GENESIS_TIME + 3000n * 30n).toBe(1667416380n)
    expect(computeMaxBeaconRoundForEpoch(getBeaconForEpoch(CALIBNET_BEACON_SCHEDULE, 3000n), 16, 3000n)).toBe(2399511n)
  })

  it('throws BeaconError where Lotus would wrap around in uint64', () => {
    expect(() => computeMaxBeaconRoundForEpoch(quicknetOnMainnet, 22, -1n)).toThrow(BeaconError)
    expect(() => computeMaxBeaconRoundForEpoch(quicknetOnMainnet, 15, 0n)).toThrow(/before|after drand genesis/)
    expect(() => computeMaxBeaconRoundForEpoch(quicknetOnMainnet, 22, 2n ** 63n - 1n)).toThrow(/uint64/)
  })

  it('never decreases from one epoch to the next, and grows by blockDelay/period per epoch once drand has started', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 40n }), fc.constantFrom(16, 22), (epoch, nv) => {
        const a = computeMaxBeaconRoundForEpoch(quicknetOnMainnet, nv, epoch)
        const b = computeMaxBeaconRoundForEpoch(quicknetOnMainnet, nv, epoch + 1n)
        expect(b >= a).toBe(true)
        if (a > 1n) expect(b - a).toBe(10n)
      }),
    )
  })
})

describe('computeBeaconRoundsForBlock', () => {
  // forest beacon_entries_for_block_covers_null_rounds_quicknet
  it('forest quicknet null round: parent 6216198 (round 30662982), block 6216200 → two entries', () => {
    expect(computeBeaconRoundsForBlock(MAINNET_BEACON_SCHEDULE, 22, 6216200n, 6216198n, 30662982n)).toEqual([30662992n, 30663002n])
  })

  it('forest quicknet: parent 6216199 (round 30662992), block 6216200 → one entry', () => {
    expect(computeBeaconRoundsForBlock(MAINNET_BEACON_SCHEDULE, 22, 6216200n, 6216199n, 30662992n)).toEqual([30663002n])
  })

  it('at Smoke (a switch to a chained beacon) asks for two consecutive rounds of the new beacon', () => {
    // nv2 at epoch 51000: (51000·30 + 1598306400 − 30 − 1595431050) / 30 = 146844
    expect(computeBeaconRoundsForBlock(MAINNET_BEACON_SCHEDULE, 2, 51000n, 50999n, 12345n)).toEqual([146843n, 146844n])
  })

  it('at Phoenix (a switch to an unchained beacon) asks for quicknet rounds only', () => {
    const rounds = computeBeaconRoundsForBlock(MAINNET_BEACON_SCHEDULE, 22, MAINNET_UPGRADE_PHOENIX_HEIGHT, MAINNET_UPGRADE_PHOENIX_HEIGHT - 1n, 1n)
    expect(rounds).toEqual([computeMaxBeaconRoundForEpoch(quicknetOnMainnet, 22, MAINNET_UPGRADE_PHOENIX_HEIGHT)])
  })

  it('asks for nothing when the max round is already on chain', () => {
    expect(computeBeaconRoundsForBlock(MAINNET_BEACON_SCHEDULE, 22, 6216200n, 6216199n, 30663002n)).toEqual([])
  })
})

// Test networks whose epoch e maps to round e + 1 of a real drand chain (genesis one period after
// drand's, block delay = drand period), so that published consecutive rounds form valid blocks.
const follow = (chain: typeof DRAND_MAINNET): DrandBeacon => ({ chain, filecoinGenesisTime: chain.genesisTime + chain.period, blockDelaySecs: chain.period })
const CHAINED: BeaconSchedule = [{ start: 0n, beacon: follow(DRAND_MAINNET) }]
const UNCHAINED: BeaconSchedule = [{ start: 0n, beacon: follow(DRAND_QUICKNET) }]
const SWITCH_TO_CHAINED: BeaconSchedule = [
  { start: 0n, beacon: follow(DRAND_INCENTINET) },
  { start: 3n, beacon: follow(DRAND_MAINNET) },
]
const junk = (round: bigint, bytes = 96): BeaconEntry => ({ Round: round, Data: new Uint8Array(bytes).fill(7) })

describe('validateBeaconEntries on a chained beacon (drand mainnet rounds 1–4)', () => {
  const base = { schedule: CHAINED, nv: 16 }
  it('maps epochs to rounds as intended', () => {
    expect(computeMaxBeaconRoundForEpoch(follow(DRAND_MAINNET), 16, 3n)).toBe(4n)
  })

  it('accepts one entry after a block at the previous epoch, two after a null round', () => {
    validateBeaconEntries({ ...base, height: 3n, parentEpoch: 2n, entries: [real('mainnet/4')], prevEntry: real('mainnet/3') })
    validateBeaconEntries({ ...base, height: 3n, parentEpoch: 1n, entries: [real('mainnet/3'), real('mainnet/4')], prevEntry: real('mainnet/2') })
  })

  it('rejects a gap in the chain, a wrong last round, no entries, or entries out of order', () => {
    expect(() => validateBeaconEntries({ ...base, height: 3n, parentEpoch: 1n, entries: [real('mainnet/4')], prevEntry: real('mainnet/2') })).toThrow(/entry 0 .*valid drand signature/)
    expect(() => validateBeaconEntries({ ...base, height: 3n, parentEpoch: 2n, entries: [real('mainnet/3')], prevEntry: real('mainnet/2') })).toThrow(/last entry at round 4, got 3/)
    expect(() => validateBeaconEntries({ ...base, height: 3n, parentEpoch: 2n, entries: [], prevEntry: real('mainnet/3') })).toThrow(/got none/)
    expect(() => validateBeaconEntries({ ...base, height: 3n, parentEpoch: 1n, entries: [real('mainnet/4'), real('mainnet/3')], prevEntry: real('mainnet/2') })).toThrow(BeaconError)
  })

  it('wants no entries when the max round is already on chain', () => {
    validateBeaconEntries({ ...base, height: 3n, parentEpoch: 2n, entries: [], prevEntry: real('mainnet/4') })
    expect(() => validateBeaconEntries({ ...base, height: 3n, parentEpoch: 2n, entries: [real('mainnet/4')], prevEntry: real('mainnet/4') })).toThrow(/no entries/)
  })

  it('does not check the entries of the first block after genesis (previous round 0)', () => {
    validateBeaconEntries({ ...base, height: 1n, parentEpoch: 0n, entries: [junk(99n)], prevEntry: { Round: 0n, Data: new Uint8Array(32) } })
    expect(() => validateBeaconEntries({ ...base, height: 1n, parentEpoch: 0n, entries: [], prevEntry: { Round: 0n, Data: new Uint8Array(32) } })).toThrow(BeaconError)
  })

  it('accepts an entry repeating the one before it, as Lotus’s verified-entry cache does (lotus issue 13349)', () => {
    validateBeaconEntries({ ...base, height: 3n, parentEpoch: 2n, entries: [real('mainnet/3'), real('mainnet/4')], prevEntry: real('mainnet/3') })
    validateBeaconEntries({ ...base, height: 3n, parentEpoch: 1n, entries: [real('mainnet/3'), real('mainnet/3'), real('mainnet/4')], prevEntry: real('mainnet/2') })
    expect(() => validateBeaconEntries({ ...base, height: 3n, parentEpoch: 2n, entries: [{ ...real('mainnet/3'), Data: junk(3n).Data }, real('mainnet/4')], prevEntry: real('mainnet/3') })).toThrow(BeaconError)
  })
})

describe('validateBeaconEntries at a switch to a chained beacon', () => {
  const base = { schedule: SWITCH_TO_CHAINED, nv: 16, height: 3n, parentEpoch: 2n, prevEntry: junk(9n, 96) }
  it('wants exactly two entries, the second chained on the first', () => {
    validateBeaconEntries({ ...base, entries: [real('mainnet/3'), real('mainnet/4')] })
    expect(() => validateBeaconEntries({ ...base, entries: [real('mainnet/4')] })).toThrow(/two entries/)
    expect(() => validateBeaconEntries({ ...base, entries: [real('mainnet/2'), real('mainnet/3'), real('mainnet/4')] })).toThrow(/two entries/)
    expect(() => validateBeaconEntries({ ...base, entries: [real('mainnet/2'), real('mainnet/4')] })).toThrow(/beacon switch/)
  })
})

describe('validateBeaconEntries on an unchained beacon (quicknet rounds 2 and 3)', () => {
  const base = { schedule: UNCHAINED, nv: 22 }
  it('accepts one entry per epoch since the parent, whatever the previous signature', () => {
    validateBeaconEntries({ ...base, height: 2n, parentEpoch: 0n, entries: [real('quicknet/2'), real('quicknet/3')], prevEntry: junk(1n, 48) })
    validateBeaconEntries({ ...base, height: 2n, parentEpoch: 1n, entries: [real('quicknet/3')], prevEntry: junk(2n, 48) })
  })

  it('rejects a missing epoch, a bad signature, and checks even right after genesis', () => {
    expect(() => validateBeaconEntries({ ...base, height: 2n, parentEpoch: 0n, entries: [real('quicknet/3')], prevEntry: junk(1n, 48) })).toThrow(/entry 0 expected round 2, got 3/)
    expect(() => validateBeaconEntries({ ...base, height: 2n, parentEpoch: 1n, entries: [junk(3n, 48)], prevEntry: junk(2n, 48) })).toThrow(/valid drand signature/)
    expect(() => validateBeaconEntries({ ...base, height: 2n, parentEpoch: 1n, entries: [junk(3n, 48)], prevEntry: { Round: 0n, Data: new Uint8Array(32) } })).toThrow(BeaconError)
  })

  it('given arbitrary entries, returns or throws BeaconError, nothing else', () => {
    const arbEntry = fc.record({ Round: fc.bigInt({ min: 0n, max: 6n }), Data: fc.uint8Array({ maxLength: 50 }) })
    fc.assert(
      fc.property(fc.array(arbEntry, { maxLength: 3 }), arbEntry, fc.bigInt({ min: 1n, max: 4n }), (entries, prevEntry, height) => {
        try {
          validateBeaconEntries({ ...base, height, parentEpoch: height - 1n, entries, prevEntry })
        } catch (e) {
          expect(e).toBeInstanceOf(BeaconError)
        }
      }),
      { numRuns: 30 },
    )
  })
})
