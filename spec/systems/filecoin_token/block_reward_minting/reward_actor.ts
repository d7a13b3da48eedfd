// Spec section: Systems › Filecoin Token › Block Reward Minting, "The reward actor". The actor
// that holds the FIL not yet minted and pays each block's producer (specs-actors v0.9 / v2
// builtin/reward): its state, its constructor, AwardBlockReward, ThisEpochReward and
// UpdateNetworkKPI, which runs the minting functions (reward_logic.ts) once per epoch and
// smooths the reward (smoothing.ts).

import * as dagCbor from '@ipld/dag-cbor'
import { address } from '../../../appendix/address/address.ts'
import { EMPTY_PARAMS, ActorPanic, cborParams, defineMethod, type ActorCode } from '../../filecoin_vm/actor/actor_code.ts'
import { BURNT_FUNDS_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR, SYSTEM_ACTOR_ADDR, getBuiltinCode, type ActorsVersion } from '../../filecoin_vm/actor/builtin_code.ts'
import { ExitCode, abort } from '../../filecoin_vm/runtime/exit_code.ts'
import type { Runtime } from '../../filecoin_vm/runtime/runtime.ts'
import { bigInt, encodeBigInt } from '../../../../src/schema/big_int.ts'
import type { Infer } from '../../../../src/schema/kind.ts'
import { int64, nullable } from '../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../src/schema/struct.ts'
import {
  BASELINE_EXPONENT,
  BASELINE_EXPONENT_V0,
  BASELINE_INITIAL_VALUE,
  BASELINE_INITIAL_VALUE_V0,
  BASELINE_TOTAL,
  SIMPLE_TOTAL,
  computeInitBaselinePower,
  getBaselineExponent,
} from '../minting_model/baseline.ts'
import { INITIAL_REWARD_POSITION_ESTIMATE, INITIAL_REWARD_VELOCITY_ESTIMATE, applyNetworkKPI, applyNextEpochWithReward } from './reward_logic.ts'
import { FilterEstimate, computeNextEstimate, newFilterEstimate } from './smoothing.ts'

/** Wins expected per epoch: a block's reward is the epoch's reward × its win count / 5. */
export const EXPECTED_LEADERS_PER_EPOCH = 5n
/** From actors v2 the miner's penalty for a block's bad messages is tripled. */
export const PENALTY_MULTIPLIER = 3n
/** The miner method the reward is sent to: AddLockedFund (v0), renamed ApplyRewards (v2). */
export const MINER_APPLY_REWARDS_METHOD = 14n

const commonFields = {
  CumsumBaseline: field(bigInt, 'Cumulative baseline power, in byte-epochs.'),
  CumsumRealized: field(bigInt, 'Cumulative realized power, capped by the baseline, in byte-epochs.'),
  EffectiveNetworkTime: field(int64, 'The network time at which the realized cumsum meets the baseline.'),
  EffectiveBaselinePower: field(bigInt, 'The baseline power at the effective network time.'),
  ThisEpochReward: field(bigInt, 'Reward for the whole epoch, attoFIL.'),
}

export const RewardStateV0 = defineStruct(
  'RewardStateV0',
  {
    ...commonFields,
    ThisEpochRewardSmoothed: field(nullable(FilterEstimate), 'The smoothed reward (a pointer in v0).'),
    ThisEpochBaselinePower: field(bigInt, 'The baseline power this epoch.'),
    Epoch: field(int64, 'The epoch the state is for.'),
    TotalMined: field(bigInt, 'Block rewards paid so far.'),
  },
  { doc: 'The reward actor state of actors v0.' },
)
export type RewardStateV0 = Infer<typeof RewardStateV0>

