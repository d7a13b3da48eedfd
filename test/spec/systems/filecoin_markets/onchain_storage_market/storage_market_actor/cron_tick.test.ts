// CronTick: deals processed at their scheduled epochs. A deal never activated times out (its
// provider collateral burnt, a verified client's DataCap restored); an active deal is paid each
// interval, ends with its collaterals unlocked, or is settled when its sector was terminated.
// Also the catch-up over missed epochs, the deal-ops rescheduling, Go's zero entry in the locked
// table, the panics of a broken schedule, and every exit code.

import { describe, expect, it } from 'vitest'
import { getHamtVersionForActors, loadHamt } from '../../../../../../spec/appendix/data_structures/hamt.ts'
import { ActorPanic } from '../../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { computeProposalCid } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/deal.ts'
import { RestoreBytesParams, VERIFREG_RESTORE_BYTES_METHOD } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/ext.ts'
import { DEAL_MIN_DURATION, DEAL_UPDATES_INTERVAL } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/policy.ts'
import { getAddressKey } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/state.ts'
import { loadSetMultimap } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/set_multimap.ts'
import { BURNT_FUNDS_ACTOR_ADDR, CLIENT, CLIENT_KEY, PROVIDER, VERIFIED_REGISTRY_ACTOR_ADDR, makePieceCid, setupMarket, type MarketRuntime } from './harness.ts'

async function getDealOps(rt: MarketRuntime): Promise<[bigint, bigint[]][]> {
  const ops = await loadSetMultimap(rt.store, (await rt.state()).DealOpsByEpoch, rt.actorsVersion)
  const out: [bigint, bigint[]][] = []
  for await (const [epoch] of ops.epochs()) {
    const ids: bigint[] = []
    for await (const id of ops.dealIds(epoch)) ids.push(id)
    out.push([epoch, ids])
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1))
}

async function isPending(rt: MarketRuntime, p: Parameters<typeof computeProposalCid>[0]): Promise<boolean> {
  const pending = await loadHamt(rt.store, (await rt.state()).PendingProposals, { version: getHamtVersionForActors(rt.actorsVersion) })
  return (await pending.get(computeProposalCid(p).bytes)) !== undefined
}

const FEE = 10n * DEAL_MIN_DURATION

