import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { equals, fromHex } from 'multiformats/bytes'
import { create as createDigest } from 'multiformats/hashes/digest'
import { blake2b } from '@noble/hashes/blake2.js'
import { BlockError } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { createMemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { getLinks, isBlockLink, walkDag, type WalkedBlock } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/walk.ts'
import { computeCborCid } from '../../../../../../src/schema/struct.ts'

/** Encodes a value as a DAG-CBOR block and puts it in `store`. */
async function put(store: ReturnType<typeof createMemoryBlockstore>, value: unknown): Promise<CID> {
  const bytes = dagCbor.encode(value)
  const cid = computeCborCid(bytes)
  await store.put(cid, bytes)
  return cid
}

// A CommR as a miner's SectorOnChainInfo holds it: codec fil-commitment-sealed, Poseidon multihash.
const COMM_R = CID.createV1(0xf102, createDigest(0xb401, new Uint8Array(32).fill(7)))
// The account actor code of actors v0 ("fil/1/account", identity multihash).
const ACCOUNT_V0_CODE = CID.parse('bafkqadlgnfwc6mjpmfrwg33vnz2a')

describe('walkDag', () => {
  it('visits depth first, links in byte order, each CID once, and records what is missing', async () => {
    const store = createMemoryBlockstore()
    const rawBytes = new Uint8Array([1, 2, 3])
    const raw = CID.createV1(0x55, createDigest(0xb220, blake2b(rawBytes, { dkLen: 32 })))
    await store.put(raw, rawBytes)
    const absent = computeCborCid(dagCbor.encode('absent'))
    const c = await put(store, ['c', raw])
    const a = await put(store, ['a', c, COMM_R])
    // An inline DAG-CBOR block that itself links to c: reached without the store.
    const inlineBytes = dagCbor.encode(['inline', c])
    const inline = CID.createV1(0x71, createDigest(0x00, inlineBytes))
    const b = await put(store, { x: absent, y: c, z: inline, w: ACCOUNT_V0_CODE })
    const root = await put(store, [a, b, a])
    const seen: WalkedBlock[] = []
    const result = await walkDag(store, [root], (block) => {
      seen.push(block)
    })
    // b's map is in key order w, x, y, z (DAG-CBOR sorts keys); c is reached once, first under a.
    expect(seen.map((s) => s.cid.toString())).toEqual([root, a, c, raw, b, ACCOUNT_V0_CODE, inline].map(String))
    expect(result.blocks).toBe(7)
    expect(result.missing.map(String)).toEqual([String(absent)])
    const inlined = seen.find((s) => s.cid.equals(inline))!
    expect([inlined.inline, equals(inlined.bytes, inlineBytes), String(inlined.value)]).toEqual([true, true, `inline,${c}`])
    const rawSeen = seen.find((s) => s.cid.equals(raw))!
    expect([rawSeen.inline, equals(rawSeen.bytes, rawBytes), rawSeen.value]).toEqual([false, true, undefined])
    expect(new TextDecoder().decode(seen.find((s) => s.cid.equals(ACCOUNT_V0_CODE))!.bytes)).toBe('fil/1/account')
  })

  it('walks several roots as one DAG, and a root that is missing', async () => {
    const store = createMemoryBlockstore()
    const leaf = await put(store, 'leaf')
    const one = await put(store, [leaf])
    const two = await put(store, [leaf, one])
    const absent = computeCborCid(dagCbor.encode(1))
    const order: string[] = []
    const result = await walkDag(store, [absent, one, two], (b) => void order.push(b.cid.toString()))
    expect(order).toEqual([one, leaf, two].map(String))
    expect(result.blocks).toBe(3)
    expect(result.missing.map(String)).toEqual([String(absent)])
  })

  it('stops at a block that is not strict DAG-CBOR, naming it', async () => {
    const store = createMemoryBlockstore()
    // {"b": 1, "a": 2}: keys out of DAG-CBOR order.
    const bad = fromHex('a2616201616102')
    const badCid = computeCborCid(bad)
    await store.put(badCid, bad)
    const root = await put(store, [badCid])
    const e = await walkDag(store, [root]).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(BlockError)
    expect((e as BlockError).cid.equals(badCid)).toBe(true)
    expect((e as Error).message).toBe(`blockstore: block ${badCid} is not strict DAG-CBOR (map key expected keys sorted shortest first, then bytewise, got "a" at byte 4)`)
  })

  it('follows exactly the DAG-CBOR, raw and CBOR links', () => {
    expect(isBlockLink(computeCborCid(new Uint8Array([0x80])))).toBe(true)
    expect(isBlockLink(ACCOUNT_V0_CODE)).toBe(true)
    expect(isBlockLink(CID.createV1(0x51, ACCOUNT_V0_CODE.multihash))).toBe(true)
    expect(isBlockLink(COMM_R)).toBe(false)
    expect(isBlockLink(CID.createV1(0xf101, createDigest(0x1012, new Uint8Array(32))))).toBe(false)
  })

  it('reaches every block of a random tree once, and a block per stored node', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), async (parents) => {
        // Node i+1 hangs under node parents[i] % (i+1): a random tree built bottom-up.
        const children: number[][] = Array.from({ length: parents.length + 1 }, () => [])
        parents.forEach((p, i) => children[p % (i + 1)]!.push(i + 1))
        const store = createMemoryBlockstore()
        const cids: CID[] = []
        for (let n = parents.length; n >= 0; n--) cids[n] = await put(store, [n, children[n]!.map((k) => cids[k]!)])
        const result = await walkDag(store, [cids[0]!])
        expect(result).toEqual({ blocks: parents.length + 1, missing: [] })
      }),
    )
  })
})

describe('getLinks', () => {
  it('lists links in the order of the bytes, repeats included', () => {
    const l = computeCborCid(new Uint8Array([0x80]))
    expect(getLinks(dagCbor.decode(dagCbor.encode({ bb: [l], a: l, c: new Uint8Array([1]) })) as never)).toEqual([l, l])
  })
})
