// The node's signature verifier must answer exactly as the spec's functions do; these tests run
// both on the same valid and broken inputs, with the BLS pairing checks spread over workers.
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js'
import { fromHex } from 'multiformats/bytes'
import { newBlsAddress, newIdAddress, newSecp256k1Address } from '../../../spec/appendix/address/address.ts'
import { aggregateBlsSignatures, getBlsPublicKey, signBls } from '../../../spec/algorithms/crypto/signatures/bls.ts'
import { getSecp256k1PublicKey, signSecp256k1 } from '../../../spec/algorithms/crypto/signatures/secp256k1.ts'
import { SignatureError, type Signature } from '../../../spec/algorithms/crypto/signatures/signature.ts'
import { specSignatureVerifier } from '../../../spec/algorithms/crypto/signatures/verifier.ts'
import { SignatureBackendError, createSignatureVerifier } from '../../../src/crypto/verifier.ts'

const node = createSignatureVerifier({ workers: 2 })
afterAll(() => node.close())

const keys = [3n, 5n, 7n, 11n, 13n].map((k) => numberToBytesLE(k * 0x1000000000001n, 32))
const publicKeys = keys.map(getBlsPublicKey)
const messages = keys.map((_, i) => new TextEncoder().encode(`message ${i}`))
const aggregate = aggregateBlsSignatures(keys.map((k, i) => signBls(k, messages[i]!)))
const G1_INFINITY = fromHex(`c0${'00'.repeat(47)}`)

describe('createSignatureVerifier', () => {
  it('picks noble; refuses blst, whose DST is not Filecoin\'s, and unknown names', () => {
    expect(() => createSignatureVerifier({ backend: 'blst' })).toThrow(SignatureBackendError)
    expect(() => createSignatureVerifier({ backend: 'blst' })).toThrow(/not usable for Filecoin: .*_POP_/)
    expect(() => createSignatureVerifier({ backend: 'x' as 'noble' })).toThrow(SignatureBackendError)
  })
})

describe('the node verifier answers as the spec', () => {
  const cases: Array<[string, Uint8Array, Uint8Array[], Uint8Array[]]> = [
    ['valid, five messages', aggregate, publicKeys, messages],
    ['a key swapped', aggregate, [publicKeys[1]!, publicKeys[0]!, ...publicKeys.slice(2)], messages],
    ['a key at infinity', aggregate, [G1_INFINITY, ...publicKeys.slice(1)], messages],
    ['a key that is not a point', aggregate, [new Uint8Array(48).fill(0x99), ...publicKeys.slice(1)], messages],
    ['a broken aggregate', aggregate.map((b, i) => (i === 5 ? b ^ 1 : b)), publicKeys, messages],
    ['a short aggregate', aggregate.subarray(1), publicKeys, messages],
    ['the aggregate at infinity', aggregateBlsSignatures([]), publicKeys, messages],
    ['two equal messages', aggregate, publicKeys, [messages[0]!, messages[0]!, ...messages.slice(2)]],
    ['one pair missing', aggregate, publicKeys.slice(1), messages.slice(1)],
    ['no messages', new Uint8Array(0), [], []],
  ]
  it.each(cases)('verifyBlsAggregate: %s', (_, agg, pks, msgs) => {
    expect(node.verifyBlsAggregate(agg, pks, msgs)).toBe(specSignatureVerifier.verifyBlsAggregate(agg, pks, msgs))
  })

  it('verifyBlsAggregate: valid is true (the table above is not all false)', () => {
    expect(node.verifyBlsAggregate(aggregate, publicKeys, messages)).toBe(true)
  })

  it('verify: BLS and secp256k1 signatures, right and wrong', () => {
    const data = messages[0]!
    const bls: Signature = { type: 2, data: signBls(keys[0]!, data) }
    const secpKey = numberToBytesBE(77n, 32)
    const secp: Signature = { type: 1, data: signSecp256k1(secpKey, data) }
    const blsSigner = newBlsAddress(publicKeys[0]!)
    const secpSigner = newSecp256k1Address(getSecp256k1PublicKey(secpKey))
    for (const [sig, signer, d] of [
      [bls, blsSigner, data],
      [bls, newBlsAddress(publicKeys[1]!), data],
      [bls, blsSigner, messages[1]!],
      [bls, secpSigner, data],
      [secp, secpSigner, data],
      [secp, blsSigner, data],
    ] as const) {
      expect(node.verify(sig, signer, d)).toBe(specSignatureVerifier.verify(sig, signer, d))
    }
    expect(node.verify(bls, blsSigner, data)).toBe(true)
    expect(() => node.verify(bls, newIdAddress(5n), data)).toThrow(SignatureError)
    expect(() => node.verifyBlsAggregate(aggregate, publicKeys.slice(1), messages)).toThrow(SignatureError)
  })

  it('property: on random subsets and corruptions of the aggregate\'s pairs, the same answer as the spec', () => {
    fc.assert(
      fc.property(fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }), fc.nat(4), fc.boolean(), (chosen, flip, corrupt) => {
        const pks = chosen.map((i) => publicKeys[i]!)
        const msgs = chosen.map((i) => messages[i]!)
        const agg = aggregateBlsSignatures(chosen.map((i) => signBls(keys[i]!, messages[i]!)))
        if (corrupt) pks[flip % pks.length] = publicKeys[(chosen[flip % pks.length]! + 1) % 5]!
        const expected = specSignatureVerifier.verifyBlsAggregate(agg, pks, msgs)
        expect(expected).toBe(!corrupt)
        expect(node.verifyBlsAggregate(agg, pks, msgs)).toBe(expected)
      }),
      { numRuns: 12 },
    )
  })
})
