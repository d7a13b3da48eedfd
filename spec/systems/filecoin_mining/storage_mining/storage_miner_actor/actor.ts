// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "Methods". The
// miner methods that block rewards and cron reach, in actors v0 and v2 (specs-actors v0.9.13 and
// v2.3.2 builtin/miner/miner_actor.go and miner_state.go): ControlAddresses, AddLockedFund (v0) or
// ApplyRewards (v2), and OnDeferredCronEvent with its proving-deadline handling. Each handler
// follows Go's steps in Go's order, since that order decides the exit code when several checks
// fail and the blocks read and written (each charged gas). Work on partitions, pre-commits and
// early terminations is not specified yet: reaching it raises NotImplementedError.

import * as dagCbor from '@ipld/dag-cbor'
import type { CID } from 'multiformats/cid'
import { loadAmt } from '../../../../appendix/data_structures/amt.ts'
import { AmtError } from '../../../../appendix/data_structures/amt_layout.ts'
import { createBitField, isBitFieldEmpty } from '../../../../appendix/data_structures/bitfield.ts'
import { BitFieldError } from '../../../../appendix/data_structures/rle_plus.ts'
import { ActorPanic, NotImplementedError, cborParams, requireNoFault } from '../../../filecoin_vm/actor/actor_code.ts'
import { BURNT_FUNDS_ACTOR_ADDR, REWARD_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR } from '../../../filecoin_vm/actor/builtin_code.ts'
import { ExitCode, abort } from '../../../filecoin_vm/runtime/exit_code.ts'
import type { Runtime, StateCodec } from '../../../filecoin_vm/runtime/runtime.ts'
import type { FilterEstimate } from '../../../filecoin_token/block_reward_minting/smoothing.ts'
import { ThisEpochRewardReturnV0, ThisEpochRewardReturnV2, ApplyRewardParams } from '../../../filecoin_token/block_reward_minting/reward_actor.ts'
import { BlockError } from '../../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import { CurrentTotalPowerReturnV0, CurrentTotalPowerReturnV2, EnrollCronEventParams, UpdateClaimedPowerParams } from '../../../filecoin_blockchain/storage_power_consensus/storage_power_actor/types.ts'
import { encodeBigInt } from '../../../../../src/schema/big_int.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import type { Infer, Kind } from '../../../../../src/schema/kind.ts'
import { computeCborCid } from '../../../../../src/schema/struct.ts'
import { Deadline, Deadlines } from './deadlines.ts'
import { computeDeadlineInfo, getDeadlineLast, isPeriodStarted, type DeadlineInfo } from './deadline_info.ts'
import { POWER_CURRENT_TOTAL_POWER_METHOD, POWER_ENROLL_CRON_EVENT_METHOD, POWER_UPDATE_CLAIMED_POWER_METHOD, POWER_UPDATE_PLEDGE_TOTAL_METHOD, REWARD_THIS_EPOCH_REWARD_METHOD } from './ext.ts'
import { computeContinuedFaultPenalty, computeDeclaredFaultPenalty, computeUndeclaredFaultPenalty } from './monies.ts'
import { LOCKED_REWARD_FACTOR_V6, REWARD_VESTING_SPEC_V0, REWARD_VESTING_SPEC_V1, WPOST_PERIOD_DEADLINES, WPOST_PROVING_PERIOD, type VestSpec } from './policy.ts'
import { VestingFunds, getMinerInfoCodec, getMinerStateCodec, type MinerInfo, type MinerState, type MinerStateV0, type MinerStateV2 } from './state.ts'
import { CronEventPayload, CronEventType, GetControlAddressesReturn } from './types.ts'
import { computeAddLockedFunds, computeUnlockUnvestedFunds, computeUnlockVestedFunds } from './vesting.ts'

/** The shape of the bitfield queues and the partitions array: go-amt-ipld v2, values kept as bytes. */
const AMT_V2 = { version: 2 } as const

/** A fault of the stored data: a block missing or not decoding, an AMT or bitfield that cannot be read. */
function isDataFault(e: unknown): e is Error {
  return e instanceof AmtError || e instanceof SchemaError || e instanceof BlockError || e instanceof BitFieldError
}

