// fast-check arbitraries for signature tests: valid private keys of each scheme, in the byte
// order Filecoin serialises them, and signed data.
import fc from 'fast-check'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js'

const scalar = (order: bigint) => fc.oneof(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 1n, max: order - 1n }), fc.bigInt({ min: order - 1000n, max: order - 1n }))

/** A secp256k1 private key: big-endian, in [1, n−1]. */
export const arbSecp256k1Key = scalar(secp256k1.Point.Fn.ORDER).map((k) => numberToBytesBE(k, 32))
/** A BLS private key: little-endian (filecoin-ffi), in [1, r−1]. */
export const arbBlsKey = scalar(bls12_381.fields.Fr.ORDER).map((k) => numberToBytesLE(k, 32))
/** Bytes to sign: short, or the length of a message CID. */
export const arbData = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 38, maxLength: 38 }))
