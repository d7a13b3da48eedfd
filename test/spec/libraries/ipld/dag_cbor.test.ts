import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { equals, fromHex } from 'multiformats/bytes'
import { sha256 } from '@noble/hashes/sha2.js'
import { MAX_CBOR_DEPTH } from '../../../../spec/libraries/ipld/cbor_head.ts'
import { CborError, decodeCbor, type CborValue } from '../../../../spec/libraries/ipld/dag_cbor.ts'
import { SchemaError } from '../../../../src/schema/errors.ts'
import { arbCid, valueOrSchemaError } from '../../../src/schema/arbitraries.ts'

function errorOf(hex: string): CborError {
  try {
    decodeCbor(fromHex(hex))
  } catch (e) {
    if (e instanceof CborError) return e
    throw e
  }
  throw new Error(`expected a CborError for ${hex}, got a value`)
}

describe('real blocks', () => {
  // Zondax filecoin-signing-tools test_vectors/signed_message.json (external-vectors.md §2a).
  it('Zondax signed_message.json: the unsigned message', () => {
    const v = decodeCbor(fromHex('8a005501fd1d0f4dfcd7e99afcb99a8326b7dc459d32c62855011eaf1c8a4bbfeeb0870b1745b1f57503470b71160144000186a01961a84200014200010040'))
    expect(v).toEqual([0n, fromHex('01fd1d0f4dfcd7e99afcb99a8326b7dc459d32c628'), fromHex('011eaf1c8a4bbfeeb0870b1745b1f57503470b7116'), 1n, fromHex('000186a0'), 25000n, fromHex('0001'), fromHex('0001'), 0n, new Uint8Array(0)])
  })

  // lotus chain/gen/genesis/genblock.go genesisBlockHex: the 2017 "Filecoin" block every genesis
  // lists as its parent. Its CID (sha2-256) is of these exact bytes, whose map keys are not in
  // DAG-CBOR order; Lotus stores the block and never decodes it. It is the one non-canonical
  // block in Filecoin's chain, so the strict reader refuses it, naming the key and its byte.
  const GENESIS_PARENT =
    'a5684461746574696d6573323031372d30352d30352030313a32373a3531674e6574776f726b6846696c65636f696e65546f6b656e6846696c65636f696e6c546f6b656e416d6f756e7473a36b546f74616c537570706c796d322c3030302c3030302c303030664d696e6572736d312c3430302c3030302c3030306c50726f746f636f6c4c616273a36b446576656c6f706d656e746b3330302c3030302c3030306b46756e6472616973696e676b3230302c3030302c3030306a466f756e646174696f6e6b3130302c3030302c303030674d657373616765784854686973206973207468652047656e6573697320426c6f636b206f66207468652046696c65636f696e20446563656e7472616c697a65642053746f72616765204e6574776f726b2e'
  it('lotus genblock.go: the genesis parent block is refused for its key order', () => {
    const bytes = fromHex(GENESIS_PARENT)
    // genblock.go genesisMultihashString: the block's sha2-256 multihash, as in bafyreiaqpw….
    expect(Buffer.from(sha256(bytes)).toString('hex')).toBe('107d821c25dc0735200249df94a8bebc9c8e489744f86a4ca8919e81f19dcd72')
    expect(CID.parse('bafyreiaqpwbbyjo4a42saasj36kkrpv4tsherf2e7bvezkert2a7dhonoi').multihash.digest).toEqual(sha256(bytes))
    const e = errorOf(GENESIS_PARENT)
    expect(e.offset).toBe(30)
    expect(e.message).toBe('cbor: map key expected keys sorted shortest first, then bytewise, got "Network" at byte 30')
  })
})

