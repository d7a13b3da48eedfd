// Unit tests of the storage miner methods the spec implements (ControlAddresses, AddLockedFund,
// ApplyRewards, OnDeferredCronEvent), on the shared mock runtime, after specs-actors v0.9.13 and
// v2.3.2 miner_test.go: each success path with the sends it makes, and each exit code.

import * as dagCbor from '@ipld/dag-cbor'
import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { createAmt } from '../../../../../../spec/appendix/data_structures/amt.ts'
import { createBitField } from '../../../../../../spec/appendix/data_structures/bitfield.ts'
import { NotImplementedError } from '../../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { BURNT_FUNDS_ACTOR_ADDR, REWARD_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR, type ActorsVersion } from '../../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { ApplyRewardParams, ThisEpochRewardReturnV0, ThisEpochRewardReturnV2 } from '../../../../../../spec/systems/filecoin_token/block_reward_minting/reward_actor.ts'
import { CurrentTotalPowerReturnV0, CurrentTotalPowerReturnV2, EnrollCronEventParams } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/types.ts'
import { Deadline, Deadlines } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/deadlines.ts'
import { MinerMethod, getMinerActor } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/methods.ts'
import { getMinerInfoCodec, getMinerStateCodec, VestingFunds, type MinerState } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/state.ts'
import { CronEventPayload, CronEventType, GetControlAddressesReturn } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/types.ts'
import { decodeBigInt, encodeBigInt } from '../../../../../../src/schema/big_int.ts'
import { computeCborCid } from '../../../../../../src/schema/struct.ts'
import { MockRuntime } from '../../../../../support/mock_runtime.ts'

const MINER = newIdAddress(1000n)
const OWNER = newIdAddress(100n)
const WORKER = newIdAddress(101n)
const CONTROL = newIdAddress(102n)
const OTHER = newIdAddress(103n)
const Q128 = 1n << 128n

async function putBlock(rt: MockRuntime<MinerState>, bytes: Uint8Array) {
  const cid = computeCborCid(bytes)
  await rt.store.put(cid, bytes)
  return cid
}

/** A miner as the test-vectors genesis makes one: no sectors, the proving period starting at `periodStart`. */
async function setup(version: ActorsVersion, periodStart = 100n) {
  const rt = new MockRuntime<MinerState>(version, getMinerActor(version), getMinerStateCodec(version) as never, MINER)
  const base = { Owner: OWNER, Worker: WORKER, ControlAddresses: [CONTROL], PendingWorkerKey: null, PeerId: new Uint8Array([1]), Multiaddrs: [], SealProofType: 3n, SectorSize: 34359738368n, WindowPoStPartitionSectors: 2349n }
  const info = version === 0 ? base : { ...base, ConsensusFaultElapsed: -1n, PendingOwnerAddress: null }
  const infoCid = await putBlock(rt, getMinerInfoCodec(version).encode(info))
  const vesting = await putBlock(rt, VestingFunds.encode({ Funds: [] }))
  const emptyAmt = await createAmt(rt.store, { version: 2 }).flush()
  const deadline = await putBlock(rt, Deadline.encode({ Partitions: emptyAmt, ExpirationsEpochs: emptyAmt, PostSubmissions: createBitField(), EarlyTerminations: createBitField(), LiveSectors: 0n, TotalSectors: 0n, FaultyPower: { Raw: 0n, QA: 0n } }))
  const deadlines = await putBlock(rt, Deadlines.encode({ Due: Array.from({ length: 48 }, () => deadline) }))
  const common = { Info: infoCid, PreCommitDeposits: 0n, LockedFunds: 0n, VestingFunds: vesting, PreCommittedSectors: emptyAmt, PreCommittedSectorsExpiry: emptyAmt, AllocatedSectors: vesting, Sectors: emptyAmt, ProvingPeriodStart: periodStart, CurrentDeadline: 0n, Deadlines: deadlines, EarlyTerminations: createBitField() }
  const st = version === 0 ? { ...common, InitialPledgeRequirement: 0n } : { ...common, FeeDebt: 0n, InitialPledge: 0n }
  await rt.stateCreate(getMinerStateCodec(version), st as MinerState)
  rt.setActor(OWNER, 'account')
  rt.setActor(WORKER, 'account')
  rt.setActor(CONTROL, 'account')
  rt.setActor(OTHER, 'account')
  rt.setActor(STORAGE_POWER_ACTOR_ADDR, 'storagepower')
  rt.setActor(REWARD_ACTOR_ADDR, 'reward')
  return rt
}

