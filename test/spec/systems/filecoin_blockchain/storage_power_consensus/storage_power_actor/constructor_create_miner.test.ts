// The power actor's table, Constructor and CreateMiner on the mock runtime, after specs-actors'
// power_test.go (v0.9.13 and v2.3.2) TestExports, TestConstruction and TestCreateMinerFailures,
// and the nv7 cases of TestPowerAndPledgeAccounting. Each test that leaves a state checks its
// invariants.

import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { INIT_ACTOR_ADDR, getBuiltinCode } from '../../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { ExecParams } from '../../../../../../spec/systems/filecoin_vm/sysactors/init_actor.ts'
import { MinerConstructorParams, INIT_EXEC_METHOD } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/ext.ts'
import { PowerMethod, getPowerActor } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/methods.ts'
import { INITIAL_QA_POWER_ESTIMATE_POSITION, INITIAL_QA_POWER_ESTIMATE_VELOCITY } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/policy.ts'
import { CreateMinerParams, CreateMinerReturn } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/types.ts'
import { OWNER, PowerRuntime } from './harness.ts'

const VERSIONS = [0, 2] as const
/** The root of an empty HAMT, in go-hamt-ipld v0.1.5 and v2.0.0 alike: `[h'', []]`. */
const EMPTY_HAMT = 'bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay'
const MINER = newIdAddress(103n)

describe('getPowerActor', () => {
  it('v0 exports methods 1 to 9; v2 leaves 7 (OnConsensusFault) out', () => {
    expect(getPowerActor(0).methods.map((m) => m !== undefined)).toEqual([false, true, true, true, true, true, true, true, true, true])
    expect(getPowerActor(2).methods.map((m) => m !== undefined)).toEqual([false, true, true, true, true, true, true, false, true, true])
    for (const version of VERSIONS) {
      const actor = getPowerActor(version)
      expect([actor.singleton, actor.actorsVersion, String(actor.code)]).toEqual([true, version, String(getBuiltinCode('storagepower', version))])
    }
    expect(Object.values(PowerMethod)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n])
  })
})

describe('Constructor', () => {
  for (const version of VERSIONS) {
    it(`v${version}: zero totals, no miners, the initial smoothed estimate, empty claims and queue`, async () => {
      const rt = new PowerRuntime(version)
      expect(await rt.construct()).toBe(ExitCode.Ok)
      const st = await rt.state()
      expect([st.TotalRawBytePower, st.TotalBytesCommitted, st.TotalQualityAdjPower, st.TotalQABytesCommitted, st.TotalPledgeCollateral]).toEqual([0n, 0n, 0n, 0n, 0n])
      expect([st.ThisEpochRawBytePower, st.ThisEpochQualityAdjPower, st.ThisEpochPledgeCollateral, st.MinerCount, st.MinerAboveMinPowerCount, st.FirstCronEpoch]).toEqual([0n, 0n, 0n, 0n, 0n, 0n])
      expect(st.ThisEpochQAPowerSmoothed).toEqual({ PositionEstimate: INITIAL_QA_POWER_ESTIMATE_POSITION << 128n, VelocityEstimate: INITIAL_QA_POWER_ESTIMATE_VELOCITY << 128n })
      expect([String(st.Claims), String(st.CronEventQueue), st.ProofValidationBatch]).toEqual([EMPTY_HAMT, EMPTY_HAMT, null])
      expect('LastProcessedCronEpoch' in st ? st.LastProcessedCronEpoch : 'none').toBe(version === 0 ? -1n : 'none')
      await rt.expectInvariants()
    })

    it(`v${version}: only the system actor may call it`, async () => {
      const rt = new PowerRuntime(version)
      rt.caller = OWNER
      expect((await rt.call(PowerMethod.Constructor, new Uint8Array())).exitCode).toBe(ExitCode.SysErrForbidden)
      expect(rt.head).toBeUndefined()
    })
  }
})

