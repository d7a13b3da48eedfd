// The mock runtime as payment channel unit tests use it, after specs-actors' paych_test.go: the
// channel f0100 between two accounts, payer and payee, with a balance of 100000 at epoch 2; its
// methods called by the party the test names; vouchers made as the Go tests make them.

import { expect } from 'vitest'
import { newIdAddress, type Address } from '../../../../../spec/appendix/address/address.ts'
import type { Signature } from '../../../../../spec/algorithms/crypto/signatures/signature.ts'
import { INIT_ACTOR_ADDR, type ActorsVersion } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { checkPaychStateInvariants } from '../../../../../spec/systems/filecoin_token/payment_channels/invariants.ts'
import { PaychMethod, getPaychActor } from '../../../../../spec/systems/filecoin_token/payment_channels/paych.ts'
import { PaychState } from '../../../../../spec/systems/filecoin_token/payment_channels/state.ts'
import {
  PaychConstructorParams,
  UpdateChannelStateParamsV0,
  UpdateChannelStateParamsV2,
  type SignedVoucher,
} from '../../../../../spec/systems/filecoin_token/payment_channels/types.ts'
import { MockRuntime } from '../../../../support/mock_runtime.ts'

/** The parties of specs-actors' paych tests: the channel f0100, payer f0102, payee f0103. */
export const PAYCH = newIdAddress(100n)
export const PAYER = newIdAddress(102n)
export const PAYEE = newIdAddress(103n)
/** A signature whose bytes do not matter: the runtime's check is mocked. */
export const SIG: Signature = { type: 2, data: Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]) }

export class PaychRuntime extends MockRuntime<PaychState> {
  override currEpoch = 2n
  override balance = 100_000n

  constructor(version: ActorsVersion, receiver: Address = PAYCH) {
    super(version, getPaychActor(version), PaychState, receiver)
    this.setActor(PAYER, 'account')
    this.setActor(PAYEE, 'account')
  }

  /** Checks the state invariants, as each specs-actors paych test does at its end. */
  async expectInvariants(): Promise<void> {
    expect(await checkPaychStateInvariants(this.store, await this.state(), this.balance)).toEqual([])
  }

  /** Constructs the channel from init, payer to payee unless told otherwise; the exit code. */
  async construct(from: Address = PAYER, to: Address = PAYEE): Promise<number> {
    this.caller = INIT_ACTOR_ADDR
    return (await this.call(PaychMethod.Constructor, PaychConstructorParams.encode({ From: from, To: to }))).exitCode
  }

  /** Submits a voucher as `caller` (the payer by default), with this version's parameters; the exit code. */
  async update(sv: SignedVoucher, options: { caller?: Address; secret?: Uint8Array; proof?: Uint8Array } = {}): Promise<number> {
    this.caller = options.caller ?? PAYER
    const secret = options.secret ?? new Uint8Array()
    const params =
      this.actorsVersion === 0
        ? UpdateChannelStateParamsV0.encode({ Sv: sv, Secret: secret, Proof: options.proof ?? new Uint8Array() })
        : UpdateChannelStateParamsV2.encode({ Sv: sv, Secret: secret })
    return (await this.call(PaychMethod.UpdateChannelState, params)).exitCode
  }

  async settle(caller: Address = PAYER): Promise<number> {
    this.caller = caller
    return (await this.call(PaychMethod.Settle, new Uint8Array())).exitCode
  }

  async collect(caller: Address = PAYER): Promise<number> {
    this.caller = caller
    return (await this.call(PaychMethod.Collect, new Uint8Array())).exitCode
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
