// AwardBlockReward (method 2) on a constructed reward actor, actors v0 and v2: the reference's
// cases (specs-actors v2 reward_test.go TestAwardBlockReward, with v0's penalty burnt by the
// reward actor itself), every exit code, and the property that the payments never exceed what
// the actor holds: what is minted is capped by its balance, the FIL not yet minted.
import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addressToString, newActorAddress, newIdAddress } from '../../../../../spec/appendix/address/address.ts'
import { ApplyRewardParams, MINER_APPLY_REWARDS_METHOD, RewardStateV0, RewardStateV2 } from '../../../../../spec/systems/filecoin_token/block_reward_minting/reward_actor.ts'
import { BURNT_FUNDS_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { encodeBigInt } from '../../../../../src/schema/big_int.ts'
import { METHOD_AWARD_BLOCK_REWARD, RewardRuntime } from './harness.ts'

const EPOCH_ZERO_REWARD = 36266264293777134739n
const winner = newIdAddress(1000n)
const FIL = 10n ** 18n

async function newActor(version: 0 | 2, power = 0n): Promise<RewardRuntime> {
  const rt = new RewardRuntime(version)
  await rt.construct(power)
  return rt
}

/** Sets the state's reward per epoch, as the reference's tests do with ReplaceState. */
async function setEpochReward(rt: RewardRuntime, reward: bigint): Promise<void> {
  const st = await rt.state()
  if (rt.actorsVersion === 0) await rt.loadHead(RewardStateV0.encode({ ...(st as RewardStateV0), ThisEpochReward: reward }))
  else await rt.loadHead(RewardStateV2.encode({ ...(st as RewardStateV2), ThisEpochReward: reward }))
}

const totalPaid = async (rt: RewardRuntime) => {
  const st = await rt.state()
  return 'TotalMined' in st ? st.TotalMined : st.TotalStoragePowerReward
}
const sentTo = (rt: RewardRuntime) => rt.sends.map((s) => [addressToString(s.to), s.method, s.value])

describe.each([0, 2] as const)('AwardBlockReward, actors v%i', (version) => {
  it('pays the block’s share of the epoch reward plus the gas reward, and the penalty as the version does', async () => {
    const rt = await newActor(version)
    rt.balance = 1_000_000_000n * FIL
    const { exitCode } = await rt.awardBlockReward(winner, 1n, 100n, 200n)
    expect(exitCode).toBe(ExitCode.Ok)
    const reward = EPOCH_ZERO_REWARD / 5n + 200n
    if (version === 2) {
      expect(sentTo(rt)).toEqual([['f01000', MINER_APPLY_REWARDS_METHOD, reward]])
      expect(ApplyRewardParams.decode(rt.sends[0]!.params!)).toEqual({ Reward: reward, Penalty: 300n })
    } else {
      // v0: AddLockedFund with the reward less the penalty, then the penalty burnt
      expect(sentTo(rt)).toEqual([
        ['f01000', MINER_APPLY_REWARDS_METHOD, reward - 100n],
        ['f099', 0n, 100n],
      ])
      expect(rt.sends[0]!.params).toEqual(dagCbor.encode(encodeBigInt(reward - 100n)))
    }
    expect(await totalPaid(rt)).toBe(EPOCH_ZERO_REWARD / 5n)
  })

  it('pays out the rest of its balance when the reward exceeds it', async () => {
    const rt = await newActor(version, 1n)
    rt.balance = 300n
    expect((await rt.awardBlockReward(winner, 1n, version === 2 ? 100n : 0n)).exitCode).toBe(ExitCode.Ok)
    expect(rt.sends[0]!.value).toBe(300n)
    if (version === 2) expect(ApplyRewardParams.decode(rt.sends[0]!.params!)).toEqual({ Reward: 300n, Penalty: 300n })
    expect(rt.balance).toBe(0n)
  })

  it('tracks the total paid: three full rewards and one partial (the reference’s TotalStoragePowerReward case)', async () => {
    const rt = await newActor(version, 1n)
    await setEpochReward(rt, 5000n)
    rt.balance = 3500n
    for (const expected of [1000n, 1000n, 1000n, 500n]) {
      rt.sends.length = 0
      expect((await rt.awardBlockReward(winner, 1n)).exitCode).toBe(ExitCode.Ok)
      expect(rt.sends[0]!.value).toBe(expected)
    }
    expect(await totalPaid(rt)).toBe(3500n)
  })

  it('burns the payment when the miner refuses it', async () => {
    const rt = await newActor(version, 1n)
    await setEpochReward(rt, 5000n)
    rt.balance = 3500n
    rt.onSend = (msg) => ({ exitCode: addressToString(msg.to) === 'f01000' ? ExitCode.ErrForbidden : ExitCode.Ok, returnValue: new Uint8Array() })
    expect((await rt.awardBlockReward(winner, 1n)).exitCode).toBe(ExitCode.Ok)
    expect(sentTo(rt)).toEqual([
      ['f01000', MINER_APPLY_REWARDS_METHOD, 1000n],
      ['f099', 0n, 1000n],
    ])
    expect(rt.sends[1]!.to).toEqual(BURNT_FUNDS_ACTOR_ADDR)
  })

  it('refuses a gas reward above its balance (ErrIllegalState), a negative penalty or gas reward or a win count below 1 (ErrIllegalArgument), an unknown miner (ErrNotFound), any caller but the system actor (SysErrForbidden)', async () => {
    const rt = await newActor(version)
    const head = rt.head
    rt.balance = 9n
    expect((await rt.awardBlockReward(winner, 1n, 0n, 10n)).exitCode).toBe(ExitCode.ErrIllegalState)
    rt.balance = FIL
    expect((await rt.awardBlockReward(winner, 1n, -1n, 0n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.awardBlockReward(winner, 1n, 0n, -1n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.awardBlockReward(winner, 0n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.awardBlockReward(newActorAddress(new Uint8Array(8)), 1n)).exitCode).toBe(ExitCode.ErrNotFound)
    rt.caller = STORAGE_POWER_ACTOR_ADDR
    const params = dagCbor.encode([new Uint8Array([0, 0xe8, 0x07]), new Uint8Array(), new Uint8Array(), 1])
    expect((await rt.call(METHOD_AWARD_BLOCK_REWARD, params)).exitCode).toBe(ExitCode.SysErrForbidden)
    expect(rt.head).toEqual(head)
    expect(rt.sends).toEqual([])
  })

  it('property: whatever the awards, it never pays more than it holds, and the total paid is what left its balance less gas rewards', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 0n, max: 10n ** 22n }),
        fc.bigInt({ min: 0n, max: 10n ** 21n }),
        fc.array(fc.record({ winCount: fc.bigInt({ min: 1n, max: 10n }), gas: fc.bigInt({ min: 0n, max: 10n ** 19n }), penalty: fc.bigInt({ min: 0n, max: 10n ** 19n }) }), { maxLength: 15 }),
        async (epochReward, balance, awards) => {
          const rt = await newActor(version)
          await setEpochReward(rt, epochReward)
          rt.balance = balance
          let gasPaid = 0n
          for (const a of awards) {
            const { exitCode } = await rt.awardBlockReward(winner, a.winCount, a.penalty, a.gas)
            expect(exitCode === ExitCode.Ok || (exitCode === ExitCode.ErrIllegalState && a.gas > rt.balance)).toBe(true)
            if (exitCode === ExitCode.Ok) gasPaid += a.gas
            expect(rt.balance).toBeGreaterThanOrEqual(0n)
          }
          expect(await totalPaid(rt)).toBe(balance - rt.balance - gasPaid)
          expect(await totalPaid(rt)).toBeLessThanOrEqual(balance)
        },
      ),
      { numRuns: 50 },
    )
  })
})

it('actors v0: a penalty the burnt funds actor refuses aborts with its exit code, and nothing is kept', async () => {
  const rt = await newActor(0)
  rt.balance = FIL * 1000n
  const head = rt.head
  rt.onSend = (msg) => ({ exitCode: addressToString(msg.to) === 'f099' ? ExitCode.SysErrInsufficientFunds : ExitCode.Ok, returnValue: new Uint8Array() })
  expect((await rt.awardBlockReward(winner, 1n, 5n)).exitCode).toBe(ExitCode.SysErrInsufficientFunds)
  expect(rt.head).toEqual(head)
})
