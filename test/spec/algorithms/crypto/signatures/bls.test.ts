import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { numberToBytesLE } from '@noble/curves/utils.js'
import { fromHex, toHex } from 'multiformats/bytes'
import { newBlsAddress, newSecp256k1Address, type Address } from '../../../../../spec/appendix/address/address.ts'
import {
  BLS_SIGNATURE_BYTES,
  aggregateBlsSignatures,
  decodeBlsPublicKey,
  decodeBlsSignature,
  getBlsPublicKey,
  signBls,
  verifyBls,
  verifyBlsAggregate,
} from '../../../../../spec/algorithms/crypto/signatures/bls.ts'
import { SignatureError } from '../../../../../spec/algorithms/crypto/signatures/signature.ts'
import { arbAddress } from '../../../appendix/address/address_arbitraries.ts'
import { arbData } from './arbitraries.ts'

const R = bls12_381.fields.Fr.ORDER
const keyOf = (n: bigint) => numberToBytesLE(n, 32)
const keys = [keyOf(7n), keyOf(0x1234567890n), keyOf(R - 5n)]
const publicKeys = keys.map(getBlsPublicKey)
const messages = ['one', 'two', 'three'].map((s) => new TextEncoder().encode(s))
const signatures = keys.map((k, i) => signBls(k, messages[i]!))
const signer = newBlsAddress(publicKeys[0]!)

// Points that satisfy the curve equation but lie outside the prime-order subgroup (x = 4 on E1,
// x = 2 + 0·i on E2; the compressed form's first byte 0x80 only sets the compression flag).
const G1_OUTSIDE_SUBGROUP = fromHex(`80${'00'.repeat(46)}04`)
const G2_OUTSIDE_SUBGROUP = fromHex(`80${'00'.repeat(94)}02`)
const G1_INFINITY = fromHex(`c0${'00'.repeat(47)}`)
const G2_INFINITY = fromHex(`c0${'00'.repeat(95)}`)

describe('BLS keys', () => {
  it('are little-endian scalars in [1, r−1]; 0, r, 2^256−1, wrong lengths and non-bytes are refused', () => {
    expect(getBlsPublicKey(keyOf(1n))).toEqual(bls12_381.G1.Point.BASE.toBytes(true))
    expect(getBlsPublicKey(keyOf(R - 1n))).toEqual(bls12_381.G1.Point.BASE.negate().toBytes(true))
    expect(() => getBlsPublicKey(keyOf(0n))).toThrow('bls: private key expected a little-endian integer in [1, r-1], got bytes(32)')
    expect(() => getBlsPublicKey(keyOf(R))).toThrow(SignatureError)
    expect(() => getBlsPublicKey(new Uint8Array(32).fill(0xff))).toThrow(SignatureError)
    expect(() => getBlsPublicKey(new Uint8Array(33))).toThrow('bls: private key expected 32 bytes, got bytes(33)')
    expect(() => getBlsPublicKey({} as Uint8Array)).toThrow(SignatureError)
  })

  it('decode only as 48-byte points of the subgroup, not at infinity', () => {
    expect(decodeBlsPublicKey(publicKeys[0]!)?.toBytes(true)).toEqual(publicKeys[0])
    expect(decodeBlsPublicKey(publicKeys[0]!.subarray(1))).toBeUndefined()
    expect(decodeBlsPublicKey(G1_OUTSIDE_SUBGROUP)).toBeUndefined()
    expect(decodeBlsPublicKey(G1_INFINITY)).toBeUndefined()
    expect(decodeBlsSignature(G2_OUTSIDE_SUBGROUP)).toBeUndefined()
    expect(decodeBlsSignature(G2_INFINITY)?.is0()).toBe(true)
  })
})

