// Spec section: Systems › Filecoin Token › Payment Channels, "Methods". The payment channel actor
// of actors v0 and v2 (specs-actors v0.9.13 and v2.3.2 builtin/paych/paych_actor.go): its
// methods, step by step in Go's order, since every state read and write is charged gas. Lanes
// are a version-2 AMT in both (go-amt-ipld v2, through specs-actors adt.Array).

import { equals } from 'multiformats/bytes'
import type { Address } from '../../../appendix/address/address.ts'
import { createAmt, loadAmt, type Amt } from '../../../appendix/data_structures/amt.ts'
import { AmtError } from '../../../appendix/data_structures/amt_layout.ts'
import { EMPTY_PARAMS, cborParams, defineMethod, type ActorCode } from '../../filecoin_vm/actor/actor_code.ts'
import { getBuiltinCode, type ActorsVersion } from '../../filecoin_vm/actor/builtin_code.ts'
import { ExitCode, abort } from '../../filecoin_vm/runtime/exit_code.ts'
import type { Runtime } from '../../filecoin_vm/runtime/runtime.ts'
import { SchemaError } from '../../../../src/schema/errors.ts'
import { LaneState, MAX_LANE, MAX_SECRET_SIZE, PaychState, SETTLE_DELAY } from './state.ts'
import {
  PaychConstructorParams,
  PaymentVerifyParams,
  UpdateChannelStateParamsV0,
  UpdateChannelStateParamsV2,
  computeVoucherSigningBytes,
  type SignedVoucher,
} from './types.ts'

/** The payment channel actor's methods by number. */
export const PaychMethod = { Constructor: 1n, UpdateChannelState: 2n, Settle: 3n, Collect: 4n } as const

/** Actors v2: a voucher submitted at or after `SettlingAt` (specs-actors v2 `ErrChannelStateUpdateAfterSettled`). */
export const ERR_CHANNEL_STATE_UPDATE_AFTER_SETTLED = ExitCode.FirstActorSpecificExitCode

/** The two versions' UpdateChannelState parameters, read as one: v2 has no Proof. */
type UpdateParams = { Sv: SignedVoucher; Secret: Uint8Array; Proof?: Uint8Array }

const LANES = { version: 2, codec: LaneState } as const

function isSameAddress(a: Address, b: Address): boolean {
  return a.protocol === b.protocol && equals(a.payload, b.payload)
}

/** Runs a step on the lanes AMT; a block that does not decode aborts with ErrIllegalState, as Go's `RequireNoErr` does. */
async function withLanes<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (e) {
    if (e instanceof AmtError || e instanceof SchemaError) abort(ExitCode.ErrIllegalState, `${what}: ${e.message}`)
    throw e
  }
}

/**
 * The ID address of an account actor that `raw` names (paych `resolveAccount`). Actors v0 fails
 * with ErrNotFound when `raw` has no actor; actors v2 first sends it zero (`ResolveToIDAddr`), which
 * creates the account of a key address, and fails with ErrIllegalState if that does not help.
 */
async function resolveAccount(rt: Runtime, raw: Address): Promise<Address> {
  let resolved = await rt.resolveAddress(raw)
  if (resolved === undefined && rt.actorsVersion === 0) abort(ExitCode.ErrNotFound, 'failed to resolve address')
  if (resolved === undefined) {
    const { exitCode } = await rt.send(raw, 0n, undefined, 0n)
    if (exitCode !== ExitCode.Ok) abort(ExitCode.ErrIllegalState, `failed to resolve address: failed to send zero balance (exit code ${exitCode})`)
    resolved = await rt.resolveAddress(raw)
    if (resolved === undefined) abort(ExitCode.ErrIllegalState, 'failed to resolve address even after sending zero balance')
  }
  const code = await rt.getActorCodeCid(resolved)
  if (code === undefined) abort(rt.actorsVersion === 0 ? ExitCode.ErrForbidden : ExitCode.ErrIllegalArgument, 'no code for address')
  if (!code.equals(getBuiltinCode('account', rt.actorsVersion))) abort(ExitCode.ErrForbidden, `actor must be an account, was ${code}`)
  return resolved
}

/** Constructor: only init Exec calls it; both parties must be accounts, so that both can sign. */
async function construct(rt: Runtime, params: PaychConstructorParams): Promise<undefined> {
  await rt.validateImmediateCallerType(getBuiltinCode('init', rt.actorsVersion))
  const to = await resolveAccount(rt, params.To)
  const from = await resolveAccount(rt, params.From)
  const lanes = await createAmt(rt.store, LANES).flush()
  await rt.stateCreate(PaychState, { From: from, To: to, ToSend: 0n, SettlingAt: 0n, MinSettleHeight: 0n, LaneStates: lanes })
  return undefined
}

