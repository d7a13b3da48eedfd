// The state tree's blocks against the conformance corpus (../shared/conformance/test-vectors):
// every pre- and post-state root of every vector opens as Lotus LoadStateTree opens it, and every
// actor record decodes with the one definition and encodes back to the same bytes.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as dagCbor from '@ipld/dag-cbor'
import { corpusDir, listCorpus } from '../../../../../src/conformance/corpus.ts'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../../../../src/conformance/vector_car.ts'
import { addressFromBytes, getId } from '../../../../../spec/appendix/address/address.ts'
import { importCar } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { Actor, StateTreeError, decodeActor, getActorsHamtVersion, loadActorsHamt } from '../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { arbCborValue, valueOrSchemaError } from '../../../../src/schema/arbitraries.ts'

const repoRoot = new URL('../../../../../', import.meta.url).pathname
const dir = corpusDir(repoRoot)

describe('state trees of the corpus', () => {
  it.each(listCorpus(dir).map((e) => [e.header._meta.id, e.file, e.header.preconditions.variants ?? []] as const))('%s (%s)', async (_, file, variants) => {
    const vector = VectorDag.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')))
    const store = createMemoryBlockstore()
    await importCar(store, decodeVectorCar(vector.car))
    for (const root of getVectorStateRoots(vector)) {
      const { version, hamt } = await loadActorsHamt(store, root)
      // Lotus: state tree v0 until actors v2 (network version 4), then v1 (statetree.go VersionForNetwork).
      for (const v of variants) expect(version).toBe(v.nv >= 4 ? 1n : 0n)
      const ids: bigint[] = []
      for await (const { key, value } of hamt.entries()) {
        const actor = decodeActor(value, version)
        expect(Actor.encode({ Code: actor.Code, Head: actor.Head, Nonce: actor.Nonce, Balance: actor.Balance })).toEqual(value)
        expect(actor.DelegatedAddress).toBeNull()
        ids.push(getId(addressFromBytes(key)))
      }
      // The singletons of every state tree: system, init, reward, cron, power, market, verifreg (f00–f06).
      expect(ids.filter((id) => id <= 6n).sort()).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n])
    }
  })
})

describe('state tree versions', () => {
  it('maps each version to its go-hamt-ipld layout and refuses unknown ones', () => {
    expect([0n, 1n, 2n, 5n].map(getActorsHamtVersion)).toEqual(['v0', 'v2', 'v3', 'v3'])
    expect(() => getActorsHamtVersion(6n)).toThrow(StateTreeError)
    expect(() => getActorsHamtVersion(6n)).toThrow('state tree: version expected 0 to 5, got 6n')
  })

  it('decodes garbage actor records only into values or SchemaError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array(), arbCborValue.map((v) => dagCbor.encode(v))), fc.constantFrom(0n, 1n, 5n), (raw, version) => {
        valueOrSchemaError(() => decodeActor(raw, version))
      }),
    )
  })
})
