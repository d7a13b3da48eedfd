// Spec section: Systems › Filecoin VM › Interpreter. Applying one message to the state tree as
// the VM before the FVM did (Lotus chain/vm/vm.go `ApplyMessage` and `send`, network versions
// 0–5): checks that need no execution, the sender's gas funds held, the nonce bumped, the send
// with its nested sends under snapshots, the return value's storage charge, the revert of a
// failed message, and the split of the gas funds between burn, miner tip and refund.

import type { CID } from 'multiformats/cid'
import { addressToString, type Address } from '../../../appendix/address/address.ts'
import type { SignatureVerifier } from '../../../algorithms/crypto/signatures/verifier.ts'
import type { Blockstore } from '../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import type { ActorCode } from '../actor/actor_code.ts'
import { BURNT_FUNDS_ACTOR_ADDR, REWARD_ACTOR_ADDR, getActorsVersion, parseBuiltinCode, type ActorsVersion } from '../actor/builtin_code.ts'
import { computeGasOutputs, type GasOutputs } from '../gas_fee/gas_outputs.ts'
import { getPriceList, onChainMessage, onChainReturnValue, type PriceList } from '../gas_fee/price_list.ts'
import type { UnsignedMessage } from '../message/message.ts'
import { ActorError, ExitCode } from '../runtime/exit_code.ts'
import type { MessageReceipt } from '../runtime/receipt.ts'
import type { UnsealedSectorCidComputer } from '../runtime/runtime.ts'
import { StateTree, type ActorV5 } from '../state_tree/state_tree.ts'
import { EMPTY_OBJECT_BYTES, EMPTY_OBJECT_CID, GasTracker, send, type CallContext } from './invocation.ts'

/** Where randomness comes from: the chain's tickets, or the beacon (Lotus `vm.Rand`). */
export interface Randomness {
  getChainRandomness(tag: number, epoch: bigint, entropy: Uint8Array): Promise<Uint8Array>
  getBeaconRandomness(tag: number, epoch: bigint, entropy: Uint8Array): Promise<Uint8Array>
}

/** The actor code the VM can run, by code CID (Lotus `ActorRegistry`). */
export type ActorRegistry = ReadonlyMap<string, ActorCode>

export interface VMOptions {
  readonly store: Blockstore
  readonly stateRoot: CID
  readonly epoch: bigint
  readonly networkVersion: number
  readonly baseFee: bigint
  readonly circulatingSupply: bigint
  readonly randomness: Randomness
  readonly registry: ActorRegistry
  readonly verifier: SignatureVerifier
  /** The CommD computation behind the ComputeUnsealedSectorCID syscall; without one, the syscall raises NotImplementedError. */
  readonly unsealedSectorCids?: UnsealedSectorCidComputer
}

/** The outcome of applying one message: its receipt, how its gas funds were split, and the error if it failed. */
export interface ApplyResult {
  readonly receipt: MessageReceipt
  readonly gasOutputs: GasOutputs
  readonly error: ActorError | undefined
}

/** A failure of the VM itself (Lotus returns an error instead of a receipt): the message cannot be applied. */
export class VMError extends ActorError {
  override name = 'VMError'
  constructor(reason: string) {
    super(0, reason, true)
  }
}

const ZERO_OUTPUTS: GasOutputs = { baseFeeBurn: 0n, overEstimationBurn: 0n, minerPenalty: 0n, minerTip: 0n, refund: 0n, gasRefund: 0n, gasBurned: 0n }

/** The VM of one epoch: a state tree, the prices and rules of its network version, and the actors it runs. */
export class VM {
  readonly actorsVersion: ActorsVersion
  readonly priceList: PriceList
  /** The epoch messages are applied at; tipset application moves it across null rounds. */
  epoch: bigint

  private constructor(
    readonly options: VMOptions,
    readonly state: StateTree,
  ) {
    this.actorsVersion = getActorsVersion(options.networkVersion)
    this.priceList = getPriceList(options.networkVersion)
    this.epoch = options.epoch
  }

  static async create(options: VMOptions): Promise<VM> {
    // Lotus writes the empty object when the VM package loads; a new actor's head points at it.
    await options.store.put(EMPTY_OBJECT_CID, EMPTY_OBJECT_BYTES)
    return new VM(options, await StateTree.load(options.store, options.stateRoot))
  }

  /** A receipt for a message refused before execution: no gas used, the miner penalised for including it. */
  private refuse(exitCode: number, penalty: bigint, reason: string): ApplyResult {
    return {
      receipt: { ExitCode: BigInt(exitCode), Return: new Uint8Array(), GasUsed: 0n },
      gasOutputs: { ...ZERO_OUTPUTS, minerPenalty: penalty },
      error: new ActorError(exitCode, reason),
    }
  }