export const RewardStateV2 = defineStruct(
  'RewardStateV2',
  {
    ...commonFields,
    ThisEpochRewardSmoothed: field(FilterEstimate, 'The smoothed reward.'),
    ThisEpochBaselinePower: field(bigInt, 'The baseline power this epoch.'),
    Epoch: field(int64, 'The epoch the state is for.'),
    TotalStoragePowerReward: field(bigInt, 'Block rewards paid so far (v0 TotalMined).'),
    SimpleTotal: field(bigInt, 'Total FIL the simple minting releases.'),
    BaselineTotal: field(bigInt, 'Total FIL the baseline minting releases.'),
  },
  { doc: 'The reward actor state of actors v2.' },
)
export type RewardStateV2 = Infer<typeof RewardStateV2>

export const AwardBlockRewardParams = defineStruct(
  'AwardBlockRewardParams',
  {
    Miner: field(address, 'The block producer.'),
    Penalty: field(bigInt, 'Penalty for the block’s bad messages, ≥ 0.'),
    GasReward: field(bigInt, 'The block’s gas tips, ≥ 0.'),
    WinCount: field(int64, 'Wins of the block’s election, > 0.'),
  },
  { doc: 'Parameters of AwardBlockReward (method 2), sent by the system actor for each block.' },
)
export type AwardBlockRewardParams = Infer<typeof AwardBlockRewardParams>

export const ThisEpochRewardReturnV0 = defineStruct('ThisEpochRewardReturnV0', {
  ThisEpochReward: field(bigInt, ''),
  ThisEpochRewardSmoothed: field(nullable(FilterEstimate), ''),
  ThisEpochBaselinePower: field(bigInt, ''),
})

export const ThisEpochRewardReturnV2 = defineStruct('ThisEpochRewardReturnV2', {
  ThisEpochRewardSmoothed: field(FilterEstimate, ''),
  ThisEpochBaselinePower: field(bigInt, ''),
})

export const ApplyRewardParams = defineStruct(
  'ApplyRewardParams',
  { Reward: field(bigInt, 'The block reward plus gas reward sent with it.'), Penalty: field(bigInt, 'The penalty the miner owes.') },
  { doc: 'Parameters of the miner’s ApplyRewards (actors v2).' },
)

/**
 * The state a reward actor starts with (specs-actors v0 `ConstructState`): epoch −1 with the
 * baseline one step before its initial value, the smoothed reward at its first estimate, then
 * one epoch on with the given realized power, so the state is that of epoch 0. Actors v0 always
 * steps with the 200% baseline here, whatever the network version.
 */
export function newRewardStateV0(currRealizedPower: bigint): RewardStateV0 {
  const st: RewardStateV0 = {
    CumsumBaseline: 0n,
    CumsumRealized: 0n,
    EffectiveNetworkTime: 0n,
    EffectiveBaselinePower: BASELINE_INITIAL_VALUE_V0,
    ThisEpochReward: 0n,
    ThisEpochRewardSmoothed: newFilterEstimate(INITIAL_REWARD_POSITION_ESTIMATE, INITIAL_REWARD_VELOCITY_ESTIMATE),
    ThisEpochBaselinePower: computeInitBaselinePower(BASELINE_INITIAL_VALUE_V0, BASELINE_EXPONENT_V0),
    Epoch: -1n,
    TotalMined: 0n,
  }
  return applyNextEpochWithReward(st, currRealizedPower, BASELINE_EXPONENT_V0, SIMPLE_TOTAL, BASELINE_TOTAL)
}

/** The same for actors v2 (specs-actors v2 `ConstructState`): the 2.5 EiB baseline growing 100% a year, and the two totals in the state. */
export function newRewardStateV2(currRealizedPower: bigint): RewardStateV2 {
  const st: RewardStateV2 = {
    CumsumBaseline: 0n,
    CumsumRealized: 0n,
    EffectiveNetworkTime: 0n,
    EffectiveBaselinePower: BASELINE_INITIAL_VALUE,
    ThisEpochReward: 0n,
    ThisEpochRewardSmoothed: newFilterEstimate(INITIAL_REWARD_POSITION_ESTIMATE, INITIAL_REWARD_VELOCITY_ESTIMATE),
    ThisEpochBaselinePower: computeInitBaselinePower(BASELINE_INITIAL_VALUE, BASELINE_EXPONENT),
    Epoch: -1n,
    TotalStoragePowerReward: 0n,
    SimpleTotal: SIMPLE_TOTAL,
    BaselineTotal: BASELINE_TOTAL,
  }
  return applyNextEpochWithReward(st, currRealizedPower, BASELINE_EXPONENT, st.SimpleTotal, st.BaselineTotal)
}

