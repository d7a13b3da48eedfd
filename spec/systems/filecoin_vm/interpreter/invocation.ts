// Spec section: Systems › Filecoin VM › Interpreter, "Sends". One send (top-level or nested) as
// Lotus chain/vm/vm.go `send` and chain/vm/runtime.go ran it before the FVM: the runtime the
// receiving actor sees, the implicit account creation for an unknown key address, the method
// invocation charge, the value transfer, and the dispatch of the method with its parameters read
// first. Gas is shared by every send of one message; every block the actors read or write costs.

import * as dagCbor from '@ipld/dag-cbor'
import { blake2b } from '@noble/hashes/blake2.js'
import type { CID } from 'multiformats/cid'
import { addressToBytes, addressToString, newActorAddress, type Address } from '../../../appendix/address/address.ts'
import type { Signature } from '../../../algorithms/crypto/signatures/signature.ts'
import { BlockNotFoundError, type Blockstore } from '../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import { ActorPanic, NotImplementedError } from '../actor/actor_code.ts'
import { SINGLETON_ACTOR_NAMES, SYSTEM_ACTOR_ADDR, getBuiltinCode, parseBuiltinCode } from '../actor/builtin_code.ts'
import {
  onComputeUnsealedSectorCid,
  onCreateActor,
  onDeleteActor,
  onHashing,
  onIpldGet,
  onIpldPut,
  onMethodInvocation,
  onVerifySignature,
  type GasCharge,
} from '../gas_fee/price_list.ts'
import { ActorError, ExitCode, abort } from '../runtime/exit_code.ts'
import type { PieceInfo, Runtime, SendResult, StateCodec, Syscalls, UnsealedSectorCidComputer } from '../runtime/runtime.ts'
import type { ActorV5 } from '../state_tree/state_tree.ts'
import { AccountState } from '../sysactors/account_actor.ts'
import { SchemaError } from '../../../../src/schema/errors.ts'
import { computeCborCid } from '../../../../src/schema/struct.ts'
import type { VM } from './vm.ts'

/** The head of an actor with no state yet: the CID of the empty CBOR array (Lotus `EmptyObjectCid`). */
export const EMPTY_OBJECT_BYTES = Uint8Array.of(0x80)
export const EMPTY_OBJECT_CID: CID = computeCborCid(EMPTY_OBJECT_BYTES)

/**
 * The node's CommD computation when the VM was given none: this specification does not compute
 * piece commitments yet, so a run that reaches the syscall cannot say what Lotus would.
 */
const NO_UNSEALED_SECTOR_CIDS: UnsealedSectorCidComputer = {
  computeUnsealedSectorCid() {
    throw new NotImplementedError('ComputeUnsealedSectorCID syscall (piece commitments)')
  },
}

/** The gas of one message, shared by all its sends (Lotus copies it into each nested runtime and back). */
export class GasTracker {
  used = 0n
  constructor(readonly available: bigint) {}

  /** Charges, or on running out uses up all the gas and returns SysErrOutOfGas. */
  chargeSafe(charge: GasCharge): ActorError | undefined {
    const toUse = charge.compute + charge.storage
    if (this.used > this.available - toUse) {
      const used = this.used
      this.used = this.available
      return new ActorError(ExitCode.SysErrOutOfGas, `not enough gas: used=${used}, available=${this.available}, use=${toUse}`)
    }
    this.used += toUse
    return undefined
  }

  charge(charge: GasCharge): void {
    const error = this.chargeSafe(charge)
    if (error !== undefined) throw error
  }
}

/** What all sends of one message share. */
export interface CallContext {
  readonly vm: VM
  readonly gas: GasTracker
  /** The top-level message's sender and nonce, which new actor addresses derive from. */
  readonly origin: Address
  readonly originNonce: bigint
  readonly actorsCreated: { count: bigint }
}

/** A send to make: the message fields the VM reads. */
export interface SendMessage {
  readonly From: Address
  readonly To: Address
  readonly Method: bigint
  readonly Value: bigint
  readonly Params: Uint8Array
}

/** The outcome of a send: the return value, or the error that ended it. */
export interface SendOutcome {
  readonly returnValue: Uint8Array
  readonly error: ActorError | undefined
}

const EMPTY = new Uint8Array()
const failed = (error: ActorError): SendOutcome => ({ returnValue: EMPTY, error })
const sameAddress = (a: Address, b: Address) => a.protocol === b.protocol && a.payload.length === b.payload.length && a.payload.every((x, i) => x === b.payload[i])