describe('strictness', () => {
  // Each rule of DAG-CBOR that Filecoin keeps, broken once: the input, the byte and the item named.
  it.each<[string, number, string, RegExp]>([
    ['1817', 0, 'head', /shortest encoding/],
    ['190017', 0, 'head', /shortest encoding/],
    ['1a0000ffff', 0, 'head', /shortest encoding/],
    ['1b00000000ffffffff', 0, 'head', /shortest encoding/],
    ['5801ff', 0, 'head', /shortest encoding/],
    ['9800', 0, 'head', /shortest encoding/],
    ['d9002a4100', 0, 'head', /shortest encoding/],
    ['5f41ff', 0, 'length', /definite/],
    ['7f6161ff', 0, 'length', /definite/],
    ['9f01ff', 0, 'length', /definite/],
    ['bf616101ff', 0, 'length', /definite/],
    ['ff', 0, 'item', /no break/],
    ['f93c00', 0, 'item', /no floats/],
    ['fa3f800000', 0, 'item', /no floats/],
    ['fb3ff0000000000000', 0, 'item', /no floats/],
    ['8201fb3ff0000000000000', 2, 'item', /no floats/],
    ['f7', 0, 'simple value', /false, true or null/],
    ['f0', 0, 'simple value', /false, true or null/],
    ['f818', 0, 'simple value', /false, true or null/],
    ['1c', 0, 'head', /reserved/],
    ['c001', 0, 'tag', /only 42/],
    ['c249010000000000000000', 0, 'tag', /only 42/],
    ['d82a01', 2, 'link', /a byte string after tag 42/],
    ['d82a4100', 0, 'link', /well-formed CID/],
    [`d82a582401711220${'00'.repeat(32)}`, 2, 'link', /0x00 multibase prefix/],
    ['a10101', 1, 'map key', /a text string/],
    ['a2616201616101', 4, 'map key', /sorted/],
    ['a2616101616102', 4, 'map key', /no duplicate/],
    ['a2626161016162', 5, 'map key', /sorted/],
    ['62c328', 0, 'text string', /valid UTF-8/],
    ['62c080', 0, 'text string', /valid UTF-8/],
    ['63eda080', 0, 'text string', /valid UTF-8/],
    ['0000', 1, 'input', /nothing after it/],
    ['', 0, 'item', /a data item/],
    ['4201', 0, 'byte string', /2 bytes/],
    ['19ff', 0, 'head', /2 argument bytes/],
    ['9bffffffffffffffff', 0, 'array', /room for/],
    ['bbffffffffffffffff', 0, 'map', /room for/],
    ['5bffffffffffffffff', 0, 'byte string', /bytes/],
    ['a1', 0, 'map', /room for 1 entries/],
    ['a26161420000', 6, 'item', /a data item/],
    ['a1616101', -1, '', /./],
  ])('%s: %s at byte %s', (hex, offset, what, rule) => {
    if (offset < 0) {
      expect(decodeCbor(fromHex(hex))).toEqual({ a: 1n })
      return
    }
    const e = errorOf(hex)
    expect([e.offset, e.what]).toEqual([offset, what])
    expect(e.message).toMatch(rule)
    expect(e.message).toMatch(/^cbor: .* at byte \d+$/)
  })

  it('orders keys by length first, then bytes', () => {
    expect(decodeCbor(fromHex('a2616201626161'.concat('02')))).toEqual({ b: 1n, aa: 2n })
  })

  it('reads the full integer range as bigints, and keeps a byte-order mark in text', () => {
    expect(decodeCbor(fromHex('1bffffffffffffffff'))).toBe(2n ** 64n - 1n)
    expect(decodeCbor(fromHex('3bffffffffffffffff'))).toBe(-(2n ** 64n))
    expect(decodeCbor(fromHex('63efbbbf'))).toBe('\ufeff')
    expect(decodeCbor(fromHex('f4'))).toBe(false)
    expect(decodeCbor(fromHex('f5'))).toBe(true)
    expect(decodeCbor(fromHex('f6'))).toBe(null)
  })

  it(`nests at most ${MAX_CBOR_DEPTH} levels`, () => {
    const nested = (levels: number) => Uint8Array.from([...new Array<number>(levels).fill(0x81), 0x80])
    expect(decodeCbor(nested(MAX_CBOR_DEPTH))).toBeInstanceOf(Array)
    expect(() => decodeCbor(nested(MAX_CBOR_DEPTH + 1))).toThrow(`cbor: item expected at most ${MAX_CBOR_DEPTH} levels of nesting, got deeper nesting at byte ${MAX_CBOR_DEPTH + 1}`)
    expect(() => decodeCbor(nested(100_000))).toThrow(CborError)
  })
})

/** The data model @ipld/dag-cbor encodes, with integers that are bigints or safe numbers. */
const arbDataModel: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n - 1n }),
    fc.boolean(),
    fc.constant(null),
    fc.string({ unit: 'grapheme' }),
    fc.uint8Array({ maxLength: 40 }),
    arbCid,
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 5 }),
  ),
})).value

/** True when @ipld/dag-cbor reads `bytes` and writes back exactly them, with no float on the way. */
function dagCborCanonical(bytes: Uint8Array): boolean {
  try {
    const v = dagCbor.decode(bytes)
    const hasFloat = (x: unknown): boolean =>
      (typeof x === 'number' && !Number.isInteger(x)) || (Array.isArray(x) ? x.some(hasFloat) : x !== null && typeof x === 'object' && !(x instanceof Uint8Array) && CID.asCID(x) === null && Object.values(x).some(hasFloat))
    return !hasFloat(v) && equals(dagCbor.encode(v), bytes)
  } catch {
    return false
  }
}

describe('against @ipld/dag-cbor', () => {
  it('reads every value @ipld/dag-cbor writes, integers as bigints', () => {
    fc.assert(
      fc.property(arbDataModel, (v) => {
        const bytes = dagCbor.encode(v)
        const read = decodeCbor(bytes)
        expect(equals(dagCbor.encode(read), bytes)).toBe(true)
      }),
    )
  })

  it('accepts exactly the canonical, float-free encodings among mutated ones', () => {
    const arbMutated = fc.tuple(arbDataModel, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('replace', 'delete', 'insert', 'none')).map(([v, at, byte, edit]) => {
      const b = [...dagCbor.encode(v)]
      const i = at % (b.length + 1)
      if (edit === 'replace') b[i] = byte
      else if (edit === 'delete') b.splice(i, 1)
      else if (edit === 'insert') b.splice(i, 0, byte)
      return Uint8Array.from(b)
    })
    fc.assert(
      fc.property(fc.oneof(arbMutated, fc.uint8Array({ maxLength: 40 })), (bytes) => {
        const read = valueOrSchemaError(() => decodeCbor(bytes))
        if (read instanceof SchemaError) {
          expect(read).toBeInstanceOf(CborError)
          expect(dagCborCanonical(bytes)).toBe(false)
        } else {
          expect(equals(dagCbor.encode(read as CborValue), bytes)).toBe(true)
        }
      }),
      { numRuns: 2000 },
    )
  })
})
