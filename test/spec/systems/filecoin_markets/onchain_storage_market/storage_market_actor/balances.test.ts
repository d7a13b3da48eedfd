// AddBalance and WithdrawBalance: who may add and withdraw, where a provider's funds go, what
// stays locked, the reference's reads and writes, and every exit code, in actors v0 and v2 —
// including v0's withdrawal, which validates its caller twice and so always fails once it gets
// that far (SysErrorIllegalActor).

import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { MarketMethod } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/methods.ts'
import { MINER_CONTROL_ADDRESSES_METHOD } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/ext.ts'
import { CLIENT, CLIENT_KEY, CONTROL, OWNER, PROVIDER, PROVIDER_ROBUST, WORKER, setupMarket } from './harness.ts'

describe.each([0, 2] as const)('AddBalance, actors v%i', (version) => {
  it('a client adds to its own escrow, named by ID or key address; reads the state, locked and escrow roots, writes them back', async () => {
    const rt = await setupMarket(version)
    const r = await rt.addBalance(CLIENT, CLIENT, 1000n)
    expect(r.exitCode).toBe(0)
    expect(r.access.map((a) => a.op)).toEqual(['get', 'get', 'get', 'put', 'put', 'put'])
    expect(r.sends).toEqual([])
    expect((await rt.addBalance(CLIENT, CLIENT_KEY, 500n)).exitCode).toBe(0)
    expect(await rt.getEscrow(CLIENT)).toBe(1500n)
    expect(await rt.getLocked(CLIENT)).toBe(0n)
    expect(rt.balance).toBe(1500n)
    await rt.expectInvariants()
  })

  it('anyone signing adds to a provider’s escrow, held under the miner, which is asked for its control addresses', async () => {
    const rt = await setupMarket(version)
    for (const [caller, addr] of [[OWNER, PROVIDER], [CLIENT, PROVIDER_ROBUST]] as const) {
      const r = await rt.addBalance(caller, addr, 100n)
      expect(r.exitCode).toBe(0)
      expect(r.sends.map((s) => [String(s.to.payload), s.method])).toEqual([[String(PROVIDER.payload), MINER_CONTROL_ADDRESSES_METHOD]])
    }
    expect(await rt.getEscrow(PROVIDER)).toBe(200n)
    await rt.expectInvariants()
  })

  it('no value: ErrIllegalArgument, before the caller is looked at', async () => {
    const rt = await setupMarket(version)
    const r = await rt.addBalance(PROVIDER, CLIENT, 0n)
    expect(r.exitCode).toBe(ExitCode.ErrIllegalArgument)
  })

  it('from a caller that cannot sign (a miner): SysErrForbidden', async () => {
    const rt = await setupMarket(version)
    expect((await rt.addBalance(PROVIDER, CLIENT, 1n)).exitCode).toBe(ExitCode.SysErrForbidden)
    await rt.expectInvariants()
  })

  it('an address that does not resolve, or has no actor: ErrIllegalArgument; the value goes back', async () => {
    const rt = await setupMarket(version)
    expect((await rt.addBalance(CLIENT, { protocol: 1, payload: new Uint8Array(20) }, 1n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.addBalance(CLIENT, newIdAddress(999n), 1n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect(rt.balance).toBe(0n)
    await rt.expectInvariants()
  })

  it('a miner that fails ControlAddresses: its exit code; one that answers garbage: ErrSerialization', async () => {
    const rt = await setupMarket(version)
    rt.failSends.set(`f0103/${MINER_CONTROL_ADDRESSES_METHOD}`, 42)
    expect((await rt.addBalance(OWNER, PROVIDER, 1n)).exitCode).toBe(42)
    rt.failSends.clear()
    // the miner answers with no return value at all
    rt.minerAddrs.delete('f0103')
    expect((await rt.addBalance(OWNER, PROVIDER, 1n)).exitCode).toBe(ExitCode.ErrSerialization)
    await rt.expectInvariants()
  })

  it('parameters that are no address: exit code 1 before network version 7', async () => {
    const rt = await setupMarket(version)
    expect((await rt.invoke(CLIENT, MarketMethod.AddBalance, Uint8Array.of(0x01), 1n)).exitCode).toBe(1)
  })
})

describe('WithdrawBalance, actors v0: the caller is validated twice, which the runtime refuses', () => {
  it('a client withdrawing its own funds: SysErrorIllegalActor, nothing sent', async () => {
    const rt = await setupMarket(0)
    await rt.addBalance(CLIENT, CLIENT, 1000n)
    const r = await rt.withdrawBalance(CLIENT, CLIENT, 10n)
    expect(r.exitCode).toBe(ExitCode.SysErrorIllegalActor)
    expect(r.sends).toEqual([])
    expect(await rt.getEscrow(CLIENT)).toBe(1000n)
    await rt.expectInvariants()
  })

  it('a provider’s owner: the miner is asked first, then SysErrorIllegalActor', async () => {
    const rt = await setupMarket(0)
    await rt.addBalance(OWNER, PROVIDER, 1000n)
    const r = await rt.withdrawBalance(OWNER, PROVIDER, 10n)
    expect(r.exitCode).toBe(ExitCode.SysErrorIllegalActor)
    expect(r.sends.map((s) => s.method)).toEqual([MINER_CONTROL_ADDRESSES_METHOD])
  })

  it('a caller that cannot sign: SysErrForbidden; a negative amount: ErrIllegalArgument; an unknown address: ErrIllegalArgument', async () => {
    const rt = await setupMarket(0)
    expect((await rt.withdrawBalance(PROVIDER, CLIENT, 1n)).exitCode).toBe(ExitCode.SysErrForbidden)
    expect((await rt.withdrawBalance(CLIENT, CLIENT, -1n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.withdrawBalance(CLIENT, newIdAddress(999n), 1n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
  })
})

describe('WithdrawBalance, actors v2', () => {
  it('a client withdraws unlocked funds to itself; reads and writes the locked and escrow tables, then sends', async () => {
    const rt = await setupMarket(2)
    await rt.addBalance(CLIENT, CLIENT, 1000n)
    const r = await rt.withdrawBalance(CLIENT, CLIENT, 300n)
    expect(r.exitCode).toBe(0)
    expect(r.access.map((a) => a.op)).toEqual(['get', 'get', 'get', 'put', 'put', 'put'])
    expect(r.sends.map((s) => [s.to, s.method, s.value])).toEqual([[CLIENT, 0n, 300n]])
    expect(await rt.getEscrow(CLIENT)).toBe(700n)
    expect(rt.balance).toBe(700n)
    await rt.expectInvariants()
  })

  it('asking for more than is there sends what there is, and an emptied escrow entry is removed', async () => {
    const rt = await setupMarket(2)
    await rt.addBalance(CLIENT, CLIENT, 1000n)
    const r = await rt.withdrawBalance(CLIENT, CLIENT, 5000n)
    expect(r.sends.map((s) => s.value)).toEqual([1000n])
    expect(await rt.getEscrow(CLIENT)).toBe(0n)
    await rt.expectInvariants()
  })

  it('nothing unlocked: zero is still sent', async () => {
    const rt = await setupMarket(2)
    const r = await rt.withdrawBalance(CLIENT, CLIENT, 5n)
    expect(r.exitCode).toBe(0)
    expect(r.sends.map((s) => s.value)).toEqual([0n])
  })

  it('a provider’s funds go to its owner, withdrawn by the owner or the worker; not by a control address or the client (SysErrForbidden)', async () => {
    const rt = await setupMarket(2)
    await rt.addBalance(OWNER, PROVIDER, 1000n)
    for (const caller of [OWNER, WORKER]) {
      const r = await rt.withdrawBalance(caller, PROVIDER, 100n)
      expect(r.exitCode).toBe(0)
      expect(r.sends.map((s) => [s.to, s.method, s.value])).toEqual([
        [PROVIDER, MINER_CONTROL_ADDRESSES_METHOD, 0n],
        [OWNER, 0n, 100n],
      ])
    }
    for (const caller of [CONTROL, CLIENT]) expect((await rt.withdrawBalance(caller, PROVIDER, 100n)).exitCode).toBe(ExitCode.SysErrForbidden)
    expect(await rt.getEscrow(PROVIDER)).toBe(800n)
    await rt.expectInvariants()
  })

  it('only the client may withdraw a client’s funds: SysErrForbidden', async () => {
    const rt = await setupMarket(2)
    await rt.addBalance(CLIENT, CLIENT, 1000n)
    expect((await rt.withdrawBalance(OWNER, CLIENT, 1n)).exitCode).toBe(ExitCode.SysErrForbidden)
  })

  it('a negative amount: ErrIllegalArgument; an unknown address: ErrIllegalArgument; a failed send: its exit code, the withdrawal undone', async () => {
    const rt = await setupMarket(2)
    await rt.addBalance(CLIENT, CLIENT, 1000n)
    expect((await rt.withdrawBalance(CLIENT, CLIENT, -1n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.withdrawBalance(CLIENT, { protocol: 1, payload: new Uint8Array(20) }, 1n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    rt.failSends.set('f0104/0', ExitCode.SysErrInsufficientFunds)
    expect((await rt.withdrawBalance(CLIENT, CLIENT, 10n)).exitCode).toBe(ExitCode.SysErrInsufficientFunds)
    expect(await rt.getEscrow(CLIENT)).toBe(1000n)
    await rt.expectInvariants()
  })

  it('a miner whose ControlAddresses fails: its exit code', async () => {
    const rt = await setupMarket(2)
    rt.failSends.set(`f0103/${MINER_CONTROL_ADDRESSES_METHOD}`, ExitCode.ErrIllegalState)
    expect((await rt.withdrawBalance(OWNER, PROVIDER, 1n)).exitCode).toBe(ExitCode.ErrIllegalState)
  })
})
