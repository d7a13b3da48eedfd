// Spec section: Algorithms › Cryptographic Primitives › Verifiable Random Function. Filecoin's VRF
// is a BLS signature by the miner's worker key: deterministic, so the proof is unique for a key
// and an input, and checkable by anyone with the public key. Lotus chain/gen/gen.go `ComputeVRF`
// (a wallet BLS signature, refused unless the worker key is BLS) and
// chain/consensus/filcns/filecoin.go `VerifyVRF` (a BLS signature check against the worker address).

import { blake2b } from '@noble/hashes/blake2.js'
import type { Address } from '../../../appendix/address/address.ts'
import { signBls, verifyBls } from '../signatures/bls.ts'

/**
 * The VRF proof of `input` under a BLS private key (32 bytes, little-endian as Filecoin stores
 * keys): the 96-byte BLS signature of the input bytes, hashed to G2 with Filecoin's DST.
 */
export function computeVrf(privateKey: Uint8Array, input: Uint8Array): Uint8Array {
  return signBls(privateKey, input)
}

/**
 * Whether `proof` is the VRF proof of `input` under the worker's key. The worker must be a BLS
 * (f3) address, whose payload is the public key; for any other address this is false, as in Lotus.
 */
export function verifyVrf(worker: Address, input: Uint8Array, proof: Uint8Array): boolean {
  return verifyBls(proof, worker, input)
}

/**
 * The VRF output: BLAKE2b-256 of the proof. It is what the protocol uses as randomness — the
 * election's win count, the order of tickets, the chain randomness of the next epochs.
 */
export function computeVrfDigest(proof: Uint8Array): Uint8Array {
  return blake2b(proof, { dkLen: 32 })
}