/** Answers the reward and power queries with estimates: network power `power` (Q.0) and reward `reward` (Q.0). */
function answerEstimates(rt: MockRuntime<MinerState>, reward: bigint, power: bigint) {
  rt.onSend = (msg) => {
    const fe = (v: bigint) => ({ PositionEstimate: v * Q128, VelocityEstimate: 0n })
    if (msg.to === REWARD_ACTOR_ADDR || (msg.method === 3n && msg.params === undefined)) {
      const ret = rt.actorsVersion === 0 ? ThisEpochRewardReturnV0.encode({ ThisEpochReward: reward, ThisEpochRewardSmoothed: fe(reward), ThisEpochBaselinePower: 0n }) : ThisEpochRewardReturnV2.encode({ ThisEpochRewardSmoothed: fe(reward), ThisEpochBaselinePower: 0n })
      return { exitCode: 0, returnValue: ret }
    }
    if (msg.method === 9n) {
      const totals = { RawBytePower: 0n, QualityAdjPower: 0n, PledgeCollateral: 0n, QualityAdjPowerSmoothed: fe(power) }
      return { exitCode: 0, returnValue: rt.actorsVersion === 0 ? CurrentTotalPowerReturnV0.encode(totals) : CurrentTotalPowerReturnV2.encode(totals) }
    }
    return { exitCode: 0, returnValue: new Uint8Array() }
  }
}

const cron = (type: bigint) => CronEventPayload.encode({ EventType: type })
const big = (v: bigint) => dagCbor.encode(encodeBigInt(v))

