// The AMTs of the filecoin-project test-vector corpus (../shared/conformance/test-vectors), all
// written by Lotus with go-amt-ipld v2 (actors v0 and v2, network versions 0 to 9):
//
// 1. In every pre- and post-state tree, the AMTs the actor states refer to, found through the
//    state tuples of specs-actors v0.9.12 and v2.1.0 (cited at each field below). Each is walked
//    with getAmtBlocks (every block read by the strict decoders, the count checked), each block
//    decoded and encoded again to the same bytes and CID, its entries read through loadAmt, and
//    the AMT built anew from those entries must flush to the same root.
// 2. The receipts roots of the tipset vectors (postconditions.receipts_roots): the receipts AMT
//    built from the vector's own receipts must have exactly that CID.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { equals } from 'multiformats/bytes'
import { corpusDir, listCorpus } from '../../../../src/conformance/corpus.ts'
import { decodeVectorCar, getVectorStateRoots, VectorDag } from '../../../../src/conformance/vector_car.ts'
import { computeCborCid } from '../../../../src/schema/struct.ts'
import { decodeCbor, type CborValue } from '../../../../spec/libraries/ipld/dag_cbor.ts'
import { importCar } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore, type MemoryBlockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { createAmt, loadAmt } from '../../../../spec/appendix/data_structures/amt.ts'
import { getAmtLayout } from '../../../../spec/appendix/data_structures/amt_layout.ts'
import { decodeAmtNode, decodeAmtRoot, encodeAmtNode, encodeAmtRoot } from '../../../../spec/appendix/data_structures/amt_node.ts'
import { getAmtBlocks } from '../../../../spec/appendix/data_structures/amt_walk.ts'

const repoRoot = new URL('../../../../', import.meta.url).pathname
const dir = corpusDir(repoRoot)
const entries = listCorpus(dir)
const V2 = { version: 2 } as const
const LAYOUT = getAmtLayout(V2)

const tally = { amts: 0, distinct: new Set<string>(), nodes: 0, values: 0, nonEmpty: 0, deadlineQuirk: 0, receiptsRoots: 0, receipts: 0 }

async function block(store: MemoryBlockstore, cid: CborValue): Promise<CborValue> {
  if (!(cid instanceof CID)) throw new Error(`expected a link, got ${String(cid)}`)
  return decodeCbor(await store.get(cid))
}

function tuple(v: CborValue, length?: number): CborValue[] {
  if (!Array.isArray(v) || (length !== undefined && v.length !== length)) throw new Error(`expected a tuple of ${length ?? 'any'} fields, got ${JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x))?.slice(0, 80)}`)
  return v
}

/**
 * The values of a HAMT as go-hamt-ipld v0.1.5 and v2 write it (actors v0 and v2): a node is
 * [bitfield, pointers], a pointer {"0": link} or {"1": [[key, value], …]} (pointer_cbor.go).
 */
async function hamtValues(store: MemoryBlockstore, root: CborValue, out: CborValue[] = []): Promise<CborValue[]> {
  const [, pointers] = tuple(await block(store, root), 2)
  for (const p of tuple(pointers!)) {
    const pointer = p as { [k: string]: CborValue }
    if ('0' in pointer) await hamtValues(store, pointer['0']!, out)
    else for (const kv of tuple(pointer['1']!)) out.push(tuple(kv, 2)[1]!)
  }
  return out
}

/** The checks of the header comment, part 1, for the AMT at `root`. */
async function checkAmt(store: MemoryBlockstore, root: CborValue, label: string): Promise<void> {
  if (!(root instanceof CID)) throw new Error(`${label}: expected a link, got ${String(root)}`)
  let values = 0
  for await (const b of getAmtBlocks(store, root, V2)) {
    const again = b.root ? encodeAmtRoot(LAYOUT, decodeAmtRoot(b.bytes, LAYOUT)) : encodeAmtNode(decodeAmtNode(b.bytes, LAYOUT, b.height))
    expect(equals(again, b.bytes), `${label} block ${b.cid}`).toBe(true)
    expect(computeCborCid(again).equals(b.cid), `${label} block ${b.cid}`).toBe(true)
    tally.nodes++
  }
  const amt = await loadAmt(store, root, V2)
  const rebuilt = createAmt(createMemoryBlockstore(), V2)
  for await (const [i, v] of amt.entries()) {
    await rebuilt.set(i, v)
    values++
  }
  expect(BigInt(values), label).toBe(amt.count)
  expect((await amt.flush()).equals(root), label).toBe(true)
  expect(String(await rebuilt.flush()), `${label}: rebuilt from its entries`).toBe(String(root))
  tally.amts++
  tally.distinct.add(String(root))
  tally.values += values
  if (values > 0) tally.nonEmpty++
}

