import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { bool, bytes, cid, CBOR_MAX_BYTES, int64, list, nullable, string, uint64 } from '../../../src/schema/kinds.ts'
import { SchemaError } from '../../../src/schema/errors.ts'
import type { Kind } from '../../../src/schema/kind.ts'
import { arbCborValue, valueOrSchemaError } from './arbitraries.ts'

const U64_MAX = 2n ** 64n - 1n

describe('uint64 and int64', () => {
  it('read dag-cbor numbers and bigints, always returning bigint', () => {
    expect(uint64.fromCbor(5, 'x')).toBe(5n)
    expect(uint64.fromCbor(U64_MAX, 'x')).toBe(U64_MAX)
    expect(int64.fromCbor(-(2n ** 63n), 'x')).toBe(-(2n ** 63n))
  })

  it.each([
    ['uint64', uint64, -1],
    ['uint64', uint64, 2n ** 64n],
    ['uint64', uint64, 1.5],
    ['uint64', uint64, '1'],
    ['int64', int64, 2n ** 63n],
    ['int64', int64, -(2n ** 63n) - 1n],
  ] as Array<[string, Kind<bigint>, unknown]>)('%s rejects CBOR %s', (_, kind, data) => {
    expect(() => kind.fromCbor(data, 'M.Nonce')).toThrow(/^M\.Nonce: expected (u)?int64 in \[/)
  })

  it('write JSON numbers when safe and decimal strings beyond', () => {
    expect(uint64.toJson(2n ** 53n - 1n)).toBe(2 ** 53 - 1)
    expect(uint64.toJson(2n ** 53n)).toBe('9007199254740992')
    expect(int64.toJson(-(2n ** 60n))).toBe('-1152921504606846976')
    expect(uint64.fromJson('18446744073709551615', 'x')).toBe(U64_MAX)
    expect(uint64.fromJson(7, 'x')).toBe(7n)
  })

  it.each([[-1], ['-1'], ['01'], [1.5], [2 ** 53], ['18446744073709551616'], [null], ['0x10']])('uint64 rejects JSON %j', (j) => {
    expect(() => uint64.fromJson(j, 'x')).toThrow(SchemaError)
  })

  it('round-trip through CBOR and JSON', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (u, i) => {
        expect(uint64.fromCbor(uint64.toCbor(u), 'x')).toBe(u)
        expect(uint64.fromJson(uint64.toJson(u), 'x')).toBe(u)
        expect(int64.fromJson(int64.toJson(i), 'x')).toBe(i)
      }),
    )
  })
})

describe('bytes', () => {
  it('writes padded base64, and null for empty', () => {
    expect(bytes.toJson(Uint8Array.of(1))).toBe('AQ==')
    expect(bytes.toJson(new Uint8Array(0))).toBeNull()
    expect(bytes.fromJson(null, 'x')).toEqual(new Uint8Array(0))
    expect(bytes.fromJson('', 'x')).toEqual(new Uint8Array(0))
  })

  it.each([['AQ'], ['AQ='], ['AR=='], ['A==='], ['****'], [5]])('rejects non-canonical base64 %j', (j) => {
    expect(() => bytes.fromJson(j, 'M.Params')).toThrow(/^M\.Params: expected /)
  })

  it('rejects byte strings longer than cbor-gen allows', () => {
    expect(() => bytes.fromCbor(new Uint8Array(CBOR_MAX_BYTES + 1), 'x')).toThrow(SchemaError)
  })

  it('round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (b) => {
        expect(bytes.fromJson(bytes.toJson(b), 'x')).toEqual(b)
      }),
    )
  })
})

describe('string, bool, cid', () => {
  it('read their own forms and reject others', () => {
    expect(string.fromCbor('abc', 'x')).toBe('abc')
    expect(() => string.fromCbor(Uint8Array.of(1), 'x')).toThrow(SchemaError)
    expect(bool.fromJson(true, 'x')).toBe(true)
    expect(() => bool.fromCbor(0, 'x')).toThrow(SchemaError)
  })

  it('writes a CID as {"/": string} and reads it back', () => {
    const c = CID.parse('bafy2bzaceduq6pnkpz7xhs6d24epnu47hjpn3oucoq3xnkc4g5b7hgcdw4now')
    expect(cid.toJson(c)).toEqual({ '/': 'bafy2bzaceduq6pnkpz7xhs6d24epnu47hjpn3oucoq3xnkc4g5b7hgcdw4now' })
    expect(cid.fromJson(cid.toJson(c), 'x').equals(c)).toBe(true)
    expect(() => cid.fromJson({ '/': 'not a cid' }, 'B.Parents[0]')).toThrow(/^B\.Parents\[0\]\["\/"\]: expected CID string/)
    expect(() => cid.fromCbor(c.bytes, 'x')).toThrow(SchemaError)
  })
})

describe('list and nullable', () => {
  const cids = list(cid)
  it('names nested paths by index', () => {
    const c = CID.parse('bafy2bzaceduq6pnkpz7xhs6d24epnu47hjpn3oucoq3xnkc4g5b7hgcdw4now')
    expect(() => cids.fromCbor([c, 5], 'B.Parents')).toThrow(/^B\.Parents\[1\]: expected CID/)
  })

  it('writes an empty list as null and reads null or [] as empty', () => {
    expect(cids.toJson([])).toBeNull()
    expect(cids.fromJson(null, 'x')).toEqual([])
    expect(cids.fromJson([], 'x')).toEqual([])
  })

  it('rejects lists longer than the bound', () => {
    expect(() => list(bool, 2).fromCbor([true, true, true], 'x')).toThrow(/expected array of at most 2 items/)
  })

  it('nullable reads null as absent in both forms', () => {
    const n = nullable(uint64)
    expect(n.fromCbor(null, 'x')).toBeNull()
    expect(n.fromJson(null, 'x')).toBeNull()
    expect(n.fromCbor(3, 'x')).toBe(3n)
    expect(n.name).toBe('nullable<uint64>')
  })
})

describe('every kind reads garbage into a value or a SchemaError', () => {
  const kinds: Array<Kind<unknown>> = [uint64, int64, bytes, string, bool, cid, list(uint64), nullable(bytes)]
  it.each(kinds.map((k) => [k.name, k] as const))('%s', (_, kind) => {
    fc.assert(
      fc.property(arbCborValue, fc.jsonValue(), (data, json) => {
        valueOrSchemaError(() => kind.fromCbor(data, 'x'))
        valueOrSchemaError(() => kind.fromJson(json, 'x'))
      }),
    )
  })
})
