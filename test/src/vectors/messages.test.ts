import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fromHex, toHex } from 'multiformats/bytes'
import { blake2b } from '@noble/hashes/blake2.js'
import { Message as IsoMessage } from 'iso-filecoin/message'
import { generateMessageVectors } from '../../../src/vectors/messages.ts'
import { UnsignedMessage } from '../../../spec/systems/filecoin_vm/message/message.ts'
import { SignedMessage } from '../../../spec/systems/filecoin_vm/message/signed_message.ts'

const repoRoot = new URL('../../../', import.meta.url).pathname
const files = generateMessageVectors()
const read = (path: string) => JSON.parse(files.find((f) => f.path === path)!.content)
const unsigned = read('messages/unsigned.json').vectors as Array<Record<string, any>>
const signed = read('messages/signed.json').vectors as Array<Record<string, any>>

/** CIDv1 dag-cbor blake2b-256 computed here from its parts, apart from the schema layer. */
const cidBytesOf = (cbor: Uint8Array) => `0171a0e40220${toHex(blake2b(cbor, { dkLen: 32 }))}`

describe('vectors/messages', () => {
  it('is deterministic and matches the committed files', () => {
    expect(generateMessageVectors()).toEqual(files)
    for (const f of files) expect(readFileSync(join(repoRoot, 'vectors', f.path), 'utf8')).toBe(f.content)
    expect(existsSync(join(repoRoot, 'vectors/messages/README.md'))).toBe(true)
  })

  it('covers every address protocol, both bounds of the u64 and i64 fields and every signature type', () => {
    const messages = unsigned.map((v) => UnsignedMessage.fromJson(v.lotusJson))
    const protocols = new Set(messages.flatMap((m) => [m.To.protocol, m.From.protocol]))
    expect([...protocols].sort()).toEqual([0, 1, 2, 3, 4])
    expect(messages.some((m) => m.Nonce === 2n ** 64n - 1n && m.Method === 2n ** 64n - 1n)).toBe(true)
    expect(messages.some((m) => m.GasLimit === -(2n ** 63n))).toBe(true)
    expect(signed.map((v) => v.signatureType)).toEqual(expect.arrayContaining([1, 2, 3]))
  })

  it.each(unsigned.map((v) => [v.id, v] as const))('unsigned %s: JSON, CBOR, CID and chain length agree', (_, v) => {
    const m = UnsignedMessage.fromJson(v.lotusJson)
    const cbor = fromHex(v.cborHex)
    expect(toHex(UnsignedMessage.encode(m))).toBe(v.cborHex)
    expect(UnsignedMessage.decode(cbor)).toEqual(m)
    expect(toHex(UnsignedMessage.cid(m).bytes)).toBe(cidBytesOf(cbor))
    expect(v.cid).toBe(UnsignedMessage.cid(m).toString())
    expect(v.chainLength).toBe(cbor.length)
  })

  it.each(signed.map((v) => [v.id, v] as const))('signed %s: CID rule and chain length', (_, v) => {
    const sm = SignedMessage.fromJson(v.lotusJson)
    const cbor = fromHex(v.cborHex)
    expect(SignedMessage.decode(cbor)).toEqual(sm)
    const unsignedCbor = UnsignedMessage.encode(sm.Message)
    const bls = v.signatureType === 2
    expect(toHex(SignedMessage.cid(sm).bytes)).toBe(cidBytesOf(cbor))
    expect(v.cid).toBe(bls ? v.unsignedCid : SignedMessage.cid(sm).toString())
    expect(v.chainLength).toBe(bls ? unsignedCbor.length : cbor.length)
  })

  // iso-filecoin (a dev dependency) reads Lotus JSON with JS numbers and only f410 delegated
  // addresses: it cannot read integer-maxima, integer-minima, beyond-json-numbers (integers past
  // 2^53 or negative) nor delegated-maxima (namespace other than 10).
  const comparable = ['transfer-secp-to-id', 'all-zero', 'big-amounts', 'actor-to-bls', 'bls-to-f410', 'to-zero-address', 'premium-above-fee-cap', 'params-23-bytes', 'params-24-bytes', 'params-300-bytes', 'params-dag-cbor']
  it.each(unsigned.filter((v) => comparable.includes(v.id)).map((v) => [v.id, v] as const))('unsigned %s: iso-filecoin serialises the same bytes and CID', (_, v) => {
    const iso = IsoMessage.fromLotus({ ...v.lotusJson, Params: v.lotusJson.Params ?? '' })
    expect(toHex(iso.serialize())).toBe(v.cborHex)
    expect(toHex(iso.cidBytes())).toBe(cidBytesOf(fromHex(v.cborHex)))
  })

  it('compares every vector iso-filecoin can read', () => {
    expect(unsigned.filter((v) => comparable.includes(v.id))).toHaveLength(comparable.length)
  })
})
