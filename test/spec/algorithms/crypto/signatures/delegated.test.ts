import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fromHex, toHex } from 'multiformats/bytes'
import { addressToString, newDelegatedAddress, newSecp256k1Address } from '../../../../../spec/appendix/address/address.ts'
import { computeEthAddress, getDelegatedAddress, recoverDelegatedAddress, signDelegated, verifyDelegated } from '../../../../../spec/algorithms/crypto/signatures/delegated.ts'
import { getSecp256k1PublicKey, signSecp256k1 } from '../../../../../spec/algorithms/crypto/signatures/secp256k1.ts'
import { SignatureError } from '../../../../../spec/algorithms/crypto/signatures/signature.ts'
import { arbAddress } from '../../../appendix/address/address_arbitraries.ts'
import { arbData, arbSecp256k1Key } from './arbitraries.ts'

// web3.js documentation, web3-eth-accounts privateKeyToAccount example (docs.web3js.org).
const WEB3_KEY = fromHex('348ce564d427a3311b6536bbcff9390d69395b06ed6c486954e971d960fe8709')
const WEB3_ADDRESS = 'b8ce9ab6943e0eced004cde8e3bbed6568b2fa01'

const data = new TextEncoder().encode('an RLP-encoded transaction')
const signer = getDelegatedAddress(WEB3_KEY)
const signature = signDelegated(WEB3_KEY, data)

describe('delegated (f410) keys', () => {
  it('web3.js privateKeyToAccount example: the Ethereum address of a key, in f410 form', () => {
    expect(toHex(computeEthAddress(getSecp256k1PublicKey(WEB3_KEY)))).toBe(WEB3_ADDRESS)
    expect(signer).toEqual(newDelegatedAddress(10n, fromHex(WEB3_ADDRESS)))
    expect(addressToString(signer).startsWith('f410f')).toBe(true)
  })

  it('refuses public keys that are not 65 uncompressed bytes', () => {
    expect(() => computeEthAddress(new Uint8Array(64))).toThrow('delegated: public key expected 65 bytes, got bytes(64)')
    expect(() => computeEthAddress(new Uint8Array(65))).toThrow(SignatureError)
  })
})

describe('delegated signatures', () => {
  it('sign Keccak-256 of the data: verify and recover the f410 signer', () => {
    expect(signature).toHaveLength(65)
    expect(verifyDelegated(signature, signer, data)).toBe(true)
    expect(recoverDelegatedAddress(signature, data)).toEqual(signer)
  })

  it('are false for other data, the secp256k1 (f1) form of the same key, another namespace, or a BLAKE2b-signed twin', () => {
    expect(verifyDelegated(signature, signer, data.subarray(1))).toBe(false)
    expect(verifyDelegated(signature, newSecp256k1Address(getSecp256k1PublicKey(WEB3_KEY)), data)).toBe(false)
    expect(verifyDelegated(signature, newDelegatedAddress(11n, fromHex(WEB3_ADDRESS)), data)).toBe(false)
    expect(verifyDelegated(signSecp256k1(WEB3_KEY, data), signer, data)).toBe(false)
    expect(verifyDelegated(signature.subarray(0, 64), signer, data)).toBe(false)
  })

  it('throw SignatureError only for wrongly typed arguments', () => {
    expect(() => verifyDelegated(signature, signer, 5 as unknown as Uint8Array)).toThrow('delegated: data expected bytes, got 5')
  })

  it('property: sign then verify, for any key and data', () => {
    fc.assert(
      fc.property(arbSecp256k1Key, arbData, (k, d) => {
        expect(verifyDelegated(signDelegated(k, d), getDelegatedAddress(k), d)).toBe(true)
      }),
      { numRuns: 50 },
    )
  })

  it('property: verify on garbage is false; recovery gives an f410 address or SignatureError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), arbAddress, arbData, (sig, a, d) => {
        expect(verifyDelegated(sig, a, d)).toBe(false)
        try {
          expect(recoverDelegatedAddress(sig, d).protocol).toBe(4)
        } catch (e) {
          expect(e).toBeInstanceOf(SignatureError)
        }
      }),
      { numRuns: 300 },
    )
  })
})
