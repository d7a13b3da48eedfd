// A runtime for payment channel unit tests, after specs-actors' support/mock runtime as its
// paych_test.go uses it: one channel's state in a memory block store, a settable caller, epoch
// and balance, actors with codes and an address book for resolution, signature checks and
// nested sends recorded and answered by handlers, and a deletion recorded. A failed call
// reverts the state and balance, as the VM does.

import { blake2b } from '@noble/hashes/blake2.js'
import type { CID } from 'multiformats/cid'
import { expect } from 'vitest'
import { addressToBytes, addressToString, newIdAddress, type Address } from '../../../../../spec/appendix/address/address.ts'
import type { Signature } from '../../../../../spec/algorithms/crypto/signatures/signature.ts'
import { createMemoryBlockstore } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { INIT_ACTOR_ADDR, getBuiltinCode, type ActorsVersion } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ActorError, ExitCode, abort } from '../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import type { Runtime, SendResult, StateCodec } from '../../../../../spec/systems/filecoin_vm/runtime/runtime.ts'
import { checkPaychStateInvariants } from '../../../../../spec/systems/filecoin_token/payment_channels/invariants.ts'
import { PaychMethod, getPaychActor } from '../../../../../spec/systems/filecoin_token/payment_channels/paych.ts'
import { PaychState } from '../../../../../spec/systems/filecoin_token/payment_channels/state.ts'
import {
  PaychConstructorParams,
  UpdateChannelStateParamsV0,
  UpdateChannelStateParamsV2,
  type SignedVoucher,
} from '../../../../../spec/systems/filecoin_token/payment_channels/types.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import { computeCborCid } from '../../../../../src/schema/struct.ts'

export interface SentMessage {
  readonly to: Address
  readonly method: bigint
  readonly params: Uint8Array | undefined
  readonly value: bigint
}

export interface SignatureCheck {
  readonly signature: Signature
  readonly signer: Address
  readonly plaintext: Uint8Array
}

const key = (a: Address) => Buffer.from(addressToBytes(a)).toString('hex')

/** The parties of specs-actors' paych tests: the channel f0100, payer f0102, payee f0103. */
export const PAYCH = newIdAddress(100n)
export const PAYER = newIdAddress(102n)
export const PAYEE = newIdAddress(103n)
/** A signature whose bytes do not matter: the runtime's check is mocked. */
export const SIG: Signature = { type: 2, data: Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]) }

export class PaychRuntime implements Runtime {
  readonly store = createMemoryBlockstore()
  readonly syscalls = {
    verifySignature: async (signature: Signature, signer: Address, plaintext: Uint8Array) => {
      this.signatureChecks.push({ signature, signer, plaintext })
      return this.signaturesValid
    },
    hashBlake2b: (data: Uint8Array) => blake2b(data, { dkLen: 32 }),
  }
  networkVersion: number
  currEpoch = 2n
  caller: Address = INIT_ACTOR_ADDR
  valueReceived = 0n
  balance = 100_000n
  head: CID | undefined
  signaturesValid = true
  readonly signatureChecks: SignatureCheck[] = []
  readonly sends: SentMessage[] = []
  deletedTo: Address | undefined
  /** Answers a nested send; by default it succeeds with no return value. */
  onSend: (msg: SentMessage) => SendResult | Promise<SendResult> = () => ({ exitCode: 0, returnValue: new Uint8Array() })
  private readonly ids = new Map<string, Address>()
  private readonly codes = new Map<string, CID>()
  private validated = false

  constructor(
    readonly actorsVersion: ActorsVersion,
    readonly receiver: Address = PAYCH,
  ) {
    this.networkVersion = actorsVersion === 0 ? 3 : 4
    this.setActor(INIT_ACTOR_ADDR, 'init')
    this.setActor(PAYER, 'account')
    this.setActor(PAYEE, 'account')
  }

  /** Gives `id` an actor of builtin `name`, of this runtime's actors version. */
  setActor(id: Address, name: string): void {
    this.codes.set(key(id), getBuiltinCode(name, this.actorsVersion))
  }

  /** Makes `addr` resolve to `id`, as the init actor's address map would. */
  addIdAddress(addr: Address, id: Address): void {
    this.ids.set(key(addr), id)
  }

  validateImmediateCallerAcceptAny(): void {
    this.validateOnce()
  }
  validateImmediateCallerIs(...allowed: Address[]): void {
    this.validateOnce()
    if (!allowed.some((a) => key(a) === key(this.caller))) abort(ExitCode.SysErrForbidden, `caller ${addressToString(this.caller)} not allowed`)
  }
  async validateImmediateCallerType(...codes: CID[]): Promise<void> {
    this.validateOnce()
    const code = this.codes.get(key(this.caller))
    if (code === undefined || !codes.some((c) => c.equals(code))) abort(ExitCode.SysErrForbidden, `caller type ${code} not allowed`)
  }
  private validateOnce(): void {
    if (this.validated) abort(ExitCode.SysErrorIllegalActor, 'caller validated twice')
    this.validated = true
  }

  async getCurrentBalance(): Promise<bigint> {
    return this.balance
  }
  async resolveAddress(address: Address): Promise<Address | undefined> {
    return address.protocol === 0 ? address : this.ids.get(key(address))
  }
  async getActorCodeCid(address: Address): Promise<CID | undefined> {
    return this.codes.get(key(address))
  }
  getRandomnessFromTickets(): Promise<Uint8Array> {
    throw new Error('not used by the payment channel')
  }
  getRandomnessFromBeacon(): Promise<Uint8Array> {
    throw new Error('not used by the payment channel')
  }
  getTotalFilCirculatingSupply(): bigint {
    return 0n
  }

