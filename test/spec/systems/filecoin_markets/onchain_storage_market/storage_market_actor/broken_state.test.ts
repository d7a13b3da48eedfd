// State the actor never writes: a balance that is no big integer, a proposal that does not
// decode, a locked balance smaller than a deal's. Each method reading it aborts with
// ErrIllegalState, as Go's RequireNoErr makes it, and leaves the state as it was.

import { describe, expect, it } from 'vitest'
import { createAmt } from '../../../../../../spec/appendix/data_structures/amt.ts'
import { getHamtVersionForActors, loadHamt } from '../../../../../../spec/appendix/data_structures/hamt.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { encodeBalance, getAddressKey } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/state.ts'
import { CLIENT, PROVIDER, setupMarket, type MarketRuntime } from './harness.ts'

/** Replaces `addr`'s entry in a balance table of the state with raw bytes. */
async function setRawBalance(rt: MarketRuntime, table: 'EscrowTable' | 'LockedTable', addr: Parameters<typeof getAddressKey>[0], value: Uint8Array): Promise<void> {
  const st = await rt.state()
  const map = await loadHamt(rt.store, st[table], { version: getHamtVersionForActors(rt.actorsVersion) })
  await map.set(getAddressKey(addr), value)
  await rt.writeState({ ...st, [table]: await map.flush() })
}

/** Replaces the proposals AMT with one holding garbage under DealID 0. */
async function breakProposals(rt: MarketRuntime): Promise<void> {
  const amt = createAmt(rt.store, { version: 2 })
  await amt.set(0n, Uint8Array.of(0x80))
  await rt.writeState({ ...(await rt.state()), Proposals: await amt.flush() })
}

describe.each([0, 2] as const)('broken state, actors v%i', (version) => {
  it('AddBalance and WithdrawBalance over an escrow entry that is no big integer: ErrIllegalState', async () => {
    const rt = await setupMarket(version)
    await setRawBalance(rt, 'EscrowTable', CLIENT, Uint8Array.of(0x01))
    const head = rt.head
    expect((await rt.addBalance(CLIENT, CLIENT, 5n)).exitCode).toBe(ExitCode.ErrIllegalState)
    if (version === 2) expect((await rt.withdrawBalance(CLIENT, CLIENT, 5n)).exitCode).toBe(ExitCode.ErrIllegalState)
    expect(String(rt.head)).toBe(String(head))
  })

  it('PublishStorageDeals over a locked entry that is no big integer: ErrIllegalState', async () => {
    const rt = await setupMarket(version)
    const p = rt.makeProposal()
    await rt.fundDeal(p)
    await setRawBalance(rt, 'LockedTable', PROVIDER, Uint8Array.of(0x60))
    expect((await rt.publish([p])).exitCode).toBe(ExitCode.ErrIllegalState)
  })

  it('VerifyDealsForActivation, ActivateDeals, OnMinerSectorsTerminate and ComputeDataCommitment over a proposal that does not decode: ErrIllegalState', async () => {
    const rt = await setupMarket(version)
    await breakProposals(rt)
    expect((await rt.verifyDeals(PROVIDER, [0n], 10n ** 9n, 0n)).exitCode).toBe(ExitCode.ErrIllegalState)
    expect((await rt.activate(PROVIDER, [0n], 10n ** 9n)).exitCode).toBe(ExitCode.ErrIllegalState)
    expect((await rt.terminate(PROVIDER, 0n, [0n])).exitCode).toBe(ExitCode.ErrIllegalState)
    expect((await rt.computeDataCommitment(PROVIDER, [0n], 3n)).exitCode).toBe(ExitCode.ErrIllegalState)
  })

  it('CronTick timing out a deal whose client has less locked than the deal’s fee: ErrIllegalState', async () => {
    const rt = await setupMarket(version)
    const p = rt.makeProposal()
    await rt.fundDeal(p)
    await rt.publishOk([p])
    await setRawBalance(rt, 'LockedTable', CLIENT, encodeBalance(1n))
    const head = rt.head
    expect((await rt.cronTick(p.StartEpoch)).exitCode).toBe(ExitCode.ErrIllegalState)
    expect(String(rt.head)).toBe(String(head))
  })

  it('CronTick paying a deal whose client has less escrow than the payment: ErrIllegalState', async () => {
    const rt = await setupMarket(version)
    const p = rt.makeProposal()
    const id = await rt.publishAndActivate(p)
    expect((await rt.cronTick(p.StartEpoch)).exitCode).toBe(0)
    await setRawBalance(rt, 'EscrowTable', CLIENT, encodeBalance(1n))
    expect((await rt.cronTick(p.StartEpoch + 2880n)).exitCode).toBe(ExitCode.ErrIllegalState)
    expect(await rt.getDealState(id)).toBeDefined()
  })
})
