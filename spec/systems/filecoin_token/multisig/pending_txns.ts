// Spec section: Systems › Filecoin Token › Multisig Wallet, "Pending transactions". Reading and
// writing the PendingTxns HAMT as specs-actors does through adt.Map (util/adt/map.go): every
// load, lookup and flush here is a block read or write the VM charges gas for, so each
// function does exactly the HAMT operations of its Go counterpart, in the same order.

import type { CID } from 'multiformats/cid'
import type { Address } from '../../../appendix/address/address.ts'
import { createHamt, getHamtVersionForActors, loadHamt, type Hamt } from '../../../appendix/data_structures/hamt.ts'
import { HamtError } from '../../../appendix/data_structures/hamt_node.ts'
import type { Blockstore } from '../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import { ActorPanic, requireNoFault } from '../../filecoin_vm/actor/actor_code.ts'
import type { ActorsVersion } from '../../filecoin_vm/actor/builtin_code.ts'
import { ExitCode, abort } from '../../filecoin_vm/runtime/exit_code.ts'
import { SchemaError } from '../../../../src/schema/errors.ts'
import { ProposalHashData, Transaction, getTxnIdKey, isSigner, type MultisigState } from './multisig_state.ts'

const isHamtError = (e: unknown): e is HamtError => e instanceof HamtError

/** A HAMT failure inside specs-actors' `RequireNoErr(…, ErrIllegalState, …)` becomes that abort. */
function requireNoHamtError<T>(what: string, run: () => Promise<T>): Promise<T> {
  return requireNoFault(isHamtError, ExitCode.ErrIllegalState, what, run)
}

/** An empty PendingTxns map, written (one block) for the constructor (`adt.MakeEmptyMap(…).Root()`). */
export function createEmptyPendingTxns(store: Blockstore, version: ActorsVersion): Promise<CID> {
  return requireNoHamtError('failed to create empty map', () => createHamt(store, { version: getHamtVersionForActors(version) }).flush())
}

/** The PendingTxns map at `root`; loading reads its root node (`adt.AsMap`). */
export function loadPendingTxns(store: Blockstore, root: CID, version: ActorsVersion): Promise<Hamt> {
  return requireNoHamtError('failed to load pending transactions', () => loadHamt(store, root, { version: getHamtVersionForActors(version) }))
}

/** Decodes a stored transaction; a bad one aborts with `code`, as the Go caller does on the unmarshal error. */
function decodeTransaction(value: Uint8Array, code: number): Transaction {
  try {
    return Transaction.decode(value)
  } catch (e) {
    if (e instanceof SchemaError) abort(code, `failed to read transaction: ${e.message}`)
    throw e
  }
}

/** The pending transaction `id`, or undefined (`getPendingTransaction`); a bad entry is ErrNotFound as in Go. */
export async function getPendingTxn(ptx: Hamt, id: bigint): Promise<Transaction | undefined> {
  const value = await requireNoHamtError('failed to read transaction', () => ptx.get(getTxnIdKey(id)))
  return value === undefined ? undefined : decodeTransaction(value, ExitCode.ErrNotFound)
}

/** Whether transaction `id` is pending (actors v2 `Map.Has`: the same lookup, the value unread). */
export async function hasPendingTxn(ptx: Hamt, id: bigint): Promise<boolean> {
  return (await requireNoHamtError('failed to check existence of transaction', () => ptx.get(getTxnIdKey(id)))) !== undefined
}

/** Stores transaction `id` (`Map.Put`). */
export function putPendingTxn(ptx: Hamt, id: bigint, txn: Transaction): Promise<boolean> {
  return requireNoHamtError('failed to put transaction', () => ptx.set(getTxnIdKey(id), Transaction.encode(txn)))
}

/** Removes transaction `id`; Go's HAMT fails on a missing key, and every caller aborts ErrIllegalState on it. */
export async function deletePendingTxn(ptx: Hamt, id: bigint): Promise<void> {
  const deleted = await requireNoHamtError('failed to delete transaction', () => ptx.delete(getTxnIdKey(id)))
  if (!deleted) abort(ExitCode.ErrIllegalState, `failed to delete transaction ${id}: not found`)
}

/** Writes the changed map and returns its root (`Map.Root`: in v0 and v2 the root and every node loaded are written). */
export function flushPendingTxns(ptx: Hamt): Promise<CID> {
  return requireNoHamtError('failed to flush pending transactions', () => ptx.flush())
}

/**
 * Takes `signer`'s approval off every pending transaction, deleting those left with none, and
 * writes the map (actors v2 `State.PurgeApprovals`): all entries are read first, in the trie's
 * order, then the affected ones rewritten in that order.
 */
export async function purgeApprovals(store: Blockstore, st: MultisigState, signer: Address, version: ActorsVersion): Promise<void> {
  const txns = await loadPendingTxns(store, st.PendingTxns, version)
  const affected: { key: Uint8Array; txn: Transaction }[] = []
  await requireNoHamtError('failed to traverse transactions', async () => {
    for await (const { key, value } of txns.entries()) {
      const txn = decodeTransaction(value, ExitCode.ErrIllegalState)
      if (isSigner(signer, txn.Approved)) affected.push({ key, txn })
    }
  })
  for (const { key, txn } of affected) {
    const approvers = txn.Approved.filter((a) => !isSigner(a, [signer]))
    if (approvers.length > 0) await requireNoHamtError('failed to update transaction approvers', () => txns.set(key, Transaction.encode({ ...txn, Approved: approvers })))
    else await requireNoHamtError('failed to delete transaction with no approvers', () => txns.delete(key))
  }
  st.PendingTxns = await flushPendingTxns(txns)
}

/**
 * The digest that identifies a proposal across reorganisations, which may renumber it: `hash` of
 * the CBOR of ProposalHashData, its proposer and its fields (`ComputeProposalHash`).
 */
export function computeProposalHash(txn: Transaction, hash: (data: Uint8Array) => Uint8Array): Uint8Array {
  const requester = txn.Approved[0]
  // Go indexes Approved[0] unchecked: a transaction with no approver would panic.
  if (requester === undefined) throw new ActorPanic('multisig: proposal hash of a transaction with no approver')
  return hash(ProposalHashData.encode({ Requester: requester, To: txn.To, Value: txn.Value, Method: txn.Method, Params: txn.Params }))
}