describe.each([0, 2] as const)('CronTick, actors v%i', (version) => {
  const setup = async () => {
    const rt = await setupMarket(version)
    rt.currEpoch = 100n
    return rt
  }

  it('on an empty market: only LastCron moves; the state and the six table roots read, the six tables and the state written', async () => {
    const rt = await setup()
    const r = await rt.cronTick(5n)
    expect(r.exitCode).toBe(0)
    const state = r.access[0]!.size
    const tables = ['8', '8', '3', '3', '3', '3'] // proposals, states (empty AMTs); locked, escrow, pending, deal ops (empty HAMTs)
    expect(r.access.map((a) => `${a.op} ${a.size}`)).toEqual([`get ${state}`, ...tables.map((t) => `get ${t}`), ...tables.map((t) => `put ${t}`), `put ${state}`])
    expect((await rt.state()).LastCron).toBe(5n)
    expect(r.sends).toEqual([])
    await rt.expectInvariants()
  })

  it('a deal never activated times out at its start: the client’s funds unlocked, the provider’s collateral burnt, the deal gone; Go leaves a zero locked entry for the provider', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    await rt.fundDeal(p)
    const [id] = await rt.publishOk([p])
    expect((await rt.cronTick(p.StartEpoch - 1n)).sends).toEqual([])
    expect(await rt.getProposal(id!)).toBeDefined()
    const r = await rt.cronTick(p.StartEpoch)
    expect(r.exitCode).toBe(0)
    expect(r.sends.map((s) => [s.to, s.method, s.value])).toEqual([[BURNT_FUNDS_ACTOR_ADDR, 0n, p.ProviderCollateral]])
    expect(await rt.getProposal(id!)).toBeUndefined()
    expect(await isPending(rt, p)).toBe(false)
    expect([await rt.getEscrow(CLIENT), await rt.getLocked(CLIENT)]).toEqual([p.ClientCollateral + FEE, 0n])
    expect([await rt.getEscrow(PROVIDER), await rt.getLocked(PROVIDER)]).toEqual([0n, 0n])
    const locked = await loadHamt(rt.store, (await rt.state()).LockedTable, { version: getHamtVersionForActors(version) })
    expect(await locked.get(getAddressKey(PROVIDER))).toEqual(Uint8Array.of(0x40))
    expect(await locked.get(getAddressKey(CLIENT))).toBeUndefined()
    expect(await getDealOps(rt)).toEqual([])
    const st = await rt.state()
    expect([st.TotalClientLockedCollateral, st.TotalClientStorageFee, st.TotalProviderLockedCollateral]).toEqual([0n, 0n, 0n])
    await rt.expectInvariants()
  })

  it('a verified deal that times out gives its size back to the client, by ID address; a refusal is only logged', async () => {
    for (const fail of [false, true]) {
      const rt = await setup()
      const p = rt.makeProposal({ VerifiedDeal: true, Client: CLIENT_KEY, PieceSize: 1n << 20n })
      await rt.fundDeal({ ...p, Client: CLIENT })
      await rt.publishOk([p])
      if (fail) rt.failSends.set(`f06/${VERIFREG_RESTORE_BYTES_METHOD}`, ExitCode.ErrIllegalArgument)
      const r = await rt.cronTick(p.StartEpoch)
      expect(r.exitCode).toBe(0)
      expect(r.sends.map((s) => [s.to, s.method])).toEqual([
        [VERIFIED_REGISTRY_ACTOR_ADDR, VERIFREG_RESTORE_BYTES_METHOD],
        [BURNT_FUNDS_ACTOR_ADDR, 0n],
      ])
      expect(RestoreBytesParams.decode(r.sends[0]!.params!)).toEqual({ Address: CLIENT, DealSize: 1n << 20n })
      await rt.expectInvariants()
    }
  })

  it('a failed burn aborts with its exit code, and the tick is undone', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    await rt.fundDeal(p)
    await rt.publishOk([p])
    const head = rt.head
    rt.failSends.set('f099/0', ExitCode.SysErrInsufficientFunds)
    expect((await rt.cronTick(p.StartEpoch)).exitCode).toBe(ExitCode.SysErrInsufficientFunds)
    expect(String(rt.head)).toBe(String(head))
  })

  it('an active deal: its first update leaves the pending set and pays nothing yet; each interval after pays the provider; the end unlocks both collaterals', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    const id = await rt.publishAndActivate(p)
    let r = await rt.cronTick(p.StartEpoch)
    expect(r.sends).toEqual([])
    expect(await isPending(rt, p)).toBe(false)
    expect(await rt.getDealState(id)).toEqual({ SectorStartEpoch: 100n, LastUpdatedEpoch: p.StartEpoch, SlashEpoch: -1n })
    expect(await getDealOps(rt)).toEqual([[p.StartEpoch + DEAL_UPDATES_INTERVAL, [id]]])
    // a tick late: paid up to now, next update an interval from now
    const later = p.StartEpoch + DEAL_UPDATES_INTERVAL + 7n
    r = await rt.cronTick(later)
    const paid = 10n * (later - p.StartEpoch)
    expect([await rt.getEscrow(PROVIDER), await rt.getEscrow(CLIENT), await rt.getLocked(CLIENT)]).toEqual([p.ProviderCollateral + paid, p.ClientCollateral + FEE - paid, p.ClientCollateral + FEE - paid])
    expect(await getDealOps(rt)).toEqual([[later + DEAL_UPDATES_INTERVAL, [id]]])
    await rt.expectInvariants()
    // fast-forward the deal's schedule to its end (cron has nothing to do in between)
    const st = await rt.state()
    const ops = await loadSetMultimap(rt.store, st.DealOpsByEpoch, version)
    await ops.removeAll(later + DEAL_UPDATES_INTERVAL)
    await ops.put(p.EndEpoch + 3n, id)
    await rt.writeState({ ...st, DealOpsByEpoch: await ops.flush(), LastCron: p.EndEpoch })
    r = await rt.cronTick(p.EndEpoch + 3n)
    expect(r.exitCode).toBe(0)
    expect(r.sends).toEqual([])
    expect([await rt.getEscrow(PROVIDER), await rt.getLocked(PROVIDER)]).toEqual([p.ProviderCollateral + FEE, 0n])
    expect([await rt.getEscrow(CLIENT), await rt.getLocked(CLIENT)]).toEqual([p.ClientCollateral, 0n])
    expect([await rt.getProposal(id), await rt.getDealState(id)]).toEqual([undefined, undefined])
    expect(await getDealOps(rt)).toEqual([])
    await rt.expectInvariants()
  })

  it('a terminated deal is paid up to its slash epoch, the rest of the fee and the client collateral unlocked, the provider collateral burnt', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    const id = await rt.publishAndActivate(p)
    await rt.cronTick(p.StartEpoch)
    const slashAt = p.StartEpoch + 100n
    rt.currEpoch = slashAt
    expect((await rt.terminate(PROVIDER, slashAt, [id])).exitCode).toBe(0)
    const r = await rt.cronTick(p.StartEpoch + DEAL_UPDATES_INTERVAL)
    expect(r.sends.map((s) => [s.to, s.value])).toEqual([[BURNT_FUNDS_ACTOR_ADDR, p.ProviderCollateral]])
    expect([await rt.getEscrow(PROVIDER), await rt.getLocked(PROVIDER)]).toEqual([1000n, 0n])
    expect([await rt.getEscrow(CLIENT), await rt.getLocked(CLIENT)]).toEqual([p.ClientCollateral + FEE - 1000n, 0n])
    expect([await rt.getProposal(id), await rt.getDealState(id)]).toEqual([undefined, undefined])
    await rt.expectInvariants()
  })

  it('a deal terminated before its start pays nothing and unlocks the whole fee', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    const id = await rt.publishAndActivate(p)
    expect((await rt.terminate(PROVIDER, 200n, [id])).exitCode).toBe(0)
    const r = await rt.cronTick(p.StartEpoch)
    expect(r.sends.map((s) => s.value)).toEqual([p.ProviderCollateral])
    expect([await rt.getEscrow(CLIENT), await rt.getLocked(CLIENT), await rt.getEscrow(PROVIDER)]).toEqual([p.ClientCollateral + FEE, 0n, 0n])
    await rt.expectInvariants()
  })

  it('several deals due at once are processed together, and those rescheduled to one epoch share its set', async () => {
    const rt = await setup()
    const deals = [1, 2, 3].map((i) => rt.makeProposal({ PieceCID: makePieceCid(i) }))
    const ids: bigint[] = []
    for (const d of deals) ids.push(await rt.publishAndActivate(d))
    const r = await rt.cronTick(deals[0]!.StartEpoch + 5n)
    expect(r.exitCode).toBe(0)
    const ops = await getDealOps(rt)
    expect(ops.map(([e, s]) => [e, [...s].sort()])).toEqual([[deals[0]!.StartEpoch + 5n + DEAL_UPDATES_INTERVAL, ids]])
    await rt.expectInvariants()
  })

  it('from a caller other than the cron actor: SysErrForbidden', async () => {
    const rt = await setup()
    rt.currEpoch = 10n
    expect((await rt.invoke(CLIENT, 9n, new Uint8Array())).exitCode).toBe(ExitCode.SysErrForbidden)
  })

  it('a deal op for a deal with no proposal: ErrNotFound', async () => {
    const rt = await setup()
    const st = await rt.state()
    const ops = await loadSetMultimap(rt.store, st.DealOpsByEpoch, version)
    await ops.put(3n, 77n)
    await rt.writeState({ ...st, DealOpsByEpoch: await ops.flush() })
    expect((await rt.cronTick(3n)).exitCode).toBe(ExitCode.ErrNotFound)
  })

  it('a deal op before its deal’s start is a Go assertion, a panic: a timed-out deal not yet started, or an active deal that cannot be rescheduled', async () => {
    for (const activate of [false, true]) {
      const rt = await setup()
      const p = rt.makeProposal()
      const id = activate ? await rt.publishAndActivate(p) : (await rt.fundDeal(p), (await rt.publishOk([p]))[0]!)
      const st = await rt.state()
      const ops = await loadSetMultimap(rt.store, st.DealOpsByEpoch, version)
      await ops.put(150n, id)
      await rt.writeState({ ...st, DealOpsByEpoch: await ops.flush() })
      await expect(rt.cronTick(150n)).rejects.toThrow(ActorPanic)
    }
  })

  it('a deal op whose set holds a key that is no varint: ErrIllegalState', async () => {
    const rt = await setup()
    const st = await rt.state()
    const ops = await loadSetMultimap(rt.store, st.DealOpsByEpoch, version)
    await ops.put(3n, 1n)
    // rewrite the set with a bad key: 0x80 alone is a truncated varint
    const badSet = await loadHamt(rt.store, (await (await ops.epochs()[Symbol.asyncIterator]().next()).value)[1], { version: getHamtVersionForActors(version) })
    await badSet.delete(Uint8Array.of(1))
    await badSet.set(Uint8Array.of(0x80), Uint8Array.of(0xf6))
    const badRoot = await badSet.flush()
    const outer = await loadHamt(rt.store, await ops.flush(), { version: getHamtVersionForActors(version) })
    await outer.set(Uint8Array.of(3), (await import('@ipld/dag-cbor')).encode(badRoot))
    await rt.writeState({ ...st, DealOpsByEpoch: await outer.flush() })
    expect((await rt.cronTick(3n)).exitCode).toBe(ExitCode.ErrIllegalState)
  })
})
