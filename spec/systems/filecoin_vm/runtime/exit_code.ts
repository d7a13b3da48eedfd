// Spec section: Systems › Filecoin VM › Runtime, "Exit codes". The codes every actor shares
// (go-state-types exitcode/common.go and reserved.go): 1–15 are the VM's own, 16–31 are common
// actor errors, 32 and above are each actor's. A receipt carries the code as an int64: an actor
// that aborts with a negative code gets it recorded as it is (the corpus checks -1).

import { FilspecError } from '../../../../src/schema/errors.ts'

/** The exit codes the VM and all actors share, by their go-state-types names. */
export const ExitCode = {
  Ok: 0,
  /** The message sender does not exist or is not an account actor. */
  SysErrSenderInvalid: 1,
  /** The sender's nonce or balance does not allow the message. */
  SysErrSenderStateInvalid: 2,
  /** The receiver has no such method. */
  SysErrInvalidMethod: 3,
  /** Reserved; from network version 4 an actor's unexpected failure (a Go panic) gets this code. */
  SysErrReserved1: 4,
  /** The receiver does not exist and cannot be created implicitly. */
  SysErrInvalidReceiver: 5,
  /** The sender cannot cover a value transfer. */
  SysErrInsufficientFunds: 6,
  /** The gas limit ran out. */
  SysErrOutOfGas: 7,
  /** The call was not allowed, e.g. a caller that failed validation. */
  SysErrForbidden: 8,
  /** An actor broke the runtime's rules, e.g. never validated its caller. */
  SysErrorIllegalActor: 9,
  /** A runtime call got an argument it cannot use. */
  SysErrorIllegalArgument: 10,
  /** An actor's parameters were invalid. */
  ErrIllegalArgument: 16,
  ErrNotFound: 17,
  ErrForbidden: 18,
  ErrInsufficientFunds: 19,
  ErrIllegalState: 20,
  /** Parameters or state could not be (de)serialised. */
  ErrSerialization: 21,
  /** The first code an actor may define for itself. */
  FirstActorSpecificExitCode: 32,
} as const

/**
 * An abort inside the VM: an actor's `rt.abort`, or a check of the runtime. `fatal` marks the
 * VM's own failures (Lotus `aerrors.Fatal`), which stop the message's application altogether
 * rather than produce a receipt; every other ActorError becomes the receipt's exit code.
 */
export class ActorError extends FilspecError {
  override name = 'ActorError'
  constructor(
    readonly exitCode: number,
    readonly reason: string,
    readonly fatal = false,
  ) {
    super(fatal ? `fatal: ${reason}` : `exit code ${exitCode}: ${reason}`)
  }
}

/** Aborts with `code`; code 0 is no error at all, so (as in Lotus `aerrors.Newf`) it is fatal. */
export function abort(code: number, reason: string): never {
  if (code === ExitCode.Ok) throw new ActorError(0, `aborted with exit code 0: ${reason}`, true)
  throw new ActorError(code, reason)
}
