// Spec section: Systems › Filecoin Blockchain › Storage Power Consensus › Storage Power Actor,
// "Invariants". What must hold of the power actor's state after every method (specs-actors
// v2.3.2 builtin/power/testing.go `CheckStateInvariants`; v0.9.13 has no such check, so for v0
// the same rules are read with v0's threshold, on QA power and one minimum for all claims).

import { addressFromBytes, addressToString } from '../../../../appendix/address/address.ts'
import type { Blockstore } from '../../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import { loadClaims } from './claims.ts'
import { loadMultimap } from './multimap.ts'
import { MAX_MINER_PROVE_COMMITS_PER_EPOCH, type PowerPolicy } from './policy.ts'
import { CronEvent, getClaimCodec, parseEpochKey, type Claim, type PowerState } from './state.ts'
import { SealVerifyInfo } from './types.ts'

/** The contents of a power state, by miner address string, as the invariant check read them. */
export interface PowerStateSummary {
  readonly claims: Map<string, Claim>
  readonly crons: Map<string, { epoch: bigint; payload: Uint8Array }[]>
  readonly proofs: Map<string, SealVerifyInfo[]>
}

/** Runs `check`, noting a failure to read the state as a broken invariant. */
async function noting(broken: string[], what: string, check: () => Promise<void>): Promise<void> {
  try {
    await check()
  } catch (e) {
    broken.push(`${what}: ${(e as Error).message}`)
  }
}

function checkTotals(st: PowerState, broken: string[]): void {
  if (st.TotalRawBytePower < 0n) broken.push(`total raw power is negative ${st.TotalRawBytePower}`)
  if (st.TotalQualityAdjPower < 0n) broken.push(`total qa power is negative ${st.TotalQualityAdjPower}`)
  if (st.TotalBytesCommitted < 0n) broken.push(`total raw power committed is negative ${st.TotalBytesCommitted}`)
  if (st.TotalQABytesCommitted < 0n) broken.push(`total qa power committed is negative ${st.TotalQABytesCommitted}`)
  if (st.TotalRawBytePower > st.TotalQualityAdjPower) broken.push(`total raw power ${st.TotalRawBytePower} is greater than total quality adjusted power ${st.TotalQualityAdjPower}`)
  if (st.TotalBytesCommitted > st.TotalQABytesCommitted) broken.push(`committed raw power ${st.TotalBytesCommitted} is greater than committed quality adjusted power ${st.TotalQABytesCommitted}`)
  if (st.TotalRawBytePower > st.TotalBytesCommitted) broken.push(`total raw power ${st.TotalRawBytePower} is greater than raw power committed ${st.TotalBytesCommitted}`)
  if (st.TotalQualityAdjPower > st.TotalQABytesCommitted) broken.push(`total qa power ${st.TotalQualityAdjPower} is greater than qa power committed ${st.TotalQABytesCommitted}`)
}

/** Every claim sums to the committed totals; those at the minimum to the totals and to MinerAboveMinPowerCount. */
async function checkClaims(store: Blockstore, st: PowerState, policy: PowerPolicy, summary: PowerStateSummary, broken: string[]): Promise<void> {
  const claims = await loadClaims(store, st.Claims, policy)
  let committedRaw = 0n
  let committedQa = 0n
  let raw = 0n
  let qa = 0n
  let above = 0n
  for await (const { key, value } of claims.entries()) {
    const miner = addressToString(addressFromBytes(key))
    const claim = getClaimCodec(policy.version).decode(value)
    summary.claims.set(miner, claim)
    committedRaw += claim.RawBytePower
    committedQa += claim.QualityAdjPower
    const minPower = policy.getConsensusMinerMinPower(claim.SealProofType)
    if (minPower === undefined) {
      broken.push(`could not get consensus miner min power for miner ${miner}`)
      continue
    }
    if ((policy.version === 0 ? claim.QualityAdjPower : claim.RawBytePower) >= minPower) {
      above++
      raw += claim.RawBytePower
      qa += claim.QualityAdjPower
    }
  }
  if (committedRaw !== st.TotalBytesCommitted) broken.push(`sum of raw power in claims ${committedRaw} does not match recorded bytes committed ${st.TotalBytesCommitted}`)
  if (committedQa !== st.TotalQABytesCommitted) broken.push(`sum of qa power in claims ${committedQa} does not match recorded qa power committed ${st.TotalQABytesCommitted}`)
  if (above !== st.MinerAboveMinPowerCount) broken.push(`claims with sufficient power ${above} does not match MinerAboveMinPowerCount ${st.MinerAboveMinPowerCount}`)
  if (raw !== st.TotalRawBytePower) broken.push(`recorded raw power ${st.TotalRawBytePower} does not match raw power in claims ${raw}`)
  if (qa !== st.TotalQualityAdjPower) broken.push(`recorded qa power ${st.TotalQualityAdjPower} does not match qa power in claims ${qa}`)
}

