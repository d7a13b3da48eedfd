// UpdateClaimedPower, UpdatePledgeTotal, OnConsensusFault (actors v0) and CurrentTotalPower on the
// mock runtime, after specs-actors' power_test.go TestUpdateClaimedPowerFailures,
// TestPowerAndPledgeAccounting, TestUpdatePledgeTotal and TestOnConsensusFault: v0 holds QA power
// against one minimum of 1 TiB with 3 miners; v2 holds raw-byte power against a minimum by seal
// proof type (10 TiB for 32 GiB sectors) with 4 miners.

import * as dagCbor from '@ipld/dag-cbor'
import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { ActorPanic } from '../../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { isConsensusMinimumMet } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/claims.ts'
import { CONSENSUS_MINER_MIN_POWER_V0, CONSENSUS_MINER_MIN_POWER_V2 } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/policy.ts'
import { UpdateClaimedPowerParams } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/types.ts'
import { encodeBigInt } from '../../../../../../src/schema/big_int.ts'
import { OWNER, PowerRuntime } from './harness.ts'

const VERSIONS = [0, 2] as const
const [M1, M2, M3, M4, M5] = [newIdAddress(111n), newIdAddress(112n), newIdAddress(113n), newIdAddress(114n), newIdAddress(115n)]
const SMALL = 1_000_000n
/** The consensus minimum of the harness's miners: 1 TiB of QA power in v0, 10 TiB of raw power (32 GiB sectors) in v2. */
const UNIT = { 0: CONSENSUS_MINER_MIN_POWER_V0, 2: CONSENSUS_MINER_MIN_POWER_V2.get(8n)! } as const

async function setup(version: 0 | 2, miners: number) {
  const rt = new PowerRuntime(version)
  expect(await rt.construct()).toBe(0)
  for (const m of [M1, M2, M3, M4, M5].slice(0, miners)) await rt.createMinerBasic(m)
  return rt
}

async function expectTotals(rt: PowerRuntime, raw: bigint, qa: bigint) {
  expect(await rt.getTotalPowerEager()).toEqual({ rawBytePower: raw, qualityAdjPower: qa })
}