/** Go's `RequireNoErr(rt, err, code, what)` for this actor's data faults. */
const requireNoErr = <T>(code: number, what: string, step: () => Promise<T>): Promise<T> => requireNoFault(isDataFault, code, what, step)

/** Reads a block of the store as `codec` (`store.Get`): one charged get. */
async function loadBlock<T>(rt: Runtime, codec: StateCodec<T>, cid: CID): Promise<T> {
  return codec.decode(await rt.store.get(cid))
}

/** Writes `value` as a block (`store.Put`): one charged put, even when the block is already there. */
async function saveBlock<T>(rt: Runtime, codec: StateCodec<T>, value: T): Promise<CID> {
  const bytes = codec.encode(value)
  const cid = computeCborCid(bytes)
  await rt.store.put(cid, bytes)
  return cid
}

/** The state's pledge field: InitialPledgeRequirement in v0, InitialPledge in v2. */
function getInitialPledge(st: MinerState): bigint {
  return 'InitialPledgeRequirement' in st ? st.InitialPledgeRequirement : st.InitialPledge
}

/** The miner's info block (`getMinerInfo`), ErrIllegalState when it cannot be read. */
function getMinerInfo(rt: Runtime, st: MinerState): Promise<MinerInfo> {
  return requireNoErr(ExitCode.ErrIllegalState, 'could not read miner info', () => loadBlock(rt, getMinerInfoCodec(rt.actorsVersion), st.Info))
}

/**
 * The balance neither locked nor deposited (`GetUnlockedBalance`). Actors v0 leaves the pledge
 * out and asserts the result is not negative (a panic); v2 also subtracts the initial pledge and
 * fails with an error, which callers turn into ErrIllegalState.
 */
function getUnlockedBalance(rt: Runtime, st: MinerState, balance: bigint, what: string): bigint {
  if (rt.actorsVersion === 0) {
    const unlocked = balance - st.LockedFunds - st.PreCommitDeposits
    if (unlocked < 0n) throw new ActorPanic(`negative unlocked balance ${unlocked}`)
    return unlocked
  }
  const unlocked = balance - st.LockedFunds - st.PreCommitDeposits - getInitialPledge(st)
  if (unlocked < 0n) abort(ExitCode.ErrIllegalState, `${what}: negative unlocked balance ${unlocked}`)
  return unlocked
}

function subtractLocked(st: MinerState, amount: bigint): void {
  st.LockedFunds -= amount
  if (st.LockedFunds < 0n) throw new ActorPanic(`negative locked funds ${st.LockedFunds}`)
}

/** Locks `amount` in the vesting table after vesting what is due (`State.AddLockedFunds`): the amount vested. */
async function addLockedFunds(rt: Runtime, st: MinerState, amount: bigint, spec: VestSpec): Promise<bigint> {
  const what = 'failed to lock funds in vesting table'
  const table = await requireNoErr(ExitCode.ErrIllegalState, what, () => loadBlock(rt, VestingFunds, st.VestingFunds))
  const vested = computeUnlockVestedFunds(table.Funds, rt.currEpoch)
  subtractLocked(st, vested.amount)
  const funds = computeAddLockedFunds(vested.funds, rt.currEpoch, amount, st.ProvingPeriodStart, spec)
  st.LockedFunds += amount
  st.VestingFunds = await requireNoErr(ExitCode.ErrIllegalState, what, () => saveBlock(rt, VestingFunds, { Funds: funds }))
  return vested.amount
}

/** Vests what is due (`State.UnlockVestedFunds`): the amount vested. Actors v2 skips the table when nothing is locked. */
async function unlockVestedFunds(rt: Runtime, st: MinerState): Promise<bigint> {
  if (rt.actorsVersion !== 0 && st.LockedFunds === 0n) return 0n
  const what = 'failed to vest funds'
  const table = await requireNoErr(ExitCode.ErrIllegalState, what, () => loadBlock(rt, VestingFunds, st.VestingFunds))
  const vested = computeUnlockVestedFunds(table.Funds, rt.currEpoch)
  if (rt.actorsVersion === 0) subtractLocked(st, vested.amount)
  else {
    st.LockedFunds -= vested.amount
    if (st.LockedFunds < 0n) abort(ExitCode.ErrIllegalState, `${what}: vesting caused locked funds negative ${st.LockedFunds}`)
  }
  st.VestingFunds = await requireNoErr(ExitCode.ErrIllegalState, what, () => saveBlock(rt, VestingFunds, { Funds: vested.funds }))
  return vested.amount
}

