// Issue 5, must show: every pre-state tree of the conformance corpus (../shared/conformance/
// test-vectors), loaded from its CAR and walked from the pre-state root through every link
// (walkDag, no layout needed), has no missing block, and every block encodes again to the same
// bytes and CID. The re-encoding here is @ipld/dag-cbor's and the CIDs are recomputed with
// blake2b-256 or identity directly, apart from the code under test.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { equals } from 'multiformats/bytes'
import { create as createDigest } from 'multiformats/hashes/digest'
import { blake2b } from '@noble/hashes/blake2.js'
import { corpusDir, listCorpus } from '../../../../../../src/conformance/corpus.ts'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../../../../../src/conformance/vector_car.ts'
import { importCar } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { walkDag } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/walk.ts'

const repoRoot = new URL('../../../../../../', import.meta.url).pathname
const dir = corpusDir(repoRoot)
const entries = listCorpus(dir)
const totals = { vectors: 0, blocks: 0, inline: 0, identical: 0, missing: 0 }

/** The CID of `bytes` under `cid`'s codec and multihash, computed here (blake2b-256 or identity). */
function recomputeCid(cid: CID, bytes: Uint8Array): CID {
  const digest = cid.multihash.code === 0xb220 ? blake2b(bytes, { dkLen: 32 }) : cid.multihash.code === 0x00 ? bytes : undefined
  if (digest === undefined) throw new Error(`unexpected multihash 0x${cid.multihash.code.toString(16)} in ${cid}`)
  return CID.createV1(cid.code, createDigest(cid.multihash.code, digest))
}

describe('every pre-state tree of the corpus re-encodes identically, with no block missing', () => {
  afterAll(() => {
    console.log(`pre-state trees: ${totals.vectors} vectors, ${totals.blocks} blocks reached (${totals.inline} inline), ${totals.identical} identical, ${totals.missing} missing`)
  })

  it.each(entries.map((e) => [e.header._meta.id, e.file] as const))('%s (%s)', async (_, file) => {
    const vector = VectorDag.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')))
    const store = createMemoryBlockstore()
    await importCar(store, decodeVectorCar(vector.car))
    const [preRoot] = getVectorStateRoots(vector)
    let identical = 0
    let inline = 0
    const result = await walkDag(store, [preRoot!], ({ cid, bytes, value, inline: isInline }) => {
      if (isInline) inline++
      const again = value === undefined ? bytes : dagCbor.encode(value)
      if (equals(again, bytes) && recomputeCid(cid, again).equals(cid)) identical++
    })
    expect(result.missing.map(String)).toEqual([])
    expect(result.blocks).toBeGreaterThan(1)
    expect(identical).toBe(result.blocks)
    totals.vectors++
    totals.blocks += result.blocks
    totals.inline += inline
    totals.identical += identical
    totals.missing += result.missing.length
  })
})