describe('UpdateClaimedPower', () => {
  for (const version of VERSIONS) {
    it(`v${version}: only a miner actor may call it (SysErrForbidden)`, async () => {
      const rt = await setup(version, 1)
      rt.setCaller(M1, 'account')
      expect((await rt.call(3n, UpdateClaimedPowerParams.encode({ RawByteDelta: 1n, QualityAdjustedDelta: 1n }))).exitCode).toBe(ExitCode.SysErrForbidden)
    })

    it(`v${version}: a miner without a claim is ErrNotFound`, async () => {
      const rt = await setup(version, 0)
      expect(await rt.updateClaimedPower(M1, SMALL, SMALL)).toBe(ExitCode.ErrNotFound)
    })

    it(`v${version}: power and pledge accounted below the threshold`, async () => {
      const rt = await setup(version, 2)
      const ret = await rt.currentTotalPower()
      expect([ret.RawBytePower, ret.QualityAdjPower, ret.PledgeCollateral]).toEqual([0n, 0n, 0n])
      expect(await rt.updateClaimedPower(M1, SMALL, 2n * SMALL)).toBe(0)
      await expectTotals(rt, SMALL, 2n * SMALL)
      expect(await rt.updateClaimedPower(M2, SMALL, SMALL)).toBe(0)
      expect(await rt.updatePledgeTotal(M1, 1_000_000n)).toBe(0)
      await expectTotals(rt, 2n * SMALL, 3n * SMALL)
      expect((await rt.state()).TotalPledgeCollateral).toBe(1_000_000n)
      expect(await rt.getClaim(M1)).toMatchObject({ RawBytePower: SMALL, QualityAdjPower: 2n * SMALL })
      expect(await rt.getClaim(M2)).toMatchObject({ RawBytePower: SMALL, QualityAdjPower: SMALL })
      expect(await rt.updateClaimedPower(M2, -SMALL, -SMALL)).toBe(0)
      expect(await rt.updatePledgeTotal(M2, -100_000n)).toBe(0)
      await expectTotals(rt, SMALL, 2n * SMALL)
      expect((await rt.state()).TotalPledgeCollateral).toBe(900_000n)
      expect(await rt.getClaim(M2)).toMatchObject({ RawBytePower: 0n, QualityAdjPower: 0n })
      await rt.expectInvariants()
    })

    it(`v${version}: all of one miner's power disappears when it dips below the minimum`, async () => {
      const rt = await setup(version, 5)
      const unit = UNIT[version]
      for (const m of [M1, M2, M3, M4, M5]) expect(await rt.updateClaimedPower(m, unit, unit)).toBe(0)
      await expectTotals(rt, 5n * unit, 5n * unit)
      expect(await rt.updateClaimedPower(M4, -SMALL, -SMALL)).toBe(0)
      await expectTotals(rt, 4n * unit, 4n * unit)
      expect((await rt.state()).MinerAboveMinPowerCount).toBe(4n)
      await rt.expectInvariants()
    })

    it(`v${version}: qa power above the threshold before and after an update`, async () => {
      const rt = await setup(version, 1)
      const unit = UNIT[version]
      expect(await rt.updateClaimedPower(M1, 3n * unit, 3n * unit)).toBe(0)
      expect([(await rt.state()).TotalQualityAdjPower, (await rt.state()).TotalRawBytePower]).toEqual([3n * unit, 3n * unit])
      expect(await rt.updateClaimedPower(M1, unit, unit)).toBe(0)
      expect([(await rt.state()).TotalQualityAdjPower, (await rt.state()).TotalRawBytePower]).toEqual([4n * unit, 4n * unit])
      await rt.expectInvariants()
    })

    it(`v${version}: a claim driven below zero is an assertion failure (a Go panic)`, async () => {
      const rt = await setup(version, 1)
      await expect(rt.updateClaimedPower(M1, -1n, 0n)).rejects.toThrow(ActorPanic)
    })
  }

  it('v0: power accounting crossing the threshold of 3 miners, on QA power', async () => {
    const rt = await setup(0, 5)
    const unit = UNIT[0]
    for (const m of [M1, M2, M3]) expect(await rt.updateClaimedPower(m, SMALL / 2n, SMALL)).toBe(0)
    for (const m of [M4, M5]) expect(await rt.updateClaimedPower(m, unit / 2n, unit)).toBe(0)
    const below = 3n * SMALL + 2n * unit
    await expectTotals(rt, below / 2n, below)
    const delta = unit - SMALL
    expect(await rt.updateClaimedPower(M3, delta / 2n, delta)).toBe(0)
    await expectTotals(rt, (3n * unit) / 2n, 3n * unit)
    expect((await rt.state()).MinerAboveMinPowerCount).toBe(3n)
    expect(await rt.updateClaimedPower(M3, -delta / 2n, -delta)).toBe(0)
    await expectTotals(rt, below / 2n, below)
    await rt.expectInvariants()
  })

  it('v2: power accounting crossing the threshold of 4 miners, on raw power', async () => {
    const rt = await setup(2, 5)
    const unit = UNIT[2]
    for (const m of [M1, M2]) expect(await rt.updateClaimedPower(m, SMALL, 10n * SMALL)).toBe(0)
    for (const m of [M3, M4, M5]) expect(await rt.updateClaimedPower(m, unit, 10n * unit)).toBe(0)
    const below = 2n * SMALL + 3n * unit
    await expectTotals(rt, below, 10n * below)
    const delta = unit - SMALL
    expect(await rt.updateClaimedPower(M2, delta, 10n * delta)).toBe(0)
    await expectTotals(rt, 4n * unit, 40n * unit)
    expect((await rt.state()).MinerAboveMinPowerCount).toBe(4n)
    expect(await rt.updateClaimedPower(M4, -delta, -10n * delta)).toBe(0)
    await expectTotals(rt, below, 10n * below)
    await rt.expectInvariants()
  })

  it('v0: the threshold depends on QA power only; v2: on raw power only', async () => {
    const v0 = await setup(0, 3)
    for (const m of [M1, M2, M3]) expect(await v0.updateClaimedPower(m, UNIT[0], 0n)).toBe(0)
    expect((await v0.state()).MinerAboveMinPowerCount).toBe(0n)
    for (const m of [M1, M2, M3]) expect(await v0.updateClaimedPower(m, 0n, UNIT[0])).toBe(0)
    expect((await v0.state()).MinerAboveMinPowerCount).toBe(3n)

    const v2 = await setup(2, 4)
    for (const m of [M1, M2, M3]) expect(await v2.updateClaimedPower(m, UNIT[2] / 2n, UNIT[2])).toBe(0)
    expect((await v2.state()).MinerAboveMinPowerCount).toBe(0n)
    for (const m of [M1, M2, M3]) expect(await v2.updateClaimedPower(m, UNIT[2] / 2n, UNIT[2])).toBe(0)
    expect((await v2.state()).MinerAboveMinPowerCount).toBe(3n)
    await v2.expectInvariants()
  })

  it('v2: the consensus minimum depends on the seal proof type (64 GiB sectors: 20 TiB)', async () => {
    const rt = await setup(2, 4)
    const unit = UNIT[2]
    for (const m of [M1, M2, M3, M4]) expect(await rt.updateClaimedPower(m, unit, unit)).toBe(0)
    await expectTotals(rt, 4n * unit, 4n * unit)
    await rt.createMinerBasic(M5, 9n)
    const unit64 = CONSENSUS_MINER_MIN_POWER_V2.get(9n)!
    expect(await rt.updateClaimedPower(M5, unit, unit)).toBe(0)
    expect((await rt.state()).MinerAboveMinPowerCount).toBe(4n)
    expect(await rt.updateClaimedPower(M5, unit64 - unit - 1n, unit64 - unit - 1n)).toBe(0)
    await expectTotals(rt, 4n * unit, 4n * unit)
    expect(await rt.updateClaimedPower(M5, 1n, 1n)).toBe(0)
    expect((await rt.state()).MinerAboveMinPowerCount).toBe(5n)
    await expectTotals(rt, 4n * unit + unit64, 4n * unit + unit64)
    await rt.expectInvariants()
  })

  it('v2: a claim of an unknown seal proof type is ErrIllegalState', async () => {
    const rt = await setup(2, 0)
    expect((await rt.createMiner(M1, { sealProof: 99n })).exitCode).toBe(0)
    expect(await rt.updateClaimedPower(M1, SMALL, SMALL)).toBe(ExitCode.ErrIllegalState)
  })

  it('a network may replace the minimum (Lotus mainnet: 10 TiB for every proof type and version)', async () => {
    for (const version of VERSIONS) {
      const rt = new PowerRuntime(version, { consensusMinerMinPower: 10n << 40n })
      await rt.construct()
      await rt.createMinerBasic(M1, version === 0 ? 3n : 5n)
      expect(await rt.updateClaimedPower(M1, 1n << 40n, 1n << 40n)).toBe(0)
      expect((await rt.state()).MinerAboveMinPowerCount, `v${version} at 1 TiB`).toBe(0n)
      expect(await rt.updateClaimedPower(M1, 9n << 40n, 9n << 40n)).toBe(0)
      expect((await rt.state()).MinerAboveMinPowerCount, `v${version} at 10 TiB`).toBe(1n)
      await rt.expectInvariants()
    }
  })
})

