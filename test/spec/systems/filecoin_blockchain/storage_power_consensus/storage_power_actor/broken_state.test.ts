// A power actor whose claims HAMT, cron queue or proof batch points at a block the store does not
// hold: every method that reads it aborts with ErrIllegalState, as specs-actors' `RequireNoErr`
// does, and leaves the state as it was.

import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { ExecReturn } from '../../../../../../spec/systems/filecoin_vm/sysactors/init_actor.ts'
import type { PowerState } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/state.ts'
import { PowerRuntime, makeSealInfo } from './harness.ts'

const M1 = newIdAddress(101n)
/** A CID of no block in the store. */
const MISSING = ExecReturn.cid({ IDAddress: newIdAddress(1n), RobustAddress: newIdAddress(2n) })

async function withBroken(version: 0 | 2, field: 'Claims' | 'CronEventQueue' | 'ProofValidationBatch'): Promise<PowerRuntime> {
  const rt = new PowerRuntime(version)
  await rt.construct()
  await rt.createMinerBasic(M1)
  const st = await rt.state()
  await rt.replaceState({ ...st, [field]: MISSING } as PowerState)
  return rt
}

describe.each([0, 2] as const)('actors v%s with a block missing', (version) => {
  it('claims: CreateMiner, UpdateClaimedPower and OnEpochTickEnd (v0 after a failed callback) are ErrIllegalState', async () => {
    let rt = await withBroken(version, 'Claims')
    const head = rt.head
    expect((await rt.createMiner(newIdAddress(102n))).exitCode).toBe(ExitCode.ErrIllegalState)
    expect(await rt.updateClaimedPower(M1, 1n, 1n)).toBe(ExitCode.ErrIllegalState)
    expect(rt.head).toEqual(head)
    rt = await withBroken(version, 'Claims')
    // v2 reads the claims at every tick, v0 after the callbacks
    expect((await rt.onEpochTickEnd(1n)).exitCode).toBe(ExitCode.ErrIllegalState)
  })

  it(`claims: ${version === 0 ? 'OnConsensusFault is' : 'UpdatePledgeTotal and SubmitPoRepForBulkVerify are'} ErrIllegalState`, async () => {
    const rt = await withBroken(version, 'Claims')
    if (version === 0) expect(await rt.onConsensusFault(M1, 0n)).toBe(ExitCode.ErrIllegalState)
    else {
      expect(await rt.updatePledgeTotal(M1, 1n)).toBe(ExitCode.ErrIllegalState)
      expect(await rt.submitPoRep(M1, makeSealInfo(1n))).toBe(ExitCode.ErrIllegalState)
    }
  })

  it('proof batch: SubmitPoRepForBulkVerify and OnEpochTickEnd are ErrIllegalState', async () => {
    const rt = await withBroken(version, 'ProofValidationBatch')
    expect(await rt.submitPoRep(M1, makeSealInfo(1n))).toBe(ExitCode.ErrIllegalState)
    expect((await rt.onEpochTickEnd(1n)).exitCode).toBe(ExitCode.ErrIllegalState)
  })

  it('cron queue: EnrollCronEvent and OnEpochTickEnd are ErrIllegalState; other methods do not read it', async () => {
    const rt = await withBroken(version, 'CronEventQueue')
    expect(await rt.enrollCronEvent(M1, 1n, new Uint8Array())).toBe(ExitCode.ErrIllegalState)
    expect((await rt.onEpochTickEnd(1n)).exitCode).toBe(ExitCode.ErrIllegalState)
    expect(await rt.updateClaimedPower(M1, 1n, 1n)).toBe(ExitCode.Ok)
  })
})
