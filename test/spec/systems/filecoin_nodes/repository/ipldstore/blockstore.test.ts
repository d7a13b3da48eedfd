import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { fromHex } from 'multiformats/bytes'
import { create as createDigest } from 'multiformats/hashes/digest'
import {
  type Block,
  BlockError,
  BlockNotFoundError,
  getInlineBytes,
  validateBlock,
  withBlockValidation,
} from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { createMemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { computeCborCid } from '../../../../../../src/schema/struct.ts'
import { FilspecError } from '../../../../../../src/schema/errors.ts'

// filecoin-project/serialization-vectors message_signing.json case 1 (external-vectors.md §2b):
// an unsigned message's CBOR and its CID, as Lotus computes them (blake2b-256).
const MESSAGE_CBOR = fromHex('8a0044009f8d06583103938c9a503bf9a33d4e95aaee1401933dae469743b1a1e937e67a7fa175cc37cce4a5eb90e4ea9a1e36c0035891518f3d18374200011a000f42404200644200010040')
const MESSAGE_CID = CID.parse('bafy2bzacedhl5cowfmp7hq2ke3irf7indry55px44cbbjthazwvpm7ktf676w')
// lotus chain/gen/genesis/genblock.go: the genesis parent block, under a sha2-256 CID.
const GENESIS_PARENT = fromHex(
  'a5684461746574696d6573323031372d30352d30352030313a32373a3531674e6574776f726b6846696c65636f696e65546f6b656e6846696c65636f696e6c546f6b656e416d6f756e7473a36b546f74616c537570706c796d322c3030302c3030302c303030664d696e6572736d312c3430302c3030302c3030306c50726f746f636f6c4c616273a36b446576656c6f706d656e746b3330302c3030302c3030306b46756e6472616973696e676b3230302c3030302c3030306a466f756e646174696f6e6b3130302c3030302c303030674d657373616765784854686973206973207468652047656e6573697320426c6f636b206f66207468652046696c65636f696e20446563656e7472616c697a65642053746f72616765204e6574776f726b2e',
)
const GENESIS_PARENT_CID = CID.parse('bafyreiaqpwbbyjo4a42saasj36kkrpv4tsherf2e7bvezkert2a7dhonoi')
// The account actor's code CID of actors v0 (lotus chain/actors/builtin: builtin0.AccountActorCodeID,
// the identity multihash of "fil/1/account").
const ACCOUNT_V0_CODE = CID.parse('bafkqadlgnfwc6mjpmfrwg33vnz2a')

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const out = bytes.slice()
  out[at]! ^= 1
  return out
}

function errorOf(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  return undefined
}

describe('validateBlock', () => {
  it('serialization-vectors message_signing case 1: blake2b-256', () => {
    expect(() => validateBlock({ cid: MESSAGE_CID, bytes: MESSAGE_CBOR })).not.toThrow()
    const e = errorOf(() => validateBlock({ cid: MESSAGE_CID, bytes: flipped(MESSAGE_CBOR, 10) }))
    expect(e).toBeInstanceOf(BlockError)
    expect((e as BlockError).cid).toBe(MESSAGE_CID)
    expect((e as BlockError).message).toBe(`blockstore: block ${MESSAGE_CID} digest expected the hash of its 76 bytes, got another`)
  })

  it('lotus genblock.go genesis parent: sha2-256', () => {
    expect(() => validateBlock({ cid: GENESIS_PARENT_CID, bytes: GENESIS_PARENT })).not.toThrow()
    expect(() => validateBlock({ cid: GENESIS_PARENT_CID, bytes: GENESIS_PARENT.subarray(1) })).toThrow(BlockError)
  })

  it('builtin0 account code: identity', () => {
    expect(new TextDecoder().decode(getInlineBytes(ACCOUNT_V0_CODE))).toBe('fil/1/account')
    expect(getInlineBytes(MESSAGE_CID)).toBeUndefined()
    expect(() => validateBlock({ cid: ACCOUNT_V0_CODE, bytes: new TextEncoder().encode('fil/1/account') })).not.toThrow()
    expect(() => validateBlock({ cid: ACCOUNT_V0_CODE, bytes: new TextEncoder().encode('fil/1/acount') })).toThrow(BlockError)
  })

  it('refuses a multihash it cannot compute (sha3-256, 0x16)', () => {
    const cid = CID.createV1(0x71, createDigest(0x16, new Uint8Array(32)))
    expect(() => validateBlock({ cid, bytes: new Uint8Array(0) })).toThrow('multihash expected blake2b-256, sha2-256 or identity, got 0x16')
  })

  it('accepts every block computeCborCid names, and no block after a changed byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), (bytes, i) => {
        const cid = computeCborCid(bytes)
        validateBlock({ cid, bytes })
        expect(() => validateBlock({ cid, bytes: flipped(bytes, i % bytes.length) })).toThrow(BlockError)
      }),
    )
  })
})

