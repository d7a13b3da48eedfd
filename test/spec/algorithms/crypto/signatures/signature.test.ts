import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { SIGNATURE_MAX_LENGTH, SignatureError, signature } from '../../../../../spec/algorithms/crypto/signatures/signature.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import { arbCborValue, valueOrSchemaError } from '../../../../src/schema/arbitraries.ts'

describe('the signature kind', () => {
  // Zondax filecoin-signing-tools test_vectors/signed_message.json: a signature in Lotus JSON.
  it('reads and writes the Lotus JSON of signed_message.json, and its CBOR is type byte ‖ data', () => {
    const json = (JSON.parse(readFileSync(new URL('vectors/zondax/signed_message.json', import.meta.url), 'utf8')) as { tx: { Signature: { Type: number; Data: string } } }).tx.Signature
    const sig = signature.fromJson(json, 'Signature')
    expect(sig.type).toBe(1)
    expect(sig.data).toHaveLength(65)
    expect(signature.toJson(sig)).toEqual({ Type: json.Type, Data: json.Data })
    const cbor = signature.toCbor(sig) as Uint8Array
    expect(cbor[0]).toBe(1)
    expect(signature.fromCbor(cbor, 'Signature')).toEqual(sig)
  })

  it(`accepts ${SIGNATURE_MAX_LENGTH} data bytes and refuses ${SIGNATURE_MAX_LENGTH + 1}, an empty byte string and type 0 or 4`, () => {
    expect(signature.fromCbor(Uint8Array.from([2, ...new Uint8Array(SIGNATURE_MAX_LENGTH)]), 's').data).toHaveLength(SIGNATURE_MAX_LENGTH)
    for (const raw of [Uint8Array.from([2, ...new Uint8Array(SIGNATURE_MAX_LENGTH + 1)]), new Uint8Array(0), Uint8Array.of(0, 1), Uint8Array.of(4, 1)]) {
      expect(() => signature.fromCbor(raw, 's')).toThrow(SchemaError)
    }
  })

  it('property: CBOR round-trips any valid signature', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3), fc.uint8Array({ maxLength: SIGNATURE_MAX_LENGTH }), (type, data) => {
        const raw = Uint8Array.from([type, ...data])
        expect(signature.toCbor(signature.fromCbor(raw, 's'))).toEqual(raw)
      }),
    )
  })

  it('property: decoding garbage (CBOR values, JSON values) gives a signature or a SchemaError, nothing else', () => {
    fc.assert(
      fc.property(arbCborValue, (v) => {
        valueOrSchemaError(() => signature.fromCbor(v, 's'))
        valueOrSchemaError(() => signature.fromJson(v, 's'))
      }),
      { numRuns: 500 },
    )
  })
})

describe('SignatureError', () => {
  it('is a SchemaError with the message form "<scheme>: <what> expected <rule>, got <value>"', () => {
    const e = new SignatureError('bls', 'private key', '32 bytes', new Uint8Array(3))
    expect(e).toBeInstanceOf(SchemaError)
    expect(e.message).toBe('bls: private key expected 32 bytes, got bytes(3)')
    expect([e.path, e.what]).toEqual(['bls', 'private key'])
  })
})
