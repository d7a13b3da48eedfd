// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Invariants". What must hold of
// the market's state after every method (specs-actors v2.3.2 builtin/market/testing.go
// `CheckStateInvariants`; v0.9.13 has none, and its state has the same layout, so the same
// checks apply to both versions).

import { addressFromBytes, addressToString } from '../../../../appendix/address/address.ts'
import type { Blockstore } from '../../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import { getHamtVersionForActors, loadHamt } from '../../../../appendix/data_structures/hamt.ts'
import { decodeCid } from '../../../../libraries/multiformats/cid.ts'
import { FilspecError } from '../../../../../src/schema/errors.ts'
import { loadBalanceTable } from './balance_table.ts'
import { DealProposal, EPOCH_UNDEFINED, computeProposalCid } from './deal.ts'
import { loadSetMultimap } from './set_multimap.ts'
import { decodeBalance, type MarketState } from './state.ts'
import { loadDealProposals, loadDealStates } from './state_mutation.ts'

/** What the checks saw, for tests to assert on (specs-actors `StateSummary`). */
export interface MarketStateSummary {
  readonly proposalCount: number
  readonly dealStateCount: number
  readonly pendingProposalCount: number
  readonly lockTableCount: number
  readonly dealOpEpochCount: number
  readonly dealOpCount: number
}

/** Runs a part of the checks; a table that cannot be read is one broken invariant, and the rest go on. */
async function checking(broken: string[], what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (e) {
    if (!(e instanceof FilspecError)) throw e
    broken.push(`error ${what}: ${e.message}`)
  }
}

/**
 * The broken invariants of `st`, for an actor of balance `balance` at epoch `currEpoch`: the
 * totals are not negative; every proposal names ID addresses and has a DealID below NextID; every
 * deal state has a proposal and consistent epochs; every pending proposal is keyed by its CID and
 * is a stored proposal; every locked balance is covered by escrow and the locked table sums to
 * the three totals; the escrow sums to no more than the balance and no less than the proposals'
 * collateral; every deal op names a stored proposal, and every proposal not yet started has one.
 */
