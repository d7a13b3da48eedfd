// The AMT against the references' own expectations: root CIDs and write counts from ref-fvm's
// fvm_ipld_amt tests (ipld/amt/tests/amt_tests.rs at commit ef0a99370839…, whose `Amt` writes
// go-amt-ipld v3's layout and `Amtv0` go-amt-ipld v2's), the mainnet genesis block's empty
// receipts AMT, go-amt-ipld v3's invalid_test.go and TestCidStability, then the behaviour where
// go-amt-ipld v2 and v3 differ, what flush writes, and the errors.
import { describe, expect, it } from 'vitest'
import type { CID } from 'multiformats/cid'
import { createAmt, loadAmt, type Amt } from '../../../../spec/appendix/data_structures/amt.ts'
import { AMT_V2_MAX_INDEX, AMT_V3_MAX_INDEX, AmtError, getAmtLayout, type AmtErrorKind } from '../../../../spec/appendix/data_structures/amt_layout.ts'
import { encodeAmtRoot, type AmtNodeData } from '../../../../spec/appendix/data_structures/amt_node.ts'
import { getAmtBlocks } from '../../../../spec/appendix/data_structures/amt_walk.ts'
import { createMemoryBlockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { computeCborCid } from '../../../../src/schema/struct.ts'
import { cborBytes, createCountingStore } from './amt_fixtures.ts'

async function expectAmtError(p: Promise<unknown>, kind: AmtErrorKind): Promise<AmtError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AmtError)
  expect((e as AmtError).kind).toBe(kind)
  return e as AmtError
}

async function indexes<T>(amt: Amt<T>, range?: { start?: bigint | number; end?: bigint | number }): Promise<bigint[]> {
  const out: bigint[] = []
  for await (const [i] of amt.entries(range)) out.push(i)
  return out
}