/** The AMTs of one actor's state, by the specs-actors v0.9.12 / v2.1.0 state tuples. */
async function checkActorAmts(store: MemoryBlockstore, code: string, head: CborValue): Promise<void> {
  const [, major, name] = code.split('/')
  const v2 = major === '2'
  const state = tuple(await block(store, head))
  if (name === 'storagemarket') {
    // market_state.go State: Proposals AMT[DealID]DealProposal, States AMT[DealID]DealState
    await checkAmt(store, state[0]!, `${code} Proposals`)
    await checkAmt(store, state[1]!, `${code} States`)
  } else if (name === 'paymentchannel') {
    // paych_state.go State: From, To, ToSend, SettlingAt, MinSettleHeight, LaneStates AMT<LaneState>
    await checkAmt(store, tuple(state, 6)[5]!, `${code} LaneStates`)
  } else if (name === 'storageminer') {
    // miner_state.go State: v2 inserts FeeDebt after VestingFunds (13 fields in v0, 14 in v2)
    tuple(state, v2 ? 14 : 13)
    const o = v2 ? 1 : 0
    await checkAmt(store, state[6 + o]!, `${code} PreCommittedSectorsExpiry`)
    await checkAmt(store, state[8 + o]!, `${code} Sectors`)
    await checkDeadlines(store, code, await block(store, state[11 + o]!), v2)
  } else if (name === 'storagepower') {
    // power_state.go State: CronEventQueue Multimap HAMT[epoch]AMT[CronEvent] (field 11);
    // ProofValidationBatch *Multimap HAMT[address]AMT[SealVerifyInfo], the last field (v0 16 fields, v2 15)
    tuple(state, v2 ? 15 : 16)
    for (const amt of await hamtValues(store, state[11]!)) await checkAmt(store, amt, `${code} CronEventQueue`)
    if (state[state.length - 1] !== null) for (const amt of await hamtValues(store, state[state.length - 1]!)) await checkAmt(store, amt, `${code} ProofValidationBatch`)
  }
}

/**
 * deadline_state.go: Deadlines is [Due: [48]link], each Deadline [Partitions AMT, ExpirationsEpochs
 * AMT, …7 fields], each Partition (partition_state.go) holding ExpirationsEpochs and
 * EarlyTerminated AMTs at fields 4, 5 (v0) or 5, 6 (v2, after Unproven). The corpus's genscript
 * miners link one empty Deadline where the Deadlines block belongs (test-vectors
 * gen/builders/state_zero.go puts miner.ConstructDeadline under `EmptyDeadlinesCid`): read as that.
 */
async function checkDeadlines(store: MemoryBlockstore, code: string, deadlines: CborValue, v2: boolean): Promise<void> {
  const fields = tuple(deadlines)
  let due: CborValue[]
  if (fields.length === 1) due = tuple(fields[0]!, 48)
  else {
    tuple(deadlines, 7)
    tally.deadlineQuirk++
    due = []
    await checkDeadline(store, code, deadlines, v2)
  }
  for (const d of due) await checkDeadline(store, code, await block(store, d), v2)
}

async function checkDeadline(store: MemoryBlockstore, code: string, deadline: CborValue, v2: boolean): Promise<void> {
  const [partitions, expirations] = tuple(deadline, 7)
  await checkAmt(store, partitions!, `${code} Deadline.Partitions`)
  await checkAmt(store, expirations!, `${code} Deadline.ExpirationsEpochs`)
  for await (const [, bytes] of (await loadAmt(store, partitions as CID, V2)).entries()) {
    const partition = tuple(decodeCbor(bytes), v2 ? 11 : 9)
    await checkAmt(store, partition[v2 ? 5 : 4]!, `${code} Partition.ExpirationsEpochs`)
    await checkAmt(store, partition[v2 ? 6 : 5]!, `${code} Partition.EarlyTerminated`)
  }
}

