// The AMT's blocks on their own: every rule of decodeAmtNode and decodeAmtRoot broken once, a
// round trip of well-formed nodes, and garbage (random bytes, and valid blocks with bytes changed
// or cut), which must read into a node that encodes back to the very same bytes, or an AmtError.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { equals } from 'multiformats/bytes'
import { AmtError, getAmtLayout, type AmtErrorKind, type AmtLayout } from '../../../../spec/appendix/data_structures/amt_layout.ts'
import { decodeAmtNode, decodeAmtRoot, encodeAmtNode, encodeAmtRoot, validateAmtValue, type AmtNodeData } from '../../../../spec/appendix/data_structures/amt_node.ts'
import { cborBytes } from './amt_fixtures.ts'

const V2 = getAmtLayout({ version: 2 })
const V3 = getAmtLayout({ version: 3 })
const V3W5 = getAmtLayout({ version: 3, bitWidth: 5 })
const V3W1 = getAmtLayout({ version: 3, bitWidth: 1 })
const LINK = CID.createV1(0x71, createDigest(0xb220, new Uint8Array(32).fill(7)))
const RAW_LINK = CID.createV1(0x55, createDigest(0xb220, new Uint8Array(32).fill(7)))

function errorOf(f: () => unknown): AmtError {
  try {
    f()
  } catch (e) {
    if (e instanceof AmtError) return e
    throw e
  }
  throw new Error('expected an AmtError')
}

function expectError(f: () => unknown, kind: AmtErrorKind, text: string): void {
  const e = errorOf(f)
  expect(e.kind).toBe(kind)
  expect(e.message).toContain(text)
}

const leaf = (bitmap: number[], values: Uint8Array[]): AmtNodeData => ({ bitmap: Uint8Array.from(bitmap), links: [], values })
const inner = (bitmap: number[], links: CID[]): AmtNodeData => ({ bitmap: Uint8Array.from(bitmap), links, values: [] })

describe('the layout', () => {
  it('bit i of the bitmap is bit i mod 8 of byte ⌊i/8⌋, least significant first', () => {
    // slots 0 and 9 of a width-32 leaf: bytes 01 02 00 00
    const bytes = encodeAmtNode(leaf([0x01, 0x02, 0, 0], [cborBytes('a'), cborBytes('b')]))
    expect(Buffer.from(bytes).toString('hex')).toBe('8344010200008082' + '4161' + '4162')
    expect(decodeAmtNode(bytes, V3W5, 0)).toEqual(leaf([0x01, 0x02, 0, 0], [cborBytes('a'), cborBytes('b')]))
  })

  it('bitmaps are 1 byte up to bit width 3, then 2^(bitWidth−3) bytes', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((bitWidth) => getAmtLayout({ version: 3, bitWidth }).bitmapBytes)).toEqual([1, 1, 1, 2, 4, 8, 128])
  })

  it('the highest height a root may state', () => {
    expect([V2.maxHeight, V3.maxHeight, V3W5.maxHeight, V3W1.maxHeight]).toEqual([20, 21, 12, 63])
  })

  it('roots: [height, count, node] in version 2, [bitWidth, height, count, node] in version 3', () => {
    const node = leaf([0x04], [cborBytes('foo')])
    expect(Buffer.from(encodeAmtRoot(V2, { height: 0, count: 1n, node })).toString('hex')).toBe('8300018341048081' + '43666f6f')
    expect(Buffer.from(encodeAmtRoot(V3, { height: 0, count: 1n, node })).toString('hex')).toBe('840300018341048081' + '43666f6f')
    const big = encodeAmtRoot(V3, { height: 21, count: 2n ** 64n - 1n, node: inner([0x80], [LINK]) })
    expect(decodeAmtRoot(big, V3).count).toBe(2n ** 64n - 1n)
  })
})

