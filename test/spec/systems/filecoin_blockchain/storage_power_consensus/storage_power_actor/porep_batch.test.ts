// SubmitPoRepForBulkVerify and the batch of seal proofs OnEpochTickEnd verifies, on the mock
// runtime, after specs-actors' power_test.go TestSubmitPoRepForBulkVerify and
// TestCronBatchProofVerifies (v0.9.13 and v2.3.2): each miner's proofs are verified in one
// syscall and the miner is told which sectors verified, each once; v2 refuses and skips miners
// without a claim; v0 verifies proofs after the cron events, v2 before.

import { describe, expect, it } from 'vitest'
import { addressToBytes, addressToString, newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { NotImplementedError } from '../../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { ERR_TOO_MANY_PROVE_COMMITS } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/actor.ts'
import { ConfirmSectorProofsParams, MINER_CONFIRM_SECTOR_PROOFS_VALID_METHOD } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/ext.ts'
import { loadMultimap } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/multimap.ts'
import { GAS_ON_SUBMIT_VERIFY_SEAL, MAX_MINER_PROVE_COMMITS_PER_EPOCH } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/policy.ts'
import { SealVerifyInfo } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/types.ts'
import type { SentMessage } from '../../../../../support/mock_runtime.ts'
import { PowerRuntime, makeSealInfo } from './harness.ts'

const VERSIONS = [0, 2] as const
const [M1, M2, M3, M4] = [newIdAddress(101n), newIdAddress(102n), newIdAddress(103n), newIdAddress(104n)]

async function setup(version: 0 | 2, miners = 1) {
  const rt = new PowerRuntime(version)
  expect(await rt.construct()).toBe(0)
  for (const m of [M1, M2, M3, M4].slice(0, miners)) await rt.createMinerBasic(m)
  return rt
}

/** The ConfirmSectorProofsValid sends of a tick, as [miner, sectors]. */
function confirmations(sends: readonly SentMessage[]): [string, bigint[]][] {
  return sends.filter((s) => s.method === MINER_CONFIRM_SECTOR_PROOFS_VALID_METHOD).map((s) => [addressToString(s.to), ConfirmSectorProofsParams.decode(s.params!).Sectors])
}

describe('SubmitPoRepForBulkVerify', () => {
  for (const version of VERSIONS) {
    it(`v${version}: queues the proof under the miner and charges GAS_ON_SUBMIT_VERIFY_SEAL`, async () => {
      const rt = await setup(version)
      const info = makeSealInfo(0n, version === 0 ? 3n : 8n)
      expect(await rt.submitPoRep(M1, info)).toBe(0)
      expect(rt.gasCharges).toEqual([{ name: 'OnSubmitVerifySeal', compute: GAS_ON_SUBMIT_VERIFY_SEAL }])
      const st = await rt.state()
      expect(st.ProofValidationBatch).not.toBeNull()
      const batch = await loadMultimap(rt.store, st.ProofValidationBatch!, version, SealVerifyInfo)
      expect(await batch.list(addressToBytes(M1))).toEqual([info])
      await rt.expectInvariants()
    })

    it(`v${version}: the ${MAX_MINER_PROVE_COMMITS_PER_EPOCH + 1n}th proof of a miner in an epoch is ERR_TOO_MANY_PROVE_COMMITS (32), charged nothing`, async () => {
      const rt = await setup(version)
      for (let i = 0n; i < MAX_MINER_PROVE_COMMITS_PER_EPOCH; i++) expect(await rt.submitPoRep(M1, makeSealInfo(i, 8n))).toBe(0)
      expect(await rt.submitPoRep(M1, makeSealInfo(MAX_MINER_PROVE_COMMITS_PER_EPOCH, 8n))).toBe(ERR_TOO_MANY_PROVE_COMMITS)
      expect(ERR_TOO_MANY_PROVE_COMMITS).toBe(32)
      expect(rt.gasCharges.length).toBe(Number(MAX_MINER_PROVE_COMMITS_PER_EPOCH))
    })

    it(`v${version}: only a miner actor may call it (SysErrForbidden)`, async () => {
      const rt = await setup(version)
      rt.setCaller(M2, 'account')
      expect((await rt.call(8n, SealVerifyInfo.encode(makeSealInfo(1n)))).exitCode).toBe(ExitCode.SysErrForbidden)
    })
  }

  it('v2: a miner without a claim is ErrForbidden; v0 queues its proof', async () => {
    for (const version of VERSIONS) {
      const rt = await setup(version)
      await rt.deleteClaim(M1)
      expect(await rt.submitPoRep(M1, makeSealInfo(1n)), `v${version}`).toBe(version === 0 ? 0 : ExitCode.ErrForbidden)
    }
  })
})

describe('OnEpochTickEnd: the batch of seal proofs', () => {
  for (const version of VERSIONS) {
    it(`v${version}: one miner, several sectors: one syscall, one confirmation, the batch emptied`, async () => {
      const rt = await setup(version)
      const infos = [1n, 2n, 3n].map((n) => makeSealInfo(n))
      for (const info of infos) expect(await rt.submitPoRep(M1, info)).toBe(0)
      const { exitCode, sends } = await rt.onEpochTickEnd(0n)
      expect(exitCode).toBe(0)
      expect(rt.batchVerifies).toEqual([new Map([['f0101', infos]])])
      expect(confirmations(sends)).toEqual([['f0101', [1n, 2n, 3n]]])
      expect((await rt.state()).ProofValidationBatch).toBeNull()
      await rt.expectInvariants()
    })

    it(`v${version}: a sector proved twice is verified twice but confirmed once`, async () => {
      const rt = await setup(version)
      for (const n of [1n, 1n, 2n]) expect(await rt.submitPoRep(M1, makeSealInfo(n))).toBe(0)
      const { sends } = await rt.onEpochTickEnd(0n)
      expect(rt.batchVerifies[0]!.get('f0101')!.length).toBe(3)
      expect(confirmations(sends)).toEqual([['f0101', [1n, 2n]]])
    })

    it(`v${version}: a seal that fails is left out; a miner with none confirmed still gets an empty list`, async () => {
      const rt = await setup(version, 2)
      for (const n of [1n, 2n, 3n]) expect(await rt.submitPoRep(M1, makeSealInfo(n))).toBe(0)
      expect(await rt.submitPoRep(M2, makeSealInfo(4n))).toBe(0)
      rt.onBatchVerifySeals = () => new Map([['f0101', [true, false, true]], ['f0102', [false]]])
      const { sends } = await rt.onEpochTickEnd(0n)
      expect(new Map(confirmations(sends))).toEqual(new Map([['f0101', [1n, 3n]], ['f0102', []]]))
    })

    it(`v${version}: several miners are confirmed in the batch HAMT's order, whatever the order they queued in`, async () => {
      const rt = await setup(version, 4)
      const queued: [typeof M1, bigint[]][] = [
        [M1, [1n, 2n]],
        [M2, [3n, 101n]],
        [M3, [200n, 201n]],
        [M4, [300n, 301n]],
      ]
      for (const [m, ns] of queued) for (const n of ns) expect(await rt.submitPoRep(m, makeSealInfo(n))).toBe(0)
      const { sends } = await rt.onEpochTickEnd(0n)
      // specs-actors' test lists the same order: f0101, f0103, f0104, f0102 (sha256 of the keys)
      expect(confirmations(sends)).toEqual([
        ['f0101', [1n, 2n]],
        ['f0103', [200n, 201n]],
        ['f0104', [300n, 301n]],
        ['f0102', [3n, 101n]],
      ])
      await rt.expectInvariants()
    })

    it(`v${version}: no proofs queued: no syscall, only the reward actor is called`, async () => {
      const rt = await setup(version)
      const { sends } = await rt.onEpochTickEnd(0n)
      expect(rt.batchVerifies).toEqual([])
      expect(sends.map((s) => addressToString(s.to))).toEqual(['f02'])
    })

    it(`v${version}: a failing syscall is ErrIllegalState; one that leaves a miner out ErrNotFound`, async () => {
      const rt = await setup(version)
      expect(await rt.submitPoRep(M1, makeSealInfo(1n))).toBe(0)
      rt.onBatchVerifySeals = () => {
        throw new Error('fail')
      }
      expect((await rt.onEpochTickEnd(0n)).exitCode).toBe(ExitCode.ErrIllegalState)
      rt.onBatchVerifySeals = () => new Map()
      expect((await rt.onEpochTickEnd(0n)).exitCode).toBe(ExitCode.ErrNotFound)
      expect((await rt.state()).ProofValidationBatch).not.toBeNull()
    })

    it(`v${version}: a miner's refusal of the confirmation is ignored`, async () => {
      const rt = await setup(version)
      expect(await rt.submitPoRep(M1, makeSealInfo(1n))).toBe(0)
      const { exitCode } = await rt.onEpochTickEnd(0n, (msg) => (msg.method === MINER_CONFIRM_SECTOR_PROOFS_VALID_METHOD ? ExitCode.ErrIllegalState : 0))
      expect(exitCode).toBe(0)
      expect((await rt.state()).ProofValidationBatch).toBeNull()
    })

    it(`v${version}: a runtime without the BatchVerifySeals syscall cannot run a batch (NotImplementedError)`, async () => {
      const rt = await setup(version)
      expect(await rt.submitPoRep(M1, makeSealInfo(1n))).toBe(0)
      delete (rt.syscalls as { batchVerifySeals?: unknown }).batchVerifySeals
      await expect(rt.onEpochTickEnd(0n)).rejects.toThrow(NotImplementedError)
    })
  }

  it('v2 skips the proofs of a miner without a claim; v0 verifies them', async () => {
    for (const version of VERSIONS) {
      const rt = await setup(version)
      expect(await rt.submitPoRep(M1, makeSealInfo(1n))).toBe(0)
      await rt.deleteClaim(M1)
      const { sends } = await rt.onEpochTickEnd(0n)
      expect(confirmations(sends), `v${version}`).toEqual(version === 0 ? [['f0101', [1n]]] : [])
      expect((await rt.state()).ProofValidationBatch).toBeNull()
    }
  })

  it('v0 runs the cron events before the proofs; v2 the proofs first', async () => {
    for (const version of VERSIONS) {
      const rt = await setup(version)
      expect(await rt.enrollCronEvent(M1, 0n, new Uint8Array())).toBe(0)
      expect(await rt.submitPoRep(M1, makeSealInfo(1n))).toBe(0)
      const { sends } = await rt.onEpochTickEnd(0n)
      expect(sends.map((s) => `${addressToString(s.to)}:${s.method}`), `v${version}`).toEqual(version === 0 ? ['f0101:12', 'f0101:17', 'f02:4'] : ['f0101:17', 'f0101:12', 'f02:4'])
    }
  })
})
