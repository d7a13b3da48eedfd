// A mock of the actor `Runtime` (spec/systems/filecoin_vm/runtime/runtime.ts) for actor unit
// tests, after specs-actors' support/mock/mockrt.go: one actor's state in a memory block store;
// a settable caller, epoch and balance; actor codes and an address book for resolution; each
// method made to validate its caller exactly once; nested sends and signature checks recorded
// and answered by handlers (batch seal checks, CommD computations and beacon draws too); hashes
// and gas charges counted; a deletion recorded. `call` runs a method as the VM would, reverting
// the state and balance when it fails. Actor tests extend it with their actor's defaults and calls.

import { blake2b } from '@noble/hashes/blake2.js'
import type { CID } from 'multiformats/cid'
import { addressToBytes, addressToString, type Address } from '../../spec/appendix/address/address.ts'
import type { Signature } from '../../spec/algorithms/crypto/signatures/signature.ts'
import { createMemoryBlockstore } from '../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { NotImplementedError, type ActorCode } from '../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { INIT_ACTOR_ADDR, getBuiltinCode, type ActorsVersion } from '../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ActorError, ExitCode, abort } from '../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import type { PieceInfo, Runtime, SendResult, StateCodec } from '../../spec/systems/filecoin_vm/runtime/runtime.ts'
import { SchemaError } from '../../src/schema/errors.ts'
import { computeCborCid } from '../../src/schema/struct.ts'

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

/** What a method called through `call` came back with: its exit code and, on success, its return bytes. */
export interface CallResult {
  readonly exitCode: number
  readonly ret: Uint8Array | undefined
}

const key = (a: Address) => Buffer.from(addressToBytes(a)).toString('hex')

export class MockRuntime<S> implements Runtime {
  readonly store = createMemoryBlockstore()
  readonly syscalls = {
    verifySignature: async (signature: Signature, signer: Address, plaintext: Uint8Array) => {
      this.signatureChecks.push({ signature, signer, plaintext })
      return this.signaturesValid
    },
    hashBlake2b: (data: Uint8Array) => {
      this.hashes++
      return blake2b(data, { dkLen: 32 })
    },
    /** Lotus `ComputeUnsealedSectorCID` (market actor): recorded, then answered by `onComputeUnsealedSectorCid`. */
    computeUnsealedSectorCid: async (sealProof: bigint, pieces: readonly PieceInfo[]) => {
      this.unsealedCidRequests.push({ sealProof, pieces })
      return this.onComputeUnsealedSectorCid(sealProof, pieces)
    },
    /** Lotus `BatchVerifySeals` (power actor): recorded, then answered by `onBatchVerifySeals`. */
    batchVerifySeals: async <S>(batch: ReadonlyMap<string, readonly S[]>) => {
      this.batchVerifies.push(batch)
      return this.onBatchVerifySeals(batch)
    },
  }
  /** A network version that runs the actors version (v0 runs 0 to 3, v2 4 to 9); tests set others. */
  networkVersion: number
  currEpoch = 0n
  caller: Address = INIT_ACTOR_ADDR
  valueReceived = 0n
  balance = 0n
  head: CID | undefined
  hashes = 0
  /** What every signature check answers; the signature itself is never looked at. */
  signaturesValid = true
  readonly signatureChecks: SignatureCheck[] = []
  readonly sends: SentMessage[] = []
  /** The beneficiary of deleteActor, once the actor has deleted itself. */
  deletedTo: Address | undefined
  /** Every batch seal check asked for, by miner address string. */
  readonly batchVerifies: ReadonlyMap<string, readonly unknown[]>[] = []
  /** Answers a batch seal check; by default every seal verifies. */
  onBatchVerifySeals: (batch: ReadonlyMap<string, readonly unknown[]>) => ReadonlyMap<string, readonly boolean[]> | Promise<ReadonlyMap<string, readonly boolean[]>> = (batch) =>
    new Map([...batch].map(([miner, seals]) => [miner, seals.map(() => true)]))
  /** Every CommD computation asked for. */
  readonly unsealedCidRequests: { sealProof: bigint; pieces: readonly PieceInfo[] }[] = []
  /** Answers a CommD computation; by default there is none, as in a VM given no implementation. */
  onComputeUnsealedSectorCid: (sealProof: bigint, pieces: readonly PieceInfo[]) => CID = () => {
    throw new NotImplementedError('ComputeUnsealedSectorCID in the mock runtime')
  }
  /** Answers beacon randomness draws (market actor); by default there is none. */
  onBeaconRandomness: ((tag: number, epoch: bigint, entropy: Uint8Array) => Uint8Array) | undefined
  /** Every beacon randomness draw asked for. */
  readonly beaconDraws: { tag: number; epoch: bigint; entropy: Uint8Array }[] = []
  /** What getTotalFilCirculatingSupply answers. */
  circulatingSupply = 0n
  /** The gas the actor charged itself with `chargeGas`, in order. */
  readonly gasCharges: { name: string; compute: bigint }[] = []
  /** Answers a nested send; by default it succeeds with no return value. */
  onSend: (msg: SentMessage) => SendResult | Promise<SendResult> = () => ({ exitCode: 0, returnValue: new Uint8Array() })
  private readonly ids = new Map<string, Address>()
  private readonly codes = new Map<string, CID>()
  private validated = false