/** The lane's state, or undefined when it has none yet (paych `findLane`); a lane above MAX_LANE aborts. */
async function findLane(lanes: Amt<LaneState>, lane: bigint): Promise<LaneState | undefined> {
  if (lane > MAX_LANE) abort(ExitCode.ErrIllegalArgument, 'maximum lane ID is 2^63-1')
  return withLanes(`failed to load lane ${lane}`, () => lanes.get(lane))
}

/** The checks on a voucher before any state changes, in Go's order: signature, channel, time locks, amount, secret. */
async function validateVoucher(rt: Runtime, st: PaychState, params: UpdateParams): Promise<void> {
  const sv = params.Sv
  const signer = isSameAddress(rt.caller, st.From) ? st.To : st.From
  if (sv.Signature === null) abort(ExitCode.ErrIllegalArgument, 'voucher has no signature')
  if (rt.actorsVersion === 2) {
    if (st.SettlingAt !== 0n && rt.currEpoch >= st.SettlingAt) abort(ERR_CHANNEL_STATE_UPDATE_AFTER_SETTLED, 'no vouchers can be processed after SettlingAt epoch')
    if (params.Secret.length > MAX_SECRET_SIZE) abort(ExitCode.ErrIllegalArgument, `secret must be at most ${MAX_SECRET_SIZE} bytes long`)
  }
  if (!(await rt.syscalls.verifySignature(sv.Signature, signer, computeVoucherSigningBytes(sv)))) abort(ExitCode.ErrIllegalArgument, 'voucher signature invalid')
  // v0 compares the address as given with the receiver as the message named it; v2 compares ID addresses
  let channel: Address | undefined = sv.ChannelAddr
  if (rt.actorsVersion === 2) channel = await rt.resolveAddress(sv.ChannelAddr)
  if (channel === undefined) abort(ExitCode.ErrIllegalArgument, 'voucher payment channel address does not resolve to an ID address')
  if (!isSameAddress(rt.receiver, channel)) abort(ExitCode.ErrIllegalArgument, 'voucher payment channel address does not match receiver')
  if (rt.currEpoch < sv.TimeLockMin) abort(ExitCode.ErrIllegalArgument, 'cannot use this voucher yet!')
  if (sv.TimeLockMax !== 0n && rt.currEpoch > sv.TimeLockMax) abort(ExitCode.ErrIllegalArgument, 'this voucher has expired!')
  if (sv.Amount < 0n) abort(ExitCode.ErrIllegalArgument, `voucher amount must be non-negative, was ${sv.Amount}`)
  if (sv.SecretPreimage.length > 0 && !equals(rt.syscalls.hashBlake2b(params.Secret), sv.SecretPreimage)) abort(ExitCode.ErrIllegalArgument, 'incorrect secret!')
}

/** The voucher's Extra call, which must succeed: v0 sends PaymentVerifyParams, v2 the Data as they are. */
async function sendExtra(rt: Runtime, params: UpdateParams): Promise<void> {
  const extra = params.Sv.Extra
  if (extra === null) return
  const callParams = rt.actorsVersion === 0 ? PaymentVerifyParams.encode({ Extra: extra.Data, Proof: params.Proof ?? new Uint8Array() }) : extra.Data
  const { exitCode } = await rt.send(extra.Actor, extra.Method, callParams, 0n)
  if (exitCode !== ExitCode.Ok) abort(exitCode, 'spend voucher verification failed')
}

/**
 * Redeems the voucher into the state: merges the named lanes (each taking its merge nonce), sets
 * the voucher's lane to its amount and nonce, moves ToSend by what that adds, and raises the
 * settlement heights. ToSend must stay between 0 and the channel's balance.
 */
