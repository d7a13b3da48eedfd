// Spec section: Systems › Filecoin VM › Runtime. What actor code sees of the VM while one of its
// methods runs: the message it was called with, its own state, a gas-charged block store,
// nested sends, actor creation and deletion, randomness and the syscalls (specs-actors v2
// actors/runtime/runtime.go `Runtime`). An actor stops with `abort`; the VM turns that into the
// exit code of its receipt.

import type { CID } from 'multiformats/cid'
import type { Address } from '../../../appendix/address/address.ts'
import type { Signature } from '../../../algorithms/crypto/signatures/signature.ts'
import type { Blockstore } from '../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import type { ActorsVersion } from '../actor/builtin_code.ts'
import { FilspecError } from '../../../../src/schema/errors.ts'

/** How a state or parameter structure is read from and written to its CBOR bytes. */
export interface StateCodec<T> {
  encode(value: T): Uint8Array
  decode(bytes: Uint8Array): T
}

/** What a nested send came back with: its exit code and, on success, its return bytes. */
export interface SendResult {
  readonly exitCode: number
  readonly returnValue: Uint8Array
}

/** A piece of a sector's data (go-state-types `abi.PieceInfo`): its padded size in bytes and its commitment (CommP). */
export interface PieceInfo {
  readonly Size: bigint
  readonly PieceCID: CID
}

/**
 * The computation of a sector's unsealed CID (CommD) from its pieces, for a seal proof type
 * (Lotus `ffiwrapper.GenerateUnsealedCID`): the pieces laid out in order, padded with zero
 * pieces, and hashed into one commitment. A failure (an unknown proof type, pieces that do not
 * fit) is a SyscallError.
 */
export interface UnsealedSectorCidComputer {
  computeUnsealedSectorCid(sealProof: bigint, pieces: readonly PieceInfo[]): CID
}

/** A syscall that failed on its input, which the calling actor turns into an exit code. */
export class SyscallError extends FilspecError {
  override name = 'SyscallError'
}

/** The calls into the node that actors make, each charged gas first. */
export interface Syscalls {
  /** Whether `signature` over `plaintext` is by `signer` (resolved to its key address); false on any failure. */
  verifySignature(signature: Signature, signer: Address, plaintext: Uint8Array): Promise<boolean>
  hashBlake2b(data: Uint8Array): Uint8Array
  /**
   * The unsealed CID (CommD) of a sector of seal proof type `sealProof` holding `pieces` (Lotus
   * `ComputeUnsealedSectorCID`); a SyscallError when it cannot be computed, NotImplementedError
   * when the node has no implementation.
   */
  computeUnsealedSectorCid(sealProof: bigint, pieces: readonly PieceInfo[]): Promise<CID>
}

export interface Runtime {
  readonly networkVersion: number
  readonly actorsVersion: ActorsVersion
  readonly currEpoch: bigint
  /** The immediate caller, always an ID address. */
  readonly caller: Address
  /** This actor: an ID address from network version 4; before it, the address the message named. */
  readonly receiver: Address
  readonly valueReceived: bigint
  /** The block store of actor state, every get and put charged gas. */
  readonly store: Blockstore
  readonly syscalls: Syscalls

  /** Each method validates its caller exactly once, with one of these three. */
  validateImmediateCallerAcceptAny(): void
  validateImmediateCallerIs(...allowed: Address[]): void
  validateImmediateCallerType(...codes: CID[]): Promise<void>

  getCurrentBalance(): Promise<bigint>
  /** The ID address of `address`, or undefined when no actor has it. */
  resolveAddress(address: Address): Promise<Address | undefined>
  getActorCodeCid(address: Address): Promise<CID | undefined>
  getRandomnessFromTickets(tag: number, epoch: bigint, entropy: Uint8Array): Promise<Uint8Array>
  getRandomnessFromBeacon(tag: number, epoch: bigint, entropy: Uint8Array): Promise<Uint8Array>
  getTotalFilCirculatingSupply(): bigint

  /** Sends a nested message; its failure is returned, and its state changes reverted, not thrown. */
  send(to: Address, method: bigint, params: Uint8Array | undefined, value: bigint): Promise<SendResult>
  /** A new robust address for an actor this message creates. */
  computeNewActorAddress(): Promise<Address>
  /** Creates an actor of builtin `code` at an ID address, with empty state and no balance. */
  createActor(code: CID | undefined, address: Address | undefined): Promise<void>
  /** Deletes this actor, sending its balance to `beneficiary`. */
  deleteActor(beneficiary: Address): Promise<void>

  /** Writes the first state of a new actor. */
  stateCreate<T>(codec: StateCodec<T>, state: T): Promise<void>
  stateReadonly<T>(codec: StateCodec<T>): Promise<T>
  /** Reads the state, lets `update` change it in place (it may not send), and writes it back. */
  stateTransaction<T, R>(codec: StateCodec<T>, update: (state: T) => R | Promise<R>): Promise<R>

  chargeGas(name: string, compute: bigint): void
}