/** A block store that charges every get and put to the message's gas (Lotus `gasChargingBlocks`). */
function chargingStore(call: CallContext): Blockstore {
  const { store } = call.vm.options
  const pl = call.vm.priceList
  return {
    has: (cid) => store.has(cid),
    async get(cid) {
      call.gas.charge(onIpldGet(pl))
      try {
        return await store.get(cid)
      } catch (e) {
        if (e instanceof BlockNotFoundError) throw new ActorError(0, `failed to get block from blockstore: ${cid}`, true)
        throw e
      }
    },
    async put(cid, bytes) {
      call.gas.charge(onIpldPut(pl, bytes.length))
      await store.put(cid, bytes)
    },
    // Every block is charged, as Go's one Put per node, before the batch is written: running out
    // of gas part-way leaves the same gas used, and the store keeps its all-or-nothing batch.
    async putMany(blocks) {
      const batch = [...blocks]
      for (const b of batch) call.gas.charge(onIpldPut(pl, b.bytes.length))
      await store.putMany(batch)
    },
  }
}

/** The key address behind an account (Lotus `ResolveToKeyAddr`), read without gas. */
async function resolveToKeyAddress(vm: VM, addr: Address): Promise<Address> {
  if (addr.protocol === 1 || addr.protocol === 3) return addr
  const actor = await vm.requireActor(addr)
  return AccountState.decode(await vm.options.store.get(actor.Head)).Address
}

/**
 * The key address behind a signature's signer, or undefined when it is no account (Lotus
 * `ResolveToKeyAddr` as the VerifySignature syscall calls it, with the runtime's store): the
 * account's state is read through `store`, the gas-charged one, after its code is checked.
 */
async function resolveSignerKey(vm: VM, store: Blockstore, addr: Address): Promise<Address | undefined> {
  if (addr.protocol === 1 || addr.protocol === 3) return addr
  const actor = await vm.state.getActor(addr)
  if (actor === undefined || parseBuiltinCode(actor.Code)?.name !== 'account') return undefined
  const bytes = await store.get(actor.Head)
  try {
    return AccountState.decode(bytes).Address
  } catch (e) {
    if (e instanceof SchemaError) return undefined
    throw e
  }
}

/** The runtime of one send: what the receiving actor's method sees (Lotus `Runtime`). */
class InvocationRuntime implements Runtime {
  callerValidated = false
  allowInternal = true
  readonly store: Blockstore
  readonly syscalls: Syscalls

  constructor(
    readonly call: CallContext,
    readonly caller: Address,
    public receiver: Address,
    readonly valueReceived: bigint,
  ) {
    const store = chargingStore(call)
    this.store = store
    const { vm, gas } = call
    this.syscalls = {
      async verifySignature(signature: Signature, signer: Address, plaintext: Uint8Array) {
        const charge = onVerifySignature(vm.priceList, signature.type)
        if (charge === undefined) return false
        gas.charge(charge)
        const key = await resolveSignerKey(vm, store, signer)
        if (key === undefined) return false
        try {
          return vm.options.verifier.verify(signature, key, plaintext)
        } catch (e) {
          if (e instanceof ActorError && e.fatal) throw e
          return false
        }
      },
      hashBlake2b(data: Uint8Array) {
        gas.charge(onHashing(vm.priceList))
        return blake2b(data, { dkLen: 32 })
      },
      async computeUnsealedSectorCid(sealProof: bigint, pieces: readonly PieceInfo[]) {
        gas.charge(onComputeUnsealedSectorCid(vm.priceList))
        return (vm.options.unsealedSectorCids ?? NO_UNSEALED_SECTOR_CIDS).computeUnsealedSectorCid(sealProof, pieces)
      },
    }
  }

  get vm(): VM {
    return this.call.vm
  }
  get networkVersion() {
    return this.vm.options.networkVersion
  }
  get actorsVersion() {
    return this.vm.actorsVersion
  }
  get currEpoch() {
    return this.vm.epoch
  }

  private validateOnce(): void {
    if (this.callerValidated) abort(ExitCode.SysErrorIllegalActor, 'Method must validate caller identity exactly once')
    this.callerValidated = true
  }

  validateImmediateCallerAcceptAny(): void {
    this.validateOnce()
  }

