// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Loading and writing the
// state". A method opens the tables it needs, changes them in memory and writes back those it
// may change (specs-actors v0.9.13 and v2.3.2 builtin/market/market_state.go `mutator`, `build`,
// `commitState`; types.go `DealArray`, `DealMetaArray`). Loading reads each table's root, in a
// fixed order (proposals, states, locked, escrow, pending, deal ops), and writing flushes them in
// the same order: each read and write is charged gas, so the order and the set opened are
// consensus, not a detail. A table opened to read is never written.

import type { CID } from 'multiformats/cid'
import { AmtError } from '../../../../appendix/data_structures/amt_layout.ts'
import { createAmt, loadAmt, type Amt } from '../../../../appendix/data_structures/amt.ts'
import { getHamtVersionForActors, loadHamt, type Hamt } from '../../../../appendix/data_structures/hamt.ts'
import { HamtError } from '../../../../appendix/data_structures/hamt_node.ts'
import type { Blockstore } from '../../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import { ActorPanic, requireNoFault } from '../../../filecoin_vm/actor/actor_code.ts'
import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import { ExitCode, abort } from '../../../filecoin_vm/runtime/exit_code.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import { BalanceTableError, loadBalanceTable, type BalanceTable } from './balance_table.ts'
import { DealProposal, DealState } from './deal.ts'
import { loadSetMultimap, type SetMultimap } from './set_multimap.ts'
import type { MarketState } from './state.ts'

/** A fault of the stored data: a table that cannot be read or written, a value that does not decode, a balance change refused. */
export function isMarketDataFault(e: unknown): e is Error {
  return e instanceof HamtError || e instanceof AmtError || e instanceof SchemaError || e instanceof BalanceTableError
}

/** Go's `RequireNoErr(rt, err, code, what)` for the market's data faults. */
export function requireNoErr<T>(code: number, what: string, step: () => Promise<T>): Promise<T> {
  return requireNoFault(isMarketDataFault, code, what, step)
}

/** A specs-actors `Assert`: its failure is a Go panic. */
export function assertMarket(condition: boolean, what: string): asserts condition {
  if (!condition) throw new ActorPanic(`storage market: ${what}`)
}

/** How a method uses a table: to read it, or to change and write it back. */
export type TablePermission = 'read' | 'write'

/** The tables a method opens (`withDealProposals`, `withDealStates`, …); a table left out is not read. */
export interface MarketTablePermissions {
  readonly proposals?: TablePermission
  readonly states?: TablePermission
  readonly lockedTable?: TablePermission
  readonly escrowTable?: TablePermission
  readonly pendingProposals?: TablePermission
  readonly dealOpsByEpoch?: TablePermission
}

/** The tables of the state, opened (`marketStateMutation`), with the totals and the next DealID as working copies. */
export interface MarketStateMutation {
  readonly st: MarketState
  readonly permissions: MarketTablePermissions
  readonly proposals: Amt<DealProposal> | undefined
  readonly states: Amt<DealState> | undefined
  readonly lockedTable: BalanceTable | undefined
  readonly escrowTable: BalanceTable | undefined
  readonly pendingProposals: Hamt | undefined
  readonly dealOpsByEpoch: SetMultimap | undefined
  totalClientLockedCollateral: bigint
  totalProviderLockedCollateral: bigint
  totalClientStorageFee: bigint
  nextDealId: bigint
}

/** The shape of the deal AMTs: go-amt-ipld v2 in actors v0 and v2 alike. */
const PROPOSALS_AMT = { version: 2, codec: DealProposal } as const
const STATES_AMT = { version: 2, codec: DealState } as const

/** The proposals AMT at `root`, its root read (`AsDealProposalArray`). */
export function loadDealProposals(store: Blockstore, root: CID): Promise<Amt<DealProposal>> {
  return loadAmt(store, root, PROPOSALS_AMT)
}

/** The deal states AMT at `root`, its root read (`AsDealStateArray`). */
export function loadDealStates(store: Blockstore, root: CID): Promise<Amt<DealState>> {
  return loadAmt(store, root, STATES_AMT)
}

/** An empty deal AMT written (`MakeEmptyArray(store).Root()`): one block. */
export function writeEmptyDealArray(store: Blockstore): Promise<CID> {
  return createAmt(store, PROPOSALS_AMT).flush()
}

