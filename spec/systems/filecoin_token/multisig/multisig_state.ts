// Spec section: Systems › Filecoin Token › Multisig Wallet, "State". The multisig actor's state,
// its pending transactions (a HAMT keyed by transaction ID) and the linear vesting of a locked
// balance (specs-actors v0.9.13 and v2.3.2 actors/builtin/multisig/multisig_state.go).

import { getIntKey } from '../../../appendix/data_structures/int_key.ts'
import { address, addressToBytes, type Address } from '../../../appendix/address/address.ts'
import type { ActorsVersion } from '../../filecoin_vm/actor/builtin_code.ts'
import type { Infer } from '../../../../src/schema/kind.ts'
import { bigInt } from '../../../../src/schema/big_int.ts'
import { bytes, cid, int64, list, uint64 } from '../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../src/schema/struct.ts'

export const MultisigState = defineStruct(
  'MultisigState',
  {
    Signers: field(list(address), 'The signers, as ID addresses, in the order they were added.'),
    NumApprovalsThreshold: field(uint64, 'How many approvals a transaction needs before it is sent.'),
    NextTxnID: field(int64, 'The ID the next proposed transaction gets.'),
    InitialBalance: field(bigInt, 'The amount locked at StartEpoch, unlocking linearly over UnlockDuration.'),
    StartEpoch: field(int64, 'The epoch the unlocking starts from.'),
    UnlockDuration: field(int64, 'The number of epochs over which InitialBalance unlocks; 0 for no lock.'),
    PendingTxns: field(cid, 'HAMT: transaction ID as a zigzag varint (`getTxnIdKey`) → Transaction.'),
  },
  { doc: 'The multisig actor state (the same layout in actors v0 and v2).' },
)
export type MultisigState = Infer<typeof MultisigState>

export const Transaction = defineStruct(
  'Transaction',
  {
    To: field(address, 'Where the transaction sends to.'),
    Value: field(bigInt, 'The value it sends, never negative.'),
    Method: field(uint64, 'The method it calls.'),
    Params: field(bytes, 'The parameters of that call, as CBOR bytes (passed on unread).'),
    Approved: field(list(address), 'The signers who approved it so far; the first is its proposer.'),
  },
  { doc: 'A pending transaction, the value of a PendingTxns entry.' },
)
export type Transaction = Infer<typeof Transaction>

export const ProposalHashData = defineStruct(
  'ProposalHashData',
  {
    Requester: field(address, 'The proposer, the first approver of the transaction.'),
    To: field(address, 'The transaction’s To.'),
    Value: field(bigInt, 'The transaction’s Value.'),
    Method: field(uint64, 'The transaction’s Method.'),
    Params: field(bytes, 'The transaction’s Params.'),
  },
  { doc: 'What a proposal hash is the BLAKE2b-256 of: a transaction and its proposer.' },
)
export type ProposalHashData = Infer<typeof ProposalHashData>

/** The most signers a multisig may have, from actors v2 on (specs-actors v2 multisig policy.go `SignersMax`). */
export const SIGNERS_MAX = 256

/**
 * The HAMT key of a transaction ID: Go `binary.PutVarint`, i.e. the zigzag form of the int64
 * (0 → 0, -1 → 1, 1 → 2, …) written as an unsigned LEB128 varint (specs-actors `TxnID.Key`).
 */
export function getTxnIdKey(id: bigint): Uint8Array {
  return getIntKey(id)
}

/** Whether `addr` (an ID address) is one of `signers` (specs-actors `isSigner`). */
export function isSigner(addr: Address, signers: readonly Address[]): boolean {
  const key = addressToBytes(addr)
  return signers.some((s) => sameBytes(addressToBytes(s), key))
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Euclidean division and modulus, as Go's big.Int `Div` and `Mod` (go-state-types big.Div, big.Mod). */
function divEuclid(a: bigint, b: bigint): { quot: bigint; rem: bigint } {
  let quot = a / b
  let rem = a % b
  if (rem < 0n) {
    quot += b > 0n ? -1n : 1n
    rem += b > 0n ? b : -b
  }
  return { quot, rem }
}

/**
 * The part of InitialBalance still locked `elapsed` epochs after StartEpoch (`State.AmountLocked`).
 * v0 rounds the per-epoch amount down first: ⌊InitialBalance / D⌋ · (D − elapsed), all of it
 * locked while elapsed < 0. v2 rounds up once: ⌈InitialBalance · (D − elapsed) / D⌉, all of it
 * locked while elapsed ≤ 0. Nothing is locked once elapsed ≥ D (D = UnlockDuration).
 */
export function computeAmountLocked(st: MultisigState, elapsed: bigint, version: ActorsVersion): bigint {
  const duration = st.UnlockDuration
  if (elapsed >= duration) return 0n
  if (elapsed < 0n || (version >= 2 && elapsed === 0n)) return st.InitialBalance
  if (version === 0) return divEuclid(st.InitialBalance, duration).quot * (duration - elapsed)
  const { quot, rem } = divEuclid(st.InitialBalance * (duration - elapsed), duration)
  return rem === 0n ? quot : quot + 1n
}

/**
 * Why spending `amount` from `balance` at `epoch` would break the lock, or undefined when it may
 * (`State.assertAvailable`). From v2 a transfer of nothing is always allowed, even when the lock
 * exceeds the balance.
 */
export function checkAvailable(st: MultisigState, balance: bigint, amount: bigint, epoch: bigint, version: ActorsVersion): string | undefined {
  if (amount < 0n) return `amount to spend ${amount} less than zero`
  if (balance < amount) return `current balance ${balance} less than amount to spend ${amount}`
  if (version >= 2 && amount === 0n) return undefined
  const remaining = balance - amount
  const locked = computeAmountLocked(st, epoch - st.StartEpoch, version)
  if (remaining < locked) return `balance ${remaining} if spent ${amount} would be less than locked amount ${locked}`
  return undefined
}
