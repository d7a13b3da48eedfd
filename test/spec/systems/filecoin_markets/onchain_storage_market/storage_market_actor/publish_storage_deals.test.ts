// PublishStorageDeals: a provider's worker publishes client-signed proposals. What a published
// deal leaves in the state (proposal with ID addresses, pending entry, locked funds, a first cron
// epoch from beacon randomness), the calls to the miner, reward, power and verified registry
// actors, the v0/v2 differences (label bound, provider collateral rule), and every exit code.

import { describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { DomainSeparationTag } from '../../../../../../spec/algorithms/crypto/randomness/randomness.ts'
import { getHamtVersionForActors, loadHamt } from '../../../../../../spec/appendix/data_structures/hamt.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { DealProposal, computeProposalCid } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/deal.ts'
import { UseBytesParams, VERIFREG_USE_BYTES_METHOD } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/ext.ts'
import { MarketMethod } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/methods.ts'
import { PublishStorageDealsReturn } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/types.ts'
import { DEAL_MAX_DURATION, DEAL_MIN_DURATION, EPOCHS_IN_DAY } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/policy.ts'
import { loadSetMultimap } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/set_multimap.ts'
import { FILECOIN_TOTAL_SUPPLY } from '../../../../../../spec/systems/filecoin_token/token.ts'
import {
  CLIENT,
  CLIENT_KEY,
  OTHER_CLIENT,
  OTHER_PROVIDER,
  OWNER,
  PROVIDER,
  PROVIDER_ROBUST,
  VERIFIED_REGISTRY_ACTOR_ADDR,
  WORKER,
  makePieceCid,
  setupMarket,
  type MarketRuntime,
} from './harness.ts'

async function getDealOps(rt: MarketRuntime): Promise<[bigint, bigint[]][]> {
  const ops = await loadSetMultimap(rt.store, (await rt.state()).DealOpsByEpoch, rt.actorsVersion)
  const out: [bigint, bigint[]][] = []
  for await (const [epoch] of ops.epochs()) {
    const ids: bigint[] = []
    for await (const id of ops.dealIds(epoch)) ids.push(id)
    out.push([epoch, ids])
  }
  return out
}

async function isPending(rt: MarketRuntime, p: DealProposal): Promise<boolean> {
  const pending = await loadHamt(rt.store, (await rt.state()).PendingProposals, { version: getHamtVersionForActors(rt.actorsVersion) })
  return (await pending.get(computeProposalCid(p).bytes)) !== undefined
}

describe.each([0, 2] as const)('PublishStorageDeals, actors v%i', (version) => {
  const setup = async () => {
    const rt = await setupMarket(version)
    rt.currEpoch = 1000n
    return rt
  }

  it('stores a deal with its DealID, its funds locked, pending, scheduled at start + (randomness mod 2880)', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    await rt.fundDeal(p)
    rt.randomness = new Uint8Array(32).fill(0)
    rt.randomness.set([0, 0, 0, 0, 0, 0, 0x0b, 0xb9]) // 3001 = 2880 + 121
    const r = await rt.publish([p])
    expect(r.exitCode).toBe(0)
    // the miner's control addresses, the baseline power, the network power
    expect(r.sends.map((s) => s.method)).toEqual([2n, 3n, 9n])
    // the state, then the roots of proposals, locked, escrow, pending and deal ops; the new set,
    // then each table opened and the state are written (reads of the set's root or nodes: none)
    expect(r.access.map((a) => a.op).join(' ')).toBe('get get get get get get put put put put put put put')
    expect(PublishStorageDealsReturn.decode(r.ret!).IDs).toEqual([0n])
    expect(await rt.getProposal(0n)).toEqual(p)
    expect(await isPending(rt, p)).toBe(true)
    expect(await rt.getLocked(CLIENT)).toBe(500n + 10n * DEAL_MIN_DURATION)
    expect(await rt.getLocked(PROVIDER)).toBe(1000n)
    const st = await rt.state()
    expect([st.NextID, st.TotalClientLockedCollateral, st.TotalProviderLockedCollateral, st.TotalClientStorageFee]).toEqual([1n, 500n, 1000n, 10n * DEAL_MIN_DURATION])
    expect(await getDealOps(rt)).toEqual([[p.StartEpoch + 121n, [0n]]])
    expect(rt.beaconDraws).toEqual([{ tag: DomainSeparationTag.MarketDealCronSeed, epoch: 999n, entropy: DealProposal.encode(p) }])
    expect(rt.signatureChecks.map((c) => [c.signer, c.plaintext])).toEqual([[CLIENT, DealProposal.encode(p)]])
    await rt.expectInvariants()
  })

  it('stores the parties by ID address: a client signing by key address, a provider named by robust address; the signature is over the proposal as sent', async () => {
    const rt = await setup()
    const p = rt.makeProposal({ Client: CLIENT_KEY, Provider: PROVIDER_ROBUST })
    await rt.fundDeal({ ...p, Client: CLIENT, Provider: PROVIDER })
    const ids = await rt.publishOk([p])
    const stored = { ...p, Client: CLIENT, Provider: PROVIDER }
    expect(await rt.getProposal(ids[0]!)).toEqual(stored)
    expect(await isPending(rt, stored)).toBe(true)
    expect(rt.signatureChecks[0]!.signer).toEqual(CLIENT_KEY)
    expect(rt.signatureChecks[0]!.plaintext).toEqual(DealProposal.encode(p))
    expect(rt.beaconDraws[0]!.entropy).toEqual(DealProposal.encode(stored))
    await rt.expectInvariants()
  })

  it('publishes several deals at once, with consecutive DealIDs, in one epoch set (in the set’s hash order)', async () => {
    const rt = await setup()
    const deals = [1, 2, 3].map((i) => rt.makeProposal({ PieceCID: makePieceCid(i) }))
    for (const d of deals) await rt.fundDeal(d)
    expect(await rt.publishOk(deals)).toEqual([0n, 1n, 2n])
    // a set's order is its HAMT's, by key hash
    expect((await getDealOps(rt))[0]![1].sort()).toEqual([0n, 1n, 2n])
    await rt.expectInvariants()
  })

  it('keeps a label that is not UTF-8 byte for byte (v0: any length up to 8192)', async () => {
    const rt = await setup()
    const label = version === 0 ? new Uint8Array(300).fill(0xff) : Uint8Array.of(0xff, 0xfe, 0x00, 0xc3)
    const p = rt.makeProposal({ Label: label })
    await rt.fundDeal(p)
    const [id] = await rt.publishOk([p])
    expect((await rt.getProposal(id!))!.Label).toEqual(label)
    await rt.expectInvariants()
  })

  it('a verified deal takes its size from the client’s DataCap, named by ID address; a refusal aborts with its exit code and undoes all', async () => {
    const rt = await setup()
    const p = rt.makeProposal({ VerifiedDeal: true, Client: CLIENT_KEY, PieceSize: 1n << 20n })
    await rt.fundDeal({ ...p, Client: CLIENT })
    const r = await rt.publish([p])
    expect(r.exitCode).toBe(0)
    const last = r.sends.at(-1)!
    expect([last.to, last.method, last.value]).toEqual([VERIFIED_REGISTRY_ACTOR_ADDR, VERIFREG_USE_BYTES_METHOD, 0n])
    expect(UseBytesParams.decode(last.params!)).toEqual({ Address: CLIENT, DealSize: 1n << 20n })
    const q = rt.makeProposal({ VerifiedDeal: true, PieceCID: makePieceCid(7) })
    await rt.fundDeal(q)
    const head = rt.head
    rt.failSends.set(`f06/${VERIFREG_USE_BYTES_METHOD}`, ExitCode.ErrNotFound)
    expect((await rt.publish([q])).exitCode).toBe(ExitCode.ErrNotFound)
    expect(String(rt.head)).toBe(String(head))
    await rt.expectInvariants()
  })

  it('a proposal already published: ErrIllegalArgument, in the same message or a later one', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    await rt.fundDeal(p, 100_000_000n)
    expect((await rt.publish([p, p])).exitCode).toBe(ExitCode.ErrIllegalArgument)
    await rt.publishOk([p])
    expect((await rt.publish([p])).exitCode).toBe(ExitCode.ErrIllegalArgument)
    await rt.expectInvariants()
  })

  it('escrow too small for the client’s fee and collateral, or the provider’s collateral: ErrInsufficientFunds', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    await rt.addBalance(CLIENT, CLIENT, p.ClientCollateral + 10n * DEAL_MIN_DURATION - 1n)
    await rt.addBalance(OWNER, PROVIDER, 1000n)
    expect((await rt.publish([p])).exitCode).toBe(ExitCode.ErrInsufficientFunds)
    await rt.addBalance(CLIENT, CLIENT, 1n)
    expect((await rt.publish([rt.makeProposal({ ProviderCollateral: 1001n })])).exitCode).toBe(ExitCode.ErrInsufficientFunds)
    await rt.publishOk([p])
    // all escrow is now locked
    expect((await rt.publish([rt.makeProposal({ PieceCID: makePieceCid(2) })])).exitCode).toBe(ExitCode.ErrInsufficientFunds)
    await rt.expectInvariants()
  })

  const invalid: [string, (rt: MarketRuntime) => Partial<DealProposal>][] = [
    ['a piece size below 128', () => ({ PieceSize: 64n })],
    ['a piece size not a power of two', () => ({ PieceSize: 2049n })],
    ['a piece CID of another codec', () => ({ PieceCID: CID.createV1(0x71, createDigest(0x1012, new Uint8Array(32))) })],
    ['a piece CID of another hash', () => ({ PieceCID: CID.createV1(0xf101, createDigest(0x12, new Uint8Array(32))) })],
    ['a piece CID of another digest length', () => ({ PieceCID: CID.createV1(0xf101, createDigest(0x1012, new Uint8Array(31))) })],
    ['an end not after the start', (rt) => ({ EndEpoch: rt.currEpoch + EPOCHS_IN_DAY })],
    ['a start already passed', (rt) => ({ StartEpoch: rt.currEpoch - 1n, EndEpoch: rt.currEpoch - 1n + DEAL_MIN_DURATION })],
    ['a duration one epoch short', (rt) => ({ EndEpoch: rt.currEpoch + EPOCHS_IN_DAY + DEAL_MIN_DURATION - 1n })],
    ['a duration one epoch long', (rt) => ({ EndEpoch: rt.currEpoch + EPOCHS_IN_DAY + DEAL_MAX_DURATION + 1n })],
    ['a negative price', () => ({ StoragePricePerEpoch: -1n })],
    ['a price above the total supply', () => ({ StoragePricePerEpoch: FILECOIN_TOTAL_SUPPLY + 1n })],
    ['a negative provider collateral', () => ({ ProviderCollateral: -1n })],
    ['a provider collateral above the total supply', () => ({ ProviderCollateral: FILECOIN_TOTAL_SUPPLY + 1n })],
    ['a negative client collateral', () => ({ ClientCollateral: -1n })],
    ['a client collateral above the total supply', () => ({ ClientCollateral: FILECOIN_TOTAL_SUPPLY + 1n })],
  ]
  it.each(invalid)('%s: ErrIllegalArgument', async (_name, change) => {
    const rt = await setup()
    const r = await rt.publish([rt.makeProposal(change(rt))])
    expect(r.exitCode).toBe(ExitCode.ErrIllegalArgument)
    await rt.expectInvariants()
  })

  it('the limits themselves are accepted: the shortest and longest durations, zero price and collaterals', async () => {
    const rt = await setup()
    const start = rt.currEpoch
    const deals = [
      rt.makeProposal({ StartEpoch: start, EndEpoch: start + DEAL_MIN_DURATION, StoragePricePerEpoch: 0n, ProviderCollateral: 0n, ClientCollateral: 0n }),
      rt.makeProposal({ PieceCID: makePieceCid(2), PieceSize: 128n, EndEpoch: start + EPOCHS_IN_DAY + DEAL_MAX_DURATION }),
    ]
    for (const d of deals) await rt.fundDeal(d)
    expect(await rt.publishOk(deals)).toEqual([0n, 1n])
    await rt.expectInvariants()
  })

  it('a client signature that does not verify: ErrIllegalArgument', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    await rt.fundDeal(p)
    rt.signaturesValid = false
    expect((await rt.publish([p])).exitCode).toBe(ExitCode.ErrIllegalArgument)
  })

  it(`a label of 257 bytes: ${version === 0 ? 'accepted (v0 has no bound)' : 'ErrIllegalArgument'}`, async () => {
    const rt = await setup()
    const p = rt.makeProposal({ Label: new Uint8Array(257).fill(0x61) })
    await rt.fundDeal(p)
    expect((await rt.publish([p])).exitCode).toBe(version === 0 ? 0 : ExitCode.ErrIllegalArgument)
    const q = rt.makeProposal({ PieceCID: makePieceCid(5), Label: new Uint8Array(256).fill(0x61) })
    await rt.fundDeal(q)
    expect((await rt.publish([q])).exitCode).toBe(0)
    await rt.expectInvariants()
  })

  it('deals of two providers in one message: ErrIllegalArgument', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    await rt.fundDeal(p)
    const q = rt.makeProposal({ Provider: OTHER_PROVIDER, PieceCID: makePieceCid(2) })
    await rt.fundDeal(q)
    expect((await rt.publish([p, q])).exitCode).toBe(ExitCode.ErrIllegalArgument)
  })

  it('a client that does not resolve: ErrNotFound', async () => {
    const rt = await setup()
    const p = rt.makeProposal({ Client: { protocol: 1, payload: new Uint8Array(20).fill(7) } })
    await rt.addBalance(OWNER, PROVIDER, 1000n)
    expect((await rt.publish([p])).exitCode).toBe(ExitCode.ErrNotFound)
  })

  it('no deals: ErrIllegalArgument', async () => {
    const rt = await setup()
    expect((await rt.publish([])).exitCode).toBe(ExitCode.ErrIllegalArgument)
  })

  it('from a caller that cannot sign: SysErrForbidden; from a signer that is not the worker: ErrForbidden', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    await rt.fundDeal(p)
    expect((await rt.publish([p], PROVIDER)).exitCode).toBe(ExitCode.SysErrForbidden)
    expect((await rt.publish([p], OWNER)).exitCode).toBe(ExitCode.ErrForbidden)
    expect((await rt.publish([p], OTHER_CLIENT)).exitCode).toBe(ExitCode.ErrForbidden)
  })

  it('a provider that does not resolve: ErrNotFound; one with no actor, or no miner: ErrIllegalArgument', async () => {
    const rt = await setup()
    expect((await rt.publish([rt.makeProposal({ Provider: { protocol: 2, payload: new Uint8Array(20).fill(8) } })])).exitCode).toBe(ExitCode.ErrNotFound)
    expect((await rt.publish([rt.makeProposal({ Provider: newIdAddress(999n) })])).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.publish([rt.makeProposal({ Provider: CLIENT })])).exitCode).toBe(ExitCode.ErrIllegalArgument)
  })

  it('a failed call to the miner, the reward or the power actor: its exit code; an answer that does not decode: ErrSerialization', async () => {
    const rt = await setup()
    const p = rt.makeProposal()
    await rt.fundDeal(p)
    for (const key of ['f0103/2', 'f02/3', 'f04/9']) {
      rt.failSends.set(key, 33)
      expect((await rt.publish([p])).exitCode, key).toBe(33)
      rt.failSends.clear()
    }
    rt.minerAddrs.delete('f0103')
    expect((await rt.publish([p])).exitCode).toBe(ExitCode.ErrSerialization)
  })

  it('parameters that do not decode, or a signature of the delegated type (unknown before 2022): exit code 1', async () => {
    const rt = await setup()
    expect((await rt.invoke(WORKER, MarketMethod.PublishStorageDeals, Uint8Array.of(0x81, 0x81))).exitCode).toBe(1)
    const p = rt.makeProposal()
    const bytes = DealProposal.encode(p)
    const params = Uint8Array.from([0x81, 0x81, 0x82, ...bytes, 0x42, 0x03, 0x00])
    expect((await rt.invoke(WORKER, MarketMethod.PublishStorageDeals, params)).exitCode).toBe(1)
    // the same with a secp256k1 type byte decodes (and then fails the funds check)
    params[params.length - 2] = 0x01
    expect((await rt.invoke(WORKER, MarketMethod.PublishStorageDeals, params)).exitCode).toBe(ExitCode.ErrInsufficientFunds)
  })
})

