// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Escrow and locked funds".
// Moving funds between the escrow and locked tables as deals are published, paid, ended and
// slashed, keeping the three locked totals in step with the locked table (specs-actors v0.9.13
// and v2.3.2 builtin/market/market_balances.go). A table that refuses a change aborts the method
// with ErrIllegalState, as every Go caller does; an amount that is negative is a Go assertion, a panic.

import type { Address } from '../../../../appendix/address/address.ts'
import { ExitCode, abort } from '../../../filecoin_vm/runtime/exit_code.ts'
import { getClientBalanceRequirement, getTotalStorageFee, type DealProposal } from './deal.ts'
import { assertMarket, getTable, requireNoErr, type MarketStateMutation } from './state_mutation.ts'

/** Which locked total an amount belongs to (`BalanceLockingReason`). */
export type BalanceLockingReason = 'ClientCollateral' | 'ClientStorageFee' | 'ProviderCollateral'

/** Takes `amount` off a locked total. */
function subtractFromTotal(m: MarketStateMutation, amount: bigint, reason: BalanceLockingReason): void {
  if (reason === 'ClientCollateral') m.totalClientLockedCollateral -= amount
  else if (reason === 'ClientStorageFee') m.totalClientStorageFee -= amount
  else m.totalProviderLockedCollateral -= amount
}

/**
 * Locks `amount` more of `addr`'s escrow (`maybeLockBalance`): ErrInsufficientFunds when the
 * locked part would exceed the escrow.
 */
async function lockBalance(m: MarketStateMutation, addr: Address, amount: bigint, who: string): Promise<void> {
  assertMarket(amount >= 0n, `negative amount ${amount} to lock`)
  const locked = getTable(m.lockedTable, 'locked table')
  const escrow = getTable(m.escrowTable, 'escrow table')
  const prevLocked = await requireNoErr(ExitCode.ErrIllegalState, `failed to lock ${who} funds: failed to get locked balance`, () => locked.get(addr))
  const escrowBalance = await requireNoErr(ExitCode.ErrIllegalState, `failed to lock ${who} funds: failed to get escrow balance`, () => escrow.get(addr))
  if (prevLocked + amount > escrowBalance) {
    abort(ExitCode.ErrInsufficientFunds, `failed to lock ${who} funds: escrow balance ${escrowBalance} < locked ${prevLocked} + required ${amount}`)
  }
  await requireNoErr(ExitCode.ErrIllegalState, `failed to lock ${who} funds: failed to add locked balance`, () => locked.add(addr, amount))
}

/**
 * Locks what a newly published deal needs (`lockClientAndProviderBalances`): the client's
 * collateral and whole storage fee, then the provider's collateral, and adds them to the totals.
 */
export async function lockClientAndProviderBalances(m: MarketStateMutation, p: DealProposal): Promise<void> {
  await lockBalance(m, p.Client, getClientBalanceRequirement(p), 'client')
  await lockBalance(m, p.Provider, p.ProviderCollateral, 'provider')
  m.totalClientLockedCollateral += p.ClientCollateral
  m.totalClientStorageFee += getTotalStorageFee(p)
  m.totalProviderLockedCollateral += p.ProviderCollateral
}

/** Unlocks `amount` of `addr`'s locked funds, leaving its escrow as it is (`unlockBalance`). */
export async function unlockBalance(m: MarketStateMutation, addr: Address, amount: bigint, reason: BalanceLockingReason, what: string): Promise<void> {
  assertMarket(amount >= 0n, `negative amount ${amount} to unlock`)
  const locked = getTable(m.lockedTable, 'locked table')
  await requireNoErr(ExitCode.ErrIllegalState, `${what}: subtracting from locked balance`, () => locked.mustSubtract(addr, amount))
  subtractFromTotal(m, amount, reason)
}

/** Pays `amount` from `from`'s locked storage fee into `to`'s escrow (`transferBalance`). */
export async function transferBalance(m: MarketStateMutation, from: Address, to: Address, amount: bigint): Promise<void> {
  assertMarket(amount >= 0n, `negative amount ${amount} to transfer`)
  const escrow = getTable(m.escrowTable, 'escrow table')
  await requireNoErr(ExitCode.ErrIllegalState, 'subtract from escrow', () => escrow.mustSubtract(from, amount))
  await unlockBalance(m, from, amount, 'ClientStorageFee', 'subtract from locked')
  await requireNoErr(ExitCode.ErrIllegalState, 'add to escrow', () => escrow.add(to, amount))
}

/** Removes `amount` of `addr`'s locked funds from its escrow altogether, to be burnt (`slashBalance`). */
export async function slashBalance(m: MarketStateMutation, addr: Address, amount: bigint, reason: BalanceLockingReason, what: string): Promise<void> {
  assertMarket(amount >= 0n, `negative amount ${amount} to slash`)
  const escrow = getTable(m.escrowTable, 'escrow table')
  await requireNoErr(ExitCode.ErrIllegalState, `${what}: subtract from escrow`, () => escrow.mustSubtract(addr, amount))
  await unlockBalance(m, addr, amount, reason, what)
}