describe('ref-fvm amt_tests.rs root CIDs and writes', () => {
  it('basic_get_set', async () => {
    const store = createCountingStore()
    const a = createAmt(store, { version: 3 })
    await a.set(2, cborBytes('foo'))
    expect(await a.get(2)).toEqual(cborBytes('foo'))
    expect(a.count).toBe(1n)
    const c = await a.flush()
    expect(await (await loadAmt(store, c, { version: 3 })).get(2)).toEqual(cborBytes('foo'))
    expect(String(await a.flush())).toBe('bafy2bzacedv5uu5za6oqtnozjvju5lhbgaybayzhw4txiojw7hd47ktgbv5wc')
    expect([store.reads, store.writes, store.bytesWritten]).toEqual([1, 1, 13])
  })

  it('legacy_amtv0_basic_get_set (version 2)', async () => {
    const store = createCountingStore()
    const a = createAmt(store, { version: 2 })
    await a.set(2, cborBytes('foo'))
    const c = await a.flush()
    expect(await (await loadAmt(store, c, { version: 2 })).get(2)).toEqual(cborBytes('foo'))
    expect(String(c)).toBe('bafy2bzaceansvim5z2rzifilsbzsjuoul2adx7iad7x3b4paj3qsexqf6ovxk')
    expect([store.writes, store.bytesWritten]).toEqual([1, 12])
  })

  it('out_of_range: MAX_INDEX fits at height 21, MAX_INDEX + 1 does not', async () => {
    const store = createCountingStore()
    const a = createAmt(store, { version: 3 })
    await a.set(AMT_V3_MAX_INDEX, cborBytes('what is up'))
    expect(a.height).toBe(21)
    await expectAmtError(a.set(AMT_V3_MAX_INDEX + 1n, cborBytes('what is up')), 'index')
    await a.set(AMT_V3_MAX_INDEX - 1n, cborBytes('what is up'))
    expect(a.height).toBe(21)
    expect(String(await a.flush())).toBe('bafy2bzacecl3zuubhdvkojg6uhbu4mebaehx554q6algfjitqiivvnrqprkxo')
    expect([store.writes, store.bytesWritten]).toEqual([22, 1039])
  })

  it('expand', async () => {
    const store = createCountingStore()
    const a = createAmt(store, { version: 3 })
    for (const [i, v] of [[2, 'foo'], [11, 'bar'], [79, 'baz']] as const) await a.set(i, cborBytes(v))
    const c = await a.flush()
    const b = await loadAmt(store, c, { version: 3 })
    for (const [i, v] of [[2, 'foo'], [11, 'bar'], [79, 'baz']] as const) expect(await b.get(i)).toEqual(cborBytes(v))
    expect(String(c)).toBe('bafy2bzacecughjbclx3lbqwibrwc6pe7nttlc3qewedsrayghsvh5j5lpofiq')
    expect([store.writes, store.bytesWritten]).toEqual([6, 261])
  })

  it('bulk_insert (5000 values)', async () => {
    const store = createCountingStore()
    const a = createAmt(store, { version: 3 })
    for (let i = 0; i < 5000; i++) await a.set(i, cborBytes('foo foo bar'))
    expect(a.count).toBe(5000n)
    const c = await a.flush()
    expect(String(c)).toBe('bafy2bzacecfquuqzqzlox25aynodzw2qhxijdzfvno6tibyes3kb6nd3f7uxa')
    expect([store.writes, store.bytesWritten]).toEqual([717, 94379])
    const b = await loadAmt(store, c, { version: 3 })
    for (let i = 0; i < 5000; i += 97) expect(await b.get(i)).toEqual(cborBytes('foo foo bar'))
  })

  it('flush_read: one flush of 100 values writes 16 blocks, 1930 bytes', async () => {
    const store = createCountingStore()
    const a = createAmt(store, { version: 3 })
    for (let i = 0; i < 100; i++) await a.set(i, cborBytes('foo foo bar'))
    await a.flush()
    for (let i = 0; i < 100; i++) expect(await a.get(i)).toEqual(cborBytes('foo foo bar'))
    expect([store.reads, store.writes, store.bytesWritten]).toEqual([0, 16, 1930])
  })

  it('delete: the result equals a fresh AMT of what is left', async () => {
    const a = createAmt(createMemoryBlockstore(), { version: 3 })
    for (const i of [0, 1, 2, 3]) await a.set(i, cborBytes('cat'))
    expect(await a.delete(1)).toBe(true)
    expect(await a.get(1)).toBeUndefined()
    expect(a.count).toBe(3n)
    for (const i of [0, 2, 3]) await a.delete(i)
    expect(a.count).toBe(0n)
    await a.set(23, cborBytes('dog'))
    await a.set(24, cborBytes('dog'))
    await a.delete(23)
    const c = await a.flush()
    const fresh = createAmt(createMemoryBlockstore(), { version: 3 })
    await fresh.set(24, cborBytes('dog'))
    expect(await fresh.flush()).toEqual(c)
    expect(String(c)).toBe('bafy2bzacebnnxpurpb3zqqr22i7ch4uruz6hgykn3ryzoo4hh3ox2m2kufsvg')
  })

  it('delete_fail_check: deleting what is absent changes nothing', async () => {
    const a = createAmt(createMemoryBlockstore(), { version: 3 })
    await a.set(1, cborBytes('one'))
    await a.set(9, cborBytes('nine'))
    expect(a.height).toBe(1)
    expect(await a.delete(10)).toBe(false)
    expect(await a.delete(0)).toBe(false)
    expect(a.count).toBe(2n)
  })

  it('delete_first_entry: the height drops back to 0', async () => {
    const store = createMemoryBlockstore()
    const a = createAmt(store, { version: 3 })
    await a.set(0, cborBytes('cat'))
    await a.set(27, cborBytes('cat'))
    expect(a.height).toBe(1)
    await a.delete(27)
    const c = await a.flush()
    const b = await loadAmt(store, c, { version: 3 })
    expect([b.count, b.height]).toEqual([1n, 0])
    expect(String(c)).toBe('bafy2bzacecmxrjeri2ojuy3riae2mpbnztx2hqggqgkcrxao2nwpga77j2vqe')
  })

  it('delete_reduce_height', async () => {
    const store = createMemoryBlockstore()
    const a = createAmt(store, { version: 3 })
    await a.set(1, cborBytes('thing'))
    const c1 = await a.flush()
    await a.set(37, cborBytes('other'))
    expect(a.height).toBe(1)
    const b = await loadAmt(store, await a.flush(), { version: 3 })
    expect(await b.delete(37)).toBe(true)
    expect([b.count, b.height]).toEqual([1n, 0])
    expect(await b.flush()).toEqual(c1)
    expect(String(c1)).toBe('bafy2bzacebmkyah6kppbszluix3g332hntzx6wfdcqcr5hjdsaxri5jhgrdmo')
  })

  it('for_each: every third index below 10000, in order, after a reload', async () => {
    const store = createCountingStore()
    const a = createAmt(store, { version: 3 })
    const expected: bigint[] = []
    for (let i = 2; i < 10000; i += 3) {
      expected.push(BigInt(i))
      await a.set(i, cborBytes('value'))
    }
    expect(await indexes(a)).toEqual(expected)
    const c = await a.flush()
    expect(String(c)).toBe('bafy2bzaceanqxtbsuyhqgxubiq6vshtbhktmzp2if4g6kxzttxmzkdxmtipcm')
    expect([store.writes, store.bytesWritten]).toEqual([1431, 88649])
    const b = await loadAmt(store, c, { version: 3 })
    expect(await indexes(b)).toEqual(expected)
    expect(store.reads).toBe(1431) // every block read once, as fvm_ipld_amt's caching iteration
  })

  it('for_each_ranged: from every start, and in pages', async () => {
    const a = createAmt(createMemoryBlockstore(), { version: 3 })
    for (let i = 0; i < 1000; i++) await a.set(i, cborBytes('value'))
    for (const start of [0, 1, 7, 8, 63, 64, 500, 999]) expect((await indexes(a, { start })).length).toBe(1000 - start)
    for (const start of [1000, 1001, 2000, 8000]) expect(await indexes(a, { start })).toEqual([])
    const paged: bigint[] = []
    for (let start = 0; start < 1000; start += 100) paged.push(...(await indexes(a, { start, end: start + 100 })))
    expect(paged).toEqual(Array.from({ length: 1000 }, (_, i) => BigInt(i)))
    for (let i = 0; i < 1000; i++) if (Math.floor(i / 10) % 2 === 0) await a.delete(i)
    const left = await indexes(a, { start: 0, end: 1000 })
    expect(left.length).toBe(500)
    expect(left.every((i) => (i / 10n) % 2n === 1n)).toBe(true)
  })

  it('for_each_mutate: indexes 1, 9, 66, 74, 82, 515', async () => {
    const a = createAmt(createMemoryBlockstore(), { version: 3 })
    for (const i of [1, 9, 66, 74, 82, 515]) await a.set(i, cborBytes('value'))
    const c = await a.flush()
    await a.set(1, cborBytes('value')) // the same bytes again: nothing changes
    await a.set(74, cborBytes('value'))
    expect(await a.flush()).toEqual(c)
    expect(String(c)).toBe('bafy2bzaced44wtasbcukqjqicvxzcyn5up6sorr5khzbdkl6zjeo736f377ew')
  })

  it('delete_bug_test: set and delete 100000 returns to the empty AMT', async () => {
    const store = createCountingStore()
    const a = createAmt(store, { version: 3 })
    const empty = await a.flush()
    await a.set(100_000, cborBytes('foo'))
    await a.delete(100_000)
    expect(await a.flush()).toEqual(empty)
    expect(String(empty)).toBe('bafy2bzacedijw74yui7otvo63nfl3hdq2vdzuy7wx2tnptwed6zml4vvz7wee')
    expect([store.writes, store.bytesWritten]).toEqual([2, 18])
  })
})

