// The mock runtime as multisig unit tests use it: the multisig at f01000, and its sends to
// itself run as the VM would run them.

import { newIdAddress } from '../../../../../spec/appendix/address/address.ts'
import type { ActorsVersion } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import type { SendResult } from '../../../../../spec/systems/filecoin_vm/runtime/runtime.ts'
import { getMultisigActor } from '../../../../../spec/systems/filecoin_token/multisig/multisig.ts'
import { MultisigState } from '../../../../../spec/systems/filecoin_token/multisig/multisig_state.ts'
import { MockRuntime, type SentMessage } from '../../../../support/mock_runtime.ts'

export class MultisigRuntime extends MockRuntime<MultisigState> {
  constructor(version: ActorsVersion) {
    super(version, getMultisigActor(version), MultisigState, newIdAddress(1000n))
  }

  /** Answers a send to the multisig itself by running the method, as the VM would, then restores the outer caller. */
  async callSelf(msg: SentMessage): Promise<SendResult> {
    const outer = this.caller
    this.setCaller(this.receiver, 'multisig')
    // A send to itself moves no funds: call() credits the value and send() debits it on success,
    // so take it off first and put it back after.
    this.balance -= msg.value
    try {
      const { exitCode, ret } = await this.call(msg.method, msg.params ?? new Uint8Array(), msg.value)
      this.balance += msg.value
      return { exitCode, returnValue: exitCode === 0 ? (ret ?? new Uint8Array()) : new Uint8Array() }
    } finally {
      this.caller = outer
    }
  }
}
