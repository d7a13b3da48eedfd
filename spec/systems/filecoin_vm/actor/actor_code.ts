// Spec section: Systems › Filecoin VM › Actor. An actor's code as the VM sees it: a table of
// methods by number, each with the parameter type its CBOR bytes are read as. The VM reads the
// parameters before the method runs (Lotus chain/vm/invoker.go), as cbor-gen does: the first
// CBOR item of the bytes, anything after it ignored.

import * as dagCbor from '@ipld/dag-cbor'
import type { CID } from 'multiformats/cid'
import { skipItem } from '../../../libraries/ipld/cbor_head.ts'
import { FilspecError, SchemaError } from '../../../../src/schema/errors.ts'
import type { Kind } from '../../../../src/schema/kind.ts'
import { abort } from '../runtime/exit_code.ts'
import type { Runtime } from '../runtime/runtime.ts'

/** How a method's parameter bytes are read; a failure is a SchemaError. */
export interface ParamsReader<P> {
  read(bytes: Uint8Array): P
}

/** Parameters of type `abi.EmptyValue`: nothing is read, so any bytes are accepted. */
export const EMPTY_PARAMS: ParamsReader<undefined> = { read: () => undefined }

/** The first CBOR item of `bytes`, read as `kind` (cbor-gen UnmarshalCBOR on a reader). */
export function cborParams<P>(kind: Kind<P>): ParamsReader<P> {
  return {
    read(bytes) {
      const cursor = { bytes, pos: 0, fail: (at: number, what: string, rule: string, got: string) => new SchemaError(`${kind.name} params`, `${what} at byte ${at} expected ${rule}, got ${got}`) }
      skipItem(cursor, 0)
      let data: unknown
      try {
        data = dagCbor.decode(bytes.subarray(0, cursor.pos))
      } catch (e) {
        throw new SchemaError(`${kind.name} params`, `expected dag-cbor, got ${(e as Error).message}`)
      }
      return kind.fromCbor(data, `${kind.name} params`)
    },
  }
}

/** One exported method: how its parameters are read, and what it does; it returns its encoded return value, if any. */
export interface ActorMethod {
  readonly params: ParamsReader<unknown>
  invoke(rt: Runtime, params: unknown): Promise<Uint8Array | undefined>
}

/** Declares a method with typed parameters. */
export function defineMethod<P>(params: ParamsReader<P>, invoke: (rt: Runtime, params: P) => Promise<Uint8Array | undefined>): ActorMethod {
  return { params: params as ParamsReader<unknown>, invoke: (rt, p) => invoke(rt, p as P) }
}

/** An actor's code: its code CID, its methods by number (0, the bare send, is never one). */
export interface ActorCode {
  readonly code: CID
  readonly methods: readonly (ActorMethod | undefined)[]
  /** Only one instance may exist; the VM refuses to create one. */
  readonly singleton: boolean
  /** The actors version whose network versions run this code; undefined for test actors that run at any. */
  readonly actorsVersion: 0 | 2 | undefined
}

/**
 * An actor panicking outside `abort` (a Go panic in specs-actors, e.g. on an impossible branch).
 * The VM gives it exit code 1 up to network version 3 and SysErrReserved1 (4) after.
 */
export class ActorPanic extends Error {
  override name = 'ActorPanic'
}

/** Builtin code this specification does not implement yet: a run that reaches it cannot say what Lotus would. */
export class NotImplementedError extends FilspecError {
  override name = 'NotImplementedError'
  constructor(readonly what: string) {
    super(`not implemented: ${what}`)
  }
}

/** A method of a builtin actor not implemented yet: calling it raises NotImplementedError. */
export function notImplementedMethod(what: string): ActorMethod {
  return {
    params: EMPTY_PARAMS,
    invoke: async () => {
      throw new NotImplementedError(what)
    },
  }
}

/**
 * specs-actors `builtin.RequireNoErr(rt, err, code, what)`: an error of `step` that `isFault`
 * recognises as a fault of the actor's stored data (a HAMT or AMT that cannot be read, a value that
 * does not decode) aborts with `code`; any other error, an abort with its own exit code or a
 * failure of the VM, passes as it is (as `exitcode.Unwrap` keeps a wrapped error's code). Each
 * actor names the faults its Go code turns into aborts.
 */
export async function requireNoFault<T>(isFault: (e: unknown) => e is Error, code: number, what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (e) {
    if (isFault(e)) abort(code, `${what}: ${e.message}`)
    throw e
  }
}
