import { describe, expect, it } from 'vitest'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js'
import { newBlsAddress, newSecp256k1Address } from '../../../spec/appendix/address/address.ts'
import { getBlsPublicKey } from '../../../spec/algorithms/crypto/signatures/bls.ts'
import { getSecp256k1PublicKey } from '../../../spec/algorithms/crypto/signatures/secp256k1.ts'
import { generateKey } from '../../../src/crypto/keys.ts'

describe('generateKey', () => {
  it('makes secp256k1 keys (big-endian, in [1, n−1]) with their f1 address', () => {
    for (let i = 0; i < 20; i++) {
      const k = generateKey('secp256k1')
      const scalar = bytesToNumberBE(k.privateKey)
      expect(scalar > 0n && scalar < secp256k1.Point.Fn.ORDER).toBe(true)
      expect(k.address).toEqual(newSecp256k1Address(getSecp256k1PublicKey(k.privateKey)))
    }
  })

  it('makes BLS keys (little-endian, in [1, r−1]) with their f3 address', () => {
    for (let i = 0; i < 5; i++) {
      const k = generateKey('bls')
      const scalar = bytesToNumberLE(k.privateKey)
      expect(scalar > 0n && scalar < bls12_381.fields.Fr.ORDER).toBe(true)
      expect(k.address).toEqual(newBlsAddress(getBlsPublicKey(k.privateKey)))
    }
  })
})