describe('provider collateral bounds from the network', () => {
  it('v2 (and v0 from network version 1): 1% of the supply, shared by raw-byte power against the larger of network power and baseline', async () => {
    for (const [version, nv] of [[2, 4], [0, 1], [0, 3]] as const) {
      const rt = await setupMarket(version)
      rt.networkVersion = nv
      rt.circulatingSupply = 1_000_000_000n
      rt.rawBytePower = 1n << 20n
      rt.qualityAdjPower = 1n << 40n
      rt.baselinePower = 1n << 19n
      // min = 1 × 1e9 × 2048 / (100 × 2^20) = 19531.25 → 19531
      const low = rt.makeProposal({ ProviderCollateral: 19530n })
      await rt.fundDeal(low, 100_000n)
      expect((await rt.publish([low])).exitCode, `v${version} nv${nv}`).toBe(ExitCode.ErrIllegalArgument)
      expect((await rt.publish([rt.makeProposal({ ProviderCollateral: 19531n })])).exitCode, `v${version} nv${nv}`).toBe(0)
    }
  })

  it('v0 at network version 0: 5% of the supply, shared by quality-adjusted power (ten times for a verified deal)', async () => {
    const rt = await setupMarket(0)
    rt.networkVersion = 0
    rt.circulatingSupply = 1_000_000_000n
    rt.rawBytePower = 1n << 40n
    rt.qualityAdjPower = 1n << 20n
    rt.baselinePower = 0n
    // ordinary: 5 × 1e9 × 2048 / (100 × 2^20) = 97656.25; verified: QA power 20480 → 976562.5
    const p = rt.makeProposal({ ProviderCollateral: 97655n })
    await rt.fundDeal(p, 10_000_000n)
    expect((await rt.publish([p])).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.publish([rt.makeProposal({ ProviderCollateral: 97656n })])).exitCode).toBe(0)
    expect((await rt.publish([rt.makeProposal({ PieceCID: makePieceCid(3), VerifiedDeal: true, ProviderCollateral: 976561n })])).exitCode).toBe(ExitCode.ErrIllegalArgument)
    expect((await rt.publish([rt.makeProposal({ PieceCID: makePieceCid(3), VerifiedDeal: true, ProviderCollateral: 976562n })])).exitCode).toBe(0)
  })
})

