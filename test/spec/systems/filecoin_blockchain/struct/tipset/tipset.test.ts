import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { fromHex, toHex } from 'multiformats/bytes'
import { BlockHeader, computeBlockCid } from '../../../../../../spec/systems/filecoin_blockchain/struct/block/block.ts'
import {
  TipSet,
  TipSetError,
  compareTickets,
  computeTipSetKeyCid,
  decodeTipSetKey,
  encodeTipSetKey,
  getMinTicketBlock,
  getTipSetParents,
  newTipSet,
  tipSetKey,
  validateTipSet,
} from '../../../../../../spec/systems/filecoin_blockchain/struct/tipset/tipset.ts'
import { newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { computeCborCid } from '../../../../../../src/schema/struct.ts'
import { SchemaError } from '../../../../../../src/schema/errors.ts'
import { arbCborValue, arbCid, valueOrSchemaError } from '../../../../../src/schema/arbitraries.ts'
import { arbBlockHeader } from '../block/block_arbitraries.ts'

// lotus chain/types/tipset_key_test.go values (tipset_vectors.json names the commit).
const Keys = z.object({
  inputs: z.array(z.string()),
  cids: z.array(z.string()),
  keyCids: z.object({ empty: z.string(), c1: z.string(), c1c2c3: z.string() }),
  json: z.object({ empty: z.string(), c1c2c3: z.string() }),
})
const keys = Keys.parse(JSON.parse(readFileSync(new URL('./tipset_vectors.json', import.meta.url), 'utf8')))
const [c1, c2, c3] = keys.inputs.map((s) => computeCborCid(new TextEncoder().encode(s))) as [CID, CID, CID]

// Real headers: filecoin-project/serialization-vectors block_headers.json (see ../block/block_vectors.json).
const BlockFile = z.object({ serializationVectors: z.object({ vectors: z.array(z.object({ cbor_hex: z.string(), cid: z.string() })) }) })
const real = BlockFile.parse(JSON.parse(readFileSync(new URL('../block/block_vectors.json', import.meta.url), 'utf8'))).serializationVectors.vectors.map((v) =>
  BlockHeader.decode(fromHex(v.cbor_hex)),
)
const [h1, h2, h3, h4, h5] = real as [BlockHeader, BlockHeader, BlockHeader, BlockHeader, BlockHeader]

describe('TipSetKey: lotus TestTipSetKey', () => {
  it('builds c1, c2, c3 as the test does', () => {
    expect([c1, c2, c3].map(String)).toEqual(keys.cids)
  })

  it('derived CID: empty, {c1}, {c1, c2, c3}', () => {
    expect(computeTipSetKeyCid([]).toString()).toBe(keys.keyCids.empty)
    expect(computeTipSetKeyCid([c1]).toString()).toBe(keys.keyCids.c1)
    expect(computeTipSetKeyCid([c1, c2, c3]).toString()).toBe(keys.keyCids.c1c2c3)
  })

  it('JSON: a list of CIDs, [] when empty', () => {
    expect(JSON.stringify(tipSetKey.toJson([]))).toBe(keys.json.empty)
    expect(JSON.stringify(tipSetKey.toJson([c1, c2, c3]))).toBe(keys.json.c1c2c3)
    expect(tipSetKey.fromJson(JSON.parse(keys.json.c1c2c3), 'k').map(String)).toEqual(keys.cids)
    expect(tipSetKey.fromJson(null, 'k')).toEqual([])
  })

  it('encoding: bytes round-trip, duplicates and order kept; a key missing its first byte is an error', () => {
    for (const k of [[], [c1], [c1, c2, c3], [c1, c1], [c2, c1]]) expect(decodeTipSetKey(encodeTipSetKey(k))).toEqual(k)
    expect(toHex(encodeTipSetKey([c1, c2]))).toBe(toHex(c1.bytes) + toHex(c2.bytes))
    expect(() => decodeTipSetKey(encodeTipSetKey([c1]).subarray(1))).toThrow(SchemaError)
  })

  it('CBOR: one byte string of the key bytes', () => {
    const cbor = dagCbor.encode(tipSetKey.toCbor([c1, c2, c3]))
    // three 38-byte CIDs: a byte string of 114 = 0x72 bytes (header 0x58 0x72)
    expect(toHex(cbor)).toBe(`5872${toHex(encodeTipSetKey([c1, c2, c3]))}`)
    expect(tipSetKey.fromCbor(dagCbor.decode(cbor), 'k')).toEqual([c1, c2, c3])
    expect(() => tipSetKey.fromCbor([c1], 'k')).toThrow(/^k: expected byte string/)
  })

  it('decodes arbitrary bytes only into keys that encode back to them, or SchemaError; keys round-trip', () => {
    const arbNearKey = fc.tuple(fc.array(arbCid, { minLength: 1, maxLength: 3 }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([k, at, byte]) => {
      const raw = encodeTipSetKey(k)
      raw[at % raw.length] = byte
      return raw
    })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }), arbNearKey), (raw) => {
        const key = valueOrSchemaError(() => decodeTipSetKey(raw))
        if (!(key instanceof SchemaError)) expect(toHex(encodeTipSetKey(key))).toBe(toHex(raw))
      }),
    )
    // CIDv1 with its version varint spelled in two bytes (0x81 0x00): the same CID in other bytes, refused.
    expect(() => decodeTipSetKey(Uint8Array.from([0x81, 0x00, ...c1.bytes.subarray(1)]))).toThrow(SchemaError)
    fc.assert(
      fc.property(arbCborValue, (v) => {
        valueOrSchemaError(() => tipSetKey.fromCbor(v, 'k'))
      }),
    )
    fc.assert(
      fc.property(fc.array(arbCid, { maxLength: 6 }), (k) => {
        expect(decodeTipSetKey(encodeTipSetKey(k))).toEqual(k)
      }),
    )
  })
})