async function redeemVoucher(rt: Runtime, st: PaychState, sv: SignedVoucher): Promise<void> {
  const lanes = await withLanes('failed to load lanes', () => loadAmt(rt.store, st.LaneStates, LANES))
  const lane = await findLane(lanes, sv.Lane)
  if (lane !== undefined && lane.Nonce >= sv.Nonce) abort(ExitCode.ErrIllegalArgument, `voucher has an outdated nonce, existing nonce: ${lane.Nonce}, voucher nonce: ${sv.Nonce}, cannot redeem`)
  let redeemedFromOthers = 0n
  for (const merge of sv.Merges) {
    if (merge.Lane === sv.Lane) abort(ExitCode.ErrIllegalArgument, 'voucher cannot merge lanes into its own lane')
    const other = await findLane(lanes, merge.Lane)
    if (other === undefined) abort(ExitCode.ErrIllegalArgument, `voucher specifies invalid merge lane ${merge.Lane}`)
    if (other.Nonce >= merge.Nonce) abort(ExitCode.ErrIllegalArgument, 'merged lane in voucher has outdated nonce, cannot redeem')
    redeemedFromOthers += other.Redeemed
    await withLanes(`failed to store lane ${merge.Lane}`, () => lanes.set(merge.Lane, { Redeemed: other.Redeemed, Nonce: merge.Nonce }))
  }
  const toSend = st.ToSend + sv.Amount - (redeemedFromOthers + (lane?.Redeemed ?? 0n))
  if (toSend < 0n) abort(ExitCode.ErrIllegalArgument, 'voucher would leave channel balance negative')
  if (toSend > (await rt.getCurrentBalance())) abort(ExitCode.ErrIllegalArgument, 'not enough funds in channel to cover voucher')
  st.ToSend = toSend
  if (sv.MinSettleHeight !== 0n) {
    if (st.SettlingAt !== 0n && st.SettlingAt < sv.MinSettleHeight) st.SettlingAt = sv.MinSettleHeight
    if (st.MinSettleHeight < sv.MinSettleHeight) st.MinSettleHeight = sv.MinSettleHeight
  }
  await withLanes(`failed to store lane ${sv.Lane}`, () => lanes.set(sv.Lane, { Redeemed: sv.Amount, Nonce: sv.Nonce }))
  st.LaneStates = await withLanes('failed to save lanes', () => lanes.flush())
}

/** UpdateChannelState: one party submits a voucher the other signed. */
async function updateChannelState(rt: Runtime, params: UpdateParams): Promise<undefined> {
  const st = await rt.stateReadonly(PaychState)
  rt.validateImmediateCallerIs(st.From, st.To)
  await validateVoucher(rt, st, params)
  await sendExtra(rt, params)
  await rt.stateTransaction(PaychState, (next) => redeemVoucher(rt, next, params.Sv))
  return undefined
}

/** Settle: either party starts settlement, once; Collect is allowed SETTLE_DELAY later, or at MinSettleHeight if later. */
async function settle(rt: Runtime): Promise<undefined> {
  await rt.stateTransaction(PaychState, (st) => {
    rt.validateImmediateCallerIs(st.From, st.To)
    if (st.SettlingAt !== 0n) abort(ExitCode.ErrIllegalState, 'channel already settling')
    st.SettlingAt = rt.currEpoch + SETTLE_DELAY
    if (st.SettlingAt < st.MinSettleHeight) st.SettlingAt = st.MinSettleHeight
  })
  return undefined
}

/** Collect: from SettlingAt on, pays ToSend to To and deletes the channel, its remaining balance going to From. */
async function collect(rt: Runtime): Promise<undefined> {
  const st = await rt.stateReadonly(PaychState)
  rt.validateImmediateCallerIs(st.From, st.To)
  if (st.SettlingAt === 0n || rt.currEpoch < st.SettlingAt) abort(ExitCode.ErrForbidden, 'payment channel not settling or settled')
  const { exitCode } = await rt.send(st.To, 0n, undefined, st.ToSend)
  if (exitCode !== ExitCode.Ok) abort(exitCode, 'Failed to send funds to `To`')
  await rt.deleteActor(st.From)
  return undefined
}

/** The payment channel actor's code for an actors version: Constructor (1), UpdateChannelState (2), Settle (3), Collect (4). */
export function getPaychActor(version: ActorsVersion): ActorCode {
  const updateParams = version === 0 ? cborParams(UpdateChannelStateParamsV0) : cborParams(UpdateChannelStateParamsV2)
  return {
    code: getBuiltinCode('paymentchannel', version),
    singleton: false,
    actorsVersion: version,
    methods: [
      undefined,
      defineMethod(cborParams(PaychConstructorParams), construct),
      defineMethod<UpdateParams>(updateParams, updateChannelState),
      defineMethod(EMPTY_PARAMS, settle),
      defineMethod(EMPTY_PARAMS, collect),
    ],
  }
}