  async send(to: Address, method: bigint, params: Uint8Array | undefined, value: bigint): Promise<SendResult> {
    const msg = { to, method, params, value }
    this.sends.push(msg)
    const result = await this.onSend(msg)
    if (result.exitCode === 0) this.balance -= value
    return result
  }
  computeNewActorAddress(): Promise<Address> {
    throw new Error('not used by the payment channel')
  }
  createActor(): Promise<void> {
    throw new Error('not used by the payment channel')
  }
  async deleteActor(beneficiary: Address): Promise<void> {
    this.deletedTo = beneficiary
  }

  async stateCreate<T>(codec: StateCodec<T>, state: T): Promise<void> {
    if (this.head !== undefined) throw new Error('state already created')
    this.head = await this.put(codec.encode(state))
  }
  async stateReadonly<T>(codec: StateCodec<T>): Promise<T> {
    if (this.head === undefined) throw new Error('no state')
    return codec.decode(await this.store.get(this.head))
  }
  async stateTransaction<T, R>(codec: StateCodec<T>, update: (state: T) => R | Promise<R>): Promise<R> {
    const st = await this.stateReadonly(codec)
    const result = await update(st)
    this.head = await this.put(codec.encode(st))
    return result
  }
  chargeGas(): void {}

  private async put(bytes: Uint8Array): Promise<CID> {
    const cid = computeCborCid(bytes)
    await this.store.put(cid, bytes)
    return cid
  }

  /** Calls a method as the VM would: parameters read first, caller validated, state reverted on failure. */
  async call(method: bigint, params: Uint8Array, value = 0n): Promise<number> {
    const m = getPaychActor(this.actorsVersion).methods[Number(method)]
    if (m === undefined) return ExitCode.SysErrInvalidMethod
    const saved = { head: this.head, balance: this.balance, deletedTo: this.deletedTo }
    this.validated = false
    this.valueReceived = value
    this.balance += value
    try {
      await m.invoke(this, m.params.read(params))
      if (!this.validated) abort(ExitCode.SysErrorIllegalActor, 'caller not validated')
      return ExitCode.Ok
    } catch (e) {
      Object.assign(this, saved)
      if (e instanceof ActorError && !e.fatal) return e.exitCode
      if (e instanceof SchemaError) return this.networkVersion < 7 ? 1 : ExitCode.ErrSerialization
      throw e
    }
  }

  state(): Promise<PaychState> {
    return this.stateReadonly(PaychState)
  }

  /** Checks the state invariants, as each specs-actors paych test does at its end. */
  async expectInvariants(): Promise<void> {
    expect(await checkPaychStateInvariants(this.store, await this.state(), this.balance)).toEqual([])
  }

  /** Constructs the channel from init, payer to payee unless told otherwise; the exit code. */
  construct(from: Address = PAYER, to: Address = PAYEE): Promise<number> {
    this.caller = INIT_ACTOR_ADDR
    return this.call(PaychMethod.Constructor, PaychConstructorParams.encode({ From: from, To: to }))
  }

  /** Submits a voucher as `caller` (the payer by default), with this version's parameters; the exit code. */
  update(sv: SignedVoucher, options: { caller?: Address; secret?: Uint8Array; proof?: Uint8Array } = {}): Promise<number> {
    this.caller = options.caller ?? PAYER
    const secret = options.secret ?? new Uint8Array()
    const params =
      this.actorsVersion === 0
        ? UpdateChannelStateParamsV0.encode({ Sv: sv, Secret: secret, Proof: options.proof ?? new Uint8Array() })
        : UpdateChannelStateParamsV2.encode({ Sv: sv, Secret: secret })
    return this.call(PaychMethod.UpdateChannelState, params)
  }

  settle(caller: Address = PAYER): Promise<number> {
    this.caller = caller
    return this.call(PaychMethod.Settle, new Uint8Array())
  }

  collect(caller: Address = PAYER): Promise<number> {
    this.caller = caller
    return this.call(PaychMethod.Collect, new Uint8Array())
  }
}

/** A voucher for the channel f0100, as specs-actors' `requireAddNewLane` makes one. */
export function makeVoucher(fields: Partial<SignedVoucher> = {}): SignedVoucher {
  return {
    ChannelAddr: PAYCH,
    TimeLockMin: 0n,
    TimeLockMax: 0n,
    SecretPreimage: new Uint8Array(),
    Extra: null,
    Lane: 0n,
    Nonce: 1n,
    Amount: 1n,
    MinSettleHeight: 0n,
    Merges: [],
    Signature: SIG,
    ...fields,
  }
}

/** A constructed channel with `lanes` lanes, lane i holding amount i + 1 at nonce i + 1 (specs-actors `requireCreateChannelWithLanes`). */
export async function createChannelWithLanes(version: ActorsVersion, lanes: number): Promise<PaychRuntime> {
  const rt = new PaychRuntime(version)
  expect(await rt.construct()).toBe(ExitCode.Ok)
  for (let i = 0; i < lanes; i++) {
    expect(await rt.update(makeVoucher({ Lane: BigInt(i), Nonce: BigInt(i + 1), Amount: BigInt(i + 1), TimeLockMin: rt.currEpoch, TimeLockMax: 2n ** 63n - 1n }))).toBe(ExitCode.Ok)
  }
  return rt
}
