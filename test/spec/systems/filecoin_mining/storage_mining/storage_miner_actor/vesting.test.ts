// Properties of the vesting table (specs-actors vesting_state.go): locking then vesting releases
// exactly what was locked, never more, in ascending epochs; taking unvested funds never takes more
// than the target or than what is there.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REWARD_VESTING_SPEC_V0, REWARD_VESTING_SPEC_V1 } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/policy.ts'
import { computeAddLockedFunds, computeUnlockUnvestedFunds, computeUnlockVestedFunds } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/vesting.ts'
import { computeDeadlineInfo, computeQuantizeUp } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/deadline_info.ts'
import type { VestingFund } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/state.ts'

const sum = (f: readonly VestingFund[]) => f.reduce((a, v) => a + v.Amount, 0n)
const lock = fc.record({ epoch: fc.bigInt({ min: 0n, max: 2_000_000n }), amount: fc.bigInt({ min: 0n, max: 10n ** 24n }) })

describe('vesting table', () => {
  it('vests exactly what was locked, never more, in ascending epochs', () => {
    fc.assert(
      fc.property(fc.array(lock, { maxLength: 4 }), fc.bigInt({ min: 0n, max: 2879n }), fc.boolean(), (locks, pps, v0) => {
        let funds: VestingFund[] = []
        let locked = 0n
        let released = 0n
        for (const { epoch, amount } of locks) {
          const vested = computeUnlockVestedFunds(funds, epoch)
          released += vested.amount
          funds = computeAddLockedFunds(vested.funds, epoch, amount, pps, v0 ? REWARD_VESTING_SPEC_V0 : REWARD_VESTING_SPEC_V1)
          locked += amount
          for (let i = 1; i < funds.length; i++) expect(funds[i - 1]!.Epoch < funds[i]!.Epoch).toBe(true)
          expect(funds.every((f) => f.Amount >= 0n)).toBe(true)
          expect(released + sum(funds)).toBe(locked)
        }
        const end = computeUnlockVestedFunds(funds, 10n ** 9n)
        expect(released + end.amount).toBe(locked)
        expect(end.funds).toEqual([])
      }),
    )
  })

  it('takes unvested funds up to the target and leaves the rest', () => {
    fc.assert(
      fc.property(lock, fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.bigInt({ min: 0n, max: 600_000n }), ({ epoch, amount }, target, later) => {
        const funds = computeAddLockedFunds([], epoch, amount, 0n, REWARD_VESTING_SPEC_V1)
        const now = epoch + later
        const taken = computeUnlockUnvestedFunds(funds, now, target)
        expect(taken.amount <= target).toBe(true)
        expect(taken.amount + sum(taken.funds)).toBe(amount)
        const unvested = sum(funds.filter((f) => f.Epoch >= now))
        expect(taken.amount).toBe(unvested < target ? unvested : target)
      }),
    )
  })

  it('locks with v0’s 20-day delay at network version 0: the first step 21 days on, quantized to 12 hours', () => {
    const funds = computeAddLockedFunds([], 0n, 180n, 0n, REWARD_VESTING_SPEC_V0)
    expect(funds[0]!.Epoch).toBe(21n * 2880n)
    expect(funds.length).toBe(180)
    expect(sum(funds)).toBe(180n)
  })

  it('quantizes up as Go does, negatives by truncation', () => {
    expect(computeQuantizeUp(10n, 1440n, 100n)).toBe(100n)
    expect(computeQuantizeUp(101n, 1440n, 100n)).toBe(1540n)
    expect(computeQuantizeUp(-5n, 1440n, 0n)).toBe(0n)
    expect(computeQuantizeUp(1540n, 1440n, 100n)).toBe(1540n)
  })

  it('computes deadline windows as dline.NewInfo', () => {
    const info = computeDeadlineInfo(100n, 2n, 0n)
    expect(info).toMatchObject({ open: 220n, close: 280n, challenge: 200n, faultCutoff: 150n })
    expect(computeDeadlineInfo(100n, 48n, 0n)).toMatchObject({ open: 2980n, close: 2980n, faultCutoff: 0n })
  })
})
