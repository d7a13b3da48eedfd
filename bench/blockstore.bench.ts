// Blockstore throughput: the node's LMDB store (src/node/store) against the in-memory store of
// the spec (spec/systems/filecoin_nodes/repository/ipldstore), measured in the same run on the same
// blocks: 100k and 1M blocks of 100–200 bytes under blake2b-256 DAG-CBOR CIDs, as state nodes are.
// Puts are batched (putMany, 10k blocks a batch: one LMDB transaction and disk flush each) or
// unbatched (put, each awaited before the next: for LMDB a transaction and a flush per block, so it
// runs on the first 2,000 blocks only). Gets and has go in a shuffled order; has is also asked for
// absent CIDs. Run: npx tsx bench/blockstore.bench.ts (about a minute and a half on 2 cores).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Block, Blockstore } from '../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { createMemoryBlockstore } from '../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { openLmdbBlockstore } from '../src/node/store/lmdb_store.ts'
import { computeCborCid } from '../src/schema/struct.ts'

const BATCH = 10_000
const UNBATCHED_LMDB = 2_000

/** A fixed pseudo-random sequence (xorshift32), so every run measures the same blocks. */
function xorshift(seed: number): () => number {
  let x = seed
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return x >>> 0
  }
}

function makeBlocks(n: number, seed: number): Block[] {
  const next = xorshift(seed)
  return Array.from({ length: n }, () => {
    const bytes = new Uint8Array(100 + (next() % 101))
    for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff
    return { cid: computeCborCid(bytes), bytes }
  })
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = xorshift(seed)
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = next() % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** Operations per second of `run`, which performs `ops` operations. */
async function rate(ops: number, run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint()
  await run()
  return ops / (Number(process.hrtime.bigint() - start) / 1e9)
}

async function putBatched(store: Blockstore, blocks: Block[]): Promise<void> {
  for (let i = 0; i < blocks.length; i += BATCH) await store.putMany(blocks.slice(i, i + BATCH))
}

async function putOneByOne(store: Blockstore, blocks: Block[]): Promise<void> {
  for (const b of blocks) await store.put(b.cid, b.bytes)
}

async function getAll(store: Blockstore, blocks: Block[]): Promise<void> {
  for (const b of blocks) if ((await store.get(b.cid)).length !== b.bytes.length) throw new Error('bench: wrong block')
}

async function hasAll(store: Blockstore, blocks: Block[], expected: boolean): Promise<void> {
  for (const b of blocks) if ((await store.has(b.cid)) !== expected) throw new Error('bench: wrong has')
}

type Row = [string, number, number]

async function measure(n: number): Promise<Row[]> {
  const blocks = makeBlocks(n, n)
  const order = shuffled(blocks, 7)
  const absent = makeBlocks(Math.min(n, 100_000), n + 1)
  const dir = mkdtempSync(join(tmpdir(), 'filspec-bench-lmdb-'))
  const stores = { memory: createMemoryBlockstore() as Blockstore, lmdb: openLmdbBlockstore(join(dir, 'batched')) as Blockstore }
  const rows: Row[] = []
  const both = async (name: string, ops: number, f: (s: Blockstore) => Promise<void>) => {
    rows.push([name, await rate(ops, () => f(stores.memory)), await rate(ops, () => f(stores.lmdb))])
  }
  await both('putMany', n, (s) => putBatched(s, blocks))
  await both('get', n, (s) => getAll(s, order))
  await both('has', n, (s) => hasAll(s, order, true))
  await both('has (absent)', absent.length, (s) => hasAll(s, absent, false))
  // Unbatched puts go to fresh stores; LMDB on its first UNBATCHED_LMDB blocks only (see above).
  const memory = createMemoryBlockstore()
  const lmdb = openLmdbBlockstore(join(dir, 'unbatched'))
  const few = blocks.slice(0, UNBATCHED_LMDB)
  rows.push([`put (memory ${n.toLocaleString('en')}, lmdb ${few.length.toLocaleString('en')})`, await rate(n, () => putOneByOne(memory, blocks)), await rate(few.length, () => putOneByOne(lmdb, few))])
  await (stores.lmdb as ReturnType<typeof openLmdbBlockstore>).close()
  await lmdb.close()
  rmSync(dir, { recursive: true, force: true })
  return rows
}

const fmt = (x: number) => Math.round(x).toLocaleString('en').padStart(11)
for (const n of [100_000, 1_000_000]) {
  const rows = await measure(n)
  console.log(`\n${n.toLocaleString('en')} blocks of 100–200 bytes        memory ops/s      lmdb ops/s   memory/lmdb`)
  for (const [op, mem, lmdb] of rows) console.log(`${op.padEnd(38)} ${fmt(mem)}     ${fmt(lmdb)}   ${(mem / lmdb).toFixed(1).padStart(8)}`)
}