/** Takes up to `target` from unvested funds (`State.UnlockUnvestedFunds`). Actors v2 skips the table when there is nothing to take. */
async function unlockUnvestedFunds(rt: Runtime, st: MinerState, target: bigint, what: string): Promise<bigint> {
  if (rt.actorsVersion !== 0 && (target === 0n || st.LockedFunds === 0n)) return 0n
  const table = await requireNoErr(ExitCode.ErrIllegalState, what, () => loadBlock(rt, VestingFunds, st.VestingFunds))
  const taken = computeUnlockUnvestedFunds(table.Funds, rt.currEpoch, target)
  subtractLocked(st, taken.amount)
  st.VestingFunds = await requireNoErr(ExitCode.ErrIllegalState, what, () => saveBlock(rt, VestingFunds, { Funds: taken.funds }))
  return taken.amount
}

/** Actors v0: a penalty from unvested funds first, the rest from the unlocked balance as far as it goes (`PenalizeFundsInPriorityOrder`). */
async function penalizeFundsInPriorityOrder(rt: Runtime, st: MinerState, target: bigint, unlockedBalance: bigint): Promise<{ fromVesting: bigint; fromBalance: bigint }> {
  const fromVesting = await unlockUnvestedFunds(rt, st, target, 'failed to unlock penalty')
  if (fromVesting === target) return { fromVesting, fromBalance: 0n }
  const remaining = target - fromVesting
  return { fromVesting, fromBalance: unlockedBalance < remaining ? unlockedBalance : remaining }
}

/** Actors v2: adds a penalty to the fee debt (`ApplyPenalty`); a negative one is an illegal state. */
function applyPenalty(st: MinerStateV2, penalty: bigint): void {
  if (penalty < 0n) abort(ExitCode.ErrIllegalState, `failed to apply penalty: applying negative penalty ${penalty} not allowed`)
  st.FeeDebt += penalty
}

/** Actors v2: pays the fee debt from unvested funds, then the unlocked balance (`RepayPartialDebtInPriorityOrder`). */
async function repayPartialDebtInPriorityOrder(rt: Runtime, st: MinerStateV2, balance: bigint, what: string): Promise<{ fromVesting: bigint; fromBalance: bigint }> {
  const unlocked = getUnlockedBalance(rt, st, balance, what)
  const fromVesting = await unlockUnvestedFunds(rt, st, st.FeeDebt, what)
  if (fromVesting > st.FeeDebt) throw new ActorPanic('unlocked more than the fee debt')
  st.FeeDebt -= fromVesting
  const fromBalance = unlocked < st.FeeDebt ? unlocked : st.FeeDebt
  st.FeeDebt -= fromBalance
  return { fromVesting, fromBalance }
}

/** Sends and requires success (`builtin.RequireSuccess`): a failed send aborts with its exit code; the return read as `kind`. */
async function sendOrAbort<T>(rt: Runtime, to: Parameters<Runtime['send']>[0], method: bigint, params: Uint8Array | undefined, value: bigint, what: string, kind?: Kind<T>): Promise<T | undefined> {
  const { exitCode, returnValue } = await rt.send(to, method, params, value)
  if (exitCode !== ExitCode.Ok) abort(exitCode, what)
  if (kind === undefined) return undefined
  try {
    return cborParams(kind).read(returnValue)
  } catch (e) {
    if (e instanceof SchemaError) abort(ExitCode.ErrSerialization, `${what}: ${e.message}`)
    throw e
  }
}

/** Tells the power actor the network's pledge changed by `delta`, unless it is zero (`notifyPledgeChanged`). */
async function notifyPledgeChanged(rt: Runtime, delta: bigint): Promise<void> {
  if (delta !== 0n) await sendOrAbort(rt, STORAGE_POWER_ACTOR_ADDR, POWER_UPDATE_PLEDGE_TOTAL_METHOD, dagCbor.encode(encodeBigInt(delta)), 0n, 'failed to update total pledge')
}