  validateImmediateCallerIs(...allowed: Address[]): void {
    this.validateOnce()
    if (!allowed.some((a) => sameAddress(a, this.caller))) abort(ExitCode.SysErrForbidden, `caller ${addressToString(this.caller)} is not one of ${allowed.map((a) => addressToString(a)).join(', ')}`)
  }

  async validateImmediateCallerType(...codes: CID[]): Promise<void> {
    this.validateOnce()
    const code = await this.getActorCodeCid(this.caller)
    if (code === undefined) throw new ActorError(0, 'failed to lookup code cid for caller', true)
    if (!codes.some((c) => c.equals(code))) abort(ExitCode.SysErrForbidden, `caller cid type ${code} was not one of ${codes.join(', ')}`)
  }

  async getCurrentBalance(): Promise<bigint> {
    return (await this.vm.state.getActor(this.receiver))?.Balance ?? 0n
  }

  resolveAddress(address: Address): Promise<Address | undefined> {
    return this.vm.state.lookupId(address)
  }

  async getActorCodeCid(address: Address): Promise<CID | undefined> {
    return (await this.vm.state.getActor(address))?.Code
  }

  getRandomnessFromTickets(tag: number, epoch: bigint, entropy: Uint8Array): Promise<Uint8Array> {
    return this.vm.options.randomness.getChainRandomness(tag, epoch, entropy)
  }

  getRandomnessFromBeacon(tag: number, epoch: bigint, entropy: Uint8Array): Promise<Uint8Array> {
    return this.vm.options.randomness.getBeaconRandomness(tag, epoch, entropy)
  }

  getTotalFilCirculatingSupply(): bigint {
    return this.vm.options.circulatingSupply
  }

  async send(to: Address, method: bigint, params: Uint8Array | undefined, value: bigint): Promise<SendResult> {
    if (!this.allowInternal) abort(ExitCode.SysErrorIllegalActor, 'runtime.Send() is currently disallowed')
    const { returnValue, error } = await internalSend(this, this.receiver, to, method, value, params ?? EMPTY)
    if (error === undefined) return { exitCode: ExitCode.Ok, returnValue }
    if (error.fatal) throw error
    return { exitCode: error.exitCode, returnValue: EMPTY }
  }

  /**
   * go-address NewActorAddress over CBOR(origin's key address) ‖ origin nonce ‖ actors created
   * so far in this message, the two counters as big-endian uint64 (Lotus `NewActorAddress`).
   */
  async computeNewActorAddress(): Promise<Address> {
    const key = await resolveToKeyAddress(this.vm, this.call.origin)
    const cbor = dagCbor.encode(addressToBytes(key))
    const data = new Uint8Array(cbor.length + 16)
    data.set(cbor)
    const view = new DataView(data.buffer)
    view.setBigUint64(cbor.length, this.call.originNonce)
    view.setBigUint64(cbor.length + 8, this.call.actorsCreated.count)
    this.call.actorsCreated.count++
    return newActorAddress(data)
  }

  async createActor(code: CID | undefined, address: Address | undefined): Promise<void> {
    const builtin = code === undefined ? undefined : parseBuiltinCode(code)
    const known = code !== undefined && this.vm.options.registry.get(code.toString())
    if (builtin !== undefined && !known) throw new NotImplementedError(`the ${builtin.name} actor of actors v${builtin.version}`)
    if (code === undefined || !known) abort(ExitCode.SysErrorIllegalArgument, 'Can only create built-in actors.')
    if (known.actorsVersion !== undefined && known.actorsVersion !== this.actorsVersion) abort(ExitCode.SysErrorIllegalArgument, `Cannot create actor: version ${known.actorsVersion} actor at network version ${this.networkVersion}`)
    if (known.singleton || (builtin !== undefined && SINGLETON_ACTOR_NAMES.includes(builtin.name))) abort(ExitCode.SysErrorIllegalArgument, 'Can only have one instance of singleton actors.')
    if (address === undefined) throw new ActorError(0, 'CreateActor with an undefined address', true)
    if ((await this.vm.state.getActor(address)) !== undefined) abort(ExitCode.SysErrorIllegalArgument, 'Actor address already exists')
    this.call.gas.charge(onCreateActor(this.vm.priceList))
    await this.vm.state.setActor(address, { Code: code, Head: EMPTY_OBJECT_CID, Nonce: 0n, Balance: 0n, DelegatedAddress: null })
  }

