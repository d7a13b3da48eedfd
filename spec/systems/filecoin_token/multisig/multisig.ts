// Spec section: Systems › Filecoin Token › Multisig Wallet. The multisig actor: a wallet whose
// transactions are sent once enough of its signers approve them, with an optional linear vesting
// lock on its balance (specs-actors v0.9.13 and v2.3.2 actors/builtin/multisig/multisig_actor.go).
// Each method does the state reads, HAMT operations and sends of the Go code in the same order,
// since each one is charged gas.

import type { Address } from '../../../appendix/address/address.ts'
import { ActorPanic, cborParams, defineMethod, type ActorCode } from '../../filecoin_vm/actor/actor_code.ts'
import { INIT_ACTOR_ADDR, getBuiltinCode, type ActorsVersion } from '../../filecoin_vm/actor/builtin_code.ts'
import { ExitCode, abort } from '../../filecoin_vm/runtime/exit_code.ts'
import type { Runtime } from '../../filecoin_vm/runtime/runtime.ts'
import { CBOR_MAX_BYTES } from '../../../../src/schema/kinds.ts'
import { MultisigState, SIGNERS_MAX, checkAvailable, isSigner, type Transaction } from './multisig_state.ts'
import {
  AddSignerParams,
  ApproveReturn,
  ChangeNumApprovalsThresholdParams,
  LockBalanceParams,
  MultisigConstructorParamsV0,
  MultisigConstructorParamsV2,
  ProposeParams,
  ProposeReturn,
  RemoveSignerParams,
  SwapSignerParams,
  TxnIDParams,
} from './multisig_types.ts'
import {
  computeProposalHash,
  createEmptyPendingTxns,
  deletePendingTxn,
  flushPendingTxns,
  getPendingTxn,
  hasPendingTxn,
  loadPendingTxns,
  purgeApprovals,
  putPendingTxn,
} from './pending_txns.ts'

const U64_MASK = 2n ** 64n - 1n
const EMPTY = new Uint8Array()

/** What approving came to: whether the transaction was sent, and the send's exit code and return bytes. */
interface ApprovalOutcome {
  Applied: boolean
  Code: bigint
  Ret: Uint8Array
}

/** Callers that can sign: accounts and multisigs (specs-actors builtin `CallerTypesSignable`). */
function getSignableCodes(version: ActorsVersion) {
  return [getBuiltinCode('account', version), getBuiltinCode('multisig', version)]
}

/**
 * The ID address of `addr`; an address with no actor yet is first sent zero value, which creates
 * its account (specs-actors builtin `ResolveToIDAddr`). A failed send aborts with its exit code.
 */
async function resolveToIdAddress(rt: Runtime, addr: Address): Promise<Address> {
  const known = await rt.resolveAddress(addr)
  if (known !== undefined) return known
  const { exitCode } = await rt.send(addr, 0n, undefined, 0n)
  if (exitCode !== ExitCode.Ok) abort(exitCode, 'failed to send zero balance to address')
  const created = await rt.resolveAddress(addr)
  if (created === undefined) abort(ExitCode.ErrIllegalState, 'failed to resolve address to ID address even after sending zero balance')
  return created
}

// ---------------------------------------------------------------------------------------------
// Constructor (1)

/** The constructor's parameters in both versions; v0 has no StartEpoch and locks from the current epoch. */
type ConstructorInput = MultisigConstructorParamsV0 & { StartEpoch?: bigint }