/** Sends a positive amount to the burnt-funds actor (`burnFunds`). */
async function burnFunds(rt: Runtime, amount: bigint): Promise<void> {
  if (amount > 0n) await sendOrAbort(rt, BURNT_FUNDS_ACTOR_ADDR, 0n, undefined, amount, 'failed to burn funds')
}

/** Tells the power actor the miner's power changed, unless by nothing (`requestUpdatePower`). */
async function requestUpdatePower(rt: Runtime, raw: bigint, qa: bigint): Promise<void> {
  if (raw === 0n && qa === 0n) return
  const params = UpdateClaimedPowerParams.encode({ RawByteDelta: raw, QualityAdjustedDelta: qa })
  await sendOrAbort(rt, STORAGE_POWER_ACTOR_ADDR, POWER_UPDATE_CLAIMED_POWER_METHOD, params, 0n, `failed to update power with ${raw}, ${qa}`)
}

/** Enrolls a cron callback for `epoch` with the power actor (`enrollCronEvent`). */
async function enrollCronEvent(rt: Runtime, epoch: bigint, eventType: bigint): Promise<void> {
  const params = EnrollCronEventParams.encode({ EventEpoch: epoch, Payload: CronEventPayload.encode({ EventType: eventType }) })
  await sendOrAbort(rt, STORAGE_POWER_ACTOR_ADDR, POWER_ENROLL_CRON_EVENT_METHOD, params, 0n, 'failed to enroll cron event')
}

/** The reward actor's smoothed reward and the power actor's smoothed QA power (`requestCurrentEpochBlockReward`, `requestCurrentTotalPower`). */
async function requestRewardAndPower(rt: Runtime): Promise<{ reward: FilterEstimate | null; power: FilterEstimate | null }> {
  const v0 = rt.actorsVersion === 0
  const rewardKind = v0 ? ThisEpochRewardReturnV0 : ThisEpochRewardReturnV2
  const reward = await sendOrAbort(rt, REWARD_ACTOR_ADDR, REWARD_THIS_EPOCH_REWARD_METHOD, undefined, 0n, 'failed to check epoch baseline power', rewardKind as Kind<{ ThisEpochRewardSmoothed: FilterEstimate | null }>)
  const powerKind = v0 ? CurrentTotalPowerReturnV0 : CurrentTotalPowerReturnV2
  const power = await sendOrAbort(rt, STORAGE_POWER_ACTOR_ADDR, POWER_CURRENT_TOTAL_POWER_METHOD, undefined, 0n, 'failed to check current power', powerKind as Kind<{ QualityAdjPowerSmoothed: FilterEstimate | null }>)
  return { reward: reward!.ThisEpochRewardSmoothed, power: power!.QualityAdjPowerSmoothed }
}

/** An estimate Go dereferences: a null pointer there is a panic. */
function requireEstimate(e: FilterEstimate | null): FilterEstimate {
  if (e === null) throw new ActorPanic('nil filter estimate')
  return e
}

/** The deadline the state's schedule is at, seen from `currEpoch` (`State.DeadlineInfo`). */
export function getStateDeadlineInfo(st: MinerState, currEpoch: bigint): DeadlineInfo {
  return computeDeadlineInfo(st.ProvingPeriodStart, st.CurrentDeadline, currEpoch)
}

/** Moves the schedule to the next deadline, and the period on after the last one. */
function advanceSchedule(st: MinerState): void {
  st.CurrentDeadline = (st.CurrentDeadline + 1n) % BigInt(WPOST_PERIOD_DEADLINES)
  if (st.CurrentDeadline === 0n) st.ProvingPeriodStart += WPOST_PROVING_PERIOD
}

/**
 * Pops a bitfield queue's entries up to `until` (`BitfieldQueue.PopUntil`), reading the AMT's
 * root: with none due, nothing changes. Due entries (pre-commits or partitions to expire) are not
 * specified yet.
 */
async function popBitfieldQueueUntil(rt: Runtime, root: CID, until: bigint, what: string): Promise<void> {
  const queue = await requireNoErr(ExitCode.ErrIllegalState, what, () => loadAmt(rt.store, root, AMT_V2))
  await requireNoErr(ExitCode.ErrIllegalState, what, async () => {
    for await (const [epoch] of queue.entries()) {
      if (epoch > until) break
      throw new NotImplementedError(`storage miner: ${what} with entries due (epoch ${epoch})`)
    }
  })
}