  async deleteActor(beneficiary: Address): Promise<void> {
    this.call.gas.charge(onDeleteActor(this.vm.priceList))
    const actor = await this.vm.state.getActor(this.receiver)
    if (actor === undefined) abort(ExitCode.SysErrorIllegalActor, 'failed to load actor in delete actor')
    if (actor.Balance !== 0n) {
      const error = await this.vm.transfer(this.receiver, beneficiary, actor.Balance)
      if (error !== undefined) throw new ActorError(0, `failed to transfer balance to beneficiary actor: ${error.reason}`, true)
    }
    await this.vm.state.deleteActor(this.receiver)
  }

  private async readState<T>(codec: StateCodec<T>, head: CID): Promise<T> {
    const bytes = await this.store.get(head)
    try {
      return codec.decode(bytes)
    } catch (e) {
      if (e instanceof SchemaError) throw new ActorError(0, `failed to get cbor object ${head}: ${e.message}`, true)
      throw e
    }
  }

  private async writeState<T>(codec: StateCodec<T>, state: T): Promise<CID> {
    const bytes = codec.encode(state)
    const cid = computeCborCid(bytes)
    await this.store.put(cid, bytes)
    return cid
  }

  /** Points this actor at its new state, which must follow from `oldHead` (Lotus `stateCommit`). */
  private async commit(oldHead: CID, newHead: CID): Promise<void> {
    const actor = await this.vm.state.getActor(this.receiver)
    if (actor === undefined) throw new ActorError(0, 'failed to get actor to commit state', true)
    if (!actor.Head.equals(oldHead)) throw new ActorError(0, 'failed to update, inconsistent base reference', true)
    await this.vm.state.setActor(this.receiver, { ...actor, Head: newHead })
  }

  async stateCreate<T>(codec: StateCodec<T>, state: T): Promise<void> {
    await this.commit(EMPTY_OBJECT_CID, await this.writeState(codec, state))
  }

  async stateReadonly<T>(codec: StateCodec<T>): Promise<T> {
    const actor = await this.vm.state.getActor(this.receiver)
    if (actor === undefined) abort(ExitCode.SysErrorIllegalArgument, 'failed to get actor for Readonly state')
    return this.readState(codec, actor.Head)
  }

  async stateTransaction<T, R>(codec: StateCodec<T>, update: (state: T) => R | Promise<R>): Promise<R> {
    const actor = await this.vm.state.getActor(this.receiver)
    if (actor === undefined) abort(ExitCode.SysErrorIllegalActor, 'failed to get actor for Transaction')
    const state = await this.readState(codec, actor.Head)
    this.allowInternal = false
    const result = await update(state)
    this.allowInternal = true
    await this.commit(actor.Head, await this.writeState(codec, state))
    return result
  }

  chargeGas(name: string, compute: bigint): void {
    this.call.gas.charge({ name, compute, storage: 0n })
  }
}

/** A nested send under its own snapshot, reverted when it fails (Lotus `internalSend`). */
async function internalSend(parent: InvocationRuntime, from: Address, to: Address, method: bigint, value: bigint, params: Uint8Array): Promise<SendOutcome> {
  const { state } = parent.vm
  state.snapshot()
  try {
    const outcome = await send(parent.call, { From: from, To: to, Method: method, Value: value, Params: params })
    if (outcome.error !== undefined) state.revert()
    return outcome
  } finally {
    state.clearSnapshot()
  }
}

/**
 * Creates the account actor of a key address a send names for the first time (Lotus
 * `TryCreateAccountActor`). The creation is charged, and the address registered with the init
 * actor, before the protocol is checked: a send to an unknown ID or actor address pays for the
 * attempt, and the failed message's revert undoes the registration.
 */
async function createAccountActor(rt: InvocationRuntime, addr: Address): Promise<{ actor: ActorV5; id: Address } | ActorError> {
  const { vm, gas } = rt.call
  const charged = gas.chargeSafe(onCreateActor(vm.priceList))
  if (charged !== undefined) return charged
  const id = await vm.state.registerNewAddress(addr)
  if (addr.protocol !== 1 && addr.protocol !== 3) {
    const what = addr.protocol === 0 ? 'no actor with given ID' : addr.protocol === 2 ? 'no such actor' : 'address has unsupported protocol'
    return new ActorError(ExitCode.SysErrInvalidReceiver, `${what}: ${addressToString(addr)}`)
  }
  await vm.state.setActor(id, { Code: getBuiltinCode('account', vm.actorsVersion), Head: EMPTY_OBJECT_CID, Nonce: 0n, Balance: 0n, DelegatedAddress: null })
  const { error } = await internalSend(rt, SYSTEM_ACTOR_ADDR, id, 1n, 0n, dagCbor.encode(addressToBytes(addr)))
  if (error !== undefined) return error
  return { actor: await vm.requireActor(id), id }
}