describe('other outside values', () => {
  it("the mainnet genesis block's ParentMessageReceipts is the empty version-2 AMT", async () => {
    // external-vectors.md §6 (forest src/networks/mainnet/genesis.car, commit b94e3227…).
    expect(String(await createAmt(createMemoryBlockstore(), { version: 2 }).flush())).toBe('bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6')
  })

  it('go-amt-ipld TestCidStability: 500 sets then deletes in reverse pass back through the same CIDs', async () => {
    for (const version of [2, 3] as const) {
      const store = createMemoryBlockstore()
      const a = createAmt(store, { version })
      const cids: CID[] = []
      for (let i = 0; i < 500; i++) {
        cids.push(await a.flush())
        await a.set(i, cborBytes(String(i)))
      }
      for (let i = 499; i >= 0; i--) {
        expect(await a.delete(i)).toBe(true)
        expect(await a.flush()).toEqual(cids[i])
      }
      const b = await loadAmt(store, cids[499]!, { version })
      for (let i = 498; i >= 0; i--) {
        await b.delete(i)
        expect(await b.flush()).toEqual(cids[i])
      }
    }
  })
})

describe('go-amt-ipld invalid_test.go: roots whose height does not fit their node', () => {
  const node = (bitmap: number[], values: Uint8Array[] = []): AmtNodeData => ({ bitmap: Uint8Array.from(bitmap), links: [], values })
  async function storeRoot(bytes: Uint8Array): Promise<[ReturnType<typeof createMemoryBlockstore>, CID]> {
    const store = createMemoryBlockstore()
    const cid = computeCborCid(bytes)
    await store.put(cid, bytes)
    return [store, cid]
  }

  for (const bitWidth of [2, 3, 4, 5, 8, 18]) {
    const layout = getAmtLayout({ version: 3, bitWidth })
    it(`TestInvalidHeightEmpty, bit width ${bitWidth}: an empty root at height 1`, async () => {
      const [store, cid] = await storeRoot(encodeAmtRoot(layout, { height: 1, count: 0n, node: node(new Array(layout.bitmapBytes).fill(0)) }))
      await expectAmtError(loadAmt(store, cid, { version: 3, bitWidth }), 'layout')
    })
    it(`TestInvalidHeightSingle, bit width ${bitWidth}: a leaf's values at height 1`, async () => {
      const bitmap = new Array(layout.bitmapBytes).fill(0)
      bitmap[0] = 1
      const [store, cid] = await storeRoot(encodeAmtRoot(layout, { height: 1, count: 1n, node: node(bitmap, [cborBytes('')]) }))
      await expectAmtError(loadAmt(store, cid, { version: 3, bitWidth }), 'layout')
    })
  }

  it('version 2 accepts the empty root at height 1 that its own delete leaves behind', async () => {
    const layout = getAmtLayout({ version: 2 })
    const [store, cid] = await storeRoot(encodeAmtRoot(layout, { height: 1, count: 0n, node: node([0]) }))
    const a = await loadAmt(store, cid, { version: 2 })
    expect([a.height, a.count]).toEqual([1, 0n])
  })
})