describe('each rule broken once', () => {
  const block = (v: unknown) => dagCbor.encode(v)

  it('malformed CBOR shapes', () => {
    expectError(() => decodeAmtNode(block([new Uint8Array([1]), []]), V3, 0), 'malformed', 'node expected an array of 3')
    expectError(() => decodeAmtNode(block({ a: 1 }), V3, 0), 'malformed', 'node expected an array of 3')
    expectError(() => decodeAmtNode(block([1, [], []]), V3, 0), 'malformed', 'bitmap expected a byte string')
    expectError(() => decodeAmtNode(block([Uint8Array.of(1), [1], []]), V3, 1), 'malformed', 'link expected tag 42')
    expectError(() => decodeAmtNode(block([Uint8Array.of(1), {}, []]), V3, 1), 'malformed', 'links expected an array')
    expectError(() => decodeAmtNode(Uint8Array.of(0x83, 0x41, 0x01, 0x80, 0x9f, 0xff), V3, 0), 'malformed', 'values expected a definite-length head')
    expectError(() => decodeAmtNode(Uint8Array.of(0x83, 0x41, 0x01, 0x80, 0x81, 0xfb, 0, 0, 0, 0, 0, 0, 0, 0), V3, 0), 'malformed', 'no floats')
    expectError(() => decodeAmtNode(new Uint8Array(0), V3, 0), 'malformed', 'the end of the block')
    expectError(() => decodeAmtRoot(block([0, 0, [Uint8Array.of(0), [], []]]), V3), 'malformed', 'root expected an array of 4')
    expectError(() => decodeAmtRoot(block([-1, 0, [Uint8Array.of(0), [], []]]), V2), 'malformed', 'height expected an unsigned integer')
  })

  it('only the shortest form of each head, and nothing after the block', () => {
    // the bitmap's length written in two bytes (0x58 0x01) instead of one
    expectError(() => decodeAmtNode(Uint8Array.of(0x83, 0x58, 0x01, 0x01, 0x80, 0x81, 0x01), V3, 0), 'malformed', 'the shortest form of its head')
    // the root's count as 0x18 0x01
    expectError(() => decodeAmtRoot(Uint8Array.of(0x83, 0x00, 0x18, 0x01, 0x83, 0x41, 0x01, 0x80, 0x81, 0x01), V2), 'malformed', 'the shortest form of its head')
    const good = encodeAmtNode(leaf([0x01], [cborBytes('a')]))
    expectError(() => decodeAmtNode(Uint8Array.from([...good, 0]), V3, 0), 'malformed', 'one item and nothing after it')
  })

  it('links and values both set', () => {
    expectError(() => decodeAmtNode(encodeAmtNode({ bitmap: Uint8Array.of(3), links: [LINK], values: [cborBytes('a')] }), V3, 1), 'layout', 'links or values, not both')
  })

  it('bitmap length wrong for the bit width', () => {
    expectError(() => decodeAmtNode(encodeAmtNode(leaf([0x01], [cborBytes('a')])), V3W5, 0), 'layout', 'bitmap expected 4 byte(s) for bit width 5, got 1')
    expectError(() => decodeAmtNode(encodeAmtNode(leaf([0x01, 0], [cborBytes('a')])), V2, 0), 'layout', 'bitmap expected 1 byte(s) for bit width 3, got 2')
  })

  it('bitmap and entries do not match', () => {
    expectError(() => decodeAmtNode(encodeAmtNode(leaf([0x03], [cborBytes('a')])), V3, 0), 'layout', 'bitmap expected 1 set bit(s), one for each value, got 2')
    expectError(() => decodeAmtNode(encodeAmtNode(inner([0x01], [LINK, LINK])), V3, 1), 'layout', 'bitmap expected 2 set bit(s), one for each link, got 1')
    expectError(() => decodeAmtNode(encodeAmtNode(leaf([0x01], [])), V3, 0), 'layout', 'bitmap expected 0 set bit(s)')
  })

  it('a bit at or past the width (filspec: go-amt-ipld ignores it)', () => {
    expectError(() => decodeAmtNode(encodeAmtNode(leaf([0x05], [cborBytes('a'), cborBytes('b')])), V3W1, 0), 'layout', 'bitmap expected bits below 2 (bit width 1), got bit 2 set')
  })

  it('values above height 0, links at height 0', () => {
    expectError(() => decodeAmtNode(encodeAmtNode(leaf([0x01], [cborBytes('a')])), V3, 1), 'layout', 'values expected only at height 0, got 1 in a node at height 1')
    expectError(() => decodeAmtNode(encodeAmtNode(inner([0x01], [LINK])), V3, 0), 'layout', 'links expected only above height 0')
  })

  it('an empty node below the root, or an empty version-3 root above height 0', () => {
    expectError(() => decodeAmtNode(encodeAmtNode(leaf([0], [])), V2, 0), 'layout', 'got an empty node at height 0')
    expectError(() => decodeAmtRoot(encodeAmtRoot(V3, { height: 2, count: 0n, node: leaf([0], []) }), V3), 'layout', 'got an empty node at height 2 (the root)')
    expect(decodeAmtRoot(encodeAmtRoot(V2, { height: 2, count: 0n, node: leaf([0], []) }), V2).height).toBe(2)
    expect(decodeAmtRoot(encodeAmtRoot(V3, { height: 0, count: 0n, node: leaf([0], []) }), V3).height).toBe(0)
  })

  it('a link to a block that is not DAG-CBOR', () => {
    expectError(() => decodeAmtNode(encodeAmtNode(inner([0x01], [RAW_LINK])), V3, 1), 'layout', 'link expected a DAG-CBOR CID (codec 0x71), got codec 0x55')
  })

  it('height too big, bit width or count wrong', () => {
    const node = inner([0x02], [LINK])
    expectError(() => decodeAmtRoot(encodeAmtRoot(V2, { height: 21, count: 1n, node }), V2), 'layout', 'height expected at most 20, got 21')
    expectError(() => decodeAmtRoot(encodeAmtRoot(V3, { height: 22, count: 1n, node }), V3), 'layout', 'height expected at most 21, got 22')
    expectError(() => decodeAmtRoot(encodeAmtRoot(V3W5, { height: 1, count: 1n, node: inner([2, 0, 0, 0], [LINK]) }), V3), 'layout', 'bit width expected 3, got 5')
    expectError(() => decodeAmtRoot(encodeAmtRoot(V3, { height: 1, count: 65n, node }), V3), 'layout', 'count expected at most 64 (what height 1 holds), got 65')
  })

  it('errors name the block', () => {
    const cid = CID.createV1(0x71, createDigest(0xb220, new Uint8Array(32)))
    const e = errorOf(() => decodeAmtNode(encodeAmtNode(leaf([0x03], [cborBytes('a')])), V3, 0, cid))
    expect(e.cid).toBe(cid)
    expect(e.message).toBe(`amt: block ${cid}: bitmap expected 1 set bit(s), one for each value, got 2`)
  })
})

