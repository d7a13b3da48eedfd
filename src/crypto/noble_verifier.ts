// The node's noble-based signature verifier: the spec's functions, with BLS pairing checks
// spread over worker threads (bls_pool.ts). Speed tricks live here, not in the spec (STYLE.md):
// every answer equals the spec's verifySignature / verifyBlsAggregate, which the tests check.
// What was tried and kept out: noble's G2 pairing precomputation (bls12_381.utils
// calcPairingPrecomputes) pays only for a G2 point used again, and here the G2 points (hashed
// messages, signatures) are new each time; and a single multi-pairing instead of N pairings is
// what noble's pairingBatch, and so the spec, already does.
import { availableParallelism } from 'node:os'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import type { Address } from '../../spec/appendix/address/address.ts'
import { decodeBlsSignature, getBlsAggregateVerdictBeforePairing, verifyBlsAggregate as specVerifyBlsAggregate } from '../../spec/algorithms/crypto/signatures/bls.ts'
import { SIG_TYPE_BLS, SignatureError, checkBytes, checkSigner, type Signature } from '../../spec/algorithms/crypto/signatures/signature.ts'
import { verifySignature, type SignatureVerifier } from '../../spec/algorithms/crypto/signatures/verifier.ts'
import { createBlsPool } from './bls_pool.ts'

const { G1, fields, pairingBatch } = bls12_381

export interface NobleVerifierOptions {
  /** Worker threads for BLS pairing checks; 0 runs the spec's functions as they are. Default: cores − 1. */
  workers?: number
}

export interface ClosableSignatureVerifier extends SignatureVerifier {
  /** Stops the worker threads (they never keep the process alive; this frees them sooner). */
  close(): Promise<void>
}

export function createNobleVerifier({ workers = Math.max(1, availableParallelism() - 1) }: NobleVerifierOptions = {}): ClosableSignatureVerifier {
  if (workers === 0) return { verify: verifySignature, verifyBlsAggregate: specVerifyBlsAggregate, close: async () => {} }
  const pool = createBlsPool(workers)

  // The spec's verifyBlsAggregate, step for step, with the Miller loops computed by the pool.
  function verifyBlsAggregate(aggregate: Uint8Array, publicKeys: readonly Uint8Array[], messages: readonly Uint8Array[]): boolean {
    const early = getBlsAggregateVerdictBeforePairing(aggregate, publicKeys, messages)
    if (early !== undefined) return early
    const product = pool.millerLoops(publicKeys, messages, () => {
      const signature = decodeBlsSignature(aggregate)
      if (signature === undefined || signature.is0()) return undefined
      return pairingBatch([{ g1: G1.Point.BASE.negate(), g2: signature }], false)
    })
    return product !== undefined && fields.Fp12.eql(fields.Fp12.finalExponentiate(product), fields.Fp12.ONE)
  }

  // verifySignature, with BLS signatures checked as the spec's verifyBls does, through the pool.
  function verify(signature: Signature, signer: Address, data: Uint8Array): boolean {
    if (signature?.type !== SIG_TYPE_BLS) return verifySignature(signature, signer, data)
    checkBytes(signature.data, 'bls', 'signature')
    if (checkSigner(signer, 'signature').protocol === 0) throw new SignatureError('signature', 'signer', 'a key address (resolve ID addresses first)', signer)
    checkBytes(data, 'bls', 'data')
    return signer.protocol === 3 && verifyBlsAggregate(signature.data, [signer.payload], [data])
  }

  return { verify, verifyBlsAggregate, close: () => pool.close() }
}