/**
 * Constructor (method 1), sent by the system actor at genesis with the network's raw byte
 * power. The reference refuses a nil power with ErrIllegalArgument, but its parameter decoder
 * never yields nil (a CBOR null is not a big integer), so that exit code cannot occur.
 */
async function construct(rt: Runtime, currRealizedPower: bigint): Promise<undefined> {
  rt.validateImmediateCallerIs(SYSTEM_ACTOR_ADDR)
  if (rt.actorsVersion === 0) await rt.stateCreate(RewardStateV0, newRewardStateV0(currRealizedPower))
  else await rt.stateCreate(RewardStateV2, newRewardStateV2(currRealizedPower))
  return undefined
}

/**
 * AwardBlockReward: checks the parameters, adds the block's share of this epoch's reward to the
 * total paid, and sends reward and gas reward to the miner (burning it if the miner refuses). In
 * v0 the penalty is taken out of the payment and burnt here; in v2 it is tripled and passed to
 * the miner with the reward.
 */
async function awardBlockReward(rt: Runtime, params: AwardBlockRewardParams): Promise<undefined> {
  rt.validateImmediateCallerIs(SYSTEM_ACTOR_ADDR)
  const priorBalance = await rt.getCurrentBalance()
  if (params.Penalty < 0n) abort(ExitCode.ErrIllegalArgument, `negative penalty ${params.Penalty}`)
  if (params.GasReward < 0n) abort(ExitCode.ErrIllegalArgument, `negative gas reward ${params.GasReward}`)
  if (priorBalance < params.GasReward) abort(ExitCode.ErrIllegalState, `actor current balance ${priorBalance} insufficient to pay gas reward ${params.GasReward}`)
  if (params.WinCount <= 0n) abort(ExitCode.ErrIllegalArgument, `invalid win count ${params.WinCount}`)
  const miner = await rt.resolveAddress(params.Miner)
  if (miner === undefined) abort(ExitCode.ErrNotFound, 'failed to resolve given owner address')
  const v0 = rt.actorsVersion === 0
  let totalReward = 0n
  const addMined = async <T extends { ThisEpochReward: bigint }>(state: T, credit: (st: T, mined: bigint) => void) => {
    let blockReward = (state.ThisEpochReward * params.WinCount) / EXPECTED_LEADERS_PER_EPOCH
    totalReward = blockReward + params.GasReward
    const balance = await rt.getCurrentBalance()
    if (totalReward > balance) {
      totalReward = balance
      blockReward = totalReward - params.GasReward
      if (blockReward < 0n) throw new ActorPanic(`programming error, block reward is ${blockReward} below zero`)
    }
    credit(state, blockReward)
  }
  if (v0) await rt.stateTransaction(RewardStateV0, (st) => addMined(st, (s, mined) => void (s.TotalMined += mined)))
  else await rt.stateTransaction(RewardStateV2, (st) => addMined(st, (s, mined) => void (s.TotalStoragePowerReward += mined)))

  if (v0) {
    const penalty = params.Penalty < totalReward ? params.Penalty : totalReward
    const payable = totalReward - penalty
    if (payable + penalty > priorBalance) throw new ActorPanic(`reward payable ${payable} + penalty ${penalty} exceeds balance ${priorBalance}`)
    const { exitCode } = await rt.send(miner, MINER_APPLY_REWARDS_METHOD, dagCbor.encode(encodeBigInt(payable)), payable)
    if (exitCode !== ExitCode.Ok) await rt.send(BURNT_FUNDS_ACTOR_ADDR, 0n, undefined, payable)
    if (penalty > 0n) {
      const burnt = await rt.send(BURNT_FUNDS_ACTOR_ADDR, 0n, undefined, penalty)
      if (burnt.exitCode !== ExitCode.Ok) abort(burnt.exitCode, 'failed to send penalty to burnt funds actor')
    }
    return undefined
  }
  if (totalReward > priorBalance) throw new ActorPanic(`reward ${totalReward} exceeds balance ${priorBalance}`)
  const rewardParams = ApplyRewardParams.encode({ Reward: totalReward, Penalty: PENALTY_MULTIPLIER * params.Penalty })
  const { exitCode } = await rt.send(miner, MINER_APPLY_REWARDS_METHOD, rewardParams, totalReward)
  if (exitCode !== ExitCode.Ok) await rt.send(BURNT_FUNDS_ACTOR_ADDR, 0n, undefined, totalReward)
  return undefined
}

