import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fromHex, toHex } from 'multiformats/bytes'
import {
  AddressError,
  MAX_ID,
  address,
  addressFromBytes,
  addressFromString,
  addressToBytes,
  addressToString,
  newActorAddress,
  newBlsAddress,
  newDelegatedAddress,
  newIdAddress,
  newSecp256k1Address,
} from '../../../../spec/appendix/address/address.ts'
import { SchemaError } from '../../../../src/schema/errors.ts'
import { arbCborValue, valueOrSchemaError } from '../../../src/schema/arbitraries.ts'
import { arbAddress } from './address_arbitraries.ts'

// filecoin-project/specs content/appendix/address.md "Test Vectors",
// commit 48761e4a290079731ea317d055beb442310cae6e (u64-max ID row tested apart, below).
const SPEC_VECTORS: Array<[string, string]> = [
  ['f00', '0000'],
  ['f0150', '009601'],
  ['f01024', '008008'],
  ['f01729', '00c10d'],
  ['f17uoq6tp427uzv7fztkbsnn64iwotfrristwpryy', '01fd1d0f4dfcd7e99afcb99a8326b7dc459d32c628'],
  ['f1xcbgdhkgkwht3hrrnui3jdopeejsoatkzmoltqy', '01b882619d46558f3d9e316d11b48dcf211327026a'],
  ['f1xtwapqc6nh4si2hcwpr3656iotzmlwumogqbuaa', '01bcec07c05e69f92468e2b3e3bf77c874f2c5da8c'],
  ['f1wbxhu3ypkuo6eyp6hjx6davuelxaxrvwb2kuwva', '01b06e7a6f0f551de261fe3a6fe182b422ee0bc6b6'],
  ['f12fiakbhe2gwd5cnmrenekasyn6v5tnaxaqizq6a', '01d1500504e4d1ac3e89ac891a4502586fabd9b417'],
  ['f24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i', '02e54dea4f9bc5b47d261819826d5e1fbf8bc5503b'],
  ['f25nml2cfbljvn4goqtclhifepvfnicv6g7mfmmvq', '02eb58bd08a15a6ade19d0989674148fa95a8157c6'],
  ['f2nuqrg7vuysaue2pistjjnt3fadsdzvyuatqtfei', '026d21137eb4c4814269e894d296cf6500e43cd714'],
  ['f24dd4ox4c2vpf5vk5wkadgyyn6qtuvgcpxxon64a', '02e0c7c75f82d55e5ed55db28033630df4274a984f'],
  ['f2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y', '02316b4c1ff5d4afb7826ceab5bb0f2c3e0f364053'],
  [
    'f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a',
    '03ad58df696e2d4e91ea86c881e938ba4ea81b395e12797b84b9cf314b9546705e839c7a99d606b247ddb4f9ac7a3414dd',
  ],
  [
    'f3wmuu6crofhqmm3v4enos73okk2l366ck6yc4owxwbdtkmpk42ohkqxfitcpa57pjdcftql4tojda2poeruwa',
    '03b3294f0a2e29e0c66ebc235d2fedca5697bf784af605c75af608e6a63d5cd38ea85ca8989e0efde9188b382f9372460d',
  ],
  // go-address address_test.go TestDelegatedAddress, commit 7d812ed5181b952427b6956b1e7285b4af0740c4.
  ['f432f77777777x32lpna', '0420ffffffffff'],
  ['f49223372036854775807fiic6zsy', '04ffffffffffffffff7f'],
  // iso-filecoin address.test.js (hugomrdias/iso-repo, commit 57ea3cef…): f410 (Ethereum) addresses.
  ['f410feot7hrogmplrcupubsdbbqarkdewmb4vkwc5qqq', '040a23a7f3c5c663d71151f40c8610c01150c9660795'],
  ['f410fek3n2tlnqghc5phd2lqatisj7d57j2lf5hgcs2q', '040a22b6dd4d6d818e2ebce3d2e009a249f8fbf4e965'],
  ['f410firjm446mw5tqabmlxjp4sxwshdhrff7adk4srea', '040a4452ce73ccb76700058bba5fc95ed238cf1297e0'],
]