/** A real header moved to another miner and ticket, keeping height and parents. */
const sibling = (base: BlockHeader, id: bigint, ticketFrom: BlockHeader): BlockHeader => ({ ...base, Miner: newIdAddress(id), Ticket: ticketFrom.Ticket })

describe('newTipSet (Lotus types.NewTipSet)', () => {
  it.each(real.map((h, i) => [`block_headers[${i}]`, h] as const))('one real header %s is a tipset keyed by its CID', (_, h) => {
    const ts = newTipSet([h])
    expect(ts.Cids).toEqual([computeBlockCid(h)])
    expect(ts.Height).toBe(h.Height)
    expect(getTipSetParents(ts)).toEqual(h.Parents)
    expect(getMinTicketBlock(ts)).toBe(h)
  })

  // Ticket digests, blake2b-256 of each header's VRFProof, computed with Python hashlib [derived]:
  // h1 3ee19ce9…, h2 6f14cc8f…, h3 87158e34…, h5 88266c44…, h4 cd38aa41…. Raw VRFProof bytes order
  // differently (h1 82cb…, h2 8a1d…, h3 971c…, h4 a248…, h5 a287…), which separates the two rules.
  it('sorts real tickets by the blake2b-256 of the VRF proof, not by the proof bytes', () => {
    const blocks = [sibling(h2, 1004n, h4), sibling(h2, 1001n, h1), sibling(h2, 1005n, h5), h2, sibling(h2, 1003n, h3)]
    const ts = newTipSet(blocks)
    expect(ts.Blocks.map((b) => b.Ticket)).toEqual([h1, h2, h3, h5, h4].map((h) => h.Ticket))
    expect(ts.Cids).toEqual(ts.Blocks.map(computeBlockCid))
    expect(getMinTicketBlock(ts).Miner).toEqual(newIdAddress(1001n))
    expect(compareTickets(h5.Ticket!, h4.Ticket!)).toBeLessThan(0)
  })

  it('breaks a tie between equal tickets by CID bytes', () => {
    const blocks = [1n, 2n, 3n, 4n].map((id) => sibling(h3, 2000n + id, h3))
    const byCidBytes = [...blocks].sort((a, b) => (toHex(computeBlockCid(a).bytes) < toHex(computeBlockCid(b).bytes) ? -1 : 1))
    expect(newTipSet(blocks).Blocks).toEqual(byCidBytes)
    expect(newTipSet([...blocks].reverse()).Blocks).toEqual(byCidBytes)
  })

  it('gives the same tipset for every order of its blocks', () => {
    const blocks = [sibling(h2, 1004n, h4), sibling(h2, 1001n, h1), h2, sibling(h2, 1003n, h3)]
    fc.assert(
      fc.property(fc.shuffledSubarray(blocks, { minLength: 4, maxLength: 4 }), (order) => {
        expect(newTipSet(order)).toEqual(newTipSet(blocks))
      }),
    )
  })

  it('rejects no blocks', () => {
    expect(() => newTipSet([])).toThrow(expect.objectContaining({ rule: 'empty' }))
  })

  it('rejects a block without a ticket, naming it', () => {
    const noTicket = { ...h3, Ticket: null }
    const err = (() => {
      try {
        newTipSet([h2, noTicket])
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(TipSetError)
    expect(err).toMatchObject({ rule: 'ticket', block: computeBlockCid(noTicket) })
  })

  it('rejects real headers of different heights (block_headers[1] height 2, [2] height 3)', () => {
    expect(() => newTipSet([h2, h3])).toThrow(expect.objectContaining({ rule: 'height' }))
    expect(() => newTipSet([h2, h3])).toThrow(/^tipset: height of block bafy2bzace\w+ expected \d, got \dn$/)
  })

  it('rejects different parents: other CIDs, another count, the same CIDs in another order', () => {
    expect(() => newTipSet([h2, { ...sibling(h5, 9n, h1), Height: h2.Height }])).toThrow(expect.objectContaining({ rule: 'parents' }))
    expect(() => newTipSet([h2, { ...sibling(h2, 9n, h1), Parents: h2.Parents.slice(1) }])).toThrow(/^tipset: parents of block \w+ expected [12] parents, got "[12] parents"$/)
    expect(() => newTipSet([h2, { ...sibling(h2, 9n, h1), Parents: [...h2.Parents].reverse() }])).toThrow(expect.objectContaining({ rule: 'parents' }))
  })

  it('accepts what Lotus accepts: different weights, state roots and one miner twice (validateTipSet rejects them)', () => {
    const ts = newTipSet([h2, { ...sibling(h2, 1000n, h1), ParentWeight: 1n, ParentStateRoot: h1.ParentStateRoot }])
    expect(ts.Blocks).toHaveLength(2)
    expect(() => validateTipSet(ts)).toThrow(TipSetError)
  })

  it('returns a TipSet or a TipSetError for any headers', () => {
    fc.assert(
      fc.property(fc.array(arbBlockHeader, { maxLength: 4 }), (headers) => {
        try {
          const ts = newTipSet(headers)
          expect(ts.Blocks).toHaveLength(headers.length)
        } catch (e) {
          expect(e).toBeInstanceOf(TipSetError)
        }
      }),
      { numRuns: 100 },
    )
  })
})

describe('validateTipSet (the section rules beyond NewTipSet)', () => {
  const base = newTipSet([h2, sibling(h2, 1001n, h1), sibling(h2, 1003n, h3)])

  it('accepts blocks that agree on every parent field, from distinct miners', () => {
    expect(() => validateTipSet(base)).not.toThrow()
    for (const h of real) expect(() => validateTipSet(newTipSet([h]))).not.toThrow()
  })

  it.each([
    ['parentWeight', { ParentWeight: h2.ParentWeight + 1n }],
    ['parentStateRoot', { ParentStateRoot: h1.ParentStateRoot }],
    ['parentMessageReceipts', { ParentMessageReceipts: h1.ParentMessageReceipts }],
    ['miner', { Miner: h2.Miner }],
  ] as const)('rejects a block that differs in %s', (rule, change) => {
    const ts = newTipSet([h2, { ...sibling(h2, 1001n, h1), ...change }])
    expect(() => validateTipSet(ts)).toThrow(expect.objectContaining({ rule }))
  })
})

describe('TipSet (Lotus ExpTipSet) JSON and CBOR', () => {
  const ts = newTipSet([h2, sibling(h2, 1001n, h1)])

  it('round-trips, and newTipSet over the decoded blocks gives it back', () => {
    const json = JSON.parse(JSON.stringify(TipSet.toJson(ts)))
    expect(Object.keys(json)).toEqual(['Cids', 'Blocks', 'Height'])
    expect(json.Cids).toEqual(ts.Cids.map((c) => ({ '/': c.toString() })))
    expect(newTipSet(TipSet.fromJson(json).Blocks)).toEqual(ts)
    expect(TipSet.decode(TipSet.encode(ts))).toEqual(ts)
  })

  it('decodes garbage only into values or SchemaError', () => {
    fc.assert(
      fc.property(arbCborValue, (v) => {
        valueOrSchemaError(() => TipSet.decode(dagCbor.encode(v)))
      }),
    )
  })
})
