// The payment channel actor's methods on a mock runtime, after specs-actors' paych_test.go
// (v0.9.13 and v2.3.2): its cases, values and exit codes, in both actors versions where they
// agree and apart where they differ. Each test that leaves a channel checks its invariants.

import { describe, expect, it } from 'vitest'
import { blake2b } from '@noble/hashes/blake2.js'
import { newActorAddress, newIdAddress, type Address } from '../../../../../spec/appendix/address/address.ts'
import { loadAmt } from '../../../../../spec/appendix/data_structures/amt.ts'
import { INIT_ACTOR_ADDR } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { ERR_CHANNEL_STATE_UPDATE_AFTER_SETTLED, PaychMethod, getPaychActor } from '../../../../../spec/systems/filecoin_token/payment_channels/paych.ts'
import { LaneState, MAX_LANE, SETTLE_DELAY } from '../../../../../spec/systems/filecoin_token/payment_channels/state.ts'
import { PaymentVerifyParams, computeVoucherSigningBytes } from '../../../../../spec/systems/filecoin_token/payment_channels/types.ts'
import { PAYCH, PAYEE, PAYER, PaychRuntime, SIG, createChannelWithLanes, makeVoucher } from './harness.ts'

const VERSIONS = [0, 2] as const
const EMPTY_AMT_V2 = 'bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6'
const bls = (seed: number): Address => ({ protocol: 3, payload: new Uint8Array(48).fill(seed) })

async function lanesOf(rt: PaychRuntime) {
  return loadAmt(rt.store, (await rt.state()).LaneStates, { version: 2, codec: LaneState })
}

describe('getPaychActor', () => {
  it('exports Constructor, UpdateChannelState, Settle and Collect as methods 1 to 4', () => {
    for (const version of VERSIONS) {
      const actor = getPaychActor(version)
      expect(actor.methods.length).toBe(5)
      expect(actor.methods.map((m) => m !== undefined)).toEqual([false, true, true, true, true])
      expect([actor.singleton, actor.actorsVersion]).toEqual([false, version])
    }
    expect(PaychMethod).toEqual({ Constructor: 1n, UpdateChannelState: 2n, Settle: 3n, Collect: 4n })
  })
})

describe('Constructor', () => {
  for (const version of VERSIONS) {
    it(`v${version}: can create a payment channel actor, with an empty lane AMT`, async () => {
      const rt = new PaychRuntime(version)
      expect(await rt.construct()).toBe(ExitCode.Ok)
      const st = await rt.state()
      expect([st.From, st.To, st.ToSend, st.SettlingAt, st.MinSettleHeight]).toEqual([PAYER, PAYEE, 0n, 0n, 0n])
      expect(String(st.LaneStates)).toBe(EMPTY_AMT_V2)
      await rt.expectInvariants()
    })

    it(`v${version}: resolves non-ID addresses to ID addresses`, async () => {
      const rt = new PaychRuntime(version)
      rt.addIdAddress(bls(1), PAYER)
      rt.addIdAddress(bls(2), PAYEE)
      expect(await rt.construct(bls(1), bls(2))).toBe(ExitCode.Ok)
      expect([(await rt.state()).From, (await rt.state()).To]).toEqual([PAYER, PAYEE])
    })

    it(`v${version}: only the init actor may call it`, async () => {
      const rt = new PaychRuntime(version)
      rt.setActor(INIT_ACTOR_ADDR, 'account')
      expect(await rt.construct()).toBe(ExitCode.SysErrForbidden)
      expect(rt.head).toBeUndefined()
    })

    it(`v${version}: both parties must be accounts`, async () => {
      const rt = new PaychRuntime(version)
      rt.setActor(PAYEE, 'multisig')
      expect(await rt.construct()).toBe(ExitCode.ErrForbidden)
    })
  }

  it('an address that resolves to no actor: v0 ErrNotFound; v2 sends it zero first, then ErrIllegalState', async () => {
    const v0 = new PaychRuntime(0)
    expect(await v0.construct(PAYER, bls(9))).toBe(ExitCode.ErrNotFound)
    expect(v0.sends).toEqual([])

    const v2 = new PaychRuntime(2)
    expect(await v2.construct(PAYER, bls(9))).toBe(ExitCode.ErrIllegalState)
    expect(v2.sends).toEqual([{ to: bls(9), method: 0n, params: undefined, value: 0n }])
    v2.onSend = () => ({ exitCode: ExitCode.SysErrInvalidReceiver, returnValue: new Uint8Array() })
    expect(await v2.construct(PAYER, bls(9))).toBe(ExitCode.ErrIllegalState)
  })

  it('v2: a key address whose account the zero send creates is accepted', async () => {
    const rt = new PaychRuntime(2)
    const created = newIdAddress(104n)
    rt.onSend = (msg) => {
      rt.addIdAddress(msg.to, created)
      rt.setActor(created, 'account')
      return { exitCode: 0, returnValue: new Uint8Array() }
    }
    expect(await rt.construct(PAYER, bls(9))).toBe(ExitCode.Ok)
    expect((await rt.state()).To).toEqual(created)
  })

  it('an ID address with no actor: v0 ErrForbidden, v2 ErrIllegalArgument ("no code for address")', async () => {
    expect(await new PaychRuntime(0).construct(PAYER, newIdAddress(999n))).toBe(ExitCode.ErrForbidden)
    expect(await new PaychRuntime(2).construct(PAYER, newIdAddress(999n))).toBe(ExitCode.ErrIllegalArgument)
  })
})

