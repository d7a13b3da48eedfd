import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js'
import { newBlsAddress, newIdAddress, newSecp256k1Address } from '../../../../../spec/appendix/address/address.ts'
import { getBlsPublicKey, signBls } from '../../../../../spec/algorithms/crypto/signatures/bls.ts'
import { getDelegatedAddress, signDelegated } from '../../../../../spec/algorithms/crypto/signatures/delegated.ts'
import { getSecp256k1PublicKey, signSecp256k1 } from '../../../../../spec/algorithms/crypto/signatures/secp256k1.ts'
import { SignatureError, signature as signatureKind, type Signature } from '../../../../../spec/algorithms/crypto/signatures/signature.ts'
import { specSignatureVerifier, verifySignature } from '../../../../../spec/algorithms/crypto/signatures/verifier.ts'
import { arbAddress } from '../../../appendix/address/address_arbitraries.ts'
import { arbData } from './arbitraries.ts'

const data = new TextEncoder().encode('data')
const secpKey = numberToBytesBE(99n, 32)
const blsKey = numberToBytesLE(99n, 32)
const signed = {
  secp256k1: { signature: { type: 1, data: signSecp256k1(secpKey, data) } as Signature, signer: newSecp256k1Address(getSecp256k1PublicKey(secpKey)) },
  bls: { signature: { type: 2, data: signBls(blsKey, data) } as Signature, signer: newBlsAddress(getBlsPublicKey(blsKey)) },
  delegated: { signature: { type: 3, data: signDelegated(secpKey, data) } as Signature, signer: getDelegatedAddress(secpKey) },
}

describe('verifySignature', () => {
  it.each(Object.entries(signed))('dispatches a %s signature to its scheme', (_, { signature, signer }) => {
    expect(verifySignature(signature, signer, data)).toBe(true)
    expect(specSignatureVerifier.verify(signature, signer, data)).toBe(true)
  })

  it('is false when the signature type does not match the signer', () => {
    expect(verifySignature({ ...signed.secp256k1.signature, type: 3 }, signed.secp256k1.signer, data)).toBe(false)
    expect(verifySignature(signed.secp256k1.signature, signed.delegated.signer, data)).toBe(false)
    expect(verifySignature(signed.bls.signature, signed.secp256k1.signer, data)).toBe(false)
  })

  // Lotus sigs.Verify: "must resolve ID addresses before using them to verify a signature".
  it('refuses an ID signer, an unknown type and a missing signature with SignatureError', () => {
    expect(() => verifySignature(signed.bls.signature, newIdAddress(1n), data)).toThrow('signature: signer expected a key address (resolve ID addresses first), got object')
    expect(() => verifySignature({ type: 4, data: new Uint8Array() } as unknown as Signature, signed.bls.signer, data)).toThrow(SignatureError)
    expect(() => verifySignature(null as unknown as Signature, signed.bls.signer, data)).toThrow(SignatureError)
  })

  it('property: any decoded signature against any key address is a boolean, and false, never another exception', () => {
    const arbSignature = fc.uint8Array({ minLength: 1, maxLength: 120 }).map((raw) => {
      raw[0] = 1 + (raw[0]! % 3)
      return signatureKind.fromCbor(raw, 'sig')
    })
    fc.assert(
      fc.property(arbSignature, arbAddress.filter((a) => a.protocol !== 0), arbData, (sig, a, d) => {
        expect(verifySignature(sig, a, d)).toBe(false)
      }),
      { numRuns: 300 },
    )
  })
})
