import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { fromHex, toHex } from 'multiformats/bytes'
import { blake2b } from '@noble/hashes/blake2.js'
import { generateBlockVectors } from '../../../src/vectors/blocks.ts'
import { BlockHeader, MsgMeta } from '../../../spec/systems/filecoin_blockchain/struct/block/block.ts'

const repoRoot = new URL('../../../', import.meta.url).pathname
const files = generateBlockVectors()
const read = (path: string) => JSON.parse(files.find((f) => f.path === path)!.content).vectors as Array<Record<string, any>>

/** CIDv1 dag-cbor blake2b-256 computed here from its parts, apart from the schema layer. */
const cidOf = (cbor: Uint8Array) => CID.decode(fromHex(`0171a0e40220${toHex(blake2b(cbor, { dkLen: 32 }))}`)).toString()

describe('vectors/blocks', () => {
  it('is deterministic and matches the committed files', () => {
    expect(generateBlockVectors()).toEqual(files)
    for (const f of files) expect(readFileSync(join(repoRoot, 'vectors', f.path), 'utf8')).toBe(f.content)
    expect(existsSync(join(repoRoot, 'vectors/blocks/README.md'))).toBe(true)
  })

  it.each(read('blocks/headers.json').map((v) => [v.id, v] as const))('header %s: JSON, CBOR, CID and signing bytes agree', (_, v) => {
    const h = BlockHeader.fromJson(v.lotusJson)
    const cbor = fromHex(v.cborHex)
    expect(toHex(BlockHeader.encode(h))).toBe(v.cborHex)
    expect(BlockHeader.decode(cbor)).toEqual(h)
    expect(v.cid).toBe(cidOf(cbor))
    expect(BlockHeader.decode(fromHex(v.signingBytesHex))).toEqual({ ...h, BlockSig: null })
  })

  it('has null optional parts and empty lists in the minimal header', () => {
    const minimal = read('blocks/headers.json').find((v) => v.id === 'minimal')!
    expect(minimal.lotusJson).toMatchObject({ Ticket: null, ElectionProof: null, BeaconEntries: null, WinPoStProof: null, Parents: null, BLSAggregate: null, BlockSig: null })
    expect(minimal.signingBytesHex).toBe(minimal.cborHex)
  })

  it.each(read('blocks/msg_meta.json').map((v) => [v.id, v] as const))('msg meta %s', (_, v) => {
    const m = MsgMeta.fromJson(v.lotusJson)
    expect(toHex(MsgMeta.encode(m))).toBe(v.cborHex)
    expect(v.cid).toBe(cidOf(fromHex(v.cborHex)))
  })

  it.each(read('blocks/tipsets.json').map((v) => [v.id, v] as const))('tipset %s: the key lists the blocks sorted by ticket digest, then CID bytes', (_, v) => {
    const blocks = v.blocks.map((b: Record<string, string>) => ({ ...b, digest: toHex(blake2b(fromHex(b.ticket!), { dkLen: 32 })), cidHex: toHex(CID.parse(b.cid!).bytes) }))
    for (const b of blocks) expect(cidOf(fromHex(b.cborHex))).toBe(b.cid)
    const sorted = [...blocks].sort((a, b) => (a.digest !== b.digest ? (a.digest < b.digest ? -1 : 1) : a.cidHex < b.cidHex ? -1 : 1))
    expect(v.key.map((c: { '/': string }) => c['/'])).toEqual(sorted.map((b) => b.cid))
    expect(v.keyBytesHex).toBe(sorted.map((b) => b.cidHex).join(''))
  })

  it('includes a tipset whose order differs from its input order', () => {
    const five = read('blocks/tipsets.json').find((v) => v.id === 'five-blocks')!
    expect(five.key.map((c: { '/': string }) => c['/'])).not.toEqual(five.blocks.map((b: { cid: string }) => b.cid))
  })
})
