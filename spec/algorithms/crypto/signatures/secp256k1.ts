// Spec section: Algorithms › Cryptographic Primitives › Signatures. ECDSA over secp256k1 as
// Filecoin uses it: the signed value is the BLAKE2b-256 digest of the given bytes (for a message,
// the bytes of its unsigned CID), the signature is 65 bytes r ‖ s ‖ v with v the recovery id,
// and verification recovers the public key and compares its f1 address with the signer's
// (Lotus lib/sigs/secp/init.go, go-crypto crypto.go EcRecover; ref-fvm shared/src/crypto/signature.rs
// verify_secp256k1_sig). Nonces are RFC 6979 deterministic, as in libsecp256k1.

import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToNumberBE } from '@noble/curves/utils.js'
import { blake2b } from '@noble/hashes/blake2.js'
import { equals } from 'multiformats/bytes'
import { addressToBytes, newSecp256k1Address, type Address } from '../../../appendix/address/address.ts'
import { SignatureError, checkBytes, checkSigner } from './signature.ts'

/** A private key: a big-endian integer in [1, n−1], n the group order. */
export const SECP256K1_PRIVATE_KEY_BYTES = 32
/** A public key: the uncompressed point 0x04 ‖ x ‖ y (go-crypto PublicKeyBytes). */
export const SECP256K1_PUBLIC_KEY_BYTES = 65
/** A signature: r ‖ s (32 bytes each, big-endian) ‖ v (the recovery id). */
export const SECP256K1_SIGNATURE_BYTES = 65
/** Length of the digest that is signed. */
export const SECP256K1_DIGEST_BYTES = 32

const N = secp256k1.Point.Fn.ORDER

function checkPrivateKey(privateKey: unknown, path: string): Uint8Array {
  const k = checkBytes(privateKey, path, 'private key', SECP256K1_PRIVATE_KEY_BYTES)
  const value = bytesToNumberBE(k)
  if (value === 0n || value >= N) throw new SignatureError(path, 'private key', 'an integer in [1, n-1]', k)
  return k
}

/** go-crypto `PublicKey`: the 65-byte uncompressed public key of a private key. */
export function getSecp256k1PublicKey(privateKey: Uint8Array): Uint8Array {
  return secp256k1.getPublicKey(checkPrivateKey(privateKey, 'secp256k1'), false)
}

/** The digest Filecoin signs: BLAKE2b with a 32-byte output (Lotus `blake2b.Sum256(msg)`). */
export function computeSecp256k1Digest(data: Uint8Array): Uint8Array {
  return blake2b(checkBytes(data, 'secp256k1', 'data'), { dkLen: SECP256K1_DIGEST_BYTES })
}

/**
 * Signs a 32-byte digest: RFC 6979 nonce, low s, result r ‖ s ‖ v. Shared with delegated
 * signatures, which sign a Keccak-256 digest instead. Checks its own output by recovery.
 */
export function signSecp256k1Digest(privateKey: Uint8Array, digest: Uint8Array, path = 'secp256k1'): Uint8Array {
  const key = checkPrivateKey(privateKey, path)
  checkBytes(digest, path, 'digest', SECP256K1_DIGEST_BYTES)
  // noble's 'recovered' form puts the recovery id first; Filecoin puts it last.
  const vrs = secp256k1.sign(digest, key, { prehash: false, lowS: true, extraEntropy: false, format: 'recovered' })
  const signature = Uint8Array.from([...vrs.subarray(1), vrs[0]!])
  if (!equals(recoverSecp256k1PublicKeyFromDigest(signature, digest, path), secp256k1.getPublicKey(key, false))) {
    throw new SignatureError(path, 'signature', 'to recover the signing key', signature)
  }
  return signature
}

/**
 * Recovers the 65-byte public key that signed `digest`. As go-crypto (secp256k1-voi
 * ParseCompactRecoverableSignature) and libsecp256k1 do: r and s must lie in [1, n−1] and v in
 * 0..3 (v ≥ 2 means R.x = r + n); a high s is accepted. Throws SignatureError when no key results.
 */
export function recoverSecp256k1PublicKeyFromDigest(signature: Uint8Array, digest: Uint8Array, path = 'secp256k1'): Uint8Array {
  checkBytes(signature, path, 'signature', SECP256K1_SIGNATURE_BYTES)
  checkBytes(digest, path, 'digest', SECP256K1_DIGEST_BYTES)
  const v = signature[64]!
  if (v > 3) throw new SignatureError(path, 'recovery id', '0, 1, 2 or 3', v)
  try {
    return secp256k1.Signature.fromBytes(signature.subarray(0, 64), 'compact').addRecoveryBit(v).recoverPublicKey(digest).toBytes(false)
  } catch (e) {
    throw new SignatureError(path, 'signature', `r and s in [1, n-1] that recover a key (${(e as Error).message})`, signature)
  }
}

/** Lotus `secpSigner.Sign`: signs BLAKE2b-256(data). */
export function signSecp256k1(privateKey: Uint8Array, data: Uint8Array): Uint8Array {
  return signSecp256k1Digest(privateKey, computeSecp256k1Digest(data))
}

/** go-crypto `EcRecover` over BLAKE2b-256(data): the signer's public key. */
export function recoverSecp256k1PublicKey(signature: Uint8Array, data: Uint8Array): Uint8Array {
  return recoverSecp256k1PublicKeyFromDigest(signature, computeSecp256k1Digest(data))
}

/** The f1 address of the key that signed `data`. */
export function recoverSecp256k1Address(signature: Uint8Array, data: Uint8Array): Address {
  return newSecp256k1Address(recoverSecp256k1PublicKey(signature, data))
}

/**
 * Lotus `secpSigner.Verify`: true when the key recovered from the signature over
 * BLAKE2b-256(data) has the address `signer`. Any signature that recovers no key, or another
 * key, is false; only wrongly typed arguments throw.
 */
export function verifySecp256k1(signature: Uint8Array, signer: Address, data: Uint8Array): boolean {
  checkBytes(signature, 'secp256k1', 'signature')
  checkSigner(signer, 'secp256k1')
  const digest = computeSecp256k1Digest(data)
  if (signer.protocol !== 1 || signature.length !== SECP256K1_SIGNATURE_BYTES) return false
  let recovered: Address
  try {
    recovered = newSecp256k1Address(recoverSecp256k1PublicKeyFromDigest(signature, digest))
  } catch (e) {
    if (e instanceof SignatureError) return false
    throw e
  }
  return equals(addressToBytes(recovered), addressToBytes(signer))
}
