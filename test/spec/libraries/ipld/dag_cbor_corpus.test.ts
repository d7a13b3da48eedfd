// Every block of the filecoin-project test-vector corpus (../shared/conformance/test-vectors),
// state trees before and after, and every message it applies: real Filecoin data written by Lotus.
// Each must be strict DAG-CBOR, under a CID of a shape Filecoin uses whose digest it matches,
// and link only to such CIDs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { equals } from 'multiformats/bytes'
import { blake2b } from '@noble/hashes/blake2.js'
import { corpusDir, listCorpus } from '../../../../src/conformance/corpus.ts'
import { decodeCbor, type CborValue } from '../../../../spec/libraries/ipld/dag_cbor.ts'
import { formatCbor } from '../../../../spec/libraries/ipld/diagnostic.ts'
import { validateChainCid } from '../../../../spec/libraries/multiformats/cid.ts'
import { BLAKE2B_256, DAG_CBOR, IDENTITY } from '../../../../spec/libraries/multiformats/multicodec.ts'
import { decodeVectorCar, getVectorStateRoots, VectorDag } from '../../../../src/conformance/vector_car.ts'
import { readCar } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'

const repoRoot = new URL('../../../../', import.meta.url).pathname
const dir = corpusDir(repoRoot)
const entries = listCorpus(dir)

function linksOf(v: CborValue, out: CID[] = []): CID[] {
  if (v instanceof CID) out.push(v)
  else if (Array.isArray(v)) v.forEach((x) => linksOf(x, out))
  else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) Object.values(v).forEach((x) => linksOf(x, out))
  return out
}

describe('the conformance corpus is strict DAG-CBOR under Filecoin CIDs', () => {
  it('has vectors to read', () => {
    expect(entries.length).toBeGreaterThan(200)
  })

  it.each(entries.map((e) => [e.header._meta.id, e.file] as const))('%s (%s)', (_, file) => {
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { apply_messages?: { bytes: string }[] }
    const vector = VectorDag.parse(json)
    const { roots, blocks } = readCar(decodeVectorCar(vector.car))
    expect(roots.map(String)).toEqual(getVectorStateRoots(vector).map(String))
    expect(blocks.length).toBeGreaterThan(0)
    for (const { cid, bytes } of blocks) {
      validateChainCid(cid)
      if (cid.multihash.code === BLAKE2B_256) expect(blake2b(bytes, { dkLen: 32 })).toEqual(cid.multihash.digest)
      else expect(cid.multihash.code).toBe(IDENTITY)
      if (cid.code !== DAG_CBOR) continue
      const value = decodeCbor(bytes)
      expect(equals(dagCbor.encode(value), bytes)).toBe(true)
      for (const link of linksOf(value)) validateChainCid(link)
      expect(formatCbor(value).length).toBeGreaterThan(0)
    }
    for (const m of json.apply_messages ?? []) {
      const bytes = Uint8Array.from(Buffer.from(m.bytes, 'base64'))
      expect(equals(dagCbor.encode(decodeCbor(bytes)), bytes)).toBe(true)
    }
  })
})
