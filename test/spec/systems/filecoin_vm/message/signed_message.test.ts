import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import * as dagCbor from '@ipld/dag-cbor'
import { UnsignedMessage, computeMessageCid } from '../../../../../spec/systems/filecoin_vm/message/message.ts'
import { SignedMessage, computeChainLength, computeSignedMessageCid } from '../../../../../spec/systems/filecoin_vm/message/signed_message.ts'
import { SIG_TYPE_BLS } from '../../../../../spec/algorithms/crypto/signatures/signature.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import { arbCborValue, arbCorruptedEncoding, valueOrSchemaError } from '../../../../src/schema/arbitraries.ts'
import { arbSignedMessage } from './message_arbitraries.ts'

// Thin loader for signed_message_vectors.json (sources and commits are in the file).
const VectorFile = z.object({
  vectors: z.array(z.object({ id: z.string(), signedMessage: z.object({ Message: z.record(z.string(), z.unknown()), Signature: z.unknown() }), cid: z.string() })),
})
const { vectors } = VectorFile.parse(JSON.parse(readFileSync(new URL('./signed_message_vectors.json', import.meta.url), 'utf8')))

/** Zondax's JSON leaves out Version; every message so far has Version 0. */
const readSigned = (json: { Message: Record<string, unknown>; Signature: unknown }): SignedMessage =>
  SignedMessage.fromJson({ ...json, Message: { Version: 0, ...json.Message } })

describe('SignedMessage external vectors', () => {
  it.each(vectors.map((v) => [v.id, v] as const))('%s: CID as the source prints it', (_, v) => {
    const sm = readSigned(v.signedMessage)
    expect(computeSignedMessageCid(sm).toString()).toBe(v.cid)
    expect(SignedMessage.decode(SignedMessage.encode(sm))).toEqual(sm)
  })

  it.each(vectors.map((v) => [v.id, v] as const))('%s: BLS → unsigned CID, otherwise → signed CID', (_, v) => {
    const sm = readSigned(v.signedMessage)
    const unsigned = computeMessageCid(sm.Message).toString()
    const signed = SignedMessage.cid(sm).toString()
    expect(unsigned).not.toBe(signed)
    expect(v.cid).toBe(sm.Signature.type === SIG_TYPE_BLS ? unsigned : signed)
  })

  it('holds one secp256k1 and two BLS vectors', () => {
    expect(vectors.map((v) => readSigned(v.signedMessage).Signature.type)).toEqual([1, 2, 2])
  })
})

describe('computeChainLength (Lotus SignedMessage.ChainLength)', () => {
  const secp = readSigned(vectors[0]!.signedMessage)
  const bls = readSigned(vectors[1]!.signedMessage)

  it('zondax/get_cid (secp256k1): the signed encoding, 134 bytes', () => {
    // GasLimit 2500000 takes 5 bytes where Zondax signed_message.json's 25000 took 3: its 63-byte
    // unsigned encoding becomes 65. Signed: array header (1) + message (65) + byte string header
    // 0x58 0x42 (2) + type byte and 65 signature bytes (66) = 134.
    expect(UnsignedMessage.encode(secp.Message).length).toBe(65)
    expect(computeChainLength(secp)).toBe(134)
    expect(computeChainLength(secp)).toBe(SignedMessage.encode(secp).length)
  })

  it('message_signing[0] (BLS): the unsigned encoding only, the signature goes to the block aggregate', () => {
    expect(computeChainLength(bls)).toBe(UnsignedMessage.encode(bls.Message).length)
    expect(SignedMessage.encode(bls).length - computeChainLength(bls)).toBe(1 + 2 + 97)
  })
})

describe('SignedMessage properties', () => {
  it('round-trips through CBOR and Lotus JSON, and follows the CID rule', () => {
    fc.assert(
      fc.property(arbSignedMessage, (sm) => {
        expect(SignedMessage.decode(SignedMessage.encode(sm))).toEqual(sm)
        expect(SignedMessage.fromJson(JSON.parse(JSON.stringify(SignedMessage.toJson(sm))))).toEqual(sm)
        const expected = sm.Signature.type === SIG_TYPE_BLS ? computeMessageCid(sm.Message) : SignedMessage.cid(sm)
        expect(computeSignedMessageCid(sm).equals(expected)).toBe(true)
      }),
    )
  })

  it('decodes arbitrary bytes and dag-cbor values only into signed messages or SchemaError', () => {
    const arbPair = fc.tuple(fc.array(arbCborValue, { minLength: 10, maxLength: 10 }), fc.uint8Array({ maxLength: 100 }))
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array(), arbCborValue.map((v) => dagCbor.encode(v)), arbPair.map((p) => dagCbor.encode(p))), (raw) => {
        valueOrSchemaError(() => SignedMessage.decode(raw))
      }),
    )
  })

  it('decodes corrupted encodings only into messages that encode back to the same bytes', () => {
    fc.assert(
      fc.property(arbCorruptedEncoding(SignedMessage.encode, arbSignedMessage), (raw) => {
        const sm = valueOrSchemaError(() => SignedMessage.decode(raw))
        if (!(sm instanceof SchemaError)) expect(SignedMessage.encode(sm)).toEqual(raw)
      }),
    )
  })

  it('names the path of a bad field, and rejects the type-0 signature of Lotus TestSignedMessageJson', () => {
    const json = SignedMessage.toJson(readSigned(vectors[0]!.signedMessage))
    expect(() => SignedMessage.fromJson({ ...json, Signature: { Type: 0, Data: null } })).toThrow(/^SignedMessage\.Signature\.Type: expected signature type/)
    expect(() => SignedMessage.fromJson({ ...json, Message: { ...(json.Message as object), Nonce: -1 } })).toThrow(/^SignedMessage\.Message\.Nonce: expected uint64/)
    const tuple = dagCbor.decode(SignedMessage.encode(readSigned(vectors[0]!.signedMessage))) as unknown[]
    expect(() => SignedMessage.decode(dagCbor.encode([tuple[0], Uint8Array.of(0)]))).toThrow(/^SignedMessage\.Signature: expected signature type/)
    expect(() => SignedMessage.decode(dagCbor.encode([tuple[0]]))).toThrow(/^SignedMessage: expected array of 2 fields/)
  })
})