describe('where version 2 and version 3 differ', () => {
  it('deleting the last value: version 3 returns to height 0, version 2 keeps its height', async () => {
    const v3 = createAmt(createMemoryBlockstore(), { version: 3 })
    const v2 = createAmt(createMemoryBlockstore(), { version: 2 })
    for (const a of [v2, v3]) {
      await a.set(100, cborBytes('x'))
      expect(a.height).toBe(2)
      await a.delete(100)
    }
    expect([v3.height, v2.height]).toEqual([0, 2])
    expect(await v3.flush()).toEqual(await createAmt(createMemoryBlockstore(), { version: 3 }).flush())
    // go-amt-ipld v2 writes exactly this root: [2, 0, [h'00', [], []]]
    const store = createMemoryBlockstore()
    const again = createAmt(store, { version: 2 })
    await again.set(100, cborBytes('x'))
    await again.delete(100)
    const blocks = []
    for await (const b of getAmtBlocks(store, await again.flush(), { version: 2 })) blocks.push(Buffer.from(b.bytes).toString('hex'))
    expect(blocks).toEqual(['8302008341008080'])
  })

  it('version 2 after emptying: a set below the kept height leaves a root linking only slot 0', async () => {
    const a = createAmt(createMemoryBlockstore(), { version: 2 })
    await a.set(100, cborBytes('x'))
    await a.delete(100)
    await a.set(3, cborBytes('y'))
    expect(a.height).toBe(2)
    const fresh = createAmt(createMemoryBlockstore(), { version: 2 })
    await fresh.set(3, cborBytes('y'))
    expect(fresh.height).toBe(0)
    expect(await a.flush()).not.toEqual(await fresh.flush())
    // the next delete collapses it: go-amt-ipld v2's loop drops every root that links only slot 0
    await a.set(4, cborBytes('z'))
    await a.delete(4)
    expect(a.height).toBe(0)
    expect(await a.flush()).toEqual(await fresh.flush())
  })

  it('highest index: 2^63 − 1 in version 2, 2^64 − 2 in version 3', async () => {
    const v2 = createAmt(createMemoryBlockstore(), { version: 2 })
    await v2.set(AMT_V2_MAX_INDEX, cborBytes('top'))
    expect(v2.height).toBe(20)
    await expectAmtError(v2.set(AMT_V2_MAX_INDEX + 1n, cborBytes('x')), 'index')
    await expectAmtError(v2.get(AMT_V2_MAX_INDEX + 1n), 'index')
    const v3 = createAmt(createMemoryBlockstore(), { version: 3, bitWidth: 5 })
    await v3.set(AMT_V3_MAX_INDEX, cborBytes('top'))
    expect(v3.height).toBe(12)
    expect(await indexes(v3, { start: AMT_V3_MAX_INDEX })).toEqual([AMT_V3_MAX_INDEX])
  })
})