/**
 * One send (Lotus `vm.send`): the runtime for the receiver, the message's own charge if
 * top-level, the receiver (created if it is a new key address), the invocation charge, the
 * value transfer, then the method. Failures come back as the outcome's error; a failure of the
 * VM itself is thrown.
 */
export async function send(call: CallContext, msg: SendMessage, messageCharge?: GasCharge): Promise<SendOutcome> {
  const { vm, gas } = call
  const caller = await vm.state.lookupId(msg.From)
  if (caller === undefined) abort(ExitCode.SysErrInvalidReceiver, 'resolve msg.From address failed')
  // Before network version 4 the receiver is the address the message named; from 4 its ID.
  const receiver = vm.options.networkVersion <= 3 ? msg.To : await vm.state.lookupId(msg.To)
  const rt = new InvocationRuntime(call, caller, receiver ?? msg.To, msg.Value)
  if (messageCharge !== undefined) {
    const error = gas.chargeSafe(messageCharge)
    if (error !== undefined) return failed(error)
  }
  let actor = await vm.state.getActor(msg.To)
  if (actor === undefined) {
    const created = await createAccountActor(rt, msg.To)
    if (created instanceof ActorError) return failed(created)
    actor = created.actor
    if (vm.options.networkVersion >= 4) rt.receiver = created.id
  }
  const invocation = gas.chargeSafe(onMethodInvocation(vm.priceList, msg.Value, msg.Method))
  if (invocation !== undefined) return failed(invocation)
  if (msg.Value !== 0n) {
    const error = await vm.transfer(msg.From, msg.To, msg.Value)
    if (error !== undefined) return failed(error)
  }
  if (msg.Method === 0n) return { returnValue: EMPTY, error: undefined }
  return invoke(rt, actor, msg.Method, msg.Params)
}

/**
 * Runs a method (Lotus `ActorRegistry.Invoke` and `Runtime.shimCall`): the code must be known and
 * of the network version's actors; the method must exist; its parameters must read (else exit
 * code 1, ErrSerialization from network version 7); the method must validate its caller.
 */
async function invoke(rt: InvocationRuntime, actor: ActorV5, method: bigint, params: Uint8Array): Promise<SendOutcome> {
  const nv = rt.networkVersion
  const code = rt.vm.options.registry.get(actor.Code.toString())
  if (code === undefined) {
    const builtin = parseBuiltinCode(actor.Code)
    if (builtin !== undefined) throw new NotImplementedError(`the ${builtin.name} actor of actors v${builtin.version}`)
    return failed(new ActorError(ExitCode.SysErrorIllegalActor, `no code for actor ${actor.Code}`))
  }
  if (code.actorsVersion !== undefined && code.actorsVersion !== rt.actorsVersion) {
    return failed(new ActorError(ExitCode.SysErrorIllegalActor, `unsupported actor: a version ${code.actorsVersion} actor at network version ${nv}`))
  }
  const m = method < BigInt(code.methods.length) ? code.methods[Number(method)] : undefined
  if (m === undefined) return failed(new ActorError(ExitCode.SysErrInvalidMethod, `no method ${method} on actor`))
  let decoded: unknown
  try {
    decoded = m.params.read(params)
  } catch (e) {
    if (!(e instanceof SchemaError)) throw e
    return failed(new ActorError(nv < 7 ? 1 : ExitCode.ErrSerialization, `failed to decode parameters: ${e.message}`))
  }
  try {
    const returnValue = await m.invoke(rt, decoded)
    if (!rt.callerValidated) abort(ExitCode.SysErrorIllegalActor, 'Caller MUST be validated during method execution')
    return { returnValue: returnValue ?? EMPTY, error: undefined }
  } catch (e) {
    if (e instanceof ActorError) return failed(e)
    if (e instanceof ActorPanic) return failed(new ActorError(nv <= 3 ? 1 : ExitCode.SysErrReserved1, `spec actors failure: ${e.message}`))
    throw e
  }
}