/** Every queued cron event sits at an epoch key at or after FirstCronEpoch. */
async function checkCronQueue(store: Blockstore, st: PowerState, policy: PowerPolicy, summary: PowerStateSummary, broken: string[]): Promise<void> {
  const queue = await loadMultimap(store, st.CronEventQueue, policy.version, CronEvent)
  for await (const [key, events] of queue.entries()) {
    const epoch = parseEpochKey(key)
    if (epoch === undefined) {
      broken.push('non-int key in cron array')
      continue
    }
    if (epoch < st.FirstCronEpoch) broken.push(`cron event at epoch ${epoch} before FirstCronEpoch ${st.FirstCronEpoch}`)
    for await (const [, event] of events.entries()) {
      const miner = addressToString(event.MinerAddr)
      summary.crons.set(miner, [...(summary.crons.get(miner) ?? []), { epoch, payload: event.CallbackPayload }])
    }
  }
}

/** Every queued proof is of a miner with a claim (and, in v2, of its seal proof type); none queued over the limit. */
async function checkProofBatch(store: Blockstore, st: PowerState, policy: PowerPolicy, summary: PowerStateSummary, broken: string[]): Promise<void> {
  if (st.ProofValidationBatch === null) return
  const batch = await loadMultimap(store, st.ProofValidationBatch, policy.version, SealVerifyInfo)
  for await (const [key, list] of batch.entries()) {
    const miner = addressToString(addressFromBytes(key))
    const claim = summary.claims.get(miner)
    if (claim === undefined) {
      broken.push(`miner ${miner} has proofs awaiting validation but no claim`)
      continue
    }
    const infos: SealVerifyInfo[] = []
    for await (const [, info] of list.entries()) {
      if (claim.SealProofType !== undefined && claim.SealProofType !== info.SealProof) broken.push(`miner submitted proof with proof type ${info.SealProof} different from claim ${claim.SealProofType}`)
      infos.push(info)
    }
    summary.proofs.set(miner, infos)
    if (BigInt(infos.length) > MAX_MINER_PROVE_COMMITS_PER_EPOCH) broken.push(`miner ${miner} has submitted too many proofs (${infos.length}) for batch verification`)
  }
}

/** The broken invariants of a power state, as messages (none when it is sound), and what it holds. */
export async function checkPowerStateInvariants(store: Blockstore, st: PowerState, policy: PowerPolicy): Promise<{ broken: string[]; summary: PowerStateSummary }> {
  const broken: string[] = []
  const summary: PowerStateSummary = { claims: new Map(), crons: new Map(), proofs: new Map() }
  checkTotals(st, broken)
  await noting(broken, 'error iterating cron tasks', () => checkCronQueue(store, st, policy, summary, broken))
  await noting(broken, 'error iterating power claims', () => checkClaims(store, st, policy, summary, broken))
  await noting(broken, 'error iterating proof validation queue', () => checkProofBatch(store, st, policy, summary, broken))
  return { broken, summary }
}