describe('flush writes only what changed', () => {
  it('changing one value of a loaded AMT writes its path: one block a level', async () => {
    const store = createCountingStore()
    const a = createAmt(store, { version: 3, bitWidth: 5 })
    for (let i = 0; i < 40_000; i += 3) await a.set(i, cborBytes(`v${i}`))
    const c = await a.flush()
    const b = await loadAmt(store, c, { version: 3, bitWidth: 5 })
    expect(b.height).toBe(3)
    expect(await b.flush()).toEqual(c)
    const before = store.writes
    await b.set(30_000, cborBytes('changed'))
    await b.flush()
    expect(store.writes - before).toBe(4)
  })

  it('a flush with nothing changed writes nothing and keeps the CID it was loaded with (version 3)', async () => {
    const store = createCountingStore()
    const a = createAmt(store, { version: 3 })
    for (let i = 0; i < 100; i++) await a.set(i, cborBytes('x'))
    const c = await a.flush()
    const writes = store.writes
    expect(await a.flush()).toEqual(c)
    expect(await a.delete(5000)).toBe(false)
    expect(await a.flush()).toEqual(c)
    expect(store.writes).toBe(writes)
  })

  it('a failed write leaves the changes to be written by the next flush', async () => {
    const inner = createMemoryBlockstore()
    let fail = true
    const store = {
      get: inner.get,
      async putMany(blocks: Iterable<{ cid: CID; bytes: Uint8Array }>) {
        if (fail) throw new Error('disk full')
        await inner.putMany(blocks)
      },
    }
    const a = createAmt(store, { version: 3 })
    for (let i = 0; i < 100; i++) await a.set(i, cborBytes('x'))
    await expect(a.flush()).rejects.toThrow('disk full')
    fail = false
    const c = await a.flush()
    const blocks = []
    for await (const b of getAmtBlocks(inner, c, { version: 3 })) blocks.push(b)
    expect(blocks.length).toBe(1 + 2 + 13)
  })
})

