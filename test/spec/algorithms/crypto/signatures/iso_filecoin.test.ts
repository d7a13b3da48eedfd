// Differential properties against iso-filecoin (hugomrdias/iso-repo, a dev dependency with its
// own copy of @noble/curves 1.x): on random keys and data, the same public keys and addresses,
// the same signature bytes (both schemes are deterministic), and each side verifying the other's
// signatures. iso-filecoin takes BLS private keys big-endian; Filecoin's (and ours) are little-endian.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as isoWallet from 'iso-filecoin/wallet'
import { Signature as IsoSignature } from 'iso-filecoin/signature'
import { addressFromString, addressToString, newBlsAddress, newSecp256k1Address } from '../../../../../spec/appendix/address/address.ts'
import { getSecp256k1PublicKey, recoverSecp256k1PublicKey, signSecp256k1, verifySecp256k1 } from '../../../../../spec/algorithms/crypto/signatures/secp256k1.ts'
import { getBlsPublicKey, signBls, verifyBls } from '../../../../../spec/algorithms/crypto/signatures/bls.ts'
import { arbBlsKey, arbData, arbSecp256k1Key } from './arbitraries.ts'

const reversed = (b: Uint8Array) => Uint8Array.from(b).reverse()

describe('iso-filecoin differential: secp256k1', () => {
  it('property: same public key, address, signature bytes and recovered key; each verifies the other', () => {
    fc.assert(
      fc.property(arbSecp256k1Key, arbData, (key, data) => {
        const iso = isoWallet.getPublicKey(key, 'mainnet', 'SECP256K1')
        const publicKey = getSecp256k1PublicKey(key)
        expect(publicKey).toEqual(iso.publicKey)
        const address = newSecp256k1Address(publicKey)
        expect(addressToString(address)).toBe(iso.address.toString())
        const ours = signSecp256k1(key, data)
        const theirs = isoWallet.sign(key, 'SECP256K1', data)
        expect(ours).toEqual(theirs.data)
        expect(isoWallet.verify(new IsoSignature({ type: 'SECP256K1', data: ours }), data, publicKey)).toBe(true)
        expect(verifySecp256k1(theirs.data, addressFromString(iso.address.toString()), data)).toBe(true)
        expect(recoverSecp256k1PublicKey(ours, data)).toEqual(isoWallet.recoverPublicKey(theirs, data))
      }),
      { numRuns: 60 },
    )
  })
})

describe('iso-filecoin differential: BLS', () => {
  it('property: same public key, address and signature bytes (little- vs big-endian key); each verifies the other', () => {
    fc.assert(
      fc.property(arbBlsKey, arbData, (key, data) => {
        const iso = isoWallet.getPublicKey(reversed(key), 'mainnet', 'BLS')
        const publicKey = getBlsPublicKey(key)
        expect(publicKey).toEqual(iso.publicKey)
        expect(addressToString(newBlsAddress(publicKey))).toBe(iso.address.toString())
        const ours = signBls(key, data)
        const theirs = isoWallet.sign(reversed(key), 'BLS', data)
        expect(ours).toEqual(theirs.data)
        expect(isoWallet.verify(new IsoSignature({ type: 'BLS', data: ours }), data, publicKey)).toBe(true)
        expect(verifyBls(theirs.data, addressFromString(iso.address.toString()), data)).toBe(true)
      }),
      { numRuns: 15 },
    )
  })

  it('lotusBlsPrivateKeyToBytes agrees that Lotus (and Zondax) BLS keys are little-endian', () => {
    const lotusBase64 = 'P2pSgkvsZSgi0LOczuHmSXT1+l/hvSs3fVBb4y8OgVo=' // Zondax test_vectors/wallet.json bls_private_key
    const le = Uint8Array.from(Buffer.from(lotusBase64, 'base64'))
    expect(isoWallet.getPublicKey(isoWallet.lotusBlsPrivateKeyToBytes(lotusBase64), 'testnet', 'BLS').publicKey).toEqual(getBlsPublicKey(le))
  })
})