describe('UpdateChannelState: creating a lane (paych_test.go TestPaymentChannelActor_CreateLane)', () => {
  // channel balance 9, epoch 1 unless given; the payee submits, so the payer signs
  const cases: [string, Partial<Parameters<typeof makeVoucher>[0]> & { epoch?: bigint; valid?: boolean }, number][] = [
    ['succeeds', { Amount: 1n, TimeLockMin: 1n }, ExitCode.Ok],
    ['fails if channel address does not match address on the signed voucher', { ChannelAddr: newIdAddress(210n), TimeLockMin: 1n }, ExitCode.ErrIllegalArgument],
    ['fails if balance too low', { Amount: 10n, TimeLockMin: 1n }, ExitCode.ErrIllegalArgument],
    ['fails if new send balance is negative', { Amount: -1n, TimeLockMin: 1n }, ExitCode.ErrIllegalArgument],
    ['fails if signature not valid (none)', { Signature: null, TimeLockMin: 1n }, ExitCode.ErrIllegalArgument],
    ['fails if too early for voucher', { TimeLockMin: 10n }, ExitCode.ErrIllegalArgument],
    ['fails if beyond TimeLockMax', { TimeLockMin: 1n, TimeLockMax: 5n, epoch: 10n }, ExitCode.ErrIllegalArgument],
    ['fails if signature not verified', { TimeLockMin: 1n, valid: false }, ExitCode.ErrIllegalArgument],
  ]
  for (const version of VERSIONS) {
    for (const [name, { epoch, valid, ...fields }, exitCode] of cases) {
      it(`v${version}: ${name}`, async () => {
        const rt = new PaychRuntime(version)
        rt.balance = 9n
        expect(await rt.construct()).toBe(ExitCode.Ok)
        const initial = rt.head
        rt.currEpoch = epoch ?? 1n
        rt.signaturesValid = valid ?? true
        const sv = makeVoucher({ Lane: 0n, Nonce: 0n, ...fields })
        expect(await rt.update(sv, { caller: PAYEE })).toBe(exitCode)
        if (sv.Signature !== null) expect(rt.signatureChecks[0]).toEqual({ signature: SIG, signer: PAYER, plaintext: computeVoucherSigningBytes(sv) })
        if (exitCode === ExitCode.Ok) {
          const lanes = await lanesOf(rt)
          expect(lanes.count).toBe(1n)
          expect(await lanes.get(0)).toEqual({ Redeemed: sv.Amount, Nonce: sv.Nonce })
        } else {
          expect(rt.head).toEqual(initial)
        }
        await rt.expectInvariants()
      })
    }
  }

  it('the voucher channel address: v0 compares it as given with the receiver, v2 resolves it first', async () => {
    const robust = newActorAddress(new Uint8Array([1, 2, 3]))
    for (const version of VERSIONS) {
      const rt = new PaychRuntime(version)
      expect(await rt.construct()).toBe(ExitCode.Ok)
      rt.addIdAddress(robust, PAYCH)
      expect(await rt.update(makeVoucher({ ChannelAddr: robust }))).toBe(version === 0 ? ExitCode.ErrIllegalArgument : ExitCode.Ok)
      expect(await rt.update(makeVoucher({ ChannelAddr: bls(5), Nonce: 2n }))).toBe(ExitCode.ErrIllegalArgument)
    }
    // in v0, at network versions up to 3, the receiver is the address the message named
    const v0 = new PaychRuntime(0, robust)
    expect(await v0.construct()).toBe(ExitCode.Ok)
    expect(await v0.update(makeVoucher({ ChannelAddr: robust }))).toBe(ExitCode.Ok)
  })

  it('only the two parties may submit', async () => {
    for (const version of VERSIONS) {
      const rt = await createChannelWithLanes(version, 0)
      expect(await rt.update(makeVoucher(), { caller: newIdAddress(555n) })).toBe(ExitCode.SysErrForbidden)
      expect(rt.signatureChecks).toEqual([])
    }
  })
})