describe.each([0, 2] as const)('storage miner, actors v%s', (version) => {
  it('ControlAddresses returns the owner, worker and control addresses to any caller', async () => {
    const rt = await setup(version)
    rt.setCaller(OTHER, 'account')
    const r = await rt.call(MinerMethod.ControlAddresses, new Uint8Array())
    expect(r.exitCode).toBe(0)
    expect(GetControlAddressesReturn.decode(r.ret!)).toEqual({ Owner: OWNER, Worker: WORKER, ControlAddrs: [CONTROL] })
  })

  it('OnDeferredCronEvent from anyone but the power actor is SysErrForbidden', async () => {
    const rt = await setup(version)
    rt.setCaller(OTHER, 'account')
    expect((await rt.call(MinerMethod.OnDeferredCronEvent, cron(CronEventType.ProvingDeadline))).exitCode).toBe(ExitCode.SysErrForbidden)
  })

  it('a proving-deadline event before the period starts only vests and enrolls the next event', async () => {
    const rt = await setup(version, 100n)
    rt.currEpoch = 10n
    answerEstimates(rt, 1000n, 10n)
    rt.setCaller(STORAGE_POWER_ACTOR_ADDR, 'storagepower')
    const r = await rt.call(MinerMethod.OnDeferredCronEvent, cron(CronEventType.ProvingDeadline))
    expect(r.exitCode).toBe(0)
    const enroll = rt.sends.find((s) => s.method === 4n)!
    // Deadline 0 of the period at 100 closes at 160; its last epoch is 159.
    expect(EnrollCronEventParams.decode(enroll.params!).EventEpoch).toBe(159n)
    expect(rt.sends.some((s) => s.to === BURNT_FUNDS_ACTOR_ADDR)).toBe(false)
    expect((await rt.state()).CurrentDeadline).toBe(0n)
  })

  it('a proving-deadline event in a started period closes an empty deadline and moves to the next', async () => {
    const rt = await setup(version, 100n)
    rt.currEpoch = 159n
    rt.balance = 10n ** 18n
    answerEstimates(rt, 1000n, 10n)
    rt.setCaller(STORAGE_POWER_ACTOR_ADDR, 'storagepower')
    const r = await rt.call(MinerMethod.OnDeferredCronEvent, cron(CronEventType.ProvingDeadline))
    expect(r.exitCode).toBe(0)
    const st = await rt.state()
    expect(st.CurrentDeadline).toBe(1n)
    const enroll = rt.sends.find((s) => s.method === 4n)!
    expect(EnrollCronEventParams.decode(enroll.params!).EventEpoch).toBe(219n)
    // Network power is not zero and the deadline has no faulty power: no fee.
    expect(rt.sends.some((s) => s.to === BURNT_FUNDS_ACTOR_ADDR)).toBe(false)
  })

  it('with no network power the fault fee is the whole reward estimate (specs-actors), paid from the balance', async () => {
    const rt = await setup(version, 100n)
    rt.currEpoch = 159n
    rt.balance = 10n ** 18n
    answerEstimates(rt, 1000n, 0n)
    rt.setCaller(STORAGE_POWER_ACTOR_ADDR, 'storagepower')
    expect((await rt.call(MinerMethod.OnDeferredCronEvent, cron(CronEventType.ProvingDeadline))).exitCode).toBe(0)
    expect(rt.sends.find((s) => s.to === BURNT_FUNDS_ACTOR_ADDR)!.value).toBe(1000n)
  })

  it('a failed enrollment aborts with the send’s exit code', async () => {
    const rt = await setup(version, 100n)
    rt.currEpoch = 10n
    answerEstimates(rt, 1000n, 10n)
    const answer = rt.onSend
    rt.onSend = (msg) => (msg.method === 4n ? { exitCode: ExitCode.ErrIllegalArgument, returnValue: new Uint8Array() } : answer(msg))
    rt.setCaller(STORAGE_POWER_ACTOR_ADDR, 'storagepower')
    expect((await rt.call(MinerMethod.OnDeferredCronEvent, cron(CronEventType.ProvingDeadline))).exitCode).toBe(ExitCode.ErrIllegalArgument)
  })

  it('an early-terminations event is not implemented yet', async () => {
    const rt = await setup(version)
    rt.setCaller(STORAGE_POWER_ACTOR_ADDR, 'storagepower')
    await expect(rt.call(MinerMethod.OnDeferredCronEvent, cron(CronEventType.ProcessEarlyTerminations))).rejects.toThrow(NotImplementedError)
  })

  it('every method not specified yet is reported as not implemented', async () => {
    const rt = await setup(version)
    rt.setCaller(OWNER, 'account')
    await expect(rt.call(MinerMethod.WithdrawBalance, new Uint8Array())).rejects.toThrow(NotImplementedError)
    expect(getMinerActor(version).methods.length).toBe(version === 0 ? 21 : 24)
  })
})