// ---------------------------------------------------------------------------------------------
// Properties

const arbValue = fc.oneof(fc.integer(), fc.string(), fc.uint8Array({ maxLength: 40 }), fc.array(fc.integer(), { maxLength: 4 }), fc.constant(null)).map((v) => dagCbor.encode(v))
const arbLink = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((d) => CID.createV1(0x71, createDigest(0xb220, d)))
const arbLayout = fc.constantFrom(V2, V3, V3W5, V3W1, getAmtLayout({ version: 3, bitWidth: 4 }))

/** A node that keeps every rule: a random set of slots, links when height > 0, values at height 0. */
function arbNode(layout: AmtLayout, height: number): fc.Arbitrary<AmtNodeData> {
  return fc.uniqueArray(fc.nat({ max: layout.width - 1 }), { minLength: 1, maxLength: layout.width }).chain((slots) => {
    const bitmap = new Uint8Array(layout.bitmapBytes)
    for (const s of slots) bitmap[s >> 3]! |= 1 << (s & 7)
    const entries = height === 0 ? fc.array(arbValue, { minLength: slots.length, maxLength: slots.length }) : fc.array(arbLink, { minLength: slots.length, maxLength: slots.length })
    return entries.map((e) => (height === 0 ? { bitmap, links: [], values: e as Uint8Array[] } : { bitmap, links: e as CID[], values: [] }))
  })
}

/** Runs `f`: a value, or an AmtError; anything else fails the property. */
function valueOrAmtError<T>(f: () => T): T | AmtError {
  try {
    return f()
  } catch (e) {
    if (e instanceof AmtError) return e
    throw e
  }
}

describe('properties', () => {
  it('well-formed nodes and roots read back as they were written', () => {
    fc.assert(
      fc.property(
        arbLayout.chain((layout) => fc.tuple(fc.constant(layout), fc.nat({ max: 3 })).chain(([l, h]) => fc.tuple(fc.constant(l), fc.constant(h), arbNode(l, h)))),
        ([layout, height, node]) => {
          expect(decodeAmtNode(encodeAmtNode(node), layout, height)).toEqual(node)
          const root = { height, count: BigInt(node.values.length), node }
          expect(decodeAmtRoot(encodeAmtRoot(layout, root), layout)).toEqual(root)
        },
      ),
    )
  })

  it('garbage reads into a node or an AmtError, and what reads encodes back to the same bytes', () => {
    const arbGarbage = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      // real blocks with one byte changed, or cut short
      fc.tuple(arbLayout.chain((l) => arbNode(l, 0)), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([n, at, b]) => {
        const bytes = encodeAmtNode(n)
        bytes[at % bytes.length] = b
        return bytes
      }),
      fc.tuple(arbLayout.chain((l) => arbNode(l, 1)), fc.nat()).map(([n, cut]) => {
        const bytes = encodeAmtNode(n)
        return bytes.subarray(0, cut % bytes.length)
      }),
    )
    fc.assert(
      fc.property(arbLayout, fc.nat({ max: 3 }), arbGarbage, (layout, height, bytes) => {
        const node = valueOrAmtError(() => decodeAmtNode(bytes, layout, height))
        if (!(node instanceof AmtError)) expect(equals(encodeAmtNode(node), bytes)).toBe(true)
        const root = valueOrAmtError(() => decodeAmtRoot(bytes, layout))
        if (!(root instanceof AmtError)) expect(equals(encodeAmtRoot(layout, root), bytes)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('validateAmtValue accepts one well-formed item and nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const e = valueOrAmtError(() => validateAmtValue(bytes))
        if (e instanceof AmtError) expect(e.kind).toBe('value')
      }),
      { numRuns: 2000 },
    )
    fc.assert(fc.property(arbValue, (bytes) => validateAmtValue(bytes)))
  })
})
