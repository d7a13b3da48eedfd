// The market against the shared corpus (Lotus's states and traces). Every pre- and post-state's
// market actor (f05) decodes and encodes back to Lotus's bytes, its tables' nodes too, and keeps
// the invariants. Every tipset-class vector's cron ticks, replayed on the mock runtime from the
// pre-state, give the post-state's f05 head; and where the vector's diagnostics hold Lotus's
// execution trace, each CronTick read and wrote the same blocks, by size, in the same order.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { decodeAmtRoot, encodeAmtRoot } from '../../../../../../spec/appendix/data_structures/amt_node.ts'
import { getAmtLayout } from '../../../../../../spec/appendix/data_structures/amt_layout.ts'
import { decodeHamtNode, encodeHamtNode } from '../../../../../../spec/appendix/data_structures/hamt_node.ts'
import { getHamtVersionForActors } from '../../../../../../spec/appendix/data_structures/hamt.ts'
import { importCar } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore, type MemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { STORAGE_MARKET_ACTOR_ADDR, parseBuiltinCode, type ActorsVersion } from '../../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { StateTree } from '../../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { checkMarketStateInvariants } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/invariants.ts'
import { MarketState } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/state.ts'
import { collectVectorFiles } from '../../../../../../src/cli/commands/conformance.ts'
import { corpusDir } from '../../../../../../src/conformance/corpus.ts'
import { decodeVectorCar, getVectorStateRoots } from '../../../../../../src/conformance/vector_car.ts'
import { parseVector, type Vector } from '../../../../../../src/conformance/vector.ts'
import { MarketRuntime } from './harness.ts'
import { findLotusCalls, getCronEpochs, getLotusBlockAccess, readLotusTraces } from '../../../../../support/lotus_trace.ts'

const dir = corpusDir(new URL('../../../../../../', import.meta.url).pathname)

async function openVector(file: string): Promise<{ vector: Vector; store: MemoryBlockstore }> {
  const vector = parseVector(file, readFileSync(file, 'utf8'))
  const store = createMemoryBlockstore()
  await importCar(store, decodeVectorCar(vector.car))
  return { vector, store }
}

interface MarketActorAt {
  readonly version: ActorsVersion
  readonly head: CID
  readonly balance: bigint
  readonly bytes: Uint8Array
}

async function getMarketActorAt(store: MemoryBlockstore, root: CID): Promise<MarketActorAt> {
  const actor = (await (await StateTree.load(store, root)).getActor(STORAGE_MARKET_ACTOR_ADDR))!
  return { version: parseBuiltinCode(actor.Code)!.version, head: actor.Head, balance: actor.Balance, bytes: new Uint8Array(await store.get(actor.Head)) }
}

describe('market actor states in the corpus', () => {
  it('every pre- and post-state f05 re-encodes byte for byte, with its tables’ root nodes, and keeps the invariants', { timeout: 120_000 }, async () => {
    const seen = new Map<string, ActorsVersion>()
    for (const file of collectVectorFiles([dir])) {
      const { vector, store } = await openVector(file)
      for (const root of getVectorStateRoots(vector)) {
        const at = await getMarketActorAt(store, root)
        const id = `${file.slice(dir.length + 1)} ${at.head}`
        expect(parseBuiltinCode((await (await StateTree.load(store, root)).getActor(STORAGE_MARKET_ACTOR_ADDR))!.Code)!.name, id).toBe('storagemarket')
        if (seen.has(String(at.head))) continue
        seen.set(String(at.head), at.version)
        const st = MarketState.decode(at.bytes)
        expect(MarketState.encode(st), id).toEqual(at.bytes)
        const layout = getAmtLayout({ version: 2 })
        for (const amtRoot of [st.Proposals, st.States]) {
          const bytes = new Uint8Array(await store.get(amtRoot))
          const decoded = decodeAmtRoot(bytes, layout, amtRoot)
          expect(encodeAmtRoot(layout, decoded), id).toEqual(bytes)
        }
        const hamtVersion = getHamtVersionForActors(at.version)
        for (const hamtRoot of [st.PendingProposals, st.EscrowTable, st.LockedTable, st.DealOpsByEpoch]) {
          const bytes = new Uint8Array(await store.get(hamtRoot))
          expect(encodeHamtNode(decodeHamtNode(bytes, 5, hamtVersion), hamtVersion), id).toEqual(bytes)
        }
        const { broken, summary } = await checkMarketStateInvariants(store, st, at.version, at.balance, 1n << 62n)
        expect(broken, id).toEqual([])
        // every corpus market holds no deal
        expect(summary, id).toEqual({ proposalCount: 0, dealStateCount: 0, pendingProposalCount: 0, lockTableCount: 0, dealOpEpochCount: 0, dealOpCount: 0 })
      }
    }
    const versions = [...seen.values()]
    expect(versions.filter((v) => v === 0).length).toBeGreaterThan(10)
    expect(versions.filter((v) => v === 2).length).toBeGreaterThan(5)
  })
})

/**
 * The block reads and writes of every market CronTick in the vector's Lotus trace, in order, each
 * as `get <size>` / `put <size>`; undefined when the diagnostics do not decode (about half of the
 * corpus's are truncated).
 */
function getLotusCronTickAccess(file: string): string[][] | undefined {
  const traces = readLotusTraces(file)
  return traces === undefined ? undefined : findLotusCalls(traces, 'f05', 9).map(getLotusBlockAccess)
}

describe('cron ticks replayed on the corpus tipset vectors', () => {
  const files = collectVectorFiles([dir]).filter((f) => readFileSync(f, 'utf8').includes('"class": "tipset"'))
  let traced = 0

  it.each(files.map((f) => f.slice(dir.length + 1)))('%s: the post-state f05 head, and Lotus’s block reads and writes', { timeout: 60_000 }, async (name) => {
    const { vector, store } = await openVector(join(dir, name))
    const [preRoot, postRoot] = getVectorStateRoots(vector) as [CID, CID]
    const pre = await getMarketActorAt(store, preRoot)
    const post = await getMarketActorAt(store, postRoot)
    expect(post.version).toBe(pre.version)
    const variant = vector.preconditions.variants[0]!
    const rt = new MarketRuntime(pre.version)
    rt.networkVersion = variant.nv
    await importCar(rt.store, decodeVectorCar(vector.car))
    rt.head = pre.head
    const accesses: string[][] = []
    for (const epoch of getCronEpochs(vector, variant.epoch)) {
      const r = await rt.cronTick(epoch)
      expect(r.exitCode, `${name} epoch ${epoch}`).toBe(0)
      accesses.push(r.access.map((a) => `${a.op} ${a.size}`))
    }
    expect(String(rt.head), name).toBe(String(post.head))
    const lotus = getLotusCronTickAccess(join(dir, name))
    if (lotus !== undefined && lotus.length > 0) {
      traced++
      expect(accesses, name).toEqual(lotus)
    }
  })

  it('compared block access with Lotus’s traces for at least 20 vectors', () => {
    expect(traced).toBeGreaterThanOrEqual(20)
  })
})
