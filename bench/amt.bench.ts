// AMT throughput: set, flush and get of 100k and 1M values, on the in-memory store and on the
// node's LMDB store (src/node/store/lmdb_store.ts), measured in the same run. A version-3 AMT of
// bit width 3 (actors v3+'s default; version 2 differs only in its root's bytes) holds indexes
// 0..n−1, each value a 32-byte CBOR byte string (the size of a CID's digest). Gets are of random
// indexes on an AMT freshly loaded from its root, so every node comes from the store the first
// time. Run: npx tsx bench/amt.bench.ts (or make bench).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import { createAmt, loadAmt } from '../spec/appendix/data_structures/amt.ts'
import type { AmtStore } from '../spec/appendix/data_structures/amt_walk.ts'
import { createMemoryBlockstore } from '../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { openLmdbBlockstore } from '../src/node/store/lmdb_store.ts'

const SHAPE = { version: 3 } as const
const GETS = 200_000
const UPDATES = 50_000

function value(i: number): Uint8Array {
  const bytes = new Uint8Array(32)
  new DataView(bytes.buffer).setUint32(0, i)
  return dagCbor.encode(bytes)
}

/** A fixed pseudo-random sequence (xorshift32), the same for every store. */
function* randomIndexes(n: number, count: number): Generator<number> {
  let x = 0x9e3779b9
  for (let k = 0; k < count; k++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    yield (x >>> 0) % n
  }
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9
}

interface Row {
  store: string
  n: number
  set: number
  flush: number
  blocks: number
  get: number
  update: number
}

async function measure(name: string, store: AmtStore, n: number, values: Uint8Array[]): Promise<Row> {
  let blocks = 0
  const counting: AmtStore = {
    get: (cid) => store.get(cid),
    async putMany(batch) {
      const all = [...batch]
      blocks += all.length
      await store.putMany(all)
    },
  }
  // sets stay in memory until the flush, so the store plays no part: the best of two rounds
  // keeps a garbage collection of the previous run out of the figure
  let set = 0
  let amt = createAmt(counting, SHAPE)
  for (let round = 0; round < 2; round++) {
    amt = createAmt(counting, SHAPE)
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) await amt.set(i, values[i]!)
    set = Math.max(set, n / seconds(t0))
  }
  let t = process.hrtime.bigint()
  const root = await amt.flush()
  const flush = blocks / seconds(t)
  const written = blocks
  let get = 0
  for (let round = 0; round < 2; round++) {
    const reader = await loadAmt(store, root, SHAPE)
    t = process.hrtime.bigint()
    for (const i of randomIndexes(n, GETS)) if ((await reader.get(i)) === undefined) throw new Error(`index ${i} missing`)
    get = Math.max(get, GETS / seconds(t))
  }
  // random sets on a freshly loaded AMT, each reading its path from the store, then one flush
  const writer = await loadAmt(counting, root, SHAPE)
  t = process.hrtime.bigint()
  for (const i of randomIndexes(n, UPDATES)) await writer.set(i, values[(i + 1) % n]!)
  await writer.flush()
  const update = UPDATES / seconds(t)
  return { store: name, n, set, flush, blocks: written, get, update }
}

// a first, unrecorded pass, so that the JIT has compiled the code before anything is timed
await measure('warm-up', createMemoryBlockstore(), 50_000, Array.from({ length: 50_000 }, (_, i) => value(i)))

const rows: Row[] = []
const dir = mkdtempSync(join(tmpdir(), 'filspec-amt-bench-'))
try {
  for (const n of [100_000, 1_000_000]) {
    const values = Array.from({ length: n }, (_, i) => value(i))
    rows.push(await measure('memory', createMemoryBlockstore(), n, values))
    const lmdb = openLmdbBlockstore(join(dir, String(n)))
    rows.push(await measure('lmdb', lmdb, n, values))
    await lmdb.close()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const fmt = (x: number) => Math.round(x).toLocaleString('en').padStart(10)
console.log(`AMT version 3, bit width 3, indexes 0..n-1, values of 35 bytes`)
console.log(`set: into a new AMT (memory only until flush); flush: blocks written by one flush of all n;`)
console.log(`get: ${GETS.toLocaleString('en')} random indexes on a freshly loaded AMT (set, get: best of 2 rounds); update: ${UPDATES.toLocaleString('en')} random sets on a freshly loaded AMT, then a flush`)
console.log(`${'store'.padEnd(7)} ${'values'.padStart(9)} ${'set/s'.padStart(10)} ${'flush blocks/s'.padStart(15)} ${'blocks'.padStart(8)} ${'get/s'.padStart(10)} ${'update/s'.padStart(10)}`)
for (const r of rows) console.log(`${r.store.padEnd(7)} ${r.n.toLocaleString('en').padStart(9)} ${fmt(r.set)} ${fmt(r.flush).padStart(15)} ${r.blocks.toLocaleString('en').padStart(8)} ${fmt(r.get)} ${fmt(r.update)}`)
for (const n of [100_000, 1_000_000]) {
  const [m, l] = [rows.find((r) => r.store === 'memory' && r.n === n)!, rows.find((r) => r.store === 'lmdb' && r.n === n)!]
  console.log(`lmdb / memory at ${n.toLocaleString('en')}: set ${(l.set / m.set).toFixed(2)}, flush ${(l.flush / m.flush).toFixed(2)}, get ${(l.get / m.get).toFixed(2)}, update ${(l.update / m.update).toFixed(2)}`)
}
