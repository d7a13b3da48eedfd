import { afterEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { equals, fromHex } from 'multiformats/bytes'
import { create as createDigest } from 'multiformats/hashes/digest'
import { BlockNotFoundError, type Block } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { createMemoryBlockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { BLOCKSTORE_DIR, BlockstoreWriteError, type LmdbBlockstore, openLmdbBlockstore, openRepoBlockstore } from '../../../../src/node/store/lmdb_store.ts'
import { computeCborCid } from '../../../../src/schema/struct.ts'

// filecoin-project/serialization-vectors message_signing.json case 1 (external-vectors.md §2b).
const MESSAGE_CBOR = fromHex('8a0044009f8d06583103938c9a503bf9a33d4e95aaee1401933dae469743b1a1e937e67a7fa175cc37cce4a5eb90e4ea9a1e36c0035891518f3d18374200011a000f42404200644200010040')
const MESSAGE_CID = CID.parse('bafy2bzacedhl5cowfmp7hq2ke3irf7indry55px44cbbjthazwvpm7ktf676w')

const dirs: string[] = []
const open: LmdbBlockstore[] = []
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'filspec-lmdb-'))
  dirs.push(d)
  return d
}
function openAt(path: string): LmdbBlockstore {
  const s = openLmdbBlockstore(path)
  open.push(s)
  return s
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close().catch(() => undefined)))
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function blocks(n: number, tag: string): Block[] {
  return Array.from({ length: n }, (_, i) => {
    const bytes = new TextEncoder().encode(`${tag} block ${i}`)
    return { cid: computeCborCid(bytes), bytes }
  })
}