describe('isConsensusMinimumMet', () => {
  it('at the minimum a miner may take part; below it only while too few miners reach it, and (v2) only with some power', async () => {
    for (const version of VERSIONS) {
      const rt = await setup(version, 5)
      const unit = UNIT[version]
      const met = async (m: typeof M1) => isConsensusMinimumMet(rt.store, await rt.state(), rt.policy, m)
      expect(await met(M1), `v${version} zero power`).toBe(version === 0)
      expect(await rt.updateClaimedPower(M1, SMALL, SMALL)).toBe(0)
      expect(await met(M1)).toBe(true)
      for (const m of [M2, M3, M4, M5]) expect(await rt.updateClaimedPower(m, unit, unit)).toBe(0)
      expect([await met(M1), await met(M2)]).toEqual([false, true])
      await expect(met(newIdAddress(999n))).rejects.toThrow('no claim')
    }
  })
})

describe('UpdatePledgeTotal', () => {
  for (const version of VERSIONS) {
    it(`v${version}: only a miner actor may call it; a negative total is an assertion failure`, async () => {
      const rt = await setup(version, 1)
      rt.setActor(OWNER, 'account')
      rt.caller = OWNER
      expect((await rt.call(6n, dagCbor.encode(encodeBigInt(1n)))).exitCode).toBe(ExitCode.SysErrForbidden)
      expect(await rt.updatePledgeTotal(M1, 5n)).toBe(0)
      await expect(rt.updatePledgeTotal(M1, -6n)).rejects.toThrow('pledged amount cannot be negative')
      expect((await rt.state()).TotalPledgeCollateral).toBe(5n)
    })
  }

  it('v2: a miner without a claim is ErrForbidden; v0 lets any miner actor change the total', async () => {
    for (const version of VERSIONS) {
      const rt = await setup(version, 1)
      await rt.deleteClaim(M1)
      expect(await rt.updatePledgeTotal(M1, 1_000_000n), `v${version}`).toBe(version === 0 ? 0 : ExitCode.ErrForbidden)
    }
  })
})

