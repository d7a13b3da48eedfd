// Spec section: Algorithms › Cryptographic Primitives › Signatures. Verification as the rest of
// the spec asks for it: one function that dispatches on the signature's type (Lotus
// lib/sigs/sigs.go `Verify`), and the interface through which the node's chain validation
// reaches signature checks, so that the node can put a faster implementation behind it.

import type { Address } from '../../../appendix/address/address.ts'
import { verifyBls, verifyBlsAggregate } from './bls.ts'
import { verifyDelegated } from './delegated.ts'
import { verifySecp256k1 } from './secp256k1.ts'
import { SIG_TYPE_BLS, SIG_TYPE_DELEGATED, SIG_TYPE_SECP256K1, SignatureError, checkSigner, type Signature } from './signature.ts'

/** What chain validation needs from signatures; every implementation answers as the spec's functions do. */
export interface SignatureVerifier {
  /** verifySignature. */
  verify(signature: Signature, signer: Address, data: Uint8Array): boolean
  /** verifyBlsAggregate: one aggregate over distinct messages, message i signed by publicKeys[i]. */
  verifyBlsAggregate(aggregate: Uint8Array, publicKeys: readonly Uint8Array[], messages: readonly Uint8Array[]): boolean
}

/**
 * Lotus `sigs.Verify`: an ID address must be resolved to its key address first (a typed error
 * here, as there); then the scheme of the signature's type decides. A signature whose type does
 * not match the signer's protocol is false.
 */
export function verifySignature(signature: Signature, signer: Address, data: Uint8Array): boolean {
  if (signature === null || typeof signature !== 'object') throw new SignatureError('signature', 'signature', 'an object {type, data}', signature)
  if (checkSigner(signer, 'signature').protocol === 0) throw new SignatureError('signature', 'signer', 'a key address (resolve ID addresses first)', signer)
  switch (signature.type) {
    case SIG_TYPE_SECP256K1:
      return verifySecp256k1(signature.data, signer, data)
    case SIG_TYPE_BLS:
      return verifyBls(signature.data, signer, data)
    case SIG_TYPE_DELEGATED:
      return verifyDelegated(signature.data, signer, data)
    default:
      throw new SignatureError('signature', 'type', '1 (secp256k1), 2 (BLS) or 3 (delegated)', (signature as { type: unknown }).type)
  }
}

/** The spec's own verifier: the functions of this section, unchanged. */
export const specSignatureVerifier: SignatureVerifier = { verify: verifySignature, verifyBlsAggregate }