describe('address vectors', () => {
  it.each(SPEC_VECTORS)('%s ↔ %s', (s, hex) => {
    const a = addressFromString(s)
    expect(toHex(addressToBytes(a))).toBe(hex)
    expect(addressToString(addressFromBytes(fromHex(hex)))).toBe(s)
    expect(addressToString(a, 't')).toBe(`t${s.slice(1)}`)
    expect(addressFromString(`t${s.slice(1)}`)).toEqual(a)
  })

  it('go-address TestDelegatedAddress: a 54-byte subaddress is the longest', () => {
    // As printed in go-address (external-vectors.md 1b has one 'a' too many).
    const s = 'f49223372036854775807faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaahwgiuam'
    expect(addressToString(newDelegatedAddress(MAX_ID, new Uint8Array(54)))).toBe(s)
    expect(addressFromString(s).payload).toHaveLength(9 + 54)
    expect(() => newDelegatedAddress(1n, new Uint8Array(55))).toThrow(/subaddress expected at most 54 bytes/)
  })

  // The spec table accepts u64 max; go-address TestIDMax caps IDs at 2^63-1, and so do we.
  it('accepts IDs up to 2^63-1 and rejects larger ones', () => {
    expect(addressToBytes(addressFromString('t09223372036854775807'))).toEqual(fromHex('00ffffffffffffffff7f'))
    expect(() => addressFromString('t09223372036854775808')).toThrow(AddressError)
    expect(() => addressFromString('f018446744073709551615')).toThrow(/^address: id expected decimal in \[0, 9223372036854775807\]/)
    expect(() => addressFromBytes(fromHex('00ffffffffffffffffff01'))).toThrow(/varint expected at most 9 bytes/)
    expect(() => newIdAddress(MAX_ID + 1n)).toThrow(AddressError)
  })

  // go-address TestInvalidStringAddresses / TestTrailingBits, commit 7d812ed5181b952427b6956b1e7285b4af0740c4.
  it.each([
    ['Q2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y', /network expected 'f' or 't'/],
    ['t5gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y', /protocol expected 0, 1, 2, 3 or 4/],
    ['t2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y', /checksum expected/],
    ['t0banananananannnnnnnnn', /id expected decimal/],
    ['t0banananananannnnnnn', /id expected decimal/],
    ['t2gfvuyh7v2sx3patm1k23wdzmhyhtmqctasbr24y', /payload expected lowercase unpadded base32/],
    ['t2gfvuyh7v2sx3paTm1k23wdzmhyhtmqctasbr24y', /payload expected lowercase unpadded base32/],
    ['t2', /expected/],
    ['t', /protocol expected/],
    ['t0', /id expected decimal/],
    ['t1234q', /expected/],
    ['f1xpbyy4tkdx5si2bgo37dubc2xwv6fum5tk57mid', /canonical trailing bits/],
    ['f001', /id expected decimal/],
    ['', /network expected/],
  ])('rejects the string %j', (s, message) => {
    expect(() => addressFromString(s)).toThrow(AddressError)
    expect(() => addressFromString(s)).toThrow(message)
  })

  // go-address TestInvalidByteAddresses.
  it.each([
    ['', /protocol expected/],
    ['050404', /protocol expected/],
    ['00', /varint expected a final byte/],
    ['0080', /varint expected a final byte/],
    ['008000', /varint expected minimal encoding/],
    [`01${'00'.repeat(19)}`, /payload expected 20 bytes/],
    [`02${'00'.repeat(21)}`, /payload expected 20 bytes/],
    [`03${'00'.repeat(47)}`, /payload expected 48 bytes/],
    [`0400${'00'.repeat(55)}`, /subaddress expected at most 54 bytes/],
    ['04ff', /varint expected a final byte/],
    ['00ffffffffffffffffff01', /varint expected at most 9 bytes/],
  ])('rejects the bytes %s', (hex, message) => {
    expect(() => addressFromBytes(fromHex(hex))).toThrow(message)
  })

  it('names the field in errors: address: <what> expected <rule>, got <value>', () => {
    expect(() => addressFromString('t2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y')).toThrow(
      /^address: checksum expected blake2b-32 of the address bytes, got "t2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr2/,
    )
    expect(() => addressFromString('t0-1')).toThrow('address: id expected decimal in [0, 9223372036854775807], got "-1"')
    expect(() => address.fromCbor(fromHex('0101'), 'UnsignedMessage.To')).toThrow(/^UnsignedMessage\.To: payload expected 20 bytes, got bytes\(1\)$/)
  })
})