async function thisEpochReward(rt: Runtime): Promise<Uint8Array> {
  rt.validateImmediateCallerAcceptAny()
  if (rt.actorsVersion === 0) {
    const st = await rt.stateReadonly(RewardStateV0)
    return ThisEpochRewardReturnV0.encode({ ThisEpochReward: st.ThisEpochReward, ThisEpochRewardSmoothed: st.ThisEpochRewardSmoothed, ThisEpochBaselinePower: st.ThisEpochBaselinePower })
  }
  const st = await rt.stateReadonly(RewardStateV2)
  return ThisEpochRewardReturnV2.encode({ ThisEpochRewardSmoothed: st.ThisEpochRewardSmoothed, ThisEpochBaselinePower: st.ThisEpochBaselinePower })
}

/**
 * UpdateNetworkKPI (method 4), sent by the power actor at the end of every epoch's cron, null
 * rounds included, with the network's raw byte power: the state catches up any epochs it missed
 * and moves to the next epoch with its reward (`applyNetworkKPI`), then the smoothed reward
 * takes in the new reward over the epochs that passed. Actors v0 picks the baseline growth rate
 * from the network version (`getBaselineExponent`) and reads its totals from code; v2 reads them
 * from the state. A v0 state without a smoothed estimate makes the reference dereference nil: a
 * panic here too.
 */
async function updateNetworkKPI(rt: Runtime, currRealizedPower: bigint): Promise<undefined> {
  rt.validateImmediateCallerIs(STORAGE_POWER_ACTOR_ADDR)
  const exponent = getBaselineExponent(rt.actorsVersion, rt.networkVersion)
  if (rt.actorsVersion === 0) {
    await rt.stateTransaction(RewardStateV0, (st) => {
      const next = applyNetworkKPI(st, rt.currEpoch, currRealizedPower, exponent, SIMPLE_TOTAL, BASELINE_TOTAL)
      if (st.ThisEpochRewardSmoothed === null) throw new ActorPanic('reward state has no smoothed reward estimate')
      Object.assign(st, next, { ThisEpochRewardSmoothed: computeNextEstimate(st.ThisEpochRewardSmoothed, next.ThisEpochReward, next.Epoch - st.Epoch) })
    })
    return undefined
  }
  await rt.stateTransaction(RewardStateV2, (st) => {
    const next = applyNetworkKPI(st, rt.currEpoch, currRealizedPower, exponent, st.SimpleTotal, st.BaselineTotal)
    Object.assign(st, next, { ThisEpochRewardSmoothed: computeNextEstimate(st.ThisEpochRewardSmoothed, next.ThisEpochReward, next.Epoch - st.Epoch) })
  })
  return undefined
}

/** The reward actor: Constructor (1), AwardBlockReward (2), ThisEpochReward (3), UpdateNetworkKPI (4). */
export function getRewardActor(version: ActorsVersion): ActorCode {
  return {
    code: getBuiltinCode('reward', version),
    singleton: true,
    actorsVersion: version,
    methods: [
      undefined,
      defineMethod(cborParams(bigInt), construct),
      defineMethod(cborParams(AwardBlockRewardParams), awardBlockReward),
      defineMethod(EMPTY_PARAMS, thisEpochReward),
      defineMethod(cborParams(bigInt), updateNetworkKPI),
    ],
  }
}
