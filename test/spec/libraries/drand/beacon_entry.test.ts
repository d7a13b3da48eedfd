import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as dagCbor from '@ipld/dag-cbor'
import { fromHex, toHex } from 'multiformats/bytes'
import { BeaconEntry } from '../../../../spec/libraries/drand/beacon_entry.ts'
import { arbCborValue, valueOrSchemaError } from '../../../src/schema/arbitraries.ts'

// Real entries. The CBOR hex was written by hand from the CBOR rules (array(2), uint, bytes), not by filspec.
const VECTORS = [
  {
    // ChainSafe/forest scripts/tests/test_data/calibnet_block_3000.json (commit 59ff9a45): BeaconEntries[0]
    id: 'calibnet block 3000 (drand mainnet round 2399511)',
    json: { Round: 2399511, Data: 'gnEZiH4il5dkAhPmjF9s5xNYnFuLHnhSD2h+VnAh6j2PmNxZQKYqglWxAjr1TrUBEWvXCHqJX8Mlq0cHTQlGSMsyuvDiWVr7QBS7ianOvs5iZXbkq1MwSdySq6eBTkuo' },
    cborHex:
      '821a00249d175860827119887e229797640213e68c5f6ce713589c5b8b1e78520f687e567021ea3d8f98dc5940a62a8255b1023af54eb501116bd7087a895fc325ab47074d094648cb32baf0e2595afb4014bb89a9cebece626576e4ab533049dc92aba7814e4ba8',
  },
  {
    // the mainnet genesis block's entry: round 0, 32 zero bytes (shared/reference/external-vectors.md §6,
    // decoded from forest src/networks/mainnet/genesis.car)
    id: 'mainnet genesis (round 0)',
    json: { Round: 0, Data: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
    cborHex: '820058200000000000000000000000000000000000000000000000000000000000000000',
  },
]

describe('BeaconEntry vectors', () => {
  it.each(VECTORS.map((v) => [v.id, v] as const))('%s', (_, v) => {
    const entry = BeaconEntry.fromJson(v.json)
    expect(toHex(BeaconEntry.encode(entry))).toBe(v.cborHex)
    expect(BeaconEntry.decode(fromHex(v.cborHex))).toEqual(entry)
    expect(BeaconEntry.toJson(entry)).toEqual(v.json)
  })
})

describe('BeaconEntry properties', () => {
  const arbEntry = fc.record({ Round: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), Data: fc.uint8Array({ maxLength: 100 }) })

  it('round-trips through CBOR and Lotus JSON', () => {
    fc.assert(
      fc.property(arbEntry, (e) => {
        expect(BeaconEntry.decode(BeaconEntry.encode(e))).toEqual(e)
        expect(BeaconEntry.fromJson(JSON.parse(JSON.stringify(BeaconEntry.toJson(e))))).toEqual(e)
      }),
    )
  })

  it('decodes garbage only into entries or SchemaError', () => {
    const arbPair = fc.tuple(arbCborValue, arbCborValue)
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array(), arbCborValue.map((v) => dagCbor.encode(v)), arbPair.map((t) => dagCbor.encode(t))), (raw) => {
        valueOrSchemaError(() => BeaconEntry.decode(raw))
      }),
    )
  })

  it('reads garbage JSON only into entries or SchemaError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.record({ Round: fc.jsonValue(), Data: fc.jsonValue() }), (a, b) => {
        valueOrSchemaError(() => BeaconEntry.fromJson(a))
        valueOrSchemaError(() => BeaconEntry.fromJson(b))
      }),
    )
  })

  it('rejects a negative, fractional or text round and text data', () => {
    expect(() => BeaconEntry.decode(fromHex('822040'))).toThrow(/BeaconEntry.Round/)
    expect(() => BeaconEntry.decode(dagCbor.encode([1.5, new Uint8Array()]))).toThrow(/BeaconEntry.Round/)
    expect(() => BeaconEntry.decode(dagCbor.encode(['1', new Uint8Array()]))).toThrow(/BeaconEntry.Round/)
    expect(() => BeaconEntry.decode(dagCbor.encode([1, 'data']))).toThrow(/BeaconEntry.Data/)
  })
})
