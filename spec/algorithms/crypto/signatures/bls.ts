// Spec section: Algorithms › Cryptographic Primitives › Signatures. BLS signatures over
// BLS12-381 as Filecoin uses them: the "minimal public key" variant (48-byte G1 public keys,
// 96-byte G2 signatures, both compressed as the IETF draft and ZCash serialise them), messages
// hashed to G2 with Filecoin's domain separation tag, no pre-hash (for a message, the signed
// bytes are its unsigned CID), and aggregation of signatures over distinct messages.
// References: filecoin-project/bls-signatures src/signature.rs (hash, aggregate,
// verify_messages) and src/key.rs (keys), Lotus lib/sigs/bls/init.go and
// chain/consensus (verifyBlsAggregate, AggregateSignatures), ref-fvm
// shared/src/crypto/signature.rs (verify_bls_sig, verify_bls_aggregate).

import { bls12_381 } from '@noble/curves/bls12-381.js'
import { bytesToNumberLE } from '@noble/curves/utils.js'
import { toHex } from 'multiformats/bytes'
import { BLS_PUBLIC_KEY_BYTES, type Address } from '../../../appendix/address/address.ts'
import { SignatureError, checkBytes, checkSigner } from './signature.ts'

/** Domain separation tag for hashing to G2 (bls-signatures CSUITE; Lotus lib/sigs/bls DST). */
export const BLS_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_'
/** A private key: a scalar in [1, r−1], serialised little-endian as filecoin-ffi does. */
export const BLS_PRIVATE_KEY_BYTES = 32
/** A signature: a compressed G2 point. */
export const BLS_SIGNATURE_BYTES = 96

const { G1, G2, fields, pairingBatch } = bls12_381
const R = fields.Fr.ORDER

/**
 * Filecoin's private keys are little-endian (bls-signatures `PrivateKey::from_bytes`), and only
 * canonical scalars are keys. The zero scalar, which bls-signatures still reads, is refused: its
 * public key is the point at infinity, against which nothing verifies.
 */
function readPrivateKey(privateKey: unknown): bigint {
  const k = checkBytes(privateKey, 'bls', 'private key', BLS_PRIVATE_KEY_BYTES)
  const scalar = bytesToNumberLE(k)
  if (scalar === 0n || scalar >= R) throw new SignatureError('bls', 'private key', 'a little-endian integer in [1, r-1]', k)
  return scalar
}

/** bls-signatures `PrivateKey::public_key`: sk·g1, compressed to 48 bytes. */
export function getBlsPublicKey(privateKey: Uint8Array): Uint8Array {
  return G1.Point.BASE.multiply(readPrivateKey(privateKey)).toBytes(true)
}

/** bls-signatures `hash`: the message hashed to G2 (RFC 9380 hash_to_curve, SSWU, random oracle) with BLS_DST. */
export function hashToBlsG2(message: Uint8Array) {
  return bls12_381.longSignatures.hash(checkBytes(message, 'bls', 'message'), BLS_DST)
}

/**
 * A public key as bls-signatures `PublicKey::from_bytes` reads it (48 bytes, a point of G1's
 * prime-order subgroup), refusing the point at infinity as `verify` does; undefined otherwise.
 */
export function decodeBlsPublicKey(bytes: Uint8Array) {
  if (bytes.length !== BLS_PUBLIC_KEY_BYTES) return undefined
  try {
    const p = G1.Point.fromBytes(bytes)
    return p.is0() ? undefined : p
  } catch {
    return undefined
  }
}

/** A signature as bls-signatures `Signature::from_bytes` reads it (96 bytes, a point of G2's subgroup); undefined otherwise. */
export function decodeBlsSignature(bytes: Uint8Array) {
  if (bytes.length !== BLS_SIGNATURE_BYTES) return undefined
  try {
    return G2.Point.fromBytes(bytes)
  } catch {
    return undefined
  }
}

/**
 * The pairing check of bls-signatures `verify`: e(pk₁, H₁)···e(pkₙ, Hₙ) = e(g1, S), computed as
 * one product of Miller loops times e(−g1, S) and one final exponentiation, compared with 1.
 * A signature at infinity cannot satisfy it for keys and hashes that are not at infinity.
 */
export function checkBlsPairings(pairs: ReadonlyArray<{ publicKey: ReturnType<typeof G1.Point.fromBytes>; hashed: ReturnType<typeof hashToBlsG2> }>, signature: ReturnType<typeof G2.Point.fromBytes>): boolean {
  if (signature.is0()) return false
  const product = pairingBatch([...pairs.map((p) => ({ g1: p.publicKey, g2: p.hashed })), { g1: G1.Point.BASE.negate(), g2: signature }])
  return fields.Fp12.eql(product, fields.Fp12.ONE)
}