/** The deadlines block and deadline `index` of it (`LoadDeadlines`, `LoadDeadline`). */
async function loadDeadline(rt: Runtime, st: MinerState, index: bigint): Promise<{ deadlines: Deadlines; deadline: Deadline }> {
  const deadlines = await requireNoErr(ExitCode.ErrIllegalState, 'failed to load deadlines', () => loadBlock(rt, Deadlines, st.Deadlines))
  if (index >= BigInt(deadlines.Due.length)) abort(ExitCode.ErrIllegalArgument, `invalid deadline ${index}`)
  const deadline = await requireNoErr(ExitCode.ErrIllegalState, `failed to load deadline ${index}`, () => loadBlock(rt, Deadline, deadlines.Due[Number(index)]!))
  return { deadlines, deadline }
}

/** Actors v0, `Deadline.ProcessDeadlineEnd` for a deadline without partitions: reads the partitions root and resets the PoSt submissions. */
async function processDeadlineEnd(rt: Runtime, deadline: Deadline, index: bigint): Promise<void> {
  const what = `failed to process end of deadline ${index}`
  const partitions = await requireNoErr(ExitCode.ErrIllegalState, what, () => loadAmt(rt.store, deadline.Partitions, AMT_V2))
  if (partitions.count > 0n) throw new NotImplementedError(`storage miner: end of deadline ${index} with ${partitions.count} partition(s)`)
  deadline.PostSubmissions = createBitField()
}

/**
 * Actors v0 proving-deadline work inside the state transaction (`handleProvingDeadline`): vest,
 * expire pre-commits, then, once the period has started, close the current deadline (missed PoSts,
 * fault fees, expirations), save it and advance the schedule.
 */
async function processProvingDeadlineV0(rt: Runtime, st: MinerStateV0, reward: FilterEstimate | null, power: FilterEstimate | null, totals: { penalty: bigint; pledgeDelta: bigint }): Promise<void> {
  const nv = rt.networkVersion
  const now = rt.currEpoch
  totals.pledgeDelta -= await unlockVestedFunds(rt, st)
  await popBitfieldQueueUntil(rt, st.PreCommittedSectorsExpiry, now, 'failed to pop expired sectors')
  const info = getStateDeadlineInfo(st, now)
  if (!isPeriodStarted(info)) return
  const { deadlines, deadline } = await loadDeadline(rt, st, info.index)
  let unlockedBalance = getUnlockedBalance(rt, st, await rt.getCurrentBalance(), '')
  const previouslyFaultyQA = deadline.FaultyPower.QA
  await processDeadlineEnd(rt, deadline, info.index)
  if (nv < 3) {
    // No new faults without partitions: the undeclared fee less the declared one, on zero power.
    const target = computeUndeclaredFaultPenalty(requireEstimate(reward), requireEstimate(power), 0n, nv) - computeDeclaredFaultPenalty(requireEstimate(reward), requireEstimate(power), 0n, nv)
    const paid = await penalizeFundsInPriorityOrder(rt, st, target, unlockedBalance)
    unlockedBalance -= paid.fromBalance
    totals.penalty += paid.fromVesting + paid.fromBalance
    totals.pledgeDelta -= paid.fromVesting
  }
  const ongoingFaultyQA = nv >= 3 ? previouslyFaultyQA : deadline.FaultyPower.QA
  const target = computeDeclaredFaultPenalty(requireEstimate(reward), requireEstimate(power), ongoingFaultyQA, nv)
  const paid = await penalizeFundsInPriorityOrder(rt, st, target, unlockedBalance)
  totals.penalty += paid.fromVesting + paid.fromBalance
  totals.pledgeDelta -= paid.fromVesting
  await popBitfieldQueueUntil(rt, deadline.ExpirationsEpochs, getDeadlineLast(info), 'failed to load expired sectors')
  deadlines.Due[Number(info.index)] = await requireNoErr(ExitCode.ErrIllegalState, `failed to update deadline ${info.index}`, () => saveBlock(rt, Deadline, deadline))
  st.Deadlines = await requireNoErr(ExitCode.ErrIllegalState, 'failed to save deadlines', () => saveBlock(rt, Deadlines, deadlines))
  advanceSchedule(st)
}

