// Spec section: Algorithms › Cryptographic Primitives › Signatures. The signature as the chain
// carries it (go-state-types crypto.Signature): a type and the signature bytes. Its CBOR form is
// one byte string, the type byte followed by the data; its Lotus JSON form {"Type", "Data"}.

import { z } from 'zod'
import { defineKind, fail, type Kind } from '../../../../src/schema/kind.ts'
import { bytes } from '../../../../src/schema/kinds.ts'

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