describe('LMDB blockstore', () => {
  it('stores blocks by CID and returns their bytes', async () => {
    const store = openAt(tempDir())
    expect(await store.has(MESSAGE_CID)).toBe(false)
    await expect(store.get(MESSAGE_CID)).rejects.toBeInstanceOf(BlockNotFoundError)
    await store.put(MESSAGE_CID, MESSAGE_CBOR)
    expect(await store.has(MESSAGE_CID)).toBe(true)
    const got = await store.get(MESSAGE_CID)
    expect(got.constructor).toBe(Uint8Array)
    expect(equals(got, MESSAGE_CBOR)).toBe(true)
    // Keyed by the whole CID: the same multihash as a raw block is another key.
    expect(await store.has(CID.createV1(0x55, MESSAGE_CID.multihash))).toBe(false)
  })

  it('keeps its blocks across close and reopen, under the repository folder', async () => {
    const repo = tempDir()
    const first = openRepoBlockstore(repo)
    expect(first.path).toBe(join(repo, BLOCKSTORE_DIR))
    const batch = blocks(500, 'reopen')
    await first.putMany(batch)
    await first.put(MESSAGE_CID, MESSAGE_CBOR)
    await first.close()
    expect(existsSync(join(repo, 'datastore', 'chain'))).toBe(true)
    const second = openAt(join(repo, BLOCKSTORE_DIR))
    expect(equals(await second.get(MESSAGE_CID), MESSAGE_CBOR)).toBe(true)
    for (const b of batch) expect(equals(await second.get(b.cid), b.bytes)).toBe(true)
  })

  it('writes nothing of a batch holding something that is not a block', async () => {
    const store = openAt(tempDir())
    const good = blocks(3, 'good')
    const bad = [...good, { cid: 'bafy-not-a-cid', bytes: new Uint8Array(1) }] as unknown as Block[]
    const e = await store.putMany(bad).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(BlockstoreWriteError)
    expect((e as Error).message).toBe('blockstore: block 3 cid expected a CID, got "bafy-not-a-cid"')
    const noBytes = [{ cid: MESSAGE_CID, bytes: 'text' }, ...good] as unknown as Block[]
    await expect(store.putMany(noBytes)).rejects.toThrow('blockstore: block 0 bytes expected a Uint8Array, got "text"')
    for (const b of [...good, { cid: MESSAGE_CID }]) expect(await store.has(b.cid)).toBe(false)
  })

  it('rolls back a batch that LMDB refuses part-way (a key over its 1978-byte limit)', async () => {
    const store = openAt(tempDir())
    const before = blocks(10, 'before')
    // An identity CID with a 2000-byte digest: a well-formed CID, but too long an LMDB key.
    const huge = CID.createV1(0x55, createDigest(0x00, new Uint8Array(2000)))
    const batch = [...before, { cid: huge, bytes: new Uint8Array(2000) }, ...blocks(10, 'after')]
    await expect(store.putMany(batch)).rejects.toThrow()
    for (const b of batch) expect(await store.has(b.cid)).toBe(false)
    // The store still works after the aborted batch, and writes around it are kept.
    await Promise.all([store.putMany(before), store.putMany([{ cid: huge, bytes: new Uint8Array(1) }]).catch(() => undefined), store.put(MESSAGE_CID, MESSAGE_CBOR)])
    for (const b of before) expect(await store.has(b.cid)).toBe(true)
    expect(await store.has(MESSAGE_CID)).toBe(true)
  })

  it('leaves each batch whole or absent when its process is killed while writing', async () => {
    const dir = tempDir()
    const [batches, size] = [40, 5000]
    const bytesOf = (k: number, i: number) => new TextEncoder().encode(`killed ${k}/${i} ${'x'.repeat(100)}`)
    // A child process writes batch after batch and is killed (SIGKILL) half-way through a batch,
    // timed from how long its first batches took: that batch must be all there or not at all.
    const script = `
      import { openLmdbBlockstore } from ${JSON.stringify(new URL('../../../../src/node/store/lmdb_store.ts', import.meta.url).pathname)}
      import { computeCborCid } from ${JSON.stringify(new URL('../../../../src/schema/struct.ts', import.meta.url).pathname)}
      const store = openLmdbBlockstore(${JSON.stringify(dir)})
      const bytesOf = ${bytesOf.toString()}
      const all = Array.from({ length: ${batches} }, (_, k) => Array.from({ length: ${size} }, (_, i) => ({ cid: computeCborCid(bytesOf(k, i)), bytes: bytesOf(k, i) })))
      for (const [k, batch] of all.entries()) {
        await store.putMany(batch)
        process.stdout.write('committed ' + k + '\\n')
      }
    `
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    const times: number[] = []
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        for (const _ of d.toString().matchAll(/committed/g)) times.push(performance.now())
        if (times.length === 4) setTimeout(() => child.kill('SIGKILL'), (times[3]! - times[0]!) / 6)
      })
      child.on('exit', () => resolve())
    })
    const store = openAt(dir)
    const present: number[] = []
    for (let k = 0; k < batches; k++) {
      let n = 0
      for (let i = 0; i < size; i++) if (await store.has(computeCborCid(bytesOf(k, i)))) n++
      present.push(n)
    }
    // Batches commit in order: some whole batches (the four reported at least), then none.
    const whole = present.filter((n) => n === size).length
    expect(whole).toBeGreaterThanOrEqual(4)
    expect(present).toEqual([...Array(whole).fill(size), ...Array(batches - whole).fill(0)])
  })

  it('matches the memory store under random puts and batches', async () => {
    const store = openAt(tempDir())
    let round = 0
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 5 }), { maxLength: 6 }), async (batches) => {
        round++
        const memory = createMemoryBlockstore()
        const all: Block[] = []
        for (const [k, contents] of batches.entries()) {
          const batch = contents.map((c) => {
            const bytes = new Uint8Array([...new TextEncoder().encode(`${round}/${k}:`), ...c])
            return { cid: computeCborCid(bytes), bytes }
          })
          all.push(...batch)
          if (batch.length === 1) await Promise.all([store.put(batch[0]!.cid, batch[0]!.bytes), memory.put(batch[0]!.cid, batch[0]!.bytes)])
          else await Promise.all([store.putMany(batch), memory.putMany(batch)])
        }
        for (const b of all) {
          expect(await store.has(b.cid)).toBe(true)
          expect(equals(await store.get(b.cid), await memory.get(b.cid))).toBe(true)
        }
        const absent = computeCborCid(new TextEncoder().encode(`absent ${round}`))
        expect(await store.has(absent)).toBe(await memory.has(absent))
      }),
      { numRuns: 50 },
    )
  })
})