/** A receipt the test driver lists for an implicit message (reward, cron): exit 0, no gas, no return. */
function isImplicit(r: { exit_code: number; gas_used: number; return: string }): boolean {
  return r.exit_code === 0 && r.gas_used === 0 && r.return === ''
}

describe('AMTs of the conformance corpus (go-amt-ipld v2 layout)', () => {
  it.each(entries.map((e) => [e.header._meta.id, e.file] as const))('%s (%s)', async (_, file) => {
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown
    const vector = VectorDag.parse(json)
    const store = createMemoryBlockstore()
    await importCar(store, decodeVectorCar(vector.car))
    for (const root of getVectorStateRoots(vector)) {
      // State tree version 0 (network versions 0–3): the root is the actors HAMT itself; version 1
      // (network versions 4–9): a StateRoot [Version 1, Actors, Info] (Lotus chain/types/state.go).
      // An actor is [Code, Head, CallSeqNum, Balance] (Lotus chain/types/actor.go).
      const top = tuple(await block(store, root))
      const actors = await hamtValues(store, top.length === 3 && top[0] === 1n ? top[1]! : root)
      expect(actors.length).toBeGreaterThan(0)
      for (const actor of actors) {
        const [code, head] = tuple(actor, 4)
        if (!(code instanceof CID) || code.multihash.code !== 0) throw new Error('expected an actors v0/v2 code CID (identity)')
        await checkActorAmts(store, new TextDecoder().decode(code.multihash.digest), head!)
      }
    }
  })

  it.each(entries.filter((e) => e.header.class === 'tipset').map((e) => [e.header._meta.id, e.file] as const))('receipts roots of %s (%s)', async (_, file) => {
    const vector = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      preconditions: { variants: { epoch: number }[] }
      apply_tipsets: { epoch_offset: number; blocks: unknown[] }[]
      postconditions: { receipts: { exit_code: number; gas_used: number; return: string }[]; receipts_roots: { '/': string }[] }
    }
    // The driver lists every applied message's receipt: for each tipset a cron for each null
    // round before it, each block's messages then its reward, then the tipset's cron (Lotus
    // ApplyBlocks). The receipts AMT holds the explicit messages' receipts only, in that order,
    // each a MessageReceipt [ExitCode, Return, GasUsed] (Lotus chain/types/message_receipt.go).
    expect(vector.preconditions.variants.length).toBe(1)
    const receipts = [...vector.postconditions.receipts]
    let epoch = vector.preconditions.variants[0]!.epoch
    for (const [t, tipset] of vector.apply_tipsets.entries()) {
      const execEpoch = vector.preconditions.variants[0]!.epoch + tipset.epoch_offset
      let implicit = Math.max(0, execEpoch - epoch - 1) + tipset.blocks.length + 1
      epoch = execEpoch
      const amt = createAmt(createMemoryBlockstore(), V2)
      let index = 0
      while (implicit > 0) {
        const r = receipts.shift()!
        if (isImplicit(r)) implicit--
        else await amt.set(index++, dagCbor.encode([r.exit_code, Buffer.from(r.return, 'base64'), r.gas_used]))
      }
      expect(index).toBeGreaterThan(0)
      expect(String(await amt.flush())).toBe(vector.postconditions.receipts_roots[t]!['/'])
      tally.receiptsRoots++
      tally.receipts += index
    }
    expect(receipts).toEqual([])
  })

  afterAll(() => {
    console.log(
      `conformance AMTs: ${tally.amts} checked (${tally.distinct.size} distinct roots; ${tally.nonEmpty} of the references not empty), ${tally.nodes} blocks re-encoded, ${tally.values} values; ` +
        `${tally.deadlineQuirk} miners link a Deadline as their Deadlines; ${tally.receiptsRoots} receipts roots rebuilt from ${tally.receipts} receipts`,
    )
  })
})