  /**
   * Applies a message that `chainLength` bytes carried on chain (a secp256k1 sender's signed
   * message, anyone else's unsigned one). Throws VMError when the VM itself fails.
   */
  async applyMessage(msg: UnsignedMessage, chainLength: number): Promise<ApplyResult> {
    const { baseFee } = this.options
    const msgGas = onChainMessage(this.priceList, chainLength)
    const msgGasCost = msgGas.compute + msgGas.storage
    if (msg.GasLimit <= 0n) throw new VMError(`message gas limit expected positive, got ${msg.GasLimit}`)
    if (msgGasCost > msg.GasLimit) return this.refuse(ExitCode.SysErrOutOfGas, baseFee * msgGasCost, 'gas limit below the on-chain message gas')
    const penalty = baseFee * msg.GasLimit
    const from = await this.state.getActor(msg.From)
    if (from === undefined) return this.refuse(ExitCode.SysErrSenderInvalid, penalty, `actor not found: ${addressToString(msg.From)}`)
    if (parseBuiltinCode(from.Code)?.name !== 'account') return this.refuse(ExitCode.SysErrSenderInvalid, penalty, `send from not account actor: ${from.Code}`)
    if (msg.Nonce !== from.Nonce) return this.refuse(ExitCode.SysErrSenderStateInvalid, penalty, `actor nonce invalid: msg:${msg.Nonce} != state:${from.Nonce}`)
    const gasCost = msg.GasLimit * msg.GasFeeCap
    if (from.Balance < gasCost) return this.refuse(ExitCode.SysErrSenderStateInvalid, penalty, `actor balance less than needed: ${from.Balance} < ${gasCost}`)

    let gasHolder = gasCost
    await this.state.setActor(msg.From, { ...from, Balance: from.Balance - gasCost, Nonce: from.Nonce + 1n })

    this.state.snapshot()
    const gas = new GasTracker(msg.GasLimit)
    const call: CallContext = { vm: this, gas, origin: msg.From, originNonce: msg.Nonce, actorsCreated: { count: 0n } }
    let { returnValue, error } = await send(call, msg, msgGas)
    if (error?.fatal) throw new VMError(`[from=${addressToString(msg.From)},to=${addressToString(msg.To)},n=${msg.Nonce},m=${msg.Method}] fatal error: ${error.reason}`)
    if (error !== undefined && returnValue.length > 0) throw new VMError('message invocation failed but had a return value')
    if (returnValue.length > 0) {
      error = gas.chargeSafe(onChainReturnValue(this.priceList, returnValue.length))
      if (error !== undefined) returnValue = new Uint8Array()
    }
    const exitCode = error?.exitCode ?? ExitCode.Ok
    if (exitCode !== ExitCode.Ok) this.state.revert()
    const gasUsed = gas.used < 0n ? 0n : gas.used
    const outputs = computeGasOutputs(gasUsed, msg.GasLimit, baseFee, msg.GasFeeCap, msg.GasPremium)
    const pay = async (to: Address, amount: bigint) => {
      if (amount < 0n) throw new VMError(`attempted to transfer negative value ${amount} from gas holder`)
      if (amount === 0n) return
      if (gasHolder < amount) throw new VMError('gas holder cannot cover its payouts')
      gasHolder -= amount
      const actor = await this.requireActor(to)
      await this.state.setActor(to, { ...actor, Balance: actor.Balance + amount })
    }
    await pay(BURNT_FUNDS_ACTOR_ADDR, outputs.baseFeeBurn)
    await pay(REWARD_ACTOR_ADDR, outputs.minerTip)
    await pay(BURNT_FUNDS_ACTOR_ADDR, outputs.overEstimationBurn)
    await pay(msg.From, outputs.refund)
    if (gasHolder !== 0n) throw new VMError('gas handling math is wrong')
    this.state.clearSnapshot()
    return { receipt: { ExitCode: BigInt(exitCode), Return: returnValue, GasUsed: gasUsed }, gasOutputs: outputs, error }
  }

  /**
   * Applies a message the interpreter makes itself, from the system actor (Lotus
   * `ApplyImplicitMessage`): no on-chain charge, no gas funds, no snapshot, and a receipt with no
   * gas used. Its failure is returned; the caller decides (a failed cron or reward call makes the
   * tipset's state impossible to compute).
   */
  async applyImplicitMessage(msg: UnsignedMessage): Promise<ApplyResult> {
    const call: CallContext = { vm: this, gas: new GasTracker(msg.GasLimit), origin: msg.From, originNonce: msg.Nonce, actorsCreated: { count: 0n } }
    const { returnValue, error } = await send(call, msg)
    if (error?.fatal) throw new VMError(`implicit message to ${addressToString(msg.To)} method ${msg.Method}: fatal error: ${error.reason}`)
    const receipt = { ExitCode: BigInt(error?.exitCode ?? ExitCode.Ok), Return: returnValue, GasUsed: 0n }
    return { receipt, gasOutputs: ZERO_OUTPUTS, error }
  }

  /** The actor at `addr`; its absence is the VM's failure, not the message's. */
  async requireActor(addr: Address): Promise<ActorV5> {
    const actor = await this.state.getActor(addr)
    if (actor === undefined) throw new VMError(`actor expected at ${addressToString(addr)}, got none`)
    return actor
  }

  /**
   * Moves `value` between two actors (Lotus `vm.transfer`): nothing when they are the same
   * actor; SysErrForbidden for a negative value, SysErrInsufficientFunds when the sender lacks
   * it. Either address failing to resolve is the VM's failure.
   */
  async transfer(from: Address, to: Address, value: bigint): Promise<ActorError | undefined> {
    const fromId = await this.state.lookupId(from)
    const toId = await this.state.lookupId(to)
    if (fromId === undefined || toId === undefined) throw new VMError(`transfer failed when resolving ${fromId === undefined ? 'sender' : 'receiver'} address`)
    if (fromId.payload.every((b, i) => b === toId.payload[i]) && fromId.payload.length === toId.payload.length) return undefined
    if (value < 0n) return new ActorError(ExitCode.SysErrForbidden, `attempted to transfer negative value: ${value}`)
    const f = await this.requireActor(fromId)
    const t = await this.requireActor(toId)
    if (f.Balance < value) return new ActorError(ExitCode.SysErrInsufficientFunds, `transfer failed when deducting funds (${value}): not enough funds`)
    await this.state.setActor(fromId, { ...f, Balance: f.Balance - value })
    await this.state.setActor(toId, { ...t, Balance: t.Balance + value })
    return undefined
  }

  /** Writes the state tree and returns its new root. */
  flush(): Promise<CID> {
    return this.state.flush()
  }
}
