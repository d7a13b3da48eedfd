// CAR import and export on the conformance corpus (../shared/conformance/test-vectors, written by
// Lotus through go-car's WriteCar): importing a vector's CAR and exporting its roots again must
// give the very same file, which pins both the walk order and the set of blocks.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { equals, fromHex } from 'multiformats/bytes'
import { corpusDir, listCorpus } from '../../../../../../src/conformance/corpus.ts'
import { VectorDag, decodeVectorCar } from '../../../../../../src/conformance/vector_car.ts'
import { BlockError, BlockNotFoundError } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { CarError, exportCar, importCar, readCar, writeCar } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { computeCborCid } from '../../../../../../src/schema/struct.ts'

const repoRoot = new URL('../../../../../../', import.meta.url).pathname
const dir = corpusDir(repoRoot)
const entries = listCorpus(dir)
const carOf = (file: string) => decodeVectorCar(VectorDag.parse(JSON.parse(readFileSync(join(dir, file), 'utf8'))).car)

describe('CAR import and export reproduce every corpus CAR byte for byte', () => {
  it('has vectors', () => expect(entries.length).toBeGreaterThan(200))
  it.each(entries.map((e) => [e.header._meta.id, e.file] as const))('%s (%s)', async (_, file) => {
    const car = carOf(file)
    const store = createMemoryBlockstore()
    const { roots, blocks } = await importCar(store, car)
    expect(roots).toHaveLength(2)
    expect(blocks).toBe(store.size) // no block twice in a Lotus CAR
    expect(equals(await exportCar(store, roots), car)).toBe(true)
  })
})

describe('importCar', () => {
  const first = entries[0]!
  it(`refuses a CAR with a changed block and stores nothing (${first.header._meta.id})`, async () => {
    const { roots, blocks } = readCar(carOf(first.file))
    const bad = blocks.map((b, i) => (i === 3 ? { cid: b.cid, bytes: b.bytes.map((x, j) => (j === 0 ? x ^ 1 : x)) } : b))
    const store = createMemoryBlockstore()
    const e = await importCar(store, writeCar(roots, bad)).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(BlockError)
    expect((e as BlockError).cid.equals(blocks[3]!.cid)).toBe(true)
    expect(store.size).toBe(0)
  })

  it('refuses bytes that are not a CAR v1', async () => {
    const store = createMemoryBlockstore()
    await expect(importCar(store, new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(CarError)
    await expect(importCar(store, new Uint8Array(0))).rejects.toBeInstanceOf(CarError)
    // A CAR v2 pragma (ipld/specs carv2.md): the 11-byte header {version: 2}.
    const v2 = fromHex('0aa16776657273696f6e02' + '00'.repeat(40))
    await expect(importCar(store, v2)).rejects.toThrow(CarError)
  })

  it('reads what writeCar writes, and never throws anything but CarError on garbage', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 6 }), (contents) => {
        const blocks = contents.map((bytes) => ({ cid: computeCborCid(bytes), bytes }))
        const roots = blocks.slice(0, 1).map((b) => b.cid)
        const read = readCar(writeCar(roots, blocks))
        expect(read.roots.map(String)).toEqual(roots.map(String))
        expect(read.blocks.map((b) => [String(b.cid), equals(b.bytes, blocks[read.blocks.indexOf(b)]!.bytes)])).toEqual(blocks.map((b) => [String(b.cid), true]))
      }),
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          readCar(bytes)
        } catch (e) {
          expect(e).toBeInstanceOf(CarError)
        }
      }),
    )
  })
})

describe('exportCar', () => {
  it('names the first block it lacks', async () => {
    const store = createMemoryBlockstore()
    const absent = computeCborCid(dagCbor.encode('absent'))
    const bytes = dagCbor.encode([absent])
    const root = computeCborCid(bytes)
    await store.put(root, bytes)
    const e = await exportCar(store, [root]).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(BlockNotFoundError)
    expect((e as BlockNotFoundError).cid.equals(absent)).toBe(true)
  })

  it('writes the roots as given even when one is inline', async () => {
    const inline = CID.parse('bafkqadlgnfwc6mjpmfrwg33vnz2a') // builtin0 account code, "fil/1/account"
    const car = readCar(await exportCar(createMemoryBlockstore(), [inline]))
    expect(car.roots.map(String)).toEqual([String(inline)])
    expect(new TextDecoder().decode(car.blocks[0]!.bytes)).toBe('fil/1/account')
  })
})