/**
 * Opens the tables named in `permissions`, reading their roots in Go's order (`build`); a table
 * that does not load aborts with ErrIllegalState. The totals are copied whenever the locked table
 * is opened, and the next DealID always.
 */
export async function loadMarketStateMutation(store: Blockstore, st: MarketState, version: ActorsVersion, permissions: MarketTablePermissions): Promise<MarketStateMutation> {
  return requireNoErr(ExitCode.ErrIllegalState, 'failed to load state', async () => {
    const hamtOptions = { version: getHamtVersionForActors(version) }
    const proposals = permissions.proposals && (await loadDealProposals(store, st.Proposals))
    const states = permissions.states && (await loadDealStates(store, st.States))
    const lockedTable = permissions.lockedTable && (await loadBalanceTable(store, st.LockedTable, version))
    const escrowTable = permissions.escrowTable && (await loadBalanceTable(store, st.EscrowTable, version))
    const pendingProposals = permissions.pendingProposals && (await loadHamt(store, st.PendingProposals, hamtOptions))
    const dealOpsByEpoch = permissions.dealOpsByEpoch && (await loadSetMultimap(store, st.DealOpsByEpoch, version))
    return {
      st,
      permissions,
      proposals,
      states,
      lockedTable,
      escrowTable,
      pendingProposals,
      dealOpsByEpoch,
      totalClientLockedCollateral: st.TotalClientLockedCollateral,
      totalProviderLockedCollateral: st.TotalProviderLockedCollateral,
      totalClientStorageFee: st.TotalClientStorageFee,
      nextDealId: st.NextID,
    }
  })
}

/** Writes the tables opened to write, in Go's order, into the state, with the totals and the next DealID (`commitState`). */
export async function commitMarketStateMutation(m: MarketStateMutation): Promise<void> {
  await requireNoErr(ExitCode.ErrIllegalState, 'failed to flush state', async () => {
    const { st, permissions: p } = m
    if (p.proposals === 'write') st.Proposals = await getTable(m.proposals, 'proposals').flush()
    if (p.states === 'write') st.States = await getTable(m.states, 'states').flush()
    if (p.lockedTable === 'write') {
      st.LockedTable = await getTable(m.lockedTable, 'locked table').flush()
      st.TotalClientLockedCollateral = m.totalClientLockedCollateral
      st.TotalProviderLockedCollateral = m.totalProviderLockedCollateral
      st.TotalClientStorageFee = m.totalClientStorageFee
    }
    if (p.escrowTable === 'write') st.EscrowTable = await getTable(m.escrowTable, 'escrow table').flush()
    if (p.pendingProposals === 'write') st.PendingProposals = await getTable(m.pendingProposals, 'pending proposals').flush()
    if (p.dealOpsByEpoch === 'write') st.DealOpsByEpoch = await getTable(m.dealOpsByEpoch, 'deal ops').flush()
    st.NextID = m.nextDealId
  })
}

/** A table the method opened; reaching one it did not open is a bug of the actor, a panic. */
export function getTable<T>(table: T | undefined, name: string): T {
  assertMarket(table !== undefined, `${name} not opened by this method`)
  return table
}

/** The next DealID, taken (`generateStorageDealID`). */
export function generateStorageDealId(m: MarketStateMutation): bigint {
  const id = m.nextDealId
  m.nextDealId = id + 1n
  return id
}

/**
 * The proposal of `dealId`, or an ErrNotFound abort (`getDealProposal`: Go wraps the code into
 * the error, and `RequireNoErr` keeps it); a proposal that does not load aborts with ErrIllegalState.
 */
export async function getDealProposal(proposals: Amt<DealProposal>, dealId: bigint, what: string): Promise<DealProposal> {
  const proposal = await requireNoErr(ExitCode.ErrIllegalState, `${what}: failed to load proposal`, () => proposals.get(dealId))
  if (proposal === undefined) abort(ExitCode.ErrNotFound, `${what}: no such deal ${dealId}`)
  return proposal
}

/** Removes an entry that must be there (go-amt-ipld v2 `Delete` fails on a missing index). */
export async function deleteDealEntry(array: Amt<unknown>, dealId: bigint, what: string): Promise<void> {
  const deleted = await requireNoErr(ExitCode.ErrIllegalState, what, () => array.delete(dealId))
  if (!deleted) abort(ExitCode.ErrIllegalState, `${what}: deal ${dealId} not found`)
}