describe('OnConsensusFault (actors v0)', () => {
  it('a miner below the minimum loses its claim; the totals above it are untouched', async () => {
    const rt = await setup(0, 1)
    expect(await rt.updateClaimedPower(M1, SMALL, SMALL)).toBe(0)
    let st = await rt.state()
    expect([st.TotalRawBytePower, st.TotalQualityAdjPower, st.MinerAboveMinPowerCount, st.TotalBytesCommitted, st.TotalQABytesCommitted]).toEqual([0n, 0n, 0n, SMALL, SMALL])
    expect(await rt.onConsensusFault(M1, 0n)).toBe(0)
    st = await rt.state()
    expect([st.TotalRawBytePower, st.TotalQualityAdjPower, st.MinerAboveMinPowerCount, st.TotalBytesCommitted, st.TotalQABytesCommitted, st.MinerCount]).toEqual([0n, 0n, 0n, 0n, 0n, 0n])
    expect(await rt.getClaim(M1)).toBeUndefined()
    await rt.expectInvariants()
  })

  it('a miner above the minimum takes its power out and its pledge is reduced by the amount slashed', async () => {
    const rt = await setup(0, 1)
    const unit = UNIT[0]
    expect(await rt.updateClaimedPower(M1, unit, unit)).toBe(0)
    expect(await rt.updatePledgeTotal(M1, 100n)).toBe(0)
    expect(await rt.onConsensusFault(M1, 50n)).toBe(0)
    const st = await rt.state()
    expect([st.TotalRawBytePower, st.TotalQualityAdjPower, st.MinerAboveMinPowerCount, st.TotalBytesCommitted, st.TotalQABytesCommitted, st.TotalPledgeCollateral]).toEqual([0n, 0n, 0n, 0n, 0n, 50n])
    await rt.expectInvariants()
  })

  it('slashing the fourth miner brings the totals back to the three at the minimum', async () => {
    const rt = await setup(0, 4)
    const unit = UNIT[0]
    for (const m of [M1, M2, M3]) expect(await rt.updateClaimedPower(m, unit, unit)).toBe(0)
    expect(await rt.updateClaimedPower(M4, 2n * unit, unit)).toBe(0)
    await expectTotals(rt, 5n * unit, 4n * unit)
    expect(await rt.onConsensusFault(M4, 0n)).toBe(0)
    await expectTotals(rt, 3n * unit, 3n * unit)
    expect((await rt.state()).MinerAboveMinPowerCount).toBe(3n)
  })

  it('a pledge total driven below zero is an assertion failure; a miner without a claim ErrNotFound; a non-miner SysErrForbidden', async () => {
    const rt = await setup(0, 1)
    await expect(rt.onConsensusFault(M1, 10n)).rejects.toThrow('pledged amount cannot be negative')
    expect(await rt.onConsensusFault(M2, 10n)).toBe(ExitCode.ErrNotFound)
    rt.setActor(M1, 'system')
    rt.caller = M1
    expect((await rt.call(7n, dagCbor.encode(encodeBigInt(10n)))).exitCode).toBe(ExitCode.SysErrForbidden)
  })

  it('actors v2 has no method 7 (SysErrInvalidMethod)', async () => {
    const rt = await setup(2, 1)
    expect(await rt.onConsensusFault(M1, 0n)).toBe(ExitCode.SysErrInvalidMethod)
  })
})

describe('CurrentTotalPower', () => {
  for (const version of VERSIONS) {
    it(`v${version}: the totals frozen at the last tick, not the live ones`, async () => {
      const rt = await setup(version, 1)
      expect(await rt.updateClaimedPower(M1, SMALL, 2n * SMALL)).toBe(0)
      expect(await rt.updatePledgeTotal(M1, 7n)).toBe(0)
      expect(await rt.currentTotalPower()).toMatchObject({ RawBytePower: 0n, QualityAdjPower: 0n, PledgeCollateral: 0n })
      expect((await rt.onEpochTickEnd(1n)).exitCode).toBe(0)
      const ret = await rt.currentTotalPower()
      const st = await rt.state()
      expect(ret).toEqual({ RawBytePower: SMALL, QualityAdjPower: 2n * SMALL, PledgeCollateral: 7n, QualityAdjPowerSmoothed: st.ThisEpochQAPowerSmoothed })
    })
  }
})
