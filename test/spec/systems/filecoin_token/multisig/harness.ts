// A runtime for multisig unit tests, after specs-actors' support/mock runtime: one actor's state
// in a memory block store, a settable caller, epoch and balance, an address book for
// resolution, and nested sends recorded and answered by a handler. A failed call reverts the
// state and balance, as the VM does.

import { blake2b } from '@noble/hashes/blake2.js'
import type { CID } from 'multiformats/cid'
import { addressToBytes, addressToString, newIdAddress, type Address } from '../../../../../spec/appendix/address/address.ts'
import { createMemoryBlockstore } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import type { ActorCode } from '../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { INIT_ACTOR_ADDR, getBuiltinCode, type ActorsVersion } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ActorError, ExitCode, abort } from '../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import type { Runtime, SendResult, StateCodec } from '../../../../../spec/systems/filecoin_vm/runtime/runtime.ts'
import { getMultisigActor } from '../../../../../spec/systems/filecoin_token/multisig/multisig.ts'
import { MultisigState } from '../../../../../spec/systems/filecoin_token/multisig/multisig_state.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import { computeCborCid } from '../../../../../src/schema/struct.ts'

export interface SentMessage {
  readonly to: Address
  readonly method: bigint
  readonly params: Uint8Array | undefined
  readonly value: bigint
}

const key = (a: Address) => Buffer.from(addressToBytes(a)).toString('hex')

export class MockRuntime implements Runtime {
  readonly store = createMemoryBlockstore()
  readonly syscalls = {
    verifySignature: async () => false,
    hashBlake2b: (data: Uint8Array) => {
      this.hashes++
      return blake2b(data, { dkLen: 32 })
    },
  }
  networkVersion: number
  currEpoch = 0n
  caller: Address = INIT_ACTOR_ADDR
  callerCode: CID = getBuiltinCode('init', 0)
  valueReceived = 0n
  balance = 0n
  head: CID | undefined
  hashes = 0
  readonly sends: SentMessage[] = []
  /** Answers a nested send; by default it succeeds with no return value. */
  onSend: (msg: SentMessage) => SendResult | Promise<SendResult> = () => ({ exitCode: 0, returnValue: new Uint8Array() })
  private readonly ids = new Map<string, Address>()
  private validated = false

  constructor(
    readonly actorsVersion: ActorsVersion,
    readonly receiver: Address = newIdAddress(1000n),
  ) {
    this.networkVersion = actorsVersion === 0 ? 3 : 4
  }

  /** Makes `addr` resolve to `id`, as the init actor's address map would. */
  addIdAddress(addr: Address, id: Address): void {
    this.ids.set(key(addr), id)
  }

  setCaller(caller: Address, code: 'account' | 'multisig' | 'init'): void {
    this.caller = caller
    this.callerCode = getBuiltinCode(code, this.actorsVersion)
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
    if (!codes.some((c) => c.equals(this.callerCode))) abort(ExitCode.SysErrForbidden, `caller type ${this.callerCode} not allowed`)
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
  async getActorCodeCid(): Promise<CID | undefined> {
    return undefined
  }
  getRandomnessFromTickets(): Promise<Uint8Array> {
    throw new Error('not used by the multisig')
  }
  getRandomnessFromBeacon(): Promise<Uint8Array> {
    throw new Error('not used by the multisig')
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

  /** Answers a send to the multisig itself by running the method, as the VM would, then restores the outer call. */
  async callSelf(msg: SentMessage): Promise<SendResult> {
    const outer = { caller: this.caller, callerCode: this.callerCode, validated: this.validated, valueReceived: this.valueReceived }
    this.setCaller(this.receiver, 'multisig')
    // A send to itself moves no funds: call() credits the value and send() debits it on success,
    // so take it off first and put it back after.
    this.balance -= msg.value
    try {
      const { exitCode, ret } = await this.call(Number(msg.method), msg.params ?? new Uint8Array(), msg.value)
      this.balance += msg.value
      return { exitCode, returnValue: exitCode === 0 ? (ret ?? new Uint8Array()) : new Uint8Array() }
    } finally {
      Object.assign(this, outer)
    }
  }
  computeNewActorAddress(): Promise<Address> {
    throw new Error('not used by the multisig')
  }
  createActor(): Promise<void> {
    throw new Error('not used by the multisig')
  }
  deleteActor(): Promise<void> {
    throw new Error('not used by the multisig')
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
  async call(method: number, params: Uint8Array, value = 0n): Promise<{ exitCode: number; ret: Uint8Array | undefined }> {
    const m = (this.actor.methods[method] ?? abort(ExitCode.SysErrInvalidMethod, `no method ${method}`))
    const saved = { head: this.head, balance: this.balance }
    this.validated = false
    this.valueReceived = value
    this.balance += value
    try {
      const ret = await m.invoke(this, m.params.read(params))
      if (!this.validated) abort(ExitCode.SysErrorIllegalActor, 'caller not validated')
      return { exitCode: 0, ret }
    } catch (e) {
      Object.assign(this, saved)
      if (e instanceof ActorError && !e.fatal) return { exitCode: e.exitCode, ret: undefined }
      if (e instanceof SchemaError) return { exitCode: this.networkVersion < 7 ? 1 : ExitCode.ErrSerialization, ret: undefined }
      throw e
    }
  }

  get actor(): ActorCode {
    return getMultisigActor(this.actorsVersion)
  }

  state(): Promise<MultisigState> {
    return this.stateReadonly(MultisigState)
  }
}