describe('memory store', () => {
  it('holds what was put, and names the CID it lacks', async () => {
    const store = createMemoryBlockstore()
    expect(await store.has(MESSAGE_CID)).toBe(false)
    const e = await store.get(MESSAGE_CID).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(BlockNotFoundError)
    expect(e).toBeInstanceOf(FilspecError)
    expect((e as BlockNotFoundError).cid).toBe(MESSAGE_CID)
    expect((e as Error).message).toBe(`blockstore: block ${MESSAGE_CID} expected in the store, got none`)
    await store.put(MESSAGE_CID, MESSAGE_CBOR)
    expect(await store.has(MESSAGE_CID)).toBe(true)
    expect(await store.get(MESSAGE_CID)).toBe(MESSAGE_CBOR) // the very bytes given, not a re-encoding
    // A CID parsed again (a different object) finds the same block.
    expect(await store.get(CID.parse(MESSAGE_CID.toString()))).toBe(MESSAGE_CBOR)
    expect(store.size).toBe(1)
  })

  it('keys by the whole CID: the same digest under another codec is another block', async () => {
    const store = createMemoryBlockstore()
    await store.put(MESSAGE_CID, MESSAGE_CBOR)
    expect(await store.has(CID.createV1(0x55, MESSAGE_CID.multihash))).toBe(false)
  })

  it('matches a Map under random puts, batches and lookups', async () => {
    const cids = [MESSAGE_CID, GENESIS_PARENT_CID, ACCOUNT_V0_CODE, computeCborCid(new Uint8Array([0x80])), computeCborCid(new Uint8Array([0xa0]))]
    const op = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), i: fc.nat(cids.length - 1), bytes: fc.uint8Array({ maxLength: 8 }) }),
      fc.record({ kind: fc.constant('putMany' as const), items: fc.array(fc.tuple(fc.nat(cids.length - 1), fc.uint8Array({ maxLength: 8 })), { maxLength: 4 }) }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 20 }), async (ops) => {
        const store = createMemoryBlockstore()
        const model = new Map<string, Uint8Array>()
        for (const o of ops) {
          if (o.kind === 'put') {
            await store.put(cids[o.i]!, o.bytes)
            model.set(cids[o.i]!.toString(), o.bytes)
          } else {
            await store.putMany(o.items.map(([i, bytes]) => ({ cid: cids[i]!, bytes })))
            for (const [i, bytes] of o.items) model.set(cids[i]!.toString(), bytes)
          }
        }
        expect(store.size).toBe(model.size)
        for (const cid of cids) {
          expect(await store.has(cid)).toBe(model.has(cid.toString()))
          if (model.has(cid.toString())) expect(await store.get(cid)).toEqual(model.get(cid.toString()))
        }
      }),
    )
  })

  it('writes nothing of a batch whose iteration fails', async () => {
    const store = createMemoryBlockstore()
    function* batch(): Generator<Block> {
      yield { cid: MESSAGE_CID, bytes: MESSAGE_CBOR }
      throw new Error('source failed')
    }
    await expect(store.putMany(batch())).rejects.toThrow('source failed')
    expect(store.size).toBe(0)
  })
})

describe('withBlockValidation', () => {
  it('stores good blocks and none of a batch with a bad one', async () => {
    const inner = createMemoryBlockstore()
    const store = withBlockValidation(inner)
    const good = { cid: MESSAGE_CID, bytes: MESSAGE_CBOR }
    const bad = { cid: GENESIS_PARENT_CID, bytes: flipped(GENESIS_PARENT, 0) }
    await expect(store.putMany([good, bad])).rejects.toBeInstanceOf(BlockError)
    expect(inner.size).toBe(0)
    await expect(store.put(bad.cid, bad.bytes)).rejects.toThrow(`block ${GENESIS_PARENT_CID} digest expected`)
    await store.putMany([good, { cid: GENESIS_PARENT_CID, bytes: GENESIS_PARENT }])
    expect(inner.size).toBe(2)
    expect(await store.has(MESSAGE_CID)).toBe(true)
    expect(await store.get(GENESIS_PARENT_CID)).toBe(GENESIS_PARENT)
  })

  it('checks nothing in the bare store, as Lotus blockstore/mem.go', async () => {
    const store = createMemoryBlockstore()
    await store.put(MESSAGE_CID, dagCbor.encode('not the message'))
    expect(store.size).toBe(1)
  })
})