  constructor(
    readonly actorsVersion: ActorsVersion,
    /** The code under test, of `actorsVersion`. */
    readonly actor: ActorCode,
    private readonly stateCodec: StateCodec<S>,
    readonly receiver: Address,
  ) {
    this.networkVersion = actorsVersion === 0 ? 3 : 4
    // Actors are constructed by the init actor, the first caller.
    this.setActor(INIT_ACTOR_ADDR, 'init')
  }

  /** Gives `id` an actor of builtin `name`, of this runtime's actors version. */
  setActor(id: Address, name: string): void {
    this.codes.set(key(id), getBuiltinCode(name, this.actorsVersion))
  }

  /** Makes `caller`, an actor of builtin `name`, the immediate caller. */
  setCaller(caller: Address, name: string): void {
    this.caller = caller
    this.setActor(caller, name)
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
    throw new Error('not used by the actors under test')
  }
  async getRandomnessFromBeacon(tag: number, epoch: bigint, entropy: Uint8Array): Promise<Uint8Array> {
    if (this.onBeaconRandomness === undefined) throw new Error('not used by the actors under test')
    this.beaconDraws.push({ tag, epoch, entropy })
    return this.onBeaconRandomness(tag, epoch, entropy)
  }
  getTotalFilCirculatingSupply(): bigint {
    return this.circulatingSupply
  }

  async send(to: Address, method: bigint, params: Uint8Array | undefined, value: bigint): Promise<SendResult> {
    const msg = { to, method, params, value }
    this.sends.push(msg)
    const result = await this.onSend(msg)
    if (result.exitCode === 0) this.balance -= value
    return result
  }
  computeNewActorAddress(): Promise<Address> {
    throw new Error('not used by the actors under test')
  }
  createActor(): Promise<void> {
    throw new Error('not used by the actors under test')
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
  chargeGas(name: string, compute: bigint): void {
    this.gasCharges.push({ name, compute })
  }

  private async put(bytes: Uint8Array): Promise<CID> {
    const cid = computeCborCid(bytes)
    await this.store.put(cid, bytes)
    return cid
  }

  /** The actor's state as it stands. */
  state(): Promise<S> {
    return this.stateReadonly(this.stateCodec)
  }

  /**
   * Calls a method as the VM would: parameters read first, caller validated, state, balance and
   * deletion reverted on failure. The method number is a bigint as sends carry it, or an index
   * into the method table. It may be called while another call runs (the actor sending to
   * itself): the outer call's validation and value received are restored after it.
   */
  async call(method: number | bigint, params: Uint8Array, value = 0n): Promise<CallResult> {
    const m = this.actor.methods[Number(method)]
    if (m === undefined) return { exitCode: ExitCode.SysErrInvalidMethod, ret: undefined }
    const outer = { validated: this.validated, valueReceived: this.valueReceived }
    const saved = { head: this.head, balance: this.balance, deletedTo: this.deletedTo }
    this.validated = false
    this.valueReceived = value
    this.balance += value
    try {
      const ret = await m.invoke(this, m.params.read(params))
      if (!this.validated) abort(ExitCode.SysErrorIllegalActor, 'caller not validated')
      return { exitCode: ExitCode.Ok, ret }
    } catch (e) {
      Object.assign(this, saved)
      if (e instanceof ActorError && !e.fatal) return { exitCode: e.exitCode, ret: undefined }
      if (e instanceof SchemaError) return { exitCode: this.networkVersion < 7 ? 1 : ExitCode.ErrSerialization, ret: undefined }
      throw e
    } finally {
      Object.assign(this, outer)
    }
  }
}
