// VerifyDealsForActivation and ActivateDeals: a miner checks the deals of a sector at pre-commit
// (their weights, and in v2 their total size) and activates them at prove-commit. Each check's
// exit code, v2's refusal of a deal named twice, and the blocks read.

import { describe, expect, it } from 'vitest'
import { getHamtVersionForActors, loadHamt } from '../../../../../../spec/appendix/data_structures/hamt.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { computeProposalCid } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/deal.ts'
import { DEAL_MIN_DURATION } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/policy.ts'
import { VerifyDealsForActivationReturnV0, VerifyDealsForActivationReturnV2 } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/types.ts'
import { CLIENT, OTHER_PROVIDER, PROVIDER, makePieceCid, setupMarket } from './harness.ts'

describe.each([0, 2] as const)('VerifyDealsForActivation, actors v%i', (version) => {
  const setup = async () => {
    const rt = await setupMarket(version)
    rt.currEpoch = 1000n
    const deals = [
      rt.makeProposal({ PieceSize: 2048n }),
      rt.makeProposal({ PieceCID: makePieceCid(2), PieceSize: 1n << 20n, VerifiedDeal: true }),
      rt.makeProposal({ PieceCID: makePieceCid(3), PieceSize: 4096n, EndEpoch: rt.currEpoch + 2880n + DEAL_MIN_DURATION + 100n }),
    ]
    for (const d of deals) await rt.fundDeal(d)
    const ids = await rt.publishOk(deals)
    return { rt, deals, ids }
  }
  const decode = (ret: Uint8Array) => (version === 0 ? VerifyDealsForActivationReturnV0.decode(ret) : VerifyDealsForActivationReturnV2.decode(ret))

  it('returns the space-time of the ordinary and the verified deals (and, in v2, their total size), changing nothing', async () => {
    const { rt, deals, ids } = await setup()
    const head = rt.head
    const r = await rt.verifyDeals(PROVIDER, ids, deals[2]!.EndEpoch, rt.currEpoch)
    expect(r.exitCode).toBe(0)
    const dealWeight = DEAL_MIN_DURATION * 2048n + (DEAL_MIN_DURATION + 100n) * 4096n
    const verifiedDealWeight = DEAL_MIN_DURATION * (1n << 20n)
    expect(decode(r.ret!)).toEqual(version === 0 ? { DealWeight: dealWeight, VerifiedDealWeight: verifiedDealWeight } : { DealWeight: dealWeight, VerifiedDealWeight: verifiedDealWeight, DealSpace: 2048n + 4096n + (1n << 20n) })
    expect(r.access.every((a) => a.op === 'get')).toBe(true)
    expect(String(rt.head)).toBe(String(head))
    await rt.expectInvariants()
  })

  it('no deals: zero weights', async () => {
    const { rt } = await setup()
    const r = await rt.verifyDeals(PROVIDER, [], 0n, 0n)
    expect(r.exitCode).toBe(0)
    expect(decode(r.ret!).DealWeight).toBe(0n)
  })

  it(`a deal named twice: ${version === 0 ? 'counted twice (v0)' : 'ErrIllegalArgument (v2)'}`, async () => {
    const { rt, deals, ids } = await setup()
    const r = await rt.verifyDeals(PROVIDER, [ids[0]!, ids[0]!], deals[0]!.EndEpoch, rt.currEpoch)
    if (version === 0) expect(decode(r.ret!).DealWeight).toBe(2n * DEAL_MIN_DURATION * 2048n)
    else expect(r.exitCode).toBe(ExitCode.ErrIllegalArgument)
  })

  it('a deal that does not exist: ErrNotFound; a DealID past the AMT’s range: ErrIllegalState', async () => {
    const { rt, deals } = await setup()
    expect((await rt.verifyDeals(PROVIDER, [99n], deals[2]!.EndEpoch, rt.currEpoch)).exitCode).toBe(ExitCode.ErrNotFound)
    expect((await rt.verifyDeals(PROVIDER, [1n << 63n], deals[2]!.EndEpoch, rt.currEpoch)).exitCode).toBe(ExitCode.ErrIllegalState)
  })

  it('another provider’s deal: ErrForbidden; a caller that is no miner: SysErrForbidden', async () => {
    const { rt, deals, ids } = await setup()
    expect((await rt.verifyDeals(OTHER_PROVIDER, ids, deals[2]!.EndEpoch, rt.currEpoch)).exitCode).toBe(ExitCode.ErrForbidden)
    expect((await rt.verifyDeals(CLIENT, ids, deals[2]!.EndEpoch, rt.currEpoch)).exitCode).toBe(ExitCode.SysErrForbidden)
  })

  it('a sector starting after a deal’s start, or expiring before its end: ErrIllegalArgument', async () => {
    const { rt, deals, ids } = await setup()
    expect((await rt.verifyDeals(PROVIDER, [ids[0]!], deals[0]!.EndEpoch, deals[0]!.StartEpoch + 1n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.verifyDeals(PROVIDER, [ids[0]!], deals[0]!.EndEpoch, deals[0]!.StartEpoch)).exitCode).toBe(0)
    expect((await rt.verifyDeals(PROVIDER, [ids[2]!], deals[2]!.EndEpoch - 1n, rt.currEpoch)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    await rt.expectInvariants()
  })
})

describe.each([0, 2] as const)('ActivateDeals, actors v%i', (version) => {
  const setup = async () => {
    const rt = await setupMarket(version)
    rt.currEpoch = 1000n
    const p = rt.makeProposal()
    await rt.fundDeal(p)
    const [id] = await rt.publishOk([p])
    return { rt, p, id: id! }
  }

  it('activates a deal at the current epoch: a state with the sector start, never updated or slashed; the proposal stays pending', async () => {
    const { rt, p, id } = await setup()
    rt.currEpoch = 1500n
    const r = await rt.activate(PROVIDER, [id], p.EndEpoch)
    expect(r.exitCode).toBe(0)
    expect(await rt.getDealState(id)).toEqual({ SectorStartEpoch: 1500n, LastUpdatedEpoch: -1n, SlashEpoch: -1n })
    const pending = await loadHamt(rt.store, (await rt.state()).PendingProposals, { version: getHamtVersionForActors(version) })
    expect(await pending.get(computeProposalCid(p).bytes)).toBeDefined()
    // state, proposals (validation), then the proposals, states and pending roots; states and the state written
    expect(r.access.map((a) => a.op).join(' ')).toBe('get get get get get put put')
    await rt.expectInvariants()
  })

  it('a deal already active: ErrIllegalArgument (also a deal named twice, in both versions)', async () => {
    const { rt, p, id } = await setup()
    expect((await rt.activate(PROVIDER, [id, id], p.EndEpoch)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.activate(PROVIDER, [id], p.EndEpoch)).exitCode).toBe(0)
    expect((await rt.activate(PROVIDER, [id], p.EndEpoch)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    await rt.expectInvariants()
  })

  it('a deal that is not pending: ErrIllegalState', async () => {
    const { rt, p, id } = await setup()
    const st = await rt.state()
    const pending = await loadHamt(rt.store, st.PendingProposals, { version: getHamtVersionForActors(version) })
    await pending.delete(computeProposalCid(p).bytes)
    await rt.writeState({ ...st, PendingProposals: await pending.flush() })
    expect((await rt.activate(PROVIDER, [id], p.EndEpoch)).exitCode).toBe(ExitCode.ErrIllegalState)
  })

  it('the checks of pre-commit, with the current epoch as the start: ErrNotFound, ErrForbidden, ErrIllegalArgument; SysErrForbidden for a caller that is no miner', async () => {
    const { rt, p, id } = await setup()
    expect((await rt.activate(PROVIDER, [id + 1n], p.EndEpoch)).exitCode).toBe(ExitCode.ErrNotFound)
    expect((await rt.activate(OTHER_PROVIDER, [id], p.EndEpoch)).exitCode).toBe(ExitCode.ErrForbidden)
    expect((await rt.activate(PROVIDER, [id], p.EndEpoch - 1n)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.activate(CLIENT, [id], p.EndEpoch)).exitCode).toBe(ExitCode.SysErrForbidden)
    rt.currEpoch = p.StartEpoch + 1n
    expect((await rt.activate(PROVIDER, [id], p.EndEpoch)).exitCode).toBe(ExitCode.ErrIllegalArgument)
    rt.currEpoch = p.StartEpoch
    expect((await rt.activate(PROVIDER, [id], p.EndEpoch)).exitCode).toBe(0)
    await rt.expectInvariants()
  })
})
