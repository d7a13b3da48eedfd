// HAMT throughput: set, flush and get on 100,000 and 1,000,000 entries, with Filecoin's
// parameters (v3 layout, bit width 5, sha2-256), over the in-memory store and the node's LMDB
// store (src/node/store, a temporary folder, durable writes), measured in the same run. Keys are
// ID addresses' bytes (as in the state tree), values a CBOR unsigned integer. "get, cold" loads
// the HAMT again from its root, so every node is read from the store and checked once; "get,
// warm" repeats the lookups with every node in memory; both look keys up in a shuffled order.
// Run: npx tsx bench/hamt.bench.ts (or make bench).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import { addressToBytes, newIdAddress } from '../spec/appendix/address/address.ts'
import { createHamt, loadHamt } from '../spec/appendix/data_structures/hamt.ts'
import type { CID } from 'multiformats/cid'
import type { Block, Blockstore } from '../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { createMemoryBlockstore } from '../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { openLmdbBlockstore } from '../src/node/store/lmdb_store.ts'

const SIZES = [100_000, 1_000_000]
const OPTIONS = { version: 'v3' as const }

/** Seconds taken by `fn`. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return (performance.now() - start) / 1000
}

/** A store that also counts the blocks and bytes given to it. */
function counting(store: Blockstore): Blockstore & { blocks: number; bytes: number } {
  const out = {
    blocks: 0,
    bytes: 0,
    has: (cid: Block['cid']) => store.has(cid),
    get: (cid: Block['cid']) => store.get(cid),
    put: (cid: Block['cid'], bytes: Uint8Array) => store.putMany([{ cid, bytes }]),
    async putMany(blocks: Iterable<Block>) {
      const all = [...blocks]
      out.blocks += all.length
      for (const b of all) out.bytes += b.bytes.length
      await store.putMany(all)
    },
  }
  return out
}

/** A fixed permutation of 0..n-1 (xorshift), so every run looks keys up in the same order. */
function shuffled(n: number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i)
  let s = 0x9e3779b9
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    const j = (s >>> 0) % (i + 1)
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}

const rate = (n: number, seconds: number) => `${Math.round(n / seconds).toLocaleString('en').padStart(9)}/s`

async function run(n: number, name: string, inner: Blockstore, quiet = false): Promise<void> {
  const store = counting(inner)
  const keys = Array.from({ length: n }, (_, i) => addressToBytes(newIdAddress(BigInt(1000 + i))))
  const value = (i: number) => dagCbor.encode(i)
  const hamt = createHamt(store, OPTIONS)
  let root: CID | undefined
  const set = await timed(async () => {
    for (let i = 0; i < n; i++) await hamt.set(keys[i]!, value(i))
  })
  const flush = await timed(async () => {
    root = await hamt.flush()
  })
  const written = { blocks: store.blocks, bytes: store.bytes }
  // Then change every 10th entry and flush: only the nodes that changed are written again.
  const update = await timed(async () => {
    for (let i = 0; i < n; i += 10) await hamt.set(keys[i]!, value(i + 1))
    root = await hamt.flush()
  })
  const cold = await loadHamt(store, root!, OPTIONS)
  const order = shuffled(n)
  let found = 0
  const getCold = await timed(async () => {
    for (const i of order) if ((await cold.get(keys[i]!)) !== undefined) found++
  })
  const getWarm = await timed(async () => {
    for (const i of order) if ((await cold.get(keys[i]!)) !== undefined) found++
  })
  if (found !== 2 * n) throw new Error(`bench: expected ${2 * n} hits, got ${found}`)
  if (quiet) return
  console.log(
    `${n.toLocaleString('en').padStart(9)} ${name.padEnd(6)}  set ${rate(n, set)}  flush ${flush.toFixed(2)} s (${written.blocks.toLocaleString('en')} blocks, ${(written.bytes / 2 ** 20).toFixed(1)} MiB)  ` +
      `set 10% + flush ${update.toFixed(2)} s (${(store.blocks - written.blocks).toLocaleString('en')} blocks)  get cold ${rate(n, getCold)}  get warm ${rate(n, getWarm)}`,
  )
}

console.log('HAMT v3, bit width 5, sha2-256; each flush writes its blocks in one batch')
await run(50_000, 'warm-up', createMemoryBlockstore(), true) // so that the first measured run is not also the JIT's warm-up
for (const n of SIZES) {
  await run(n, 'memory', createMemoryBlockstore())
  const dir = mkdtempSync(join(tmpdir(), 'filspec-hamt-bench-'))
  const lmdb = openLmdbBlockstore(dir)
  try {
    await run(n, 'lmdb', lmdb)
  } finally {
    await lmdb.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