describe('version 2 reads and writes as go-amt-ipld v2 (924ee87) does', () => {
  // Each count follows go-amt-ipld v2's amt.go step by step (the VM charges every read and write,
  // so these are consensus): `Root.Flush` puts every child in a node's `cache` and then the root;
  // the cache is kept after a flush; `Set` past the span flushes the root node and puts it, and
  // the new root links it by CID with an empty cache; `forEachAt` reads an uncached child into a
  // local copy, so nothing it reads is kept.
  it('100 sets, flushes, iterations, a grow and a delete', async () => {
    const store = createCountingStore()
    const step = async <T>(action: () => Promise<T>): Promise<[number, number, T]> => {
      store.reads = 0
      store.writes = 0
      const result = await action()
      return [store.reads, store.writes, result]
    }
    const a = createAmt(store, { version: 2 })
    // index 8 puts the full leaf as it grows to height 1; index 64 puts the 7 leaves it made
    // (slot 0 is a CID only) and the height-1 node as it grows to height 2
    expect((await step(async () => { for (let i = 0; i < 100; i++) await a.set(i, cborBytes('x')) })).slice(0, 2)).toEqual([0, 9])
    // slot 1's node and its 5 leaves are cached, slot 0 is not: 6 children and the root, each time
    const [, w1, c1] = await step(() => a.flush())
    expect([w1, (await step(() => a.flush())).slice(0, 2)]).toEqual([7, [0, 7]])
    const b = await loadAmt(store, c1, { version: 2 })
    const walk = async () => { for await (const _ of b.entries()) void _ }
    // 2 height-1 nodes and 13 leaves read, and read again: nothing is kept
    expect((await step(walk)).slice(0, 2)).toEqual([15, 0])
    expect((await step(walk)).slice(0, 2)).toEqual([15, 0])
    expect(await step(() => b.flush())).toEqual([0, 1, c1])
    expect((await step(() => b.get(70))).slice(0, 2)).toEqual([2, 0])
    expect((await step(() => b.get(71))).slice(0, 2)).toEqual([0, 0])
    await b.set(71, cborBytes('y'))
    const [, w2, c2] = await step(() => b.flush())
    expect([w2, await step(() => b.flush())]).toEqual([3, [0, 3, c2]])
    // growing to height 3 puts the cached leaf and height-1 node, then the old root node
    expect((await step(() => b.set(600, cborBytes('z')))).slice(0, 2)).toEqual([0, 3])
    expect((await step(() => b.flush())).slice(0, 2)).toEqual([0, 4])
    // the old root node is now a CID under slot 0: reaching index 5 reads 3 blocks
    expect((await step(() => b.get(5))).slice(0, 2)).toEqual([3, 0])
    expect((await step(() => b.delete(600))).slice(0, 2)).toEqual([0, 0])
    expect(b.height).toBe(2)
    // back to the contents of c2; the cached path to index 5 is written with the root
    expect(await step(() => b.flush())).toEqual([0, 3, c2])
  })
})