describe('UpdateChannelState: redeeming', () => {
  for (const version of VERSIONS) {
    it(`v${version}: a later voucher on a lane pays the difference; a stale nonce fails (TestActor_UpdateChannelStateRedeem)`, async () => {
      const rt = await createChannelWithLanes(version, 1)
      const before = await rt.state()
      expect(before.ToSend).toBe(1n)
      expect(await rt.update(makeVoucher({ Lane: 0n, Nonce: 2n, Amount: 9n }))).toBe(ExitCode.Ok)
      expect((await rt.state()).ToSend).toBe(9n)
      expect(await (await lanesOf(rt)).get(0)).toEqual({ Redeemed: 9n, Nonce: 2n })
      expect(await rt.update(makeVoucher({ Lane: 0n, Nonce: 2n, Amount: 10n }))).toBe(ExitCode.ErrIllegalArgument)
      // amounts may go down: ToSend follows the lane's latest amount
      expect(await rt.update(makeVoucher({ Lane: 0n, Nonce: 3n, Amount: 4n }))).toBe(ExitCode.Ok)
      expect((await rt.state()).ToSend).toBe(4n)
      await rt.expectInvariants()
    })

    it(`v${version}: merging lane 1 into lane 0 (TestActor_UpdateChannelStateMergeSuccess)`, async () => {
      const rt = await createChannelWithLanes(version, 3)
      const st1 = await rt.state()
      expect(st1.ToSend).toBe(6n)
      // lane 0 holds 1 at nonce 1, lane 1 holds 2 at nonce 2, lane 2 holds 3 at nonce 3
      expect(await rt.update(makeVoucher({ Lane: 0n, Nonce: 4n, Amount: 3n, Merges: [{ Lane: 1n, Nonce: 11n }] }))).toBe(ExitCode.Ok)
      const lanes = await lanesOf(rt)
      expect([await lanes.get(0), await lanes.get(1), await lanes.get(2)]).toEqual([
        { Redeemed: 3n, Nonce: 4n },
        { Redeemed: 2n, Nonce: 11n },
        { Redeemed: 3n, Nonce: 3n },
      ])
      expect((await rt.state()).ToSend).toBe(6n + 3n - (2n + 1n))
      await rt.expectInvariants()
    })

    const mergeFailures: [string, { lane: bigint; voucherNonce: bigint; mergeNonce: bigint; balance?: bigint }][] = [
      ['merged lane in voucher has outdated nonce', { lane: 1n, voucherNonce: 10n, mergeNonce: 1n }],
      ['voucher has an outdated nonce', { lane: 1n, voucherNonce: 0n, mergeNonce: 10n }],
      ['not enough funds in channel to cover voucher', { lane: 1n, voucherNonce: 10n, mergeNonce: 10n, balance: 1n }],
      ['voucher cannot merge lanes into its own lane', { lane: 0n, voucherNonce: 10n, mergeNonce: 10n }],
      ['voucher specifies invalid merge lane 999', { lane: 999n, voucherNonce: 10n, mergeNonce: 10n }],
      ['merge lane ID over max', { lane: MAX_LANE + 1n, voucherNonce: 10n, mergeNonce: 10n }],
    ]
    for (const [name, { lane, voucherNonce, mergeNonce, balance }] of mergeFailures) {
      it(`v${version}: fails with ErrIllegalArgument: ${name} (TestActor_UpdateChannelStateMergeFailure)`, async () => {
        const rt = await createChannelWithLanes(version, 2)
        if (balance !== undefined) rt.balance = balance
        const head = rt.head
        // the last voucher of createChannelWithLanes: lane 1, amount 2
        expect(await rt.update(makeVoucher({ Lane: 0n, Nonce: voucherNonce, Amount: 2n, Merges: [{ Lane: lane, Nonce: mergeNonce }] }))).toBe(ExitCode.ErrIllegalArgument)
        expect(rt.head).toEqual(head)
      })
    }

    it(`v${version}: a voucher lane over 2^63 - 1 fails`, async () => {
      const rt = await createChannelWithLanes(version, 0)
      expect(await rt.update(makeVoucher({ Lane: MAX_LANE + 1n }))).toBe(ExitCode.ErrIllegalArgument)
      expect(await rt.update(makeVoucher({ Lane: MAX_LANE }))).toBe(ExitCode.Ok)
      expect((await lanesOf(rt)).height).toBe(20)
      await rt.expectInvariants()
    })

    it(`v${version}: a secret must hash to the preimage (TestActor_UpdateChannelStateSecretPreimage)`, async () => {
      const rt = await createChannelWithLanes(version, 1)
      const secret = new TextEncoder().encode('Profesr')
      const sv = makeVoucher({ Nonce: 2n, SecretPreimage: blake2b(secret, { dkLen: 32 }) })
      expect(await rt.update(sv, { secret: new TextEncoder().encode('Profesor') })).toBe(ExitCode.ErrIllegalArgument)
      expect(await rt.update(sv, { secret })).toBe(ExitCode.Ok)
    })

    it(`v${version}: MinSettleHeight and SettlingAt follow the voucher (TestActor_UpdateChannelStateSettling)`, async () => {
      const rt = await createChannelWithLanes(version, 1)
      rt.currEpoch = 10n
      expect(await rt.settle()).toBe(ExitCode.Ok)
      const settlingAt = 10n + SETTLE_DELAY
      const steps: [bigint, bigint, bigint][] = [
        // voucher MinSettleHeight → channel SettlingAt, MinSettleHeight
        [0n, settlingAt, 0n],
        [2n, settlingAt, 2n],
        [12n, settlingAt, 12n],
        [settlingAt + 1n, settlingAt + 1n, settlingAt + 1n],
      ]
      let nonce = 2n
      for (const [minSettleHeight, expSettlingAt, expMin] of steps) {
        expect(await rt.update(makeVoucher({ Nonce: nonce++, MinSettleHeight: minSettleHeight }))).toBe(ExitCode.Ok)
        const st = await rt.state()
        expect([st.SettlingAt, st.MinSettleHeight]).toEqual([expSettlingAt, expMin])
        await rt.expectInvariants()
      }
    })
  }

  it('the Extra call: v0 sends PaymentVerifyParams with the Proof, v2 the Data as they are; its failure is the exit code', async () => {
    const extra = { Actor: newIdAddress(300n), Method: 7n, Data: Uint8Array.from([0xa1, 0x01]) }
    const proof = Uint8Array.from([9, 9])
    for (const version of VERSIONS) {
      const rt = await createChannelWithLanes(version, 0)
      expect(await rt.update(makeVoucher({ Extra: extra }), { proof })).toBe(ExitCode.Ok)
      const expected = version === 0 ? PaymentVerifyParams.encode({ Extra: extra.Data, Proof: proof }) : extra.Data
      expect(rt.sends).toEqual([{ to: extra.Actor, method: 7n, params: expected, value: 0n }])
      rt.onSend = () => ({ exitCode: ExitCode.ErrForbidden, returnValue: new Uint8Array() })
      expect(await rt.update(makeVoucher({ Extra: extra, Nonce: 2n }))).toBe(ExitCode.ErrForbidden)
      const second = version === 0 ? PaymentVerifyParams.encode({ Extra: extra.Data, Proof: new Uint8Array() }) : extra.Data
      expect(rt.sends[1]!.params).toEqual(second)
      expect((await rt.state()).ToSend).toBe(1n)
    }
  })

  it('v2 only: no voucher once SettlingAt is reached (exit code 32), and a secret of at most 256 bytes', async () => {
    for (const version of VERSIONS) {
      const rt = await createChannelWithLanes(version, 1)
      expect(await rt.update(makeVoucher({ Nonce: 2n, Amount: 1n }), { secret: new Uint8Array(257) })).toBe(version === 0 ? ExitCode.Ok : ExitCode.ErrIllegalArgument)
      expect(await rt.update(makeVoucher({ Nonce: 3n, Amount: 1n }), { secret: new Uint8Array(256) })).toBe(ExitCode.Ok)
      expect(await rt.settle()).toBe(ExitCode.Ok)
      rt.currEpoch = (await rt.state()).SettlingAt
      const code = await rt.update(makeVoucher({ Nonce: 4n, Amount: 1n }))
      expect(code).toBe(version === 0 ? ExitCode.Ok : ERR_CHANNEL_STATE_UPDATE_AFTER_SETTLED)
      expect(ERR_CHANNEL_STATE_UPDATE_AFTER_SETTLED).toBe(32)
      // v2 stops before checking the signature
      expect(rt.signatureChecks.length).toBe(version === 0 ? 4 : 2)
    }
  })
})

