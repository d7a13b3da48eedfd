// EnrollCronEvent and OnEpochTickEnd on the mock runtime, after specs-actors' power_test.go
// TestEnrollCronEpoch and TestCron (v0.9.13 and v2.3.2): events due at or before the tick's
// epoch are sent to their miners and leave the queue; a miner whose callback fails loses its
// power (v0 zeroes the claim, v2 deletes it); the totals are frozen and the smoothed QA power
// stepped; the raw-byte total is reported to the reward actor.

import { describe, expect, it } from 'vitest'
import { addressToString, newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { ActorPanic } from '../../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { REWARD_ACTOR_ADDR } from '../../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { computeNextEstimate, newFilterEstimate } from '../../../../../../spec/systems/filecoin_token/block_reward_minting/smoothing.ts'
import { MINER_ON_DEFERRED_CRON_EVENT_METHOD, REWARD_UPDATE_NETWORK_KPI_METHOD } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/ext.ts'
import { loadMultimap } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/multimap.ts'
import { CONSENSUS_MINER_MIN_POWER_V0, CONSENSUS_MINER_MIN_POWER_V2, INITIAL_QA_POWER_ESTIMATE_POSITION, INITIAL_QA_POWER_ESTIMATE_VELOCITY } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/policy.ts'
import { CronEvent, getEpochKey } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/state.ts'
import { EnrollCronEventParams } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/types.ts'
import { PowerRuntime, getReportedPower } from './harness.ts'

const VERSIONS = [0, 2] as const
const M1 = newIdAddress(101n)
const M2 = newIdAddress(102n)
const bytes = (s: string) => new TextEncoder().encode(s)
const name = (a: { to: Parameters<typeof addressToString>[0]; method: bigint }) => `${addressToString(a.to)}:${a.method}`

async function setup(version: 0 | 2, miners = 0) {
  const rt = new PowerRuntime(version)
  expect(await rt.construct()).toBe(0)
  for (const m of [M1, M2].slice(0, miners)) await rt.createMinerBasic(m)
  return rt
}

async function eventsAt(rt: PowerRuntime, epoch: bigint): Promise<CronEvent[]> {
  const queue = await loadMultimap(rt.store, (await rt.state()).CronEventQueue, rt.actorsVersion, CronEvent)
  return queue.list(getEpochKey(epoch))
}

describe('EnrollCronEvent', () => {
  for (const version of VERSIONS) {
    it(`v${version}: events at one epoch keep their order; other epochs have their own lists`, async () => {
      const rt = await setup(version)
      const other = newIdAddress(501n)
      expect(await rt.enrollCronEvent(M1, 1n, bytes('hello'))).toBe(0)
      expect(await rt.enrollCronEvent(M1, 1n, bytes('hello2'))).toBe(0)
      expect(await rt.enrollCronEvent(other, 2n, bytes('test'))).toBe(0)
      expect(await eventsAt(rt, 1n)).toEqual([
        { MinerAddr: M1, CallbackPayload: bytes('hello') },
        { MinerAddr: M1, CallbackPayload: bytes('hello2') },
      ])
      expect(await eventsAt(rt, 2n)).toEqual([{ MinerAddr: other, CallbackPayload: bytes('test') }])
      expect(await eventsAt(rt, 3n)).toEqual([])
      await rt.expectInvariants()
    })

    it(`v${version}: an epoch before the current one is queued; one before FirstCronEpoch moves it back`, async () => {
      const rt = await setup(version)
      rt.currEpoch = 5n
      expect(await rt.enrollCronEvent(M1, 2n, bytes('hello'))).toBe(0)
      expect((await eventsAt(rt, 2n)).length).toBe(1)
      expect((await rt.state()).FirstCronEpoch).toBe(0n)
      expect((await rt.onEpochTickEnd(5n)).exitCode).toBe(0)
      expect((await rt.state()).FirstCronEpoch).toBe(6n)
      expect(await rt.enrollCronEvent(M1, 3n, bytes('late'))).toBe(0)
      expect((await rt.state()).FirstCronEpoch).toBe(3n)
      await rt.expectInvariants()
    })

    it(`v${version}: a negative epoch is ErrIllegalArgument; a caller that is no miner SysErrForbidden`, async () => {
      const rt = await setup(version)
      expect(await rt.enrollCronEvent(M1, -2n, bytes('payload'))).toBe(ExitCode.ErrIllegalArgument)
      rt.setCaller(M1, 'account')
      expect((await rt.call(4n, EnrollCronEventParams.encode({ EventEpoch: 1n, Payload: bytes('x') }))).exitCode).toBe(ExitCode.SysErrForbidden)
    })
  }
})

describe('OnEpochTickEnd', () => {
  for (const version of VERSIONS) {
    it(`v${version}: only cron may call it`, async () => {
      const rt = await setup(version)
      rt.currEpoch = 1n
      rt.setCaller(M1, 'account')
      expect((await rt.call(5n, new Uint8Array())).exitCode).toBe(ExitCode.SysErrForbidden)
    })

    it(`v${version}: reports the raw-byte total to the reward actor and freezes the totals`, async () => {
      const rt = await setup(version, 2)
      const unit = 1n << 20n
      expect(await rt.updateClaimedPower(M1, unit, unit)).toBe(0)
      expect(await rt.updateClaimedPower(M1, 3n * unit, 3n * unit)).toBe(0)
      expect(await rt.updatePledgeTotal(M1, 1n)).toBe(0)
      const { exitCode, sends } = await rt.onEpochTickEnd(0n)
      expect(exitCode).toBe(0)
      expect(sends.map(name)).toEqual([`${addressToString(REWARD_ACTOR_ADDR)}:${REWARD_UPDATE_NETWORK_KPI_METHOD}`])
      expect(getReportedPower(sends)).toEqual([4n * unit])
      const st = await rt.state()
      expect([st.ThisEpochPledgeCollateral, st.ThisEpochQualityAdjPower, st.ThisEpochRawBytePower]).toEqual([1n, 4n * unit, 4n * unit])
      expect(sends[0]!.value).toBe(0n)
      await rt.expectInvariants()
    })

    it(`v${version}: steps the smoothed QA power by the epochs since the last tick (v0) or by one (v2)`, async () => {
      const rt = await setup(version)
      const initial = newFilterEstimate(INITIAL_QA_POWER_ESTIMATE_POSITION, INITIAL_QA_POWER_ESTIMATE_VELOCITY)
      expect((await rt.onEpochTickEnd(4n)).exitCode).toBe(0)
      const first = computeNextEstimate(initial, 0n, version === 0 ? 5n : 1n)
      expect((await rt.state()).ThisEpochQAPowerSmoothed).toEqual(first)
      expect((await rt.onEpochTickEnd(7n)).exitCode).toBe(0)
      expect((await rt.state()).ThisEpochQAPowerSmoothed).toEqual(computeNextEstimate(first, 0n, version === 0 ? 3n : 1n))
      const st = await rt.state()
      if (version === 0) expect('LastProcessedCronEpoch' in st && st.LastProcessedCronEpoch).toBe(7n)
    })

    it(`v${version}: an event enrolled for a null round is called at the next tick, in epoch order`, async () => {
      const rt = await setup(version, 2)
      rt.currEpoch = 1n
      expect(await rt.enrollCronEvent(M1, 2n, Uint8Array.of(1, 3))).toBe(0)
      expect(await rt.enrollCronEvent(M2, 4n, Uint8Array.of(2, 3))).toBe(0)
      const { exitCode, sends } = await rt.onEpochTickEnd(4n)
      expect(exitCode).toBe(0)
      expect(sends.map((s) => [name(s), s.params, s.value])).toEqual([
        [`f0101:${MINER_ON_DEFERRED_CRON_EVENT_METHOD}`, Uint8Array.of(1, 3), 0n],
        [`f0102:${MINER_ON_DEFERRED_CRON_EVENT_METHOD}`, Uint8Array.of(2, 3), 0n],
        [`f02:${REWARD_UPDATE_NETWORK_KPI_METHOD}`, sends[2]!.params, 0n],
      ])
      expect([await eventsAt(rt, 2n), await eventsAt(rt, 4n)]).toEqual([[], []])
      await rt.expectInvariants()
    })

    it(`v${version}: an event enrolled in the past is called at the next tick and removed`, async () => {
      const rt = await setup(version, 1)
      expect((await rt.onEpochTickEnd(4n)).sends.length).toBe(1)
      expect(await rt.enrollCronEvent(M1, 2n, Uint8Array.of(1, 3))).toBe(0)
      const { sends } = await rt.onEpochTickEnd(6n)
      expect(sends.map(name)).toEqual(['f0101:12', 'f02:4'])
      expect(await eventsAt(rt, 2n)).toEqual([])
      expect((await rt.state()).FirstCronEpoch).toBe(7n)
      await rt.expectInvariants()
    })

    it(`v${version}: the reward actor's failure aborts the tick with its exit code, the state unchanged`, async () => {
      const rt = await setup(version, 1)
      expect(await rt.enrollCronEvent(M1, 1n, Uint8Array.of(9))).toBe(0)
      const head = rt.head
      const { exitCode } = await rt.onEpochTickEnd(1n, (msg) => (msg.to === REWARD_ACTOR_ADDR ? ExitCode.ErrIllegalState : 0))
      expect(exitCode).toBe(ExitCode.ErrIllegalState)
      expect(rt.head).toEqual(head)
    })
  }

  it('v0 calls back a miner without a claim; v2 skips it (and its event still leaves the queue)', async () => {
    for (const version of VERSIONS) {
      const rt = await setup(version, 2)
      rt.currEpoch = 1n
      expect(await rt.enrollCronEvent(M1, 2n, new Uint8Array())).toBe(0)
      expect(await rt.enrollCronEvent(M2, 2n, new Uint8Array())).toBe(0)
      await rt.deleteClaim(M1)
      const { sends } = await rt.onEpochTickEnd(2n)
      expect(sends.map(name), `v${version}`).toEqual(version === 0 ? ['f0101:12', 'f0102:12', 'f02:4'] : ['f0102:12', 'f02:4'])
      expect(await eventsAt(rt, 2n)).toEqual([])
    }
  })

  it('a failed callback: v0 zeroes the miner’s claim, v2 deletes it; the totals lose its power, later ticks call only the reward actor', async () => {
    for (const version of VERSIONS) {
      const rt = await setup(version, 2)
      rt.currEpoch = 1n
      expect(await rt.enrollCronEvent(M1, 2n, new Uint8Array())).toBe(0)
      expect(await rt.enrollCronEvent(M2, 2n, new Uint8Array())).toBe(0)
      const unit = version === 0 ? CONSENSUS_MINER_MIN_POWER_V0 : CONSENSUS_MINER_MIN_POWER_V2.get(8n)!
      expect(await rt.updateClaimedPower(M1, unit, unit)).toBe(0)
      expect((await rt.state()).MinerAboveMinPowerCount).toBe(1n)
      const { exitCode, sends } = await rt.onEpochTickEnd(2n, (msg) => (addressToString(msg.to) === 'f0101' ? ExitCode.ErrIllegalState : 0))
      expect(exitCode).toBe(0)
      expect(sends.map(name)).toEqual(['f0101:12', 'f0102:12', 'f02:4'])
      const st = await rt.state()
      expect([st.TotalBytesCommitted, st.TotalQABytesCommitted, st.MinerAboveMinPowerCount, st.MinerCount]).toEqual([0n, 0n, 0n, 2n])
      expect(await rt.getClaim(M1), `v${version}`).toEqual(version === 0 ? { RawBytePower: 0n, QualityAdjPower: 0n } : undefined)
      expect((await rt.onEpochTickEnd(3n)).sends.map(name)).toEqual(['f02:4'])
      await rt.expectInvariants()
    }
  })

  it('v2: a failed callback takes the miner out of MinerCount from network version 7', async () => {
    for (const [nv, count] of [
      [6, 1n],
      [7, 0n],
    ] as const) {
      const rt = new PowerRuntime(2)
      rt.networkVersion = nv
      await rt.construct()
      rt.currEpoch = 1n
      await rt.createMinerBasic(M1)
      expect(await rt.enrollCronEvent(M1, 1n, new Uint8Array())).toBe(0)
      expect((await rt.onEpochTickEnd(2n, (msg) => (msg.to === REWARD_ACTOR_ADDR ? 0 : ExitCode.ErrIllegalState))).exitCode).toBe(0)
      expect((await rt.state()).MinerCount, `nv${nv}`).toBe(count)
    }
  })

  it('v0: a second tick in the same epoch divides by zero (a Go panic); v2 steps by one epoch regardless', async () => {
    const v0 = await setup(0)
    expect((await v0.onEpochTickEnd(3n)).exitCode).toBe(0)
    await expect(v0.onEpochTickEnd(3n)).rejects.toThrow(ActorPanic)
    const v2 = await setup(2)
    expect((await v2.onEpochTickEnd(3n)).exitCode).toBe(0)
    expect((await v2.onEpochTickEnd(3n)).exitCode).toBe(0)
  })
})
