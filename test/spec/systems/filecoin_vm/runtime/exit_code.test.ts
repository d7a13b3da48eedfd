// Exit codes of go-state-types exitcode (common.go, reserved.go), and abort's rule for code 0.
import { describe, expect, it } from 'vitest'
import { ActorError, ExitCode, abort } from '../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { MessageReceipt } from '../../../../../spec/systems/filecoin_vm/runtime/receipt.ts'

describe('exit codes', () => {
  it('match go-state-types', () => {
    expect([ExitCode.SysErrSenderInvalid, ExitCode.SysErrOutOfGas, ExitCode.SysErrorIllegalArgument, ExitCode.ErrIllegalArgument, ExitCode.ErrSerialization, ExitCode.FirstActorSpecificExitCode]).toEqual([1, 7, 10, 16, 21, 32])
  })

  it('abort throws an ActorError with the code; code 0 is fatal', () => {
    expect(() => abort(18, 'no')).toThrow(new ActorError(18, 'no'))
    try {
      abort(0, 'nothing said')
    } catch (e) {
      expect((e as ActorError).fatal).toBe(true)
    }
  })

  it('a receipt with a negative exit code encodes as Lotus does (corpus x--actor_abort--negative-exit-code)', () => {
    const bytes = MessageReceipt.encode({ ExitCode: -1n, Return: new Uint8Array(), GasUsed: 151719n })
    expect(Buffer.from(bytes).toString('hex')).toBe('8320401a000250a7')
    expect(MessageReceipt.decode(bytes).ExitCode).toBe(-1n)
  })
})
