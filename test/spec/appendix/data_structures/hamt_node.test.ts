// A node's block, encoded and decoded on its own: every node written reads back the same, every
// block read writes back the same bytes (so a block that loads keeps its CID), and garbage, random
// or a valid block damaged, gives a node or a HamtError and nothing else.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as dagCbor from '@ipld/dag-cbor'
import { computeCborCid } from '../../../../src/schema/struct.ts'
import {
  compareBytes,
  createHamtNode,
  decodeHamtNode,
  encodeHamtNode,
  HamtError,
  MAX_BUCKET_SIZE,
  type HamtEntry,
  type HamtNode,
  type HamtVersion,
  validateHamtValue,
} from '../../../../spec/appendix/data_structures/hamt_node.ts'
import { VERSIONS } from './hamt_fixtures.ts'

const arbVersion = fc.constantFrom(...VERSIONS)
const arbBitWidth = fc.integer({ min: 1, max: 8 })

/** A value as a HAMT stores it: one encoded DAG-CBOR item. */
const arbValue = fc
  .oneof(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n - 1n }), fc.string(), fc.uint8Array({ maxLength: 40 }), fc.array(fc.integer()), fc.constantFrom(null, true, false))
  .map((v) => dagCbor.encode(v))

/** A node of `bitWidth` with random slots: buckets of 1–3 distinct keys (sorted), or links. */
function arbNode(bitWidth: number): fc.Arbitrary<HamtNode> {
  const arbBucket = fc.uniqueArray(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: MAX_BUCKET_SIZE, selector: (k) => Buffer.from(k).toString('hex') }).chain((keys) =>
    fc.tuple(...keys.sort(compareBytes).map((key) => arbValue.map((value): HamtEntry => ({ key, value })))),
  )
  const arbPointer = fc.oneof(
    arbBucket.map((entries) => ({ kind: 'bucket' as const, entries })),
    fc.uint8Array({ maxLength: 10 }).map((b) => ({ kind: 'link' as const, cid: computeCborCid(b), node: undefined, dirty: false })),
  )
  return fc.array(fc.option(arbPointer, { nil: undefined, freq: 2 }), { minLength: 1 << bitWidth, maxLength: 1 << bitWidth }).map((slots) => {
    const node = createHamtNode(bitWidth)
    slots.forEach((p, i) => (node.slots[i] = p))
    return node
  })
}

const arbNodeCase = fc.tuple(arbVersion, arbBitWidth).chain(([version, bitWidth]) => arbNode(bitWidth).map((node) => ({ version, bitWidth, node })))

/** Decodes, and when the block is taken, checks it encodes back to itself; anything but a HamtError fails. */
function decodeOrRefuse(bytes: Uint8Array, bitWidth: number, version: HamtVersion): boolean {
  try {
    const node = decodeHamtNode(bytes, bitWidth, version)
    expect(encodeHamtNode(node, version)).toEqual(bytes)
    return true
  } catch (e) {
    if (e instanceof HamtError) return false
    throw e
  }
}

describe('node blocks', () => {
  it('every node encodes and decodes back to the same node and bytes', () => {
    fc.assert(
      fc.property(arbNodeCase, ({ version, bitWidth, node }) => {
        const bytes = encodeHamtNode(node, version)
        const again = decodeHamtNode(bytes, bitWidth, version)
        expect(again.slots.map((p) => p?.kind)).toEqual(node.slots.map((p) => p?.kind))
        expect(encodeHamtNode(again, version)).toEqual(bytes)
      }),
    )
  })

  it('the same node is one block in v0 and v2, and another in v3 unless it has no pointer', () => {
    fc.assert(
      fc.property(arbBitWidth.chain(arbNode), (node) => {
        expect(encodeHamtNode(node, 'v0')).toEqual(encodeHamtNode(node, 'v2'))
        const empty = node.slots.every((p) => p === undefined)
        expect(encodeHamtNode(node, 'v3').length === encodeHamtNode(node, 'v2').length).toBe(empty)
      }),
    )
  })

  it('random bytes decode to a node that re-encodes to them, or to a HamtError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), arbBitWidth, arbVersion, (bytes, bitWidth, version) => void decodeOrRefuse(bytes, bitWidth, version)), { numRuns: 1000 })
  })

  it('a damaged node decodes to a node that re-encodes to it, or to a HamtError', () => {
    const arbDamage = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete', 'truncate'))
    let refused = 0
    fc.assert(
      fc.property(arbNodeCase, arbDamage, ({ version, bitWidth, node }, [at, byte, how]) => {
        const bytes = encodeHamtNode(node, version)
        const i = at % bytes.length
        const damaged =
          how === 'set' ? Uint8Array.from(bytes, (b, j) => (j === i ? byte : b))
          : how === 'insert' ? Uint8Array.from([...bytes.subarray(0, i), byte, ...bytes.subarray(i)])
          : how === 'delete' ? Uint8Array.from([...bytes.subarray(0, i), ...bytes.subarray(i + 1)])
          : bytes.subarray(0, i)
        if (!decodeOrRefuse(damaged, bitWidth, version)) refused++
      }),
      { numRuns: 500 },
    )
    expect(refused).toBeGreaterThan(100)
  })

  it('validateHamtValue takes one well-formed item and refuses anything else with a HamtError', () => {
    fc.assert(fc.property(arbValue, (v) => void validateHamtValue(v)))
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          validateHamtValue(bytes)
        } catch (e) {
          if (!(e instanceof HamtError)) throw e
        }
      }),
    )
    for (const bad of [[], [0x01, 0x02], [0xf9, 0x3c, 0x00], [0xc1, 0x00], [0x5f, 0xff], [0xa1, 0x01, 0x02], [0x18, 0x01]]) {
      expect(() => validateHamtValue(Uint8Array.from(bad)), `0x${Buffer.from(bad).toString('hex')}`).toThrow(HamtError)
    }
  })

  it('a value that is well formed but not canonical DAG-CBOR is kept as it is (its reader judges it)', () => {
    // A map with its keys out of DAG-CBOR order, and a text string that is not UTF-8.
    for (const value of [Uint8Array.of(0xa2, 0x61, 0x62, 0x01, 0x61, 0x61, 0x02), Uint8Array.of(0x62, 0xc3, 0x28)]) {
      validateHamtValue(value)
      const node = createHamtNode(5)
      node.slots[3] = { kind: 'bucket', entries: [{ key: Uint8Array.of(1), value }] }
      const bytes = encodeHamtNode(node, 'v3')
      expect(encodeHamtNode(decodeHamtNode(bytes, 5, 'v3'), 'v3')).toEqual(bytes)
    }
  })

  it('errors name the block and the byte', () => {
    const cid = computeCborCid(Uint8Array.of(1))
    expect(() => decodeHamtNode(Uint8Array.of(0x82, 0x41, 0x01, 0x81, 0xf6), 5, 'v3', cid)).toThrow(`hamt: node ${cid}: pointer expected a link (tag 42) or a bucket (an array), got major type 7 at byte 4`)
    expect(() => decodeHamtNode(Uint8Array.of(0x82, 0x41, 0x01, 0x80), 5, 'v3', cid)).toThrow(`hamt: node ${cid}: pointers expected 1 (the bitfield's set bits), got 0`)
    expect(() => decodeHamtNode(Uint8Array.of(0x82, 0x42, 0x01, 0x00, 0x80), 3, 'v0', cid)).toThrow('bitfield expected at most 1 bytes (bit width 3), got 2')
  })
})