describe('Settle (TestActor_Settle)', () => {
  for (const version of VERSIONS) {
    it(`v${version}: sets SettlingAt to the epoch plus SettleDelay, once`, async () => {
      const rt = await createChannelWithLanes(version, 1)
      rt.currEpoch = 10n
      expect(await rt.settle(PAYEE)).toBe(ExitCode.Ok)
      expect((await rt.state()).SettlingAt).toBe(10n + SETTLE_DELAY)
      expect(await rt.settle()).toBe(ExitCode.ErrIllegalState)
      expect(await rt.settle(newIdAddress(555n))).toBe(ExitCode.SysErrForbidden)
      await rt.expectInvariants()
    })

    it(`v${version}: settles at MinSettleHeight when that is later`, async () => {
      const rt = await createChannelWithLanes(version, 1)
      rt.currEpoch = 10n
      const minSettleHeight = 10n + SETTLE_DELAY + 1n
      expect(await rt.update(makeVoucher({ Nonce: 2n, MinSettleHeight: minSettleHeight }))).toBe(ExitCode.Ok)
      expect(await rt.settle()).toBe(ExitCode.Ok)
      expect((await rt.state()).SettlingAt).toBe(minSettleHeight)
      await rt.expectInvariants()
    })
  }
})

describe('Collect (TestActor_Collect)', () => {
  for (const version of VERSIONS) {
    it(`v${version}: from SettlingAt on, pays ToSend to To and deletes the channel for From`, async () => {
      const rt = await createChannelWithLanes(version, 1)
      rt.currEpoch = 10n
      expect(await rt.settle()).toBe(ExitCode.Ok)
      const st = await rt.state()
      rt.currEpoch = st.SettlingAt - 1n
      expect(await rt.collect()).toBe(ExitCode.ErrForbidden)
      rt.currEpoch = st.SettlingAt
      expect(await rt.collect(PAYEE)).toBe(ExitCode.Ok)
      expect(rt.sends).toEqual([{ to: PAYEE, method: 0n, params: undefined, value: st.ToSend }])
      expect(rt.deletedTo).toEqual(PAYER)
    })

    it(`v${version}: fails if not settling, and with the send's code if paying To fails`, async () => {
      const rt = await createChannelWithLanes(version, 1)
      expect(await rt.collect()).toBe(ExitCode.ErrForbidden)
      expect(await rt.settle()).toBe(ExitCode.Ok)
      rt.currEpoch = (await rt.state()).SettlingAt + 1n
      rt.onSend = () => ({ exitCode: ExitCode.ErrIllegalArgument, returnValue: new Uint8Array() })
      expect(await rt.collect()).toBe(ExitCode.ErrIllegalArgument)
      expect(rt.deletedTo).toBeUndefined()
      await rt.expectInvariants()
    })
  }
})

describe('parameters the VM cannot read', () => {
  it('garbage parameters fail before the method runs; Settle and Collect ignore theirs', async () => {
    for (const version of VERSIONS) {
      const rt = await createChannelWithLanes(version, 0)
      rt.caller = PAYER
      expect((await rt.call(PaychMethod.UpdateChannelState, Uint8Array.from([0x80]))).exitCode).toBe(1)
      expect((await rt.call(PaychMethod.Settle, Uint8Array.from([0xff, 0x00]))).exitCode).toBe(ExitCode.Ok)
      expect((await rt.call(5n, new Uint8Array())).exitCode).toBe(ExitCode.SysErrInvalidMethod)
    }
  })
})