describe('values and codecs', () => {
  it('a codec turns values into CBOR items and back', async () => {
    const codec = { encode: (s: string) => cborBytes(s), decode: (b: Uint8Array) => new TextDecoder().decode(b.subarray(1)) }
    const a = createAmt(createMemoryBlockstore(), { version: 3, codec })
    await a.set(7, 'seven')
    expect(await a.get(7)).toBe('seven')
    expect([...(await indexes(a))]).toEqual([7n])
  })

  it('values are copied in and out', async () => {
    const a = createAmt(createMemoryBlockstore(), { version: 2 })
    const value = cborBytes('abc')
    await a.set(0, value)
    value[1] = 0x7a
    const got = (await a.get(0))!
    expect(got).toEqual(cborBytes('abc'))
    got[1] = 0x7a
    expect(await a.get(0)).toEqual(cborBytes('abc'))
  })

  it('a value that is not exactly one CBOR item is refused', async () => {
    const a = createAmt(createMemoryBlockstore(), { version: 3 })
    for (const bad of [new Uint8Array(0), Uint8Array.of(0x01, 0x02), Uint8Array.of(0x82, 0x01), Uint8Array.of(0xf9, 0, 0), Uint8Array.of(0x9f, 0xff)]) {
      await expectAmtError(a.set(0, bad), 'value')
    }
    expect(a.count).toBe(0n)
  })

  it('deleteMany removes in ascending order and counts what it removed', async () => {
    const a = createAmt(createMemoryBlockstore(), { version: 3 })
    for (const i of [1, 5, 70, 600]) await a.set(i, cborBytes('x'))
    expect(await a.deleteMany([600, 2, 5n, 70])).toBe(3)
    expect(await indexes(a)).toEqual([1n])
    expect(a.height).toBe(0)
  })
})

describe('errors', () => {
  it('a missing root or child is an AmtError naming its CID', async () => {
    const store = createMemoryBlockstore()
    const a = createAmt(store, { version: 3 })
    for (let i = 0; i < 20; i++) await a.set(i, cborBytes('x'))
    const c = await a.flush()
    const missing = computeCborCid(cborBytes('not stored'))
    const e = await expectAmtError(loadAmt(store, missing, { version: 3 }), 'missing-block')
    expect(e.cid).toEqual(missing)
    expect(e.message).toContain(String(missing))
    const onlyRoot = createMemoryBlockstore()
    await onlyRoot.put(c, await store.get(c))
    const b = await loadAmt(onlyRoot, c, { version: 3 })
    const e2 = await expectAmtError(b.get(10), 'missing-block')
    expect(e2.message).toMatch(/^amt: block bafy2bzace\w+: block expected in the store, got none$/)
    await expectAmtError((async () => { for await (const _ of getAmtBlocks(onlyRoot, c, { version: 3 })) void _ })(), 'missing-block')
  })

  it('a root of the wrong bit width or version is refused', async () => {
    const store = createMemoryBlockstore()
    const a = createAmt(store, { version: 3, bitWidth: 5 })
    await a.set(1, cborBytes('x'))
    const c = await a.flush()
    expect((await expectAmtError(loadAmt(store, c, { version: 3 }), 'layout')).message).toContain('bit width expected 3, got 5')
    await expectAmtError(loadAmt(store, c, { version: 2 }), 'malformed')
  })

  it('indexes must be integers from 0 to the maximum', async () => {
    const a = createAmt(createMemoryBlockstore(), { version: 3 })
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, -1n]) await expectAmtError(a.get(bad), 'index')
    await expectAmtError(a.delete(AMT_V3_MAX_INDEX + 1n), 'index')
    await expectAmtError((async () => { for await (const _ of a.entries({ start: -1 })) void _ })(), 'index')
  })

  it('options out of range', () => {
    for (const bad of [{ version: 2 as const, bitWidth: 5 }, { version: 3 as const, bitWidth: 0 }, { version: 3 as const, bitWidth: 19 }, { version: 4 as never }]) {
      expect(() => createAmt(createMemoryBlockstore(), bad)).toThrow(AmtError)
    }
  })

  it('a count that does not match the values is found by getAmtBlocks', async () => {
    const layout = getAmtLayout({ version: 2 })
    const bytes = encodeAmtRoot(layout, { height: 0, count: 2n, node: { bitmap: Uint8Array.of(1), links: [], values: [cborBytes('x')] } })
    const store = createMemoryBlockstore()
    const cid = computeCborCid(bytes)
    await store.put(cid, bytes)
    const e = await expectAmtError((async () => { for await (const _ of getAmtBlocks(store, cid, { version: 2 })) void _ })(), 'layout')
    expect(e.message).toContain('count expected 1 (the values in the tree), got 2')
  })
})