async function construct(rt: Runtime, params: ConstructorInput): Promise<undefined> {
  rt.validateImmediateCallerIs(INIT_ACTOR_ADDR)
  const count = params.Signers.length
  if (count < 1) abort(ExitCode.ErrIllegalArgument, 'must have at least one signer')
  if (rt.actorsVersion >= 2 && count > SIGNERS_MAX) abort(ExitCode.ErrIllegalArgument, `cannot add more than ${SIGNERS_MAX} signers`)
  const signers: Address[] = []
  for (const signer of params.Signers) {
    const resolved = await resolveToIdAddress(rt, signer)
    if (isSigner(resolved, signers)) abort(ExitCode.ErrIllegalArgument, 'duplicate signer not allowed')
    signers.push(resolved)
  }
  if (params.NumApprovalsThreshold > BigInt(count)) abort(ExitCode.ErrIllegalArgument, 'must not require more approvals than signers')
  if (params.NumApprovalsThreshold < 1n) abort(ExitCode.ErrIllegalArgument, 'must require at least one approval')
  if (params.UnlockDuration < 0n) abort(ExitCode.ErrIllegalArgument, 'negative unlock duration disallowed')
  const st: MultisigState = {
    Signers: signers,
    NumApprovalsThreshold: params.NumApprovalsThreshold,
    NextTxnID: 0n,
    InitialBalance: 0n,
    StartEpoch: 0n,
    UnlockDuration: 0n,
    PendingTxns: await createEmptyPendingTxns(rt.store, rt.actorsVersion),
  }
  if (params.UnlockDuration !== 0n) Object.assign(st, { StartEpoch: params.StartEpoch ?? rt.currEpoch, UnlockDuration: params.UnlockDuration, InitialBalance: rt.valueReceived })
  await rt.stateCreate(MultisigState, st)
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Approving and sending

/**
 * Sends the transaction if it has enough approvals and the lock allows its value, then deletes
 * it in a second state transaction (`executeTransactionIfApproved`). From network version 6 (v2)
 * a transaction the send itself removed (a signer purged) is not deleted again; before, that
 * delete fails with ErrIllegalState.
 */
async function executeIfApproved(rt: Runtime, st: MultisigState, txnId: bigint, txn: Transaction): Promise<ApprovalOutcome> {
  if (BigInt(txn.Approved.length) < st.NumApprovalsThreshold) return { Applied: false, Code: 0n, Ret: EMPTY }
  const unavailable = checkAvailable(st, await rt.getCurrentBalance(), txn.Value, rt.currEpoch, rt.actorsVersion)
  if (unavailable !== undefined) abort(ExitCode.ErrInsufficientFunds, `insufficient funds unlocked: ${unavailable}`)
  const sent = await rt.send(txn.To, txn.Method, txn.Params, txn.Value)
  await rt.stateTransaction(MultisigState, async (after) => {
    const ptx = await loadPendingTxns(rt.store, after.PendingTxns, rt.actorsVersion)
    const checkFirst = rt.actorsVersion >= 2 && rt.networkVersion >= 6
    if (!checkFirst || (await hasPendingTxn(ptx, txnId))) await deletePendingTxn(ptx, txnId)
    after.PendingTxns = await flushPendingTxns(ptx)
  })
  // The return bytes pass through unread; a failed send leaves them empty (Lotus Runtime.Send
  // does not fill the output on failure). Lotus fails to marshal a return over cbor-gen's byte
  // limit with exit code 2.
  if (sent.returnValue.length > CBOR_MAX_BYTES) abort(2, 'failed to marshal response to cbor')
  return { Applied: true, Code: BigInt(sent.exitCode), Ret: sent.exitCode === ExitCode.Ok ? sent.returnValue : EMPTY }
}

/** Adds the caller's approval, then sends if that was enough (`approveTransaction`); a second approval is ErrForbidden. */
async function approveTransaction(rt: Runtime, txnId: bigint, txn: Transaction): Promise<ApprovalOutcome> {
  const caller = rt.caller
  if (isSigner(caller, txn.Approved)) abort(ExitCode.ErrForbidden, 'already approved this message')
  const st = await rt.stateTransaction(MultisigState, async (st) => {
    const ptx = await loadPendingTxns(rt.store, st.PendingTxns, rt.actorsVersion)
    txn.Approved = [...txn.Approved, caller]
    await putPendingTxn(ptx, txnId, txn)
    st.PendingTxns = await flushPendingTxns(ptx)
    return st
  })
  return executeIfApproved(rt, st, txnId, txn)
}

/** Aborts ErrForbidden unless the caller is a signer. */
function requireSigner(rt: Runtime, st: MultisigState): void {
  if (!isSigner(rt.caller, st.Signers)) abort(ExitCode.ErrForbidden, 'caller is not a signer')
}

// ---------------------------------------------------------------------------------------------
// Propose (2), Approve (3), Cancel (4)

async function propose(rt: Runtime, params: ProposeParams): Promise<Uint8Array> {
  await rt.validateImmediateCallerType(...getSignableCodes(rt.actorsVersion))
  if (params.Value < 0n) abort(ExitCode.ErrIllegalArgument, `proposed value must be non-negative, was ${params.Value}`)
  const { txnId, txn } = await rt.stateTransaction(MultisigState, async (st) => {
    requireSigner(rt, st)
    const ptx = await loadPendingTxns(rt.store, st.PendingTxns, rt.actorsVersion)
    const txnId = st.NextTxnID
    st.NextTxnID = BigInt.asIntN(64, txnId + 1n)
    const txn: Transaction = { To: params.To, Value: params.Value, Method: params.Method, Params: params.Params, Approved: [] }
    await putPendingTxn(ptx, txnId, txn)
    st.PendingTxns = await flushPendingTxns(ptx)
    return { txnId, txn }
  })
  const outcome = await approveTransaction(rt, txnId, txn)
  return ProposeReturn.encode({ TxnID: txnId, ...outcome })
}

/** The pending transaction `id`, checked against the caller's proposal hash if one is given (`getTransaction`). */
async function getCheckedTransaction(rt: Runtime, st: MultisigState, params: TxnIDParams, mismatchCode: number): Promise<Transaction> {
  const ptx = await loadPendingTxns(rt.store, st.PendingTxns, rt.actorsVersion)
  const txn = await getPendingTxn(ptx, params.ID)
  if (txn === undefined) abort(ExitCode.ErrNotFound, `failed to find transaction ${params.ID}`)
  return checkProposalHash(rt, txn, params, mismatchCode)
}

/** The hash is always computed (and charged); an empty ProposalHash (Go's nil) skips the comparison. */
function checkProposalHash(rt: Runtime, txn: Transaction, params: TxnIDParams, mismatchCode: number): Transaction {
  const hash = computeProposalHash(txn, (data) => rt.syscalls.hashBlake2b(data))
  const given = params.ProposalHash
  const matches = given.length === hash.length && given.every((b, i) => b === hash[i])
  if (given.length > 0 && !matches) abort(mismatchCode, 'hash does not match proposal params (ensure requester is an ID address)')
  return txn
}

async function approve(rt: Runtime, params: TxnIDParams): Promise<Uint8Array> {
  await rt.validateImmediateCallerType(...getSignableCodes(rt.actorsVersion))
  const { st, txn } = await rt.stateTransaction(MultisigState, async (st) => {
    requireSigner(rt, st)
    return { st, txn: await getCheckedTransaction(rt, st, params, ExitCode.ErrIllegalArgument) }
  })
  // A transaction that already has enough approvals (the threshold was lowered) is sent without this one.
  const already = await executeIfApproved(rt, st, params.ID, txn)
  return ApproveReturn.encode(already.Applied ? already : await approveTransaction(rt, params.ID, txn))
}

async function cancel(rt: Runtime, params: TxnIDParams): Promise<undefined> {
  await rt.validateImmediateCallerType(...getSignableCodes(rt.actorsVersion))
  await rt.stateTransaction(MultisigState, async (st) => {
    requireSigner(rt, st)
    const ptx = await loadPendingTxns(rt.store, st.PendingTxns, rt.actorsVersion)
    const txn = await getPendingTxn(ptx, params.ID)
    if (txn === undefined) abort(ExitCode.ErrNotFound, `failed to get transaction ${params.ID} for cancel`)
    const proposer = txn.Approved[0]
    // Go indexes Approved[0] unchecked; a stored transaction always has an approver.
    if (proposer === undefined) throw new ActorPanic('multisig: transaction with no approver')
    if (!isSigner(proposer, [rt.caller])) abort(ExitCode.ErrForbidden, 'Cannot cancel another signers transaction')
    checkProposalHash(rt, txn, params, ExitCode.ErrIllegalState)
    await deletePendingTxn(ptx, params.ID)
    st.PendingTxns = await flushPendingTxns(ptx)
  })
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Signers and threshold (5–8), callable only by the multisig itself, through an approved transaction

async function addSigner(rt: Runtime, params: AddSignerParams): Promise<undefined> {
  rt.validateImmediateCallerIs(rt.receiver)
  const signer = await resolveToIdAddress(rt, params.Signer)
  await rt.stateTransaction(MultisigState, (st) => {
    if (rt.actorsVersion >= 2 && st.Signers.length >= SIGNERS_MAX) abort(ExitCode.ErrForbidden, `cannot add more than ${SIGNERS_MAX} signers`)
    if (isSigner(signer, st.Signers)) abort(ExitCode.ErrForbidden, 'already a signer')
    st.Signers = [...st.Signers, signer]
    if (params.Increase) st.NumApprovalsThreshold = (st.NumApprovalsThreshold + 1n) & U64_MASK
  })
  return undefined
}

async function removeSigner(rt: Runtime, params: RemoveSignerParams): Promise<undefined> {
  rt.validateImmediateCallerIs(rt.receiver)
  const signer = await resolveToIdAddress(rt, params.Signer)
  await rt.stateTransaction(MultisigState, async (st) => {
    if (!isSigner(signer, st.Signers)) abort(ExitCode.ErrForbidden, 'not a signer')
    if (st.Signers.length === 1) abort(ExitCode.ErrForbidden, 'cannot remove only signer')
    const remaining = st.Signers.filter((s) => !isSigner(s, [signer]))
    if (!params.Decrease && BigInt(st.Signers.length - 1) < st.NumApprovalsThreshold) {
      abort(ExitCode.ErrIllegalArgument, `can't reduce signers to ${st.Signers.length - 1} below threshold ${st.NumApprovalsThreshold} with decrease=false`)
    }
    if (params.Decrease) {
      if (rt.actorsVersion >= 2 && st.NumApprovalsThreshold < 2n) abort(ExitCode.ErrIllegalArgument, `can't decrease approvals from ${st.NumApprovalsThreshold}`)
      // v0 lets a threshold of 1 fall to 0 (and 0 wrap around, as Go's uint64 does).
      st.NumApprovalsThreshold = (st.NumApprovalsThreshold - 1n) & U64_MASK
    }
    if (rt.actorsVersion >= 2) await purgeApprovals(rt.store, st, signer, rt.actorsVersion)
    st.Signers = remaining
  })
  return undefined
}

async function swapSigner(rt: Runtime, params: SwapSignerParams): Promise<undefined> {
  rt.validateImmediateCallerIs(rt.receiver)
  const from = await resolveToIdAddress(rt, params.From)
  const to = await resolveToIdAddress(rt, params.To)
  await rt.stateTransaction(MultisigState, async (st) => {
    if (!isSigner(from, st.Signers)) abort(ExitCode.ErrForbidden, 'from addr is not a signer')
    if (isSigner(to, st.Signers)) abort(ExitCode.ErrIllegalArgument, 'to addr already a signer')
    st.Signers = [...st.Signers.filter((s) => !isSigner(s, [from])), to]
    if (rt.actorsVersion >= 2) await purgeApprovals(rt.store, st, from, rt.actorsVersion)
  })
  return undefined
}

async function changeNumApprovalsThreshold(rt: Runtime, params: ChangeNumApprovalsThresholdParams): Promise<undefined> {
  rt.validateImmediateCallerIs(rt.receiver)
  await rt.stateTransaction(MultisigState, (st) => {
    if (params.NewThreshold === 0n || params.NewThreshold > BigInt(st.Signers.length)) abort(ExitCode.ErrIllegalArgument, 'New threshold value not supported')
    st.NumApprovalsThreshold = params.NewThreshold
  })
  return undefined
}

// ---------------------------------------------------------------------------------------------
// LockBalance (9)

/**
 * Locks `Amount` from `StartEpoch` over `UnlockDuration`, once only. In v0 the method did not
 * exist before network version 2, so it aborts as the VM would for a missing method; from
 * network version 7 (v2) a negative amount is refused.
 */
async function lockBalance(rt: Runtime, params: LockBalanceParams): Promise<undefined> {
  if (rt.actorsVersion === 0 && rt.networkVersion < 2) abort(ExitCode.SysErrInvalidMethod, 'invalid method until network version 2')
  rt.validateImmediateCallerIs(rt.receiver)
  if (params.UnlockDuration <= 0n) abort(ExitCode.ErrIllegalArgument, 'unlock duration must be positive')
  if (rt.actorsVersion >= 2 && rt.networkVersion >= 7 && params.Amount < 0n) abort(ExitCode.ErrIllegalArgument, 'amount to lock must be positive')
  await rt.stateTransaction(MultisigState, (st) => {
    if (st.UnlockDuration !== 0n) abort(ExitCode.ErrForbidden, 'modification of unlock disallowed')
    Object.assign(st, { StartEpoch: params.StartEpoch, UnlockDuration: params.UnlockDuration, InitialBalance: params.Amount })
  })
  return undefined
}

// ---------------------------------------------------------------------------------------------

/** The multisig actor's code for an actors version: methods 1 to 9 (the constructor's parameters differ). */
export function getMultisigActor(version: ActorsVersion): ActorCode {
  const constructorParams = version === 0 ? cborParams(MultisigConstructorParamsV0) : cborParams(MultisigConstructorParamsV2)
  return {
    code: getBuiltinCode('multisig', version),
    singleton: false,
    actorsVersion: version,
    methods: [
      undefined,
      defineMethod<ConstructorInput>(constructorParams, construct),
      defineMethod(cborParams(ProposeParams), propose),
      defineMethod(cborParams(TxnIDParams), approve),
      defineMethod(cborParams(TxnIDParams), cancel),
      defineMethod(cborParams(AddSignerParams), addSigner),
      defineMethod(cborParams(RemoveSignerParams), removeSigner),
      defineMethod(cborParams(SwapSignerParams), swapSigner),
      defineMethod(cborParams(ChangeNumApprovalsThresholdParams), changeNumApprovalsThreshold),
      defineMethod(cborParams(LockBalanceParams), lockBalance),
    ],
  }
}