/**
 * Actors v2 proving-deadline work inside the state transaction (`handleProvingDeadline`): vest,
 * commit a due worker change, expire pre-commits into the fee debt, advance the deadline
 * (`State.AdvanceDeadline`), charge the continued fault fee and repay what debt the funds cover.
 */
async function processProvingDeadlineV2(rt: Runtime, st: MinerStateV2, reward: FilterEstimate, power: FilterEstimate, totals: { penalty: bigint; pledgeDelta: bigint }): Promise<void> {
  const now = rt.currEpoch
  totals.pledgeDelta -= await unlockVestedFunds(rt, st)
  const info = await getMinerInfo(rt, st)
  if (info.PendingWorkerKey !== null && now >= info.PendingWorkerKey.EffectiveAt) {
    info.Worker = info.PendingWorkerKey.NewWorker
    info.PendingWorkerKey = null
    st.Info = await requireNoErr(ExitCode.ErrIllegalState, 'could not save miner info', () => saveBlock(rt, getMinerInfoCodec(2), info))
  }
  await popBitfieldQueueUntil(rt, st.PreCommittedSectorsExpiry, now, 'failed to expire pre-committed sectors')
  applyPenalty(st, 0n)
  const dlInfo = getStateDeadlineInfo(st, now)
  let previouslyFaultyQA = 0n
  if (isPeriodStarted(dlInfo)) {
    advanceSchedule(st)
    const { deadline } = await loadDeadline(rt, st, dlInfo.index)
    previouslyFaultyQA = deadline.FaultyPower.QA
    if (deadline.LiveSectors !== 0n) throw new NotImplementedError(`storage miner: end of deadline ${dlInfo.index} with ${deadline.LiveSectors} live sector(s)`)
  }
  applyPenalty(st, computeContinuedFaultPenalty(reward, power, previouslyFaultyQA))
  const paid = await repayPartialDebtInPriorityOrder(rt, st, await rt.getCurrentBalance(), 'failed to unlock penalty')
  totals.penalty = paid.fromVesting + paid.fromBalance
  totals.pledgeDelta -= paid.fromVesting
}

/** The proving-deadline cron event (`handleProvingDeadline`): the state work, then power, burn, pledge and the next event. */
async function handleProvingDeadline(rt: Runtime): Promise<void> {
  const { reward, power } = await requestRewardAndPower(rt)
  const totals = { penalty: 0n, pledgeDelta: 0n }
  let hadEarlyTerminations = false
  const st = await rt.stateTransaction(getMinerStateCodec(rt.actorsVersion), async (st) => {
    if (rt.actorsVersion === 0) {
      // v0 records early terminations after pre-commit expiry; neither step touches them, so reading them first is the same.
      hadEarlyTerminations = !isBitFieldEmpty(st.EarlyTerminations)
      await processProvingDeadlineV0(rt, st as MinerStateV0, reward, power, totals)
    } else {
      hadEarlyTerminations = !isBitFieldEmpty(st.EarlyTerminations)
      await processProvingDeadlineV2(rt, st as MinerStateV2, requireEstimate(reward), requireEstimate(power), totals)
    }
    return st
  })
  await requestUpdatePower(rt, 0n, 0n)
  await burnFunds(rt, totals.penalty)
  await notifyPledgeChanged(rt, totals.pledgeDelta)
  await enrollCronEvent(rt, getDeadlineLast(getStateDeadlineInfo(st, rt.currEpoch)), CronEventType.ProvingDeadline)
  if (!hadEarlyTerminations && !isBitFieldEmpty(st.EarlyTerminations)) throw new NotImplementedError('storage miner: processing early terminations')
}

/** ControlAddresses (2): anyone may ask for the owner, worker and control addresses. */
export async function controlAddresses(rt: Runtime): Promise<Uint8Array> {
  rt.validateImmediateCallerAcceptAny()
  const st = await rt.stateReadonly(getMinerStateCodec(rt.actorsVersion))
  const info = await getMinerInfo(rt, st)
  return GetControlAddressesReturn.encode({ Owner: info.Owner, Worker: info.Worker, ControlAddrs: info.ControlAddresses })
}

