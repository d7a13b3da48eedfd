import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { fromHex, toHex } from 'multiformats/bytes'
import { decodeCbor } from '../../../../spec/libraries/ipld/dag_cbor.ts'
import { DIAGNOSTIC_LINE_WIDTH, formatCbor } from '../../../../spec/libraries/ipld/diagnostic.ts'
import { arbCborValue } from '../../../src/schema/arbitraries.ts'

describe('formatCbor', () => {
  // RFC 8949 appendix A gives these items with their diagnostic notation.
  it.each<[string, string]>([
    ['00', '0'],
    ['1bffffffffffffffff', '18446744073709551615'],
    ['3bffffffffffffffff', '-18446744073709551616'],
    ['20', '-1'],
    ['f4', 'false'],
    ['f5', 'true'],
    ['f6', 'null'],
    ['40', "h''"],
    ['4401020304', "h'01020304'"],
    ['60', '""'],
    ['6449455446', '"IETF"'],
    ['62225c', '"\\"\\\\"'],
    ['80', '[]'],
    ['83010203', '[1, 2, 3]'],
    ['8301820203820405', '[1, [2, 3], [4, 5]]'],
    ['a0', '{}'],
    ['a26161016162820203', '{"a": 1, "b": [2, 3]}'],
  ])('RFC 8949 appendix A: %s is %s', (hex, text) => {
    expect(formatCbor(decodeCbor(fromHex(hex)))).toBe(text)
  })

  it('writes a link as tag 42 of its bytes, with the CID string in a comment', () => {
    const text = 'bafy2bzacecnamqgqmifpluoeldx7zzglxcljo6oja4vrmtj7432rphldpdmm2'
    const cid = CID.parse(text)
    expect(formatCbor(decodeCbor(dagCbor.encode({ Genesis: cid })))).toBe(`{\n  "Genesis": 42(h'00${toHex(cid.bytes)}') /${text}/\n}`)
    expect(formatCbor(decodeCbor(dagCbor.encode(cid)))).toMatch(/^42\(h'000171a0e40220[0-9a-f]{64}'\) \/bafy2bzace/)
  })

  it('writes every item decodeCbor reads, garbage that happens to decode included', () => {
    // Maps of short text to short text, encoded by hand (@ipld/dag-cbor's encoder itself takes
    // {"/": x, "bytes": x} for a CID), keys that JavaScript objects treat specially included.
    const text = (s: string) => [0x60 + s.length, ...new TextEncoder().encode(s)]
    const keys = fc.uniqueArray(fc.constantFrom('/', 'a', 'bytes', 'asCID', '__proto__', 'constructor'), { maxLength: 6 })
    const arbMap = fc.tuple(keys, fc.constantFrom('', 'a', 'b')).map(([ks, value]) => {
      const sorted = [...ks].sort((x, y) => x.length - y.length || (x < y ? -1 : 1))
      return Uint8Array.from([0xa0 + sorted.length, ...sorted.flatMap((k) => [...text(k), ...text(value)])])
    })
    const arb = fc.oneof(fc.uint8Array({ maxLength: 30 }), arbMap)
    fc.assert(
      fc.property(arb, (bytes) => {
        let value
        try {
          value = decodeCbor(bytes)
        } catch {
          return
        }
        expect(typeof formatCbor(value)).toBe('string')
      }),
    )
  })

  it('writes a map that looks like a legacy CID object as a map', () => {
    // {"/": "a", "bytes": "a"}: multiformats' CID.asCID would take it for a CID.
    expect(formatCbor(decodeCbor(fromHex('a2612f61616562797465736161')))).toBe('{"/": "a", "bytes": "a"}')
  })

  it(`splits a container over lines when it is wider than ${DIAGNOSTIC_LINE_WIDTH} characters`, () => {
    // Zondax signed_message.json's unsigned message (external-vectors.md §2a).
    const message = decodeCbor(fromHex('8a005501fd1d0f4dfcd7e99afcb99a8326b7dc459d32c62855011eaf1c8a4bbfeeb0870b1745b1f57503470b71160144000186a01961a84200014200010040'))
    expect(formatCbor(message)).toBe(
      [
        '[',
        '  0,',
        "  h'01fd1d0f4dfcd7e99afcb99a8326b7dc459d32c628',",
        "  h'011eaf1c8a4bbfeeb0870b1745b1f57503470b7116',",
        '  1,',
        "  h'000186a0',",
        '  25000,',
        "  h'0001',",
        "  h'0001',",
        '  0,',
        "  h''",
        ']',
      ].join('\n'),
    )
  })

  it('keeps every line within the width unless it holds a single wider item', () => {
    fc.assert(
      fc.property(arbCborValue, (v) => {
        let value
        try {
          value = decodeCbor(dagCbor.encode(v))
        } catch {
          return // a float: not Filecoin data, and not read
        }
        for (const line of formatCbor(value).split('\n')) {
          if (line.length <= DIAGNOSTIC_LINE_WIDTH) continue
          const item = line.trim().replace(/^"(?:[^"\\]|\\.)*": /, '').replace(/,$/, '')
          expect(item.length > 1 && /^[[{]/.test(item) && /[\]}]$/.test(item)).toBe(false)
        }
      }),
    )
  })
})
