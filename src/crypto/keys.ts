// New private keys, and the form in which Lotus exports and imports them. Key generation needs
// randomness, so it lives with the node rather than in the spec; the keys it makes are the
// spec's (signatures section): secp256k1 big-endian, BLS little-endian as filecoin-ffi writes them.
import { randomBytes } from 'node:crypto'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToNumberBE, numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js'
import { newBlsAddress, newSecp256k1Address, type Address } from '../../spec/appendix/address/address.ts'
import { getBlsPublicKey } from '../../spec/algorithms/crypto/signatures/bls.ts'
import { getSecp256k1PublicKey } from '../../spec/algorithms/crypto/signatures/secp256k1.ts'

/** Lotus `types.KeyType` values of the keys filspec makes. */
export type KeyType = 'secp256k1' | 'bls'
export const KEY_TYPES: readonly KeyType[] = ['secp256k1', 'bls']

export interface NewKey {
  type: KeyType
  privateKey: Uint8Array
  address: Address
}

/**
 * A uniform scalar in [1, order − 1]: 48 random bytes reduced modulo order − 1, plus one
 * (FIPS 186-5 A.2.1; the 128 extra bits make the bias negligible).
 */
function randomScalar(order: bigint): bigint {
  return (bytesToNumberBE(randomBytes(48)) % (order - 1n)) + 1n
}

/** A fresh key of `type` and its address (Lotus `wallet new`). */
export function generateKey(type: KeyType): NewKey {
  if (type === 'secp256k1') {
    const privateKey = numberToBytesBE(randomScalar(secp256k1.Point.Fn.ORDER), 32)
    return { type, privateKey, address: newSecp256k1Address(getSecp256k1PublicKey(privateKey)) }
  }
  const privateKey = numberToBytesLE(randomScalar(bls12_381.fields.Fr.ORDER), 32)
  return { type, privateKey, address: newBlsAddress(getBlsPublicKey(privateKey)) }
}

/**
 * What `lotus wallet export` prints: hex of the JSON of Lotus `types.KeyInfo`, i.e.
 * `{"Type":"secp256k1"|"bls","PrivateKey":"<base64>"}` as Go's encoding/json writes it (no
 * spaces, the byte slice as padded standard base64), which `lotus wallet import` reads back.
 */
export function encodeLotusKeyInfo(type: KeyType, privateKey: Uint8Array): string {
  const json = JSON.stringify({ Type: type, PrivateKey: Buffer.from(privateKey).toString('base64') })
  return Buffer.from(json, 'utf8').toString('hex')
}