/**
 * AddLockedFund (14, actors v0): the reward actor (or the owner, worker or a control address)
 * locks `amount` of the miner's unlocked balance to vest by the reward vesting schedule (the
 * network version 0 one, with a 20-day delay, before version 1); the pledge total grows by the
 * amount less what vested meanwhile.
 */
export async function addLockedFund(rt: Runtime, amount: bigint): Promise<undefined> {
  if (amount < 0n) abort(ExitCode.ErrIllegalArgument, 'cannot lock up a negative amount of funds')
  const spec = rt.networkVersion >= 1 ? REWARD_VESTING_SPEC_V1 : REWARD_VESTING_SPEC_V0
  const newlyVested = await rt.stateTransaction(getMinerStateCodec(rt.actorsVersion), async (st) => {
    const info = await getMinerInfo(rt, st)
    rt.validateImmediateCallerIs(...info.ControlAddresses, info.Owner, info.Worker, REWARD_ACTOR_ADDR)
    const unlocked = getUnlockedBalance(rt, st, await rt.getCurrentBalance(), '')
    if (unlocked < amount) abort(ExitCode.ErrInsufficientFunds, `insufficient funds to lock, available: ${unlocked}, requested: ${amount}`)
    return addLockedFunds(rt, st, amount, spec)
  })
  await notifyPledgeChanged(rt, amount - newlyVested)
  return undefined
}

/**
 * ApplyRewards (14, actors v2): the reward actor hands over a block reward to lock (75% of it
 * from network version 6) and a penalty, which becomes fee debt repaid at once from unvested
 * funds and then the unlocked balance; what is repaid is burnt.
 */
export async function applyRewards(rt: Runtime, params: Infer<typeof ApplyRewardParams>): Promise<undefined> {
  if (params.Reward < 0n) abort(ExitCode.ErrIllegalArgument, 'cannot lock up a negative amount of funds')
  if (params.Penalty < 0n) abort(ExitCode.ErrIllegalArgument, 'cannot penalize a negative amount of funds')
  const nv = rt.networkVersion
  let pledgeDelta = 0n
  let toBurn = 0n
  await rt.stateTransaction(getMinerStateCodec(rt.actorsVersion), async (state) => {
    const st = state as MinerStateV2
    rt.validateImmediateCallerIs(REWARD_ACTOR_ADDR)
    const toLock = nv >= 6 ? (params.Reward * LOCKED_REWARD_FACTOR_V6.num) / LOCKED_REWARD_FACTOR_V6.denom : params.Reward
    const unlocked = getUnlockedBalance(rt, st, await rt.getCurrentBalance(), 'failed to calculate unlocked balance')
    if (unlocked < toLock) abort(ExitCode.ErrInsufficientFunds, `insufficient funds to lock, available: ${unlocked}, requested: ${toLock}`)
    const newlyVested = await addLockedFunds(rt, st, toLock, REWARD_VESTING_SPEC_V1)
    pledgeDelta = toLock - newlyVested
    applyPenalty(st, params.Penalty)
    const paid = await repayPartialDebtInPriorityOrder(rt, st, await rt.getCurrentBalance(), 'failed to repay penalty')
    pledgeDelta -= paid.fromVesting
    toBurn = paid.fromVesting + paid.fromBalance
  })
  await notifyPledgeChanged(rt, pledgeDelta)
  await burnFunds(rt, toBurn)
  return undefined
}

/**
 * OnDeferredCronEvent (12): the power actor calls back with the payload the miner enrolled. A
 * proving-deadline event is handled; a worker key change (v0) and early-termination processing
 * are not specified yet; any other type does nothing.
 */
export async function onDeferredCronEvent(rt: Runtime, payload: CronEventPayload): Promise<undefined> {
  rt.validateImmediateCallerIs(STORAGE_POWER_ACTOR_ADDR)
  if (payload.EventType === CronEventType.ProvingDeadline) await handleProvingDeadline(rt)
  else if (payload.EventType === CronEventType.WorkerKeyChange && rt.actorsVersion === 0) throw new NotImplementedError('storage miner: worker key change cron event')
  else if (payload.EventType === CronEventType.ProcessEarlyTerminations) throw new NotImplementedError('storage miner: early terminations cron event')
  return undefined
}