describe('AddLockedFund (actors v0)', () => {
  it('locks the amount in 180 daily steps and reports the pledge change', async () => {
    const rt = await setup(0)
    rt.networkVersion = 1
    rt.currEpoch = 200n
    rt.setCaller(REWARD_ACTOR_ADDR, 'reward')
    const r = await rt.call(MinerMethod.AddLockedFund, big(1_000_000n), 1_000_000n)
    expect(r.exitCode).toBe(0)
    const st = await rt.state()
    expect(st.LockedFunds).toBe(1_000_000n)
    const table = VestingFunds.decode(await rt.store.get(st.VestingFunds))
    expect(table.Funds.reduce((a, f) => a + f.Amount, 0n)).toBe(1_000_000n)
    expect(table.Funds.length).toBe(180)
    const pledge = rt.sends.find((s) => s.method === 6n)!
    expect(decodeBigInt(dagCbor.decode(pledge.params!) as Uint8Array, 'pledge')).toBe(1_000_000n)
  })

  it('the owner, worker and control addresses may lock too; others are SysErrForbidden', async () => {
    for (const caller of [OWNER, WORKER, CONTROL]) {
      const rt = await setup(0)
      rt.setCaller(caller, 'account')
      expect((await rt.call(MinerMethod.AddLockedFund, big(5n), 5n)).exitCode).toBe(0)
    }
    const rt = await setup(0)
    rt.setCaller(OTHER, 'account')
    expect((await rt.call(MinerMethod.AddLockedFund, big(5n), 5n)).exitCode).toBe(ExitCode.SysErrForbidden)
  })

  it('a negative amount is ErrIllegalArgument; more than the unlocked balance ErrInsufficientFunds', async () => {
    const rt = await setup(0)
    rt.setCaller(REWARD_ACTOR_ADDR, 'reward')
    expect((await rt.call(MinerMethod.AddLockedFund, big(-1n), 0n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.call(MinerMethod.AddLockedFund, big(10n), 5n)).exitCode).toBe(ExitCode.ErrInsufficientFunds)
  })
})

describe('ApplyRewards (actors v2)', () => {
  const params = (reward: bigint, penalty: bigint) => ApplyRewardParams.encode({ Reward: reward, Penalty: penalty })

  it('locks the reward, and repays a penalty from the new vesting funds, burning it', async () => {
    const rt = await setup(2)
    rt.currEpoch = 200n
    rt.setCaller(REWARD_ACTOR_ADDR, 'reward')
    const r = await rt.call(MinerMethod.ApplyRewards, params(1000n, 300n), 1000n)
    expect(r.exitCode).toBe(0)
    const st = await rt.state()
    expect(st.LockedFunds).toBe(700n)
    expect((st as { FeeDebt: bigint }).FeeDebt).toBe(0n)
    expect(rt.sends.find((s) => s.to === BURNT_FUNDS_ACTOR_ADDR)!.value).toBe(300n)
    const pledge = rt.sends.find((s) => s.method === 6n)!
    expect(decodeBigInt(dagCbor.decode(pledge.params!) as Uint8Array, 'pledge')).toBe(700n)
  })

  it('only the reward actor may call: SysErrForbidden', async () => {
    const rt = await setup(2)
    rt.setCaller(OWNER, 'account')
    expect((await rt.call(MinerMethod.ApplyRewards, params(1n, 0n), 1n)).exitCode).toBe(ExitCode.SysErrForbidden)
  })

  it('a negative reward or penalty is ErrIllegalArgument; a reward above the unlocked balance ErrInsufficientFunds', async () => {
    const rt = await setup(2)
    rt.setCaller(REWARD_ACTOR_ADDR, 'reward')
    expect((await rt.call(MinerMethod.ApplyRewards, params(-1n, 0n))).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.call(MinerMethod.ApplyRewards, params(0n, -1n))).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.call(MinerMethod.ApplyRewards, params(10n, 0n), 5n)).exitCode).toBe(ExitCode.ErrInsufficientFunds)
  })

  it('a balance below the locked funds is ErrIllegalState', async () => {
    const rt = await setup(2)
    rt.setCaller(REWARD_ACTOR_ADDR, 'reward')
    expect((await rt.call(MinerMethod.ApplyRewards, params(100n, 0n), 100n)).exitCode).toBe(0)
    rt.balance = 10n
    expect((await rt.call(MinerMethod.ApplyRewards, params(0n, 0n), 0n)).exitCode).toBe(ExitCode.ErrIllegalState)
  })
})