export async function checkMarketStateInvariants(
  store: Blockstore,
  st: MarketState,
  version: ActorsVersion,
  balance: bigint,
  currEpoch: bigint,
): Promise<{ broken: string[]; summary: MarketStateSummary }> {
  const broken: string[] = []
  const require = (ok: boolean, what: string) => void (ok || broken.push(what))
  require(st.TotalClientLockedCollateral >= 0n, `negative total client locked collateral: ${st.TotalClientLockedCollateral}`)
  require(st.TotalProviderLockedCollateral >= 0n, `negative total provider locked collateral: ${st.TotalProviderLockedCollateral}`)
  require(st.TotalClientStorageFee >= 0n, `negative total client storage fee: ${st.TotalClientStorageFee}`)

  const proposalCids = new Set<string>()
  const proposalIds = new Set<bigint>()
  const expectedDealOps = new Set<bigint>()
  let totalProposalCollateral = 0n
  let maxDealId = -1n
  await checking(broken, 'iterating proposals', async () => {
    for await (const [id, p] of (await loadDealProposals(store, st.Proposals)).entries()) {
      if (p.StartEpoch >= currEpoch) expectedDealOps.add(id)
      proposalCids.add(String(computeProposalCid(p)))
      proposalIds.add(id)
      if (id > maxDealId) maxDealId = id
      totalProposalCollateral += p.ClientCollateral + p.ProviderCollateral
      require(p.Client.protocol === 0, `client address for deal ${id} is not an ID address`)
      require(p.Provider.protocol === 0, `provider address for deal ${id} is not an ID address`)
    }
  })
  require(st.NextID > maxDealId, `next id, ${st.NextID}, is not greater than highest id in proposals, ${maxDealId}`)

  let dealStateCount = 0
  await checking(broken, 'iterating deal states', async () => {
    for await (const [id, s] of (await loadDealStates(store, st.States)).entries()) {
      require(s.SectorStartEpoch >= 0n, `deal ${id} state start epoch undefined`)
      require(s.LastUpdatedEpoch === EPOCH_UNDEFINED || s.LastUpdatedEpoch >= s.SectorStartEpoch, `deal ${id} state last updated before sector start`)
      require(s.LastUpdatedEpoch === EPOCH_UNDEFINED || s.LastUpdatedEpoch <= currEpoch, `deal ${id} last updated epoch ${s.LastUpdatedEpoch} after current ${currEpoch}`)
      require(s.SlashEpoch === EPOCH_UNDEFINED || s.SlashEpoch >= s.SectorStartEpoch, `deal ${id} state slashed before sector start`)
      require(s.SlashEpoch === EPOCH_UNDEFINED || s.SlashEpoch <= currEpoch, `deal ${id} state slashed after current epoch ${currEpoch}`)
      require(proposalIds.has(id), `deal proposal ${id} for deal state not found`)
      dealStateCount++
    }
  })

  let pendingProposalCount = 0
  await checking(broken, 'iterating pending proposals', async () => {
    for await (const { key, value } of (await loadHamt(store, st.PendingProposals, { version: getHamtVersionForActors(version) })).entries()) {
      const keyCid = decodeCid(key, 'pending proposal key')
      const proposalCid = computeProposalCid(DealProposal.decode(value))
      require(proposalCid.equals(keyCid), `pending proposal's key does not match its CID ${proposalCid} != ${keyCid}`)
      require(proposalCids.has(String(proposalCid)), `pending proposal with cid ${proposalCid} not found within proposals`)
      pendingProposalCount++
    }
  })

  let lockTableCount = 0
  await checking(broken, 'checking the escrow and locked tables', async () => {
    const escrow = await loadBalanceTable(store, st.EscrowTable, version)
    const locked = await loadHamt(store, st.LockedTable, { version: getHamtVersionForActors(version) })
    let lockedTotal = 0n
    for await (const { key, value } of locked.entries()) {
      const addr = addressFromBytes(key, 'locked table key')
      const amount = decodeBalance(value)
      lockedTotal += amount
      const escrowAmount = await escrow.get(addr)
      require(escrowAmount >= amount, `locked funds for ${addressToString(addr)}, ${amount}, greater than escrow amount, ${escrowAmount}`)
      lockTableCount++
    }
    const expectedLockTotal = st.TotalProviderLockedCollateral + st.TotalClientLockedCollateral + st.TotalClientStorageFee
    require(lockedTotal === expectedLockTotal, `locked total, ${lockedTotal}, does not sum to provider locked, client locked, and client storage fee, ${expectedLockTotal}`)
    const escrowTotal = await escrow.total()
    require(escrowTotal <= balance, `escrow total, ${escrowTotal}, greater than actor balance, ${balance}`)
    require(escrowTotal >= totalProposalCollateral, `escrow total, ${escrowTotal}, less than sum of proposal collateral, ${totalProposalCollateral}`)
  })

  let dealOpEpochCount = 0
  let dealOpCount = 0
  await checking(broken, 'iterating deal ops', async () => {
    const dealOps = await loadSetMultimap(store, st.DealOpsByEpoch, version)
    for await (const [epoch] of dealOps.epochs()) {
      dealOpEpochCount++
      for await (const id of dealOps.dealIds(epoch)) {
        require(proposalIds.has(id), `deal op found for deal id ${id} with missing proposal at epoch ${epoch}`)
        expectedDealOps.delete(id)
        dealOpCount++
      }
    }
  })
  require(expectedDealOps.size === 0, `missing deal ops for proposals: ${[...expectedDealOps].join(', ')}`)

  const summary = { proposalCount: proposalIds.size, dealStateCount, pendingProposalCount, lockTableCount, dealOpEpochCount, dealOpCount }
  return { broken, summary }
}
