// The node's one place for choosing how signatures are verified. Chain validation depends only
// on the spec's SignatureVerifier interface; this module says which implementation stands behind
// it: the fastest backend that can verify Filecoin signatures, the others as fallbacks.
//
// Measured by bench/signatures.bench.ts (one run, 2-core AMD EPYC, Node 20; rerun it for current
// figures): BLS verify 48.8/s with noble on one thread, 61.5/s with noble_verifier.ts on two,
// 1,288/s with @chainsafe/blst; a 1,000-message block's BLS aggregate 0.11/s, 0.21/s (×1.9) and
// 5.26/s (×48); secp256k1 verify 984/s with noble. So blst (native) is many times faster, but as
// packaged it cannot verify Filecoin signatures at all: it hard-codes Ethereum's domain
// separation tag BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_, while Filecoin hashes to G2 with
// BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_, and it offers no way to pass another tag or an
// already-hashed message. So noble (with the parallel pairing
// checks of noble_verifier.ts) is the backend today; a native backend that takes a DST would go
// first in BACKEND_PREFERENCE once it exists.
import { FilspecError } from '../schema/errors.ts'
import { createNobleVerifier, type ClosableSignatureVerifier, type NobleVerifierOptions } from './noble_verifier.ts'

export type SignatureBackendName = 'noble' | 'blst'

interface Backend {
  /** Why the backend cannot verify Filecoin signatures, if it cannot. */
  unusable?: string
  create?: (options: NobleVerifierOptions) => ClosableSignatureVerifier
}

export const SIGNATURE_BACKENDS: Record<SignatureBackendName, Backend> = {
  noble: { create: createNobleVerifier },
  blst: {
    unusable:
      '@chainsafe/blst hard-codes the DST BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_; Filecoin signs with BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_',
  },
}

/** Fastest first; the first usable one is the default. */
export const BACKEND_PREFERENCE: readonly SignatureBackendName[] = ['blst', 'noble']

/** A backend that was asked for by name but cannot verify Filecoin signatures. */
export class SignatureBackendError extends FilspecError {
  override name = 'SignatureBackendError'
}

export interface SignatureVerifierOptions extends NobleVerifierOptions {
  /** A backend by name; by default the first usable one of BACKEND_PREFERENCE. */
  backend?: SignatureBackendName
}

export function createSignatureVerifier({ backend, ...options }: SignatureVerifierOptions = {}): ClosableSignatureVerifier {
  const name = backend ?? BACKEND_PREFERENCE.find((b) => SIGNATURE_BACKENDS[b].unusable === undefined)!
  const chosen = SIGNATURE_BACKENDS[name] as Backend | undefined
  if (chosen === undefined) throw new SignatureBackendError(`signature backend: name expected ${Object.keys(SIGNATURE_BACKENDS).join(' or ')}, got ${JSON.stringify(name)}`)
  if (chosen.unusable !== undefined || chosen.create === undefined) throw new SignatureBackendError(`signature backend: ${name} is not usable for Filecoin: ${chosen.unusable}`)
  return chosen.create(options)
}