describe('BLS signatures', () => {
  it('are 96 bytes, deterministic, and verify against the f3 address of the key', () => {
    expect(signatures[0]).toHaveLength(BLS_SIGNATURE_BYTES)
    expect(signBls(keys[0]!, messages[0]!)).toEqual(signatures[0])
    expect(verifyBls(signatures[0]!, signer, messages[0]!)).toBe(true)
  })

  it('are false for other data, another key, a non-BLS signer, wrong lengths, points at infinity or outside the subgroup', () => {
    const cases: Array<[Uint8Array, Address, Uint8Array]> = [
      [signatures[0]!, signer, messages[1]!],
      [signatures[0]!, newBlsAddress(publicKeys[1]!), messages[0]!],
      [signatures[0]!, { protocol: 1, payload: signer.payload.subarray(0, 20) }, messages[0]!],
      [signatures[0]!.subarray(1), signer, messages[0]!],
      [Uint8Array.from([...signatures[0]!, 0]), signer, messages[0]!],
      [G2_INFINITY, signer, messages[0]!],
      [G2_OUTSIDE_SUBGROUP, signer, messages[0]!],
      [signatures[0]!, { protocol: 3, payload: G1_INFINITY }, messages[0]!],
      [signatures[0]!, { protocol: 3, payload: G1_OUTSIDE_SUBGROUP }, messages[0]!],
      [new Uint8Array(96).fill(0xab), signer, messages[0]!],
    ]
    for (const [sig, a, d] of cases) expect(verifyBls(sig, a, d)).toBe(false)
  })

  it('throw SignatureError only for wrongly typed arguments', () => {
    expect(() => verifyBls('ab' as unknown as Uint8Array, signer, messages[0]!)).toThrow('bls: signature expected bytes, got "ab"')
    expect(() => verifyBls(signatures[0]!, { protocol: 3 } as Address, messages[0]!)).toThrow(SignatureError)
    expect(() => verifyBls(signatures[0]!, signer, [1] as unknown as Uint8Array)).toThrow(SignatureError)
  })

  it('property: verify on garbage is false, never an exception', () => {
    const arbSig = fc.oneof(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ minLength: 96, maxLength: 96 }), fc.constant(G2_INFINITY))
    fc.assert(fc.property(arbSig, arbAddress, arbData, (sig, a, d) => {
      expect(verifyBls(sig, a, d)).toBe(false)
    }), { numRuns: 200 })
  })

  it('property: decoding garbage gives a point or undefined, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 48, maxLength: 48 }), fc.uint8Array({ minLength: 96, maxLength: 96 }), (pk, sig) => {
        expect([undefined, 48]).toContain(decodeBlsPublicKey(pk)?.toBytes(true).length)
        expect([undefined, 96]).toContain(decodeBlsSignature(sig)?.toBytes(true).length)
      }),
      { numRuns: 200 },
    )
  })
})

describe('BLS aggregation', () => {
  const aggregate = aggregateBlsSignatures(signatures)

  it('verifies an aggregate over distinct messages, each with its own key', () => {
    expect(verifyBlsAggregate(aggregate, publicKeys, messages)).toBe(true)
    expect(aggregateBlsSignatures([...signatures].reverse())).toEqual(aggregate)
  })

  it('is false when a pair is dropped, keys are permuted, or a key or the aggregate is not a valid point', () => {
    expect(verifyBlsAggregate(aggregate, publicKeys.slice(1), messages.slice(1))).toBe(false)
    expect(verifyBlsAggregate(aggregate, [publicKeys[1]!, publicKeys[0]!, publicKeys[2]!], messages)).toBe(false)
    expect(verifyBlsAggregate(aggregate, [G1_INFINITY, ...publicKeys.slice(1)], messages)).toBe(false)
    expect(verifyBlsAggregate(aggregate, [G1_OUTSIDE_SUBGROUP, ...publicKeys.slice(1)], messages)).toBe(false)
    expect(verifyBlsAggregate(G2_OUTSIDE_SUBGROUP, publicKeys, messages)).toBe(false)
    expect(verifyBlsAggregate(aggregate.subarray(2), publicKeys, messages)).toBe(false)
  })

  // bls-signatures verify_messages: distinct messages are the defence against rogue keys.
  it('is false when two messages are equal, even for a correct aggregate', () => {
    const same = messages[0]!
    const sigs = keys.slice(0, 2).map((k) => signBls(k, same))
    expect(verifyBlsAggregate(aggregateBlsSignatures(sigs), publicKeys.slice(0, 2), [same, same])).toBe(false)
  })

  // Lotus verifyBlsAggregate returns before verifying; ffi create_zero_signature is the infinity point.
  it('of no signatures is the point at infinity; with no messages any aggregate verifies', () => {
    expect(toHex(aggregateBlsSignatures([]))).toBe(toHex(G2_INFINITY))
    expect(verifyBlsAggregate(G2_INFINITY, [], [])).toBe(true)
    expect(verifyBlsAggregate(new Uint8Array(3), [], [])).toBe(true)
  })

  it('refuses signatures that do not decode, and key and message lists of different lengths, with SignatureError', () => {
    expect(() => aggregateBlsSignatures([signatures[0]!, G2_OUTSIDE_SUBGROUP])).toThrow(/^bls: signatures\[1\] expected a compressed G2 point/)
    expect(() => verifyBlsAggregate(aggregate, publicKeys.slice(1), messages)).toThrow('bls: publicKeys expected one key per message (3), got array(2)')
  })

  it('property: aggregate verification of garbage is false, never an exception', () => {
    const arbPk = fc.oneof(fc.uint8Array({ minLength: 48, maxLength: 48 }), fc.constantFrom(...publicKeys, G1_INFINITY))
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.array(fc.tuple(arbPk, arbData), { minLength: 1, maxLength: 3 }), (agg, pairs) => {
        expect(verifyBlsAggregate(agg, pairs.map((p) => p[0]), pairs.map((p) => p[1]))).toBe(false)
      }),
      { numRuns: 100 },
    )
  })

  it('a secp256k1 address never verifies a BLS signature', () => {
    expect(verifyBls(signatures[0]!, newSecp256k1Address(Uint8Array.from([4, ...new Uint8Array(64)])), messages[0]!)).toBe(false)
  })
})
