// The multisig actor's methods on a mock runtime, one describe per method. The scenarios and
// their expected exit codes follow specs-actors' own tests (v2.3.2
// actors/builtin/multisig/multisig_test.go, named in each test); the v0 cases are the
// differences v0.9.13's code shows.

import { describe, expect, it } from 'vitest'
import { newBlsAddress, newIdAddress, type Address } from '../../../../../spec/appendix/address/address.ts'
import { INIT_ACTOR_ADDR, type ActorsVersion } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { MultisigState, SIGNERS_MAX, getTxnIdKey, type Transaction } from '../../../../../spec/systems/filecoin_token/multisig/multisig_state.ts'
import {
  AddSignerParams,
  ApproveReturn,
  ChangeNumApprovalsThresholdParams,
  LockBalanceParams,
  MultisigConstructorParamsV0,
  MultisigConstructorParamsV2,
  ProposeParams,
  ProposeReturn,
  RemoveSignerParams,
  SwapSignerParams,
  TxnIDParams,
} from '../../../../../spec/systems/filecoin_token/multisig/multisig_types.ts'
import { computeProposalHash, getPendingTxn, loadPendingTxns } from '../../../../../spec/systems/filecoin_token/multisig/pending_txns.ts'
import { MultisigRuntime } from './harness.ts'

const anne = newIdAddress(101n)
const bob = newIdAddress(102n)
const chuck = newIdAddress(103n)
const darlene = newIdAddress(104n)
const richard = newIdAddress(105n)
const anneKey = newBlsAddress(new Uint8Array(48).fill(1))
const EMPTY: Uint8Array = new Uint8Array()

interface Lock {
  unlockDuration?: bigint
  startEpoch?: bigint
  value?: bigint
}

async function construct(rt: MultisigRuntime, signers: Address[], threshold: bigint, lock: Lock = {}) {
  rt.setCaller(INIT_ACTOR_ADDR, 'init')
  const UnlockDuration = lock.unlockDuration ?? 0n
  const params =
    rt.actorsVersion === 0
      ? MultisigConstructorParamsV0.encode({ Signers: signers, NumApprovalsThreshold: threshold, UnlockDuration })
      : MultisigConstructorParamsV2.encode({ Signers: signers, NumApprovalsThreshold: threshold, UnlockDuration, StartEpoch: lock.startEpoch ?? 0n })
  return rt.call(1, params, lock.value ?? 0n)
}

async function setup(version: ActorsVersion, signers: Address[], threshold: bigint, lock: Lock = {}): Promise<MultisigRuntime> {
  const rt = new MultisigRuntime(version)
  expect((await construct(rt, signers, threshold, lock)).exitCode).toBe(0)
  return rt
}

async function propose(rt: MultisigRuntime, caller: Address, to: Address, value: bigint, method = 0n, params = EMPTY) {
  rt.setCaller(caller, 'account')
  const { exitCode, ret } = await rt.call(2, ProposeParams.encode({ To: to, Value: value, Method: method, Params: params }))
  return { exitCode, ret: ret === undefined ? undefined : ProposeReturn.decode(ret) }
}

async function approve(rt: MultisigRuntime, caller: Address, id: bigint, hash = EMPTY) {
  rt.setCaller(caller, 'account')
  const { exitCode, ret } = await rt.call(3, TxnIDParams.encode({ ID: id, ProposalHash: hash }))
  return { exitCode, ret: ret === undefined ? undefined : ApproveReturn.decode(ret) }
}

async function cancel(rt: MultisigRuntime, caller: Address, id: bigint, hash = EMPTY) {
  rt.setCaller(caller, 'account')
  return (await rt.call(4, TxnIDParams.encode({ ID: id, ProposalHash: hash }))).exitCode
}

/** A method only the multisig may call, called by the multisig itself. */
async function selfCall(rt: MultisigRuntime, method: number, params: Uint8Array) {
  rt.setCaller(rt.receiver, 'multisig')
  return (await rt.call(method, params)).exitCode
}

