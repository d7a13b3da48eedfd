// Spec section: Algorithms › Cryptographic Primitives › Signatures. The signature as the chain
// carries it (go-state-types crypto.Signature): a type and the signature bytes. Its CBOR form is
// one byte string, the type byte followed by the data; its Lotus JSON form {"Type", "Data"}.
// Also the error type and the argument checks that the three schemes share.

import { z } from 'zod'
import { defineKind, fail, type Kind } from '../../../../src/schema/kind.ts'
import { bytes } from '../../../../src/schema/kinds.ts'
import { RuleError } from '../../../../src/schema/errors.ts'
import { validateAddress, type Address } from '../../../appendix/address/address.ts'

/** go-state-types `crypto.SigType`: secp256k1 (1), BLS (2), delegated (3, FIP-0055). */
export const SIG_TYPE_SECP256K1 = 1
export const SIG_TYPE_BLS = 2
export const SIG_TYPE_DELEGATED = 3
export type SigType = typeof SIG_TYPE_SECP256K1 | typeof SIG_TYPE_BLS | typeof SIG_TYPE_DELEGATED

/** Longest signature data Lotus reads (go-state-types `SignatureMaxLength`). */
export const SIGNATURE_MAX_LENGTH = 200

export interface Signature {
  readonly type: SigType
  readonly data: Uint8Array
}

/**
 * A key, signature or argument that breaks a signature scheme's rules, raised by signing, key
 * derivation and recovery (and by verification only for wrongly typed arguments). `path` names
 * the scheme, `what` the part at fault.
 */
export class SignatureError extends RuleError {
  override name = 'SignatureError'
}

/** Throws SignatureError unless `value` is a byte array (of `length` bytes, when given). */
export function checkBytes(value: unknown, path: string, what: string, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new SignatureError(path, what, length === undefined ? 'bytes' : `${length} bytes`, value)
  if (length !== undefined && value.length !== length) throw new SignatureError(path, what, `${length} bytes`, value)
  return value
}

/** Throws SignatureError unless `value` is an address object; AddressError if its payload breaks its protocol's rules. */
export function checkSigner(value: unknown, path: string): Address {
  const a = value as Partial<Address> | null
  if (a === null || typeof a !== 'object' || !(a.payload instanceof Uint8Array)) throw new SignatureError(path, 'signer', 'an address', value)
  validateAddress(a as Address, path)
  return a as Address
}

const isSigType = (t: unknown): t is SigType => t === SIG_TYPE_SECP256K1 || t === SIG_TYPE_BLS || t === SIG_TYPE_DELEGATED
const SIG_TYPES = '1 (secp256k1), 2 (BLS) or 3 (delegated)'

const signatureValue = z.object({
  type: z.literal([SIG_TYPE_SECP256K1, SIG_TYPE_BLS, SIG_TYPE_DELEGATED], { error: `expected signature type ${SIG_TYPES}` }),
  data: z.instanceof(Uint8Array).refine((d) => d.length <= SIGNATURE_MAX_LENGTH, { error: `expected at most ${SIGNATURE_MAX_LENGTH} bytes` }),
})
const signatureJson = z.object({ Type: z.int(), Data: bytes.json })

/** A signature as a field: CBOR byte string `type ‖ data`; Lotus JSON `{"Type": 1, "Data": "<base64>"}`. */
export const signature: Kind<Signature> = defineKind<Signature>({
  name: 'Signature',
  value: signatureValue,
  json: signatureJson,
  toCbor: (s) => Uint8Array.from([s.type, ...s.data]),
  fromCbor(raw, path) {
    if (!(raw instanceof Uint8Array)) return fail(path, 'signature as byte string', raw)
    if (raw.length === 0) return fail(path, 'signature type byte then data', raw)
    if (raw.length - 1 > SIGNATURE_MAX_LENGTH) return fail(path, `signature data of at most ${SIGNATURE_MAX_LENGTH} bytes`, raw)
    if (!isSigType(raw[0])) return fail(path, `signature type ${SIG_TYPES}`, raw[0])
    return { type: raw[0], data: raw.slice(1) }
  },
  toJson: (s) => ({ Type: s.type, Data: bytes.toJson(s.data) }),
  fromJson(json, path) {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return fail(path, 'object {Type, Data}', json)
    const { Type, Data } = json as Record<string, unknown>
    if (!isSigType(Type)) return fail(`${path}.Type`, `signature type ${SIG_TYPES}`, Type)
    const data = bytes.fromJson(Data, `${path}.Data`)
    if (data.length > SIGNATURE_MAX_LENGTH) return fail(`${path}.Data`, `at most ${SIGNATURE_MAX_LENGTH} bytes`, data)
    return { type: Type, data }
  },
})