/** bls-signatures `PrivateKey::sign`: sk·H(data), compressed to 96 bytes. Checks its own output. */
export function signBls(privateKey: Uint8Array, data: Uint8Array): Uint8Array {
  const scalar = readPrivateKey(privateKey)
  const hashed = hashToBlsG2(data)
  const signature = hashed.multiply(scalar)
  if (!checkBlsPairings([{ publicKey: G1.Point.BASE.multiply(scalar), hashed }], signature)) {
    throw new SignatureError('bls', 'signature', 'to verify under its own key', signature.toBytes(true))
  }
  return signature.toBytes(true)
}

/**
 * Lotus `blsSigner.Verify` / ref-fvm `verify_bls_sig`: the signer must be a BLS (f3) address,
 * whose payload is the public key; then the one-message case of verifyBlsAggregate.
 */
export function verifyBls(signature: Uint8Array, signer: Address, data: Uint8Array): boolean {
  checkBytes(signature, 'bls', 'signature')
  checkSigner(signer, 'bls')
  checkBytes(data, 'bls', 'data')
  if (signer.protocol !== 3) return false
  return verifyBlsAggregate(signature, [signer.payload], [data])
}

/**
 * Lotus `AggregateSignatures` (bls-signatures `aggregate`): the sum of the signatures. With no
 * signatures it is the point at infinity (filecoin-ffi `create_zero_signature`), the aggregate
 * a block without BLS messages carries. Throws SignatureError on a signature that does not decode.
 */
export function aggregateBlsSignatures(signatures: readonly Uint8Array[]): Uint8Array {
  let sum = G2.Point.ZERO
  signatures.forEach((s, i) => {
    const point = decodeBlsSignature(checkBytes(s, 'bls', `signatures[${i}]`))
    if (point === undefined) throw new SignatureError('bls', `signatures[${i}]`, `a compressed G2 point of the subgroup (${BLS_SIGNATURE_BYTES} bytes)`, s)
    sum = sum.add(point)
  })
  return sum.toBytes(true)
}

/**
 * The first steps of `verifyBlsAggregate`, before any curve arithmetic: argument checks (throwing
 * SignatureError on wrongly typed arguments), then the verdicts that need no pairing: true for no
 * messages, false when two messages are equal. Undefined means the pairing check decides.
 */
export function getBlsAggregateVerdictBeforePairing(aggregate: Uint8Array, publicKeys: readonly Uint8Array[], messages: readonly Uint8Array[]): boolean | undefined {
  checkBytes(aggregate, 'bls', 'aggregate')
  publicKeys.forEach((k, i) => checkBytes(k, 'bls', `publicKeys[${i}]`))
  messages.forEach((m, i) => checkBytes(m, 'bls', `messages[${i}]`))
  if (publicKeys.length !== messages.length) throw new SignatureError('bls', 'publicKeys', `one key per message (${messages.length})`, publicKeys)
  if (messages.length === 0) return true
  if (new Set(messages.map(toHex)).size !== messages.length) return false
  return undefined
}

/**
 * Verifies one aggregate signature over distinct messages, message i signed by publicKeys[i]
 * (a block's BLS messages: their unsigned CIDs and their senders' keys). With no messages it is
 * true without reading the aggregate, as Lotus `verifyBlsAggregate` returns before verifying and
 * ref-fvm `verify_bls_aggregate` accepts. Otherwise, as bls-signatures `verify_messages`: false
 * if two messages are equal (the rogue-key defence of aggregation over distinct messages), if the
 * aggregate or a key does not decode or a key is the point at infinity, or if the pairing check fails.
 */
export function verifyBlsAggregate(aggregate: Uint8Array, publicKeys: readonly Uint8Array[], messages: readonly Uint8Array[]): boolean {
  const early = getBlsAggregateVerdictBeforePairing(aggregate, publicKeys, messages)
  if (early !== undefined) return early
  const signature = decodeBlsSignature(aggregate)
  if (signature === undefined) return false
  const pairs = []
  for (let i = 0; i < messages.length; i++) {
    const publicKey = decodeBlsPublicKey(publicKeys[i]!)
    if (publicKey === undefined) return false
    pairs.push({ publicKey, hashed: hashToBlsG2(messages[i]!) })
  }
  return checkBlsPairings(pairs, signature)
}