describe('CreateMiner', () => {
  for (const version of VERSIONS) {
    it(`v${version}: creates the miner through init Exec, passing the value on, and gives it an empty claim`, async () => {
      const rt = new PowerRuntime(version)
      await rt.construct()
      const sealProof = version === 0 ? 3n : 8n
      const peer = new TextEncoder().encode('miner')
      const { exitCode, ret } = await rt.createMiner(MINER, { sealProof, value: 10n, peer, multiaddrs: [Uint8Array.of(1)] })
      expect(exitCode).toBe(ExitCode.Ok)
      const ids = CreateMinerReturn.decode(ret!)
      expect(ids.IDAddress).toEqual(MINER)
      const [exec] = rt.sends
      expect([exec!.to, exec!.method, exec!.value]).toEqual([INIT_ACTOR_ADDR, INIT_EXEC_METHOD, 10n])
      const execParams = ExecParams.decode(exec!.params!)
      expect(String(execParams.CodeCID)).toBe(String(getBuiltinCode('storageminer', version)))
      expect(MinerConstructorParams.decode(execParams.ConstructorParams)).toEqual({ OwnerAddr: OWNER, WorkerAddr: OWNER, ControlAddrs: [], SealProofType: sealProof, PeerId: peer, Multiaddrs: [Uint8Array.of(1)] })
      const st = await rt.state()
      expect([st.MinerCount, st.MinerAboveMinPowerCount, st.TotalRawBytePower, st.TotalQualityAdjPower]).toEqual([1n, 0n, 0n, 0n])
      expect(await rt.getClaim(MINER)).toEqual(version === 0 ? { RawBytePower: 0n, QualityAdjPower: 0n } : { SealProofType: 8n, RawBytePower: 0n, QualityAdjPower: 0n })
      expect(String(st.CronEventQueue)).toBe(EMPTY_HAMT)
      await rt.expectInvariants()
    })

    it(`v${version}: a multisig may create a miner; a miner actor may not (SysErrForbidden)`, async () => {
      const rt = new PowerRuntime(version)
      await rt.construct()
      const msig = newIdAddress(200n)
      rt.setActor(msig, 'multisig')
      expect((await rt.createMiner(MINER, { owner: msig })).exitCode).toBe(ExitCode.Ok)
      const other = newIdAddress(201n)
      rt.setActor(other, 'storageminer')
      expect((await rt.createMiner(newIdAddress(104n), { owner: other })).exitCode).toBe(ExitCode.SysErrForbidden)
      expect((await rt.state()).MinerCount).toBe(1n)
      await rt.expectInvariants()
    })

    it(`v${version}: a failed Exec aborts with its exit code and leaves the state`, async () => {
      const rt = new PowerRuntime(version)
      await rt.construct()
      const head = rt.head
      expect((await rt.createMiner(MINER, { value: 10n, execExitCode: ExitCode.ErrInsufficientFunds })).exitCode).toBe(ExitCode.ErrInsufficientFunds)
      expect(rt.head).toEqual(head)
    })

    it(`v${version}: an Exec return that does not decode is ErrSerialization`, async () => {
      const rt = new PowerRuntime(version)
      await rt.construct()
      rt.caller = OWNER
      rt.onSend = () => ({ exitCode: 0, returnValue: Uint8Array.of(0x80) })
      const params = CreateMinerParams.encode({ Owner: OWNER, Worker: OWNER, SealProofType: 8n, Peer: new Uint8Array(), Multiaddrs: [] })
      expect((await rt.call(PowerMethod.CreateMiner, params)).exitCode).toBe(ExitCode.ErrSerialization)
    })

    it(`v${version}: parameters that do not decode are exit code 1 before network version 7`, async () => {
      const rt = new PowerRuntime(version)
      await rt.construct()
      rt.caller = OWNER
      expect((await rt.call(PowerMethod.CreateMiner, Uint8Array.of(0x82, 0x00, 0x00))).exitCode).toBe(1)
    })
  }

  it('v2 from network version 7: a miner of a zero-minimum proof type (2 KiB) counts as above the minimum at once', async () => {
    const cases = [
      { nv: 6, proof: 0n, above: 0n },
      { nv: 6, proof: 3n, above: 0n },
      { nv: 7, proof: 0n, above: 1n },
      { nv: 7, proof: 3n, above: 0n },
    ]
    for (const c of cases) {
      const rt = new PowerRuntime(2)
      rt.networkVersion = c.nv
      await rt.construct()
      await rt.createMinerBasic(MINER, c.proof)
      expect((await rt.state()).MinerAboveMinPowerCount, `nv${c.nv} proof ${c.proof}`).toBe(c.above)
    }
  })

  it('v2: an unknown seal proof type is accepted before network version 7, ErrIllegalState from it', async () => {
    const rt = new PowerRuntime(2)
    await rt.construct()
    expect((await rt.createMiner(MINER, { sealProof: 99n })).exitCode).toBe(ExitCode.Ok)
    rt.networkVersion = 7
    expect((await rt.createMiner(newIdAddress(104n), { sealProof: 99n })).exitCode).toBe(ExitCode.ErrIllegalState)
    expect((await rt.state()).MinerCount).toBe(1n)
  })
})