describe('address properties', () => {
  it('round-trips through bytes, both string networks, CBOR and JSON', () => {
    fc.assert(
      fc.property(arbAddress, (a) => {
        expect(addressFromBytes(addressToBytes(a))).toEqual(a)
        expect(addressFromString(addressToString(a, 'f'))).toEqual(a)
        expect(addressFromString(addressToString(a, 't'))).toEqual(a)
        expect(address.fromCbor(address.toCbor(a), 'x')).toEqual(a)
        expect(address.fromJson(address.toJson(a), 'x')).toEqual(a)
        expect(address.json.safeParse(address.toJson(a)).success).toBe(true)
      }),
    )
  })

  it('reads garbage bytes only when they are an address that writes back the same', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 70 }), fc.tuple(fc.integer({ min: 0, max: 5 }), fc.uint8Array({ maxLength: 60 })).map(([p, rest]) => Uint8Array.from([p, ...rest]))), (raw) => {
        const a = valueOrSchemaError(() => addressFromBytes(raw))
        if (!(a instanceof SchemaError)) expect(addressToBytes(a)).toEqual(raw)
      }),
    )
  })

  it('reads garbage strings only when they are an address that writes back the same', () => {
    const chars = 'ft0123456789abcdefghijklmnopqrstuvwxyz'.split('')
    const arbText = fc.oneof(fc.string(), fc.array(fc.constantFrom(...chars), { maxLength: 100 }).map((cs) => cs.join('')))
    fc.assert(
      fc.property(arbText, (s) => {
        const a = valueOrSchemaError(() => addressFromString(s))
        if (!(a instanceof SchemaError)) expect(addressToString(a, s[0] as 'f' | 't')).toBe(s)
      }),
    )
  })

  it('reads any CBOR or JSON value into an address or a SchemaError', () => {
    fc.assert(
      fc.property(arbCborValue, fc.jsonValue(), (data, json) => {
        valueOrSchemaError(() => address.fromCbor(data, 'x'))
        valueOrSchemaError(() => address.fromJson(json, 'x'))
      }),
    )
  })
})

describe('addresses from keys and actor data', () => {
  // Zondax filecoin-signing-tools test_vectors/wallet.json (external-vectors.md §2a): the
  // uncompressed public key of sk f15716d3…f14a and its address.
  const secpPub = '0435e752dc6b4113f78edcf2cf7b8082e442021de5f00818f555397a6f181af795ace98f0f7d065793eaffa1b06bf52e572c97030c53a2396dfab40ba0e976b108'
  it('hashes a secp256k1 key into its address', () => {
    expect(addressToString(newSecp256k1Address(fromHex(secpPub)), 't')).toBe('t1d2xrzcslx7xlbbylc5c3d5lvandqw4iwl6epxba')
  })
  // Zondax test_vectors/bls_wallet.json: the BLS public key and its t3 address (via its f3 form).
  const blsPub = 'ade28c91045e89a0dcdb49d5ed0d62a4f02d78a96dbd406a4f9d37a1cd2fb5c29058def79b01b4d1556ade74ffc07904'
  it('keeps a BLS key as the payload', () => {
    const a = newBlsAddress(fromHex(blsPub))
    expect(addressFromString(addressToString(a, 't'))).toEqual(a)
    expect(addressToBytes(a)).toEqual(fromHex(`03${blsPub}`))
  })
  it('rejects keys of the wrong form', () => {
    expect(() => newSecp256k1Address(fromHex(secpPub).subarray(1))).toThrow('address: secp256k1 public key expected 65 bytes starting 0x04 (uncompressed), got bytes(64)')
    expect(() => newBlsAddress(new Uint8Array(47))).toThrow(AddressError)
  })
  it('hashes actor data into a 20-byte payload', () => {
    expect(newActorAddress(new Uint8Array([1, 2, 3])).payload.length).toBe(20)
  })
})