async function pending(rt: MultisigRuntime, id: bigint): Promise<Transaction | undefined> {
  const st = await rt.state()
  return getPendingTxn(await loadPendingTxns(rt.store, st.PendingTxns, rt.actorsVersion), id)
}

const hashOf = (rt: MultisigRuntime, txn: Transaction) => computeProposalHash(txn, (d) => rt.syscalls.hashBlake2b(d))

describe.each([0, 2] as const)('multisig actors v%i', (version) => {
  describe('Constructor', () => {
    it('simple construction: signers, threshold, no lock', async () => {
      const rt = await setup(version, [anne, bob, chuck], 2n)
      const st = await rt.state()
      expect(st.Signers).toEqual([anne, bob, chuck])
      expect(st.NumApprovalsThreshold).toBe(2n)
      expect(st.NextTxnID).toBe(0n)
      expect(st.InitialBalance).toBe(0n)
      expect(st.UnlockDuration).toBe(0n)
      expect(rt.sends).toEqual([])
    })

    it('construction by resolving signers to ID addresses', async () => {
      const rt = new MultisigRuntime(version)
      rt.addIdAddress(anneKey, anne)
      expect((await construct(rt, [anneKey, bob], 1n)).exitCode).toBe(0)
      expect((await rt.state()).Signers).toEqual([anne, bob])
    })

    it('an unknown key address is sent zero value first, which creates its account', async () => {
      const rt = new MultisigRuntime(version)
      rt.onSend = (msg) => {
        rt.addIdAddress(msg.to, richard)
        return { exitCode: 0, returnValue: EMPTY }
      }
      expect((await construct(rt, [anneKey], 1n)).exitCode).toBe(0)
      expect(rt.sends).toEqual([{ to: anneKey, method: 0n, params: undefined, value: 0n }])
      expect((await rt.state()).Signers).toEqual([richard])
    })

    it('fail to construct multisig if a signer is not resolvable: the send’s exit code', async () => {
      const rt = new MultisigRuntime(version)
      rt.onSend = () => ({ exitCode: ExitCode.SysErrInvalidReceiver, returnValue: EMPTY })
      expect((await construct(rt, [anneKey], 1n)).exitCode).toBe(ExitCode.SysErrInvalidReceiver)
    })

    it('a send that succeeds without creating the ID is ErrIllegalState', async () => {
      const rt = new MultisigRuntime(version)
      expect((await construct(rt, [anneKey], 1n)).exitCode).toBe(ExitCode.ErrIllegalState)
    })

    it.each([
      ['0 signers', [], 1n],
      ['more approvals than signers', [anne, bob], 3n],
      ['zero approvals', [anne], 0n],
      ['duplicate signers (all ID addresses)', [anne, bob, anne], 2n],
    ])('fail to construct with %s: ErrIllegalArgument', async (_, signers, threshold) => {
      const rt = new MultisigRuntime(version)
      expect((await construct(rt, signers, threshold)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    })

    it('fail to construct with duplicate signers (ID & non-ID addresses)', async () => {
      const rt = new MultisigRuntime(version)
      rt.addIdAddress(anneKey, anne)
      expect((await construct(rt, [anne, anneKey], 1n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    })

    it('a negative unlock duration is ErrIllegalArgument', async () => {
      const rt = new MultisigRuntime(version)
      expect((await construct(rt, [anne], 1n, { unlockDuration: -1n })).exitCode).toBe(ExitCode.ErrIllegalArgument)
    })

    it('only the init actor may construct', async () => {
      const rt = new MultisigRuntime(version)
      rt.setCaller(anne, 'account')
      const params = version === 0 ? MultisigConstructorParamsV0.encode({ Signers: [anne], NumApprovalsThreshold: 1n, UnlockDuration: 0n }) : MultisigConstructorParamsV2.encode({ Signers: [anne], NumApprovalsThreshold: 1n, UnlockDuration: 0n, StartEpoch: 0n })
      expect((await rt.call(1, params)).exitCode).toBe(ExitCode.SysErrForbidden)
    })

    it('construction with vesting locks the value received', async () => {
      const rt = new MultisigRuntime(version)
      rt.currEpoch = 1234n
      expect((await construct(rt, [anne, bob, chuck], 3n, { unlockDuration: 100n, startEpoch: 1000n, value: 100n })).exitCode).toBe(0)
      const st = await rt.state()
      expect(st.InitialBalance).toBe(100n)
      expect(st.UnlockDuration).toBe(100n)
      // v0 locks from the current epoch; v2 from the StartEpoch parameter.
      expect(st.StartEpoch).toBe(version === 0 ? 1234n : 1000n)
    })

    it(`the signer limit: ${SIGNERS_MAX} in v2, none in v0`, async () => {
      const signers = Array.from({ length: SIGNERS_MAX + 1 }, (_, i) => newIdAddress(BigInt(1000 + i)))
      const rt = new MultisigRuntime(version)
      expect((await construct(rt, signers, 1n)).exitCode).toBe(version === 0 ? 0 : ExitCode.ErrIllegalArgument)
      expect((await construct(new MultisigRuntime(version), signers.slice(1), 1n)).exitCode).toBe(0)
    })
  })

  describe('Propose', () => {
    it('simple propose: stored under ID 0 with the proposer as first approver', async () => {
      const rt = await setup(version, [anne, bob], 2n)
      const { exitCode, ret } = await propose(rt, anne, chuck, 10n)
      expect(exitCode).toBe(0)
      expect(ret).toEqual({ TxnID: 0n, Applied: false, Code: 0n, Ret: EMPTY })
      expect(await pending(rt, 0n)).toEqual({ To: chuck, Value: 10n, Method: 0n, Params: EMPTY, Approved: [anne] })
      expect((await rt.state()).NextTxnID).toBe(1n)
      expect(rt.sends).toEqual([])
    })

    it('propose with threshold met: sent at once and deleted', async () => {
      const rt = await setup(version, [anne, bob], 1n, { value: 20n })
      const { ret } = await propose(rt, anne, chuck, 10n)
      expect(ret).toEqual({ TxnID: 0n, Applied: true, Code: 0n, Ret: EMPTY })
      expect(rt.sends).toEqual([{ to: chuck, method: 0n, params: EMPTY, value: 10n }])
      expect(await pending(rt, 0n)).toBeUndefined()
      expect(rt.balance).toBe(10n)
    })

    it('propose with threshold and non-empty return value: passed through', async () => {
      const rt = await setup(version, [anne], 1n)
      rt.onSend = () => ({ exitCode: 0, returnValue: Uint8Array.of(0x82, 0x01, 0x02) })
      const { ret } = await propose(rt, anne, chuck, 0n, 3n, Uint8Array.of(0xf6))
      expect(ret).toEqual({ TxnID: 0n, Applied: true, Code: 0n, Ret: Uint8Array.of(0x82, 0x01, 0x02) })
      expect(rt.sends[0]?.params).toEqual(Uint8Array.of(0xf6))
    })

    it('a failing inner send does not fail Propose: Applied, its exit code, no return bytes, deleted', async () => {
      const rt = await setup(version, [anne], 1n)
      rt.onSend = () => ({ exitCode: ExitCode.SysErrInvalidMethod, returnValue: Uint8Array.of(1, 2, 3) })
      const { exitCode, ret } = await propose(rt, anne, chuck, 0n, 99n)
      expect(exitCode).toBe(0)
      expect(ret).toEqual({ TxnID: 0n, Applied: true, Code: BigInt(ExitCode.SysErrInvalidMethod), Ret: EMPTY })
      expect(await pending(rt, 0n)).toBeUndefined()
    })

    it('a negative exit code of the inner send is kept (an int64 in ProposeReturn)', async () => {
      const rt = await setup(version, [anne], 1n)
      rt.onSend = () => ({ exitCode: -1, returnValue: EMPTY })
      expect((await propose(rt, anne, chuck, 0n)).ret?.Code).toBe(-1n)
    })

    it('fail propose with threshold met and insufficient balance: ErrInsufficientFunds, nothing stored', async () => {
      const rt = await setup(version, [anne], 1n, { value: 5n })
      expect((await propose(rt, anne, chuck, 10n)).exitCode).toBe(ExitCode.ErrInsufficientFunds)
      expect((await rt.state()).NextTxnID).toBe(0n)
    })

    it('fail propose from non-signer: ErrForbidden', async () => {
      const rt = await setup(version, [anne, bob], 2n)
      expect((await propose(rt, richard, chuck, 0n)).exitCode).toBe(ExitCode.ErrForbidden)
    })

    it('a negative value is ErrIllegalArgument', async () => {
      const rt = await setup(version, [anne], 1n)
      expect((await propose(rt, anne, chuck, -1n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    })

    it('only accounts and multisigs may propose', async () => {
      const rt = await setup(version, [anne], 1n)
      rt.setCaller(anne, 'init')
      expect((await rt.call(2, ProposeParams.encode({ To: chuck, Value: 0n, Method: 0n, Params: EMPTY }))).exitCode).toBe(ExitCode.SysErrForbidden)
    })
  })

  describe('Approve', () => {
    async function proposed(threshold = 2n, value = 10n) {
      const rt = await setup(version, [anne, bob, chuck], threshold, { value: 100n })
      await propose(rt, anne, darlene, value)
      const txn = (await pending(rt, 0n))!
      return { rt, txn }
    }

    it('simple propose and approval: sent, deleted, ApproveReturn', async () => {
      const { rt } = await proposed()
      const { exitCode, ret } = await approve(rt, bob, 0n)
      expect(exitCode).toBe(0)
      expect(ret).toEqual({ Applied: true, Code: 0n, Ret: EMPTY })
      expect(rt.sends).toEqual([{ to: darlene, method: 0n, params: EMPTY, value: 10n }])
      expect(await pending(rt, 0n)).toBeUndefined()
    })

    it('the proposal hash is computed (and charged) even when none is given', async () => {
      const { rt } = await proposed()
      const before = rt.hashes
      await approve(rt, bob, 0n)
      expect(rt.hashes).toBe(before + 1)
    })

    it('fail approval with bad proposal hash: ErrIllegalArgument; the right one is accepted', async () => {
      const { rt, txn } = await proposed()
      expect((await approve(rt, bob, 0n, new Uint8Array(32))).exitCode).toBe(ExitCode.ErrIllegalArgument)
      expect((await approve(rt, bob, 0n, hashOf(rt, txn))).ret?.Applied).toBe(true)
    })

    it('partial approval: recorded in order, not sent', async () => {
      const { rt } = await proposed(3n)
      expect((await approve(rt, bob, 0n)).ret).toEqual({ Applied: false, Code: 0n, Ret: EMPTY })
      expect((await pending(rt, 0n))?.Approved).toEqual([anne, bob])
    })

    it('fail approve transaction more than once: ErrForbidden', async () => {
      const { rt } = await proposed()
      expect((await approve(rt, anne, 0n)).exitCode).toBe(ExitCode.ErrForbidden)
    })

    it('fail approve transaction that does not exist: ErrNotFound', async () => {
      const { rt } = await proposed()
      expect((await approve(rt, bob, 1n)).exitCode).toBe(ExitCode.ErrNotFound)
    })

    it('fail to approve transaction by non-signer: ErrForbidden', async () => {
      const { rt } = await proposed()
      expect((await approve(rt, richard, 0n)).exitCode).toBe(ExitCode.ErrForbidden)
    })

    it('fail approval if current balance is less than the transaction value: ErrInsufficientFunds', async () => {
      const { rt } = await proposed(2n, 1000n)
      expect((await approve(rt, bob, 0n)).exitCode).toBe(ExitCode.ErrInsufficientFunds)
      expect((await pending(rt, 0n))?.Approved).toEqual([anne])
    })

    it('approve transaction if number of approvers has already crossed threshold even if we attempt a duplicate approval', async () => {
      const { rt } = await proposed(3n)
      await approve(rt, bob, 0n)
      expect(await selfCall(rt, 8, ChangeNumApprovalsThresholdParams.encode({ NewThreshold: 2n }))).toBe(0)
      const { exitCode, ret } = await approve(rt, anne, 0n)
      expect(exitCode).toBe(0)
      expect(ret?.Applied).toBe(true)
      expect(await pending(rt, 0n)).toBeUndefined()
    })

    it('approve transaction if number of approvers has already crossed threshold and ensure non-signatory cannot approve a transaction', async () => {
      const { rt } = await proposed(3n)
      await approve(rt, bob, 0n)
      await selfCall(rt, 8, ChangeNumApprovalsThresholdParams.encode({ NewThreshold: 2n }))
      expect((await approve(rt, richard, 0n)).exitCode).toBe(ExitCode.ErrForbidden)
    })
  })

  describe('Cancel', () => {
    it('simple propose and cancel', async () => {
      const rt = await setup(version, [anne, bob], 2n)
      await propose(rt, anne, chuck, 10n)
      expect(await cancel(rt, anne, 0n)).toBe(0)
      expect(await pending(rt, 0n)).toBeUndefined()
    })

    it('fail cancel with bad proposal hash: ErrIllegalState (not ErrIllegalArgument)', async () => {
      const rt = await setup(version, [anne, bob], 2n)
      await propose(rt, anne, chuck, 10n)
      expect(await cancel(rt, anne, 0n, new Uint8Array(32))).toBe(ExitCode.ErrIllegalState)
      expect(await cancel(rt, anne, 0n, hashOf(rt, (await pending(rt, 0n))!))).toBe(0)
    })

    it('signer fails to cancel transaction from another signer: ErrForbidden', async () => {
      const rt = await setup(version, [anne, bob], 2n)
      await propose(rt, anne, chuck, 10n)
      expect(await cancel(rt, bob, 0n)).toBe(ExitCode.ErrForbidden)
    })

    it('fail to cancel transaction when not signer, or that does not exist', async () => {
      const rt = await setup(version, [anne, bob], 2n)
      await propose(rt, anne, chuck, 10n)
      expect(await cancel(rt, richard, 0n)).toBe(ExitCode.ErrForbidden)
      expect(await cancel(rt, anne, 1n)).toBe(ExitCode.ErrNotFound)
    })
  })

  describe('AddSigner', () => {
    it('adds at the end, raising the threshold if asked', async () => {
      const rt = await setup(version, [anne, bob], 1n)
      expect(await selfCall(rt, 5, AddSignerParams.encode({ Signer: chuck, Increase: true }))).toBe(0)
      const st = await rt.state()
      expect(st.Signers).toEqual([anne, bob, chuck])
      expect(st.NumApprovalsThreshold).toBe(2n)
    })

    it('resolves a key address', async () => {
      const rt = await setup(version, [bob], 1n)
      rt.addIdAddress(anneKey, anne)
      expect(await selfCall(rt, 5, AddSignerParams.encode({ Signer: anneKey, Increase: false }))).toBe(0)
      expect((await rt.state()).Signers).toEqual([bob, anne])
    })

    it('fail to add signer that is already a signer: ErrForbidden', async () => {
      const rt = await setup(version, [anne, bob], 1n)
      expect(await selfCall(rt, 5, AddSignerParams.encode({ Signer: bob, Increase: false }))).toBe(ExitCode.ErrForbidden)
    })

    it('fail to add signer with an account caller: SysErrForbidden', async () => {
      const rt = await setup(version, [anne], 1n)
      rt.setCaller(anne, 'account')
      expect((await rt.call(5, AddSignerParams.encode({ Signer: bob, Increase: false }))).exitCode).toBe(ExitCode.SysErrForbidden)
    })

    it(`adding a signer beyond ${SIGNERS_MAX}: ErrForbidden in v2, allowed in v0`, async () => {
      const rt = await setup(version, Array.from({ length: SIGNERS_MAX }, (_, i) => newIdAddress(BigInt(1000 + i))), 1n)
      expect(await selfCall(rt, 5, AddSignerParams.encode({ Signer: anne, Increase: false }))).toBe(version === 0 ? 0 : ExitCode.ErrForbidden)
    })
  })

  describe('RemoveSigner', () => {
    it.each([
      ['happy path remove signer', [anne, bob, chuck], 2n, chuck, false, 0, [anne, bob], 2n],
      ['remove signer and decrease threshold', [anne, bob, chuck], 2n, chuck, true, 0, [anne, bob], 1n],
      ['remove signer using its non-ID address', [anne, bob, chuck], 2n, anneKey, true, 0, [bob, chuck], 1n],
      ['fail remove signer if decrease set to false and number of signers below threshold', [anne, bob, chuck], 3n, chuck, false, ExitCode.ErrIllegalArgument, [], 0n],
      ['remove signer from single signer list', [anne], 1n, anne, false, ExitCode.ErrForbidden, [], 0n],
      ['fail to remove non-signer', [anne, bob, chuck], 2n, richard, false, ExitCode.ErrForbidden, [], 0n],
    ] as const)('%s', async (_, signers, threshold, remove, decrease, code, expectSigners, expectThreshold) => {
      const rt = await setup(version, [...signers], threshold)
      rt.addIdAddress(anneKey, anne)
      expect(await selfCall(rt, 6, RemoveSignerParams.encode({ Signer: remove, Decrease: decrease }))).toBe(code)
      if (code !== 0) return
      const st = await rt.state()
      expect(st.Signers).toEqual(expectSigners)
      expect(st.NumApprovalsThreshold).toBe(expectThreshold)
    })

    it('decreasing the threshold below 1: ErrIllegalArgument in v2; v0 lets it fall to 0', async () => {
      const rt = await setup(version, [anne, bob, chuck], 1n)
      const code = await selfCall(rt, 6, RemoveSignerParams.encode({ Signer: anne, Decrease: true }))
      expect(code).toBe(version === 0 ? 0 : ExitCode.ErrIllegalArgument)
      if (version === 0) expect((await rt.state()).NumApprovalsThreshold).toBe(0n)
    })

    it('remove signer removes approvals (v2) or keeps them (v0); a solo proposal is deleted (v2)', async () => {
      const rt = await setup(version, [anne, bob, chuck], 3n)
      await propose(rt, anne, darlene, 0n)
      await approve(rt, bob, 0n)
      await propose(rt, bob, darlene, 0n)
      await propose(rt, chuck, darlene, 0n)
      expect(await selfCall(rt, 6, RemoveSignerParams.encode({ Signer: bob, Decrease: true }))).toBe(0)
      if (version === 0) {
        expect((await pending(rt, 0n))?.Approved).toEqual([anne, bob])
        expect((await pending(rt, 1n))?.Approved).toEqual([bob])
      } else {
        expect((await pending(rt, 0n))?.Approved).toEqual([anne])
        expect(await pending(rt, 1n)).toBeUndefined()
      }
      expect((await pending(rt, 2n))?.Approved).toEqual([chuck])
    })

    it('a signer that proposes its own removal: the cleanup delete fails in v2 before network version 6', async () => {
      for (const nv of version === 0 ? [3] : [4, 6]) {
        const rt = await setup(version, [anne, bob], 1n)
        rt.networkVersion = nv
        rt.onSend = (msg) => rt.callSelf(msg)
        const { exitCode, ret } = await propose(rt, anne, rt.receiver, 0n, 6n, RemoveSignerParams.encode({ Signer: anne, Decrease: false }))
        const failsCleanup = version === 2 && nv < 6
        expect(exitCode, `network version ${nv}`).toBe(failsCleanup ? ExitCode.ErrIllegalState : 0)
        if (!failsCleanup) {
          expect(ret).toEqual({ TxnID: 0n, Applied: true, Code: 0n, Ret: EMPTY })
          expect((await rt.state()).Signers).toEqual([bob])
        }
      }
    })
  })

  describe('SwapSigner', () => {
    it('replaces the signer, the new one at the end', async () => {
      const rt = await setup(version, [anne, bob, chuck], 2n)
      expect(await selfCall(rt, 7, SwapSignerParams.encode({ From: anne, To: darlene }))).toBe(0)
      expect((await rt.state()).Signers).toEqual([bob, chuck, darlene])
    })

    it('fail to swap when from signer not found (ErrForbidden) or to signer already present (ErrIllegalArgument)', async () => {
      const rt = await setup(version, [anne, bob], 2n)
      expect(await selfCall(rt, 7, SwapSignerParams.encode({ From: richard, To: darlene }))).toBe(ExitCode.ErrForbidden)
      expect(await selfCall(rt, 7, SwapSignerParams.encode({ From: anne, To: bob }))).toBe(ExitCode.ErrIllegalArgument)
    })

    it('swap signer removes approvals in v2 only', async () => {
      const rt = await setup(version, [anne, bob], 2n)
      await propose(rt, anne, darlene, 0n)
      expect(await selfCall(rt, 7, SwapSignerParams.encode({ From: anne, To: chuck }))).toBe(0)
      expect(await pending(rt, 0n)).toEqual(version === 0 ? expect.objectContaining({ Approved: [anne] }) : undefined)
    })
  })

  describe('ChangeNumApprovalsThreshold', () => {
    it.each([
      [2n, 0],
      [3n, 0],
      [0n, ExitCode.ErrIllegalArgument],
      [4n, ExitCode.ErrIllegalArgument],
    ])('to %i: exit code %i', async (threshold, code) => {
      const rt = await setup(version, [anne, bob, chuck], 1n)
      expect(await selfCall(rt, 8, ChangeNumApprovalsThresholdParams.encode({ NewThreshold: threshold }))).toBe(code)
      if (code === 0) expect((await rt.state()).NumApprovalsThreshold).toBe(threshold)
    })
  })

  describe('LockBalance', () => {
    const lock = (start: bigint, duration: bigint, amount: bigint) => LockBalanceParams.encode({ StartEpoch: start, UnlockDuration: duration, Amount: amount })

    it('retroactive vesting, and can’t alter vesting: ErrForbidden', async () => {
      const rt = await setup(version, [anne], 1n)
      expect(await selfCall(rt, 9, lock(-10n, 100n, 50n))).toBe(0)
      const st = await rt.state()
      expect([st.StartEpoch, st.UnlockDuration, st.InitialBalance]).toEqual([-10n, 100n, 50n])
      expect(await selfCall(rt, 9, lock(0n, 100n, 50n))).toBe(ExitCode.ErrForbidden)
    })

    it('can’t alter vesting from construction', async () => {
      const rt = await setup(version, [anne], 1n, { unlockDuration: 10n, value: 10n })
      expect(await selfCall(rt, 9, lock(0n, 100n, 50n))).toBe(ExitCode.ErrForbidden)
    })

    it('checks preconditions: the caller, a positive duration', async () => {
      const rt = await setup(version, [anne], 1n)
      expect(await selfCall(rt, 9, lock(0n, 0n, 50n))).toBe(ExitCode.ErrIllegalArgument)
      rt.setCaller(anne, 'account')
      expect((await rt.call(9, lock(0n, 10n, 50n))).exitCode).toBe(ExitCode.SysErrForbidden)
    })

    it('a negative amount: refused from network version 7 (v2) only', async () => {
      const rt = await setup(version, [anne], 1n)
      rt.networkVersion = version === 0 ? 3 : 7
      expect(await selfCall(rt, 9, lock(0n, 10n, -1n))).toBe(version === 0 ? 0 : ExitCode.ErrIllegalArgument)
    })
  })

  it('transaction IDs keep counting after cancels; keys are zigzag varints', async () => {
    const rt = await setup(version, [anne, bob], 2n)
    for (let i = 0; i < 3; i++) await propose(rt, anne, chuck, 0n)
    await cancel(rt, anne, 1n)
    await propose(rt, anne, chuck, 0n)
    const st = await rt.state()
    expect(st.NextTxnID).toBe(4n)
    const ptx = await loadPendingTxns(rt.store, st.PendingTxns, version)
    const keys: string[] = []
    for await (const { key } of ptx.entries()) keys.push(Buffer.from(key).toString('hex'))
    expect(keys.sort()).toEqual(['00', '04', '06'])
    expect(keys).toEqual([0n, 2n, 3n].map((id) => Buffer.from(getTxnIdKey(id)).toString('hex')))
  })
})

describe('LockBalance in actors v0 before network version 2', () => {
  it('aborts SysErrInvalidMethod, as the missing method did, before checking the caller', async () => {
    const rt = await setup(0, [anne], 1n)
    rt.networkVersion = 1
    rt.setCaller(anne, 'account')
    expect((await rt.call(9, LockBalanceParams.encode({ StartEpoch: 0n, UnlockDuration: 10n, Amount: 1n }))).exitCode).toBe(ExitCode.SysErrInvalidMethod)
  })
})

describe('vesting (specs-actors TestVesting)', () => {
  const unlockDuration = 10n

  it.each([0, 2] as const)('happy path full vesting (v%i)', async (version) => {
    const rt = await setup(version, [anne, bob, chuck], 2n, { unlockDuration, value: 100n })
    await propose(rt, anne, darlene, 100n)
    expect((await approve(rt, bob, 0n)).exitCode).toBe(ExitCode.ErrInsufficientFunds)
    rt.currEpoch = unlockDuration
    expect((await approve(rt, bob, 0n)).ret?.Applied).toBe(true)
  })

  it.each([0, 2] as const)('partial vesting: half the balance at half the duration (v%i)', async (version) => {
    const rt = await setup(version, [anne, bob, chuck], 2n, { unlockDuration, value: 100n })
    await propose(rt, anne, darlene, 50n)
    rt.currEpoch = unlockDuration / 2n
    expect((await approve(rt, bob, 0n)).ret?.Applied).toBe(true)
  })

  it('avoid truncating division (v2): nothing vested after 0 or 1 epochs of 9 attoFIL over 10', async () => {
    const locked = unlockDuration - 1n
    const rt = await setup(2, [anne], 1n, { unlockDuration, value: locked })
    expect((await propose(rt, anne, anne, 1n)).exitCode).toBe(ExitCode.ErrInsufficientFunds)
    rt.currEpoch = 1n
    expect((await propose(rt, anne, anne, 1n)).exitCode).toBe(ExitCode.ErrInsufficientFunds)
    rt.currEpoch = 2n
    expect((await propose(rt, anne, anne, 1n)).ret?.Applied).toBe(true)
    rt.balance = locked
    rt.currEpoch = unlockDuration - 1n
    expect((await propose(rt, anne, anne, locked)).exitCode).toBe(ExitCode.ErrInsufficientFunds)
    expect((await propose(rt, anne, anne, locked - 1n)).ret?.Applied).toBe(true)
    rt.balance = locked
    rt.currEpoch = unlockDuration
    expect((await propose(rt, anne, anne, locked)).ret?.Applied).toBe(true)
  })

  it('the same lock in v0 truncates: ⌊9/10⌋ = 0 per epoch, so everything is free at once', async () => {
    const rt = await setup(0, [anne], 1n, { unlockDuration, value: unlockDuration - 1n })
    expect((await propose(rt, anne, anne, unlockDuration - 1n)).ret?.Applied).toBe(true)
  })

  it('sending zero ok when lockup exceeds balance (v2); v0 refuses it', async () => {
    for (const version of [0, 2] as const) {
      const rt = await setup(version, [anne], 1n)
      expect(await selfCall(rt, 9, LockBalanceParams.encode({ StartEpoch: 0n, UnlockDuration: unlockDuration, Amount: 10n }))).toBe(0)
      expect((await propose(rt, anne, bob, 0n)).exitCode, `v${version}`).toBe(version === 0 ? ExitCode.ErrInsufficientFunds : 0)
      expect((await propose(rt, anne, bob, 1n)).exitCode).toBe(ExitCode.ErrInsufficientFunds)
    }
  })
})

describe('state encoding', () => {
  it('MultisigState round-trips through CBOR', async () => {
    const rt = await setup(2, [anne, bob], 2n, { unlockDuration: 5n, startEpoch: -3n, value: 7n })
    const st = await rt.state()
    expect(MultisigState.decode(MultisigState.encode(st))).toEqual(st)
  })
})
