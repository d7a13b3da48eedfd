// Issue 5, must show: the state tree of every pre-state CAR of the conformance corpus
// (../shared/conformance/test-vectors, written by Lotus) read as a HAMT. The root is the actors
// HAMT itself (state tree version 0, network versions 0–3) or a StateRoot [Version, Actors, Info]
// (version 1 for network versions 4–9) (Lotus chain/state/statetree.go LoadStateTree,
// VersionForNetwork). Every node of the actors HAMT and of the init actor's address map, decoded
// and encoded again with the layout of its actors version, gives the same bytes and CID; every
// actor is listed, keyed by an ID address, with the builtin singletons present.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import { corpusDir, listCorpus } from '../../../../src/conformance/corpus.ts'
import { decodeVectorCar, getVectorStateRoots, VectorDag } from '../../../../src/conformance/vector_car.ts'
import { computeCborCid } from '../../../../src/schema/struct.ts'
import { addressFromBytes, getId } from '../../../../spec/appendix/address/address.ts'
import { getHamtVersionForActors, loadHamt } from '../../../../spec/appendix/data_structures/hamt.ts'
import { encodeHamtNode, type HamtVersion } from '../../../../spec/appendix/data_structures/hamt_node.ts'
import { decodeCbor } from '../../../../spec/libraries/ipld/dag_cbor.ts'
import type { Blockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { importCar } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { collectNodes, createCountingStore } from './hamt_fixtures.ts'

const repoRoot = new URL('../../../../', import.meta.url).pathname
const dir = corpusDir(repoRoot)
const entries = listCorpus(dir)
const totals = { vectors: 0, nodes: 0, identical: 0, actors: 0, addresses: 0 }

/** System, init, reward, cron, power, market, verified registry, burnt funds (builtin singletons.go). */
const SINGLETON_IDS = [0n, 1n, 2n, 3n, 4n, 5n, 6n, 99n]

/** The actors version a state tree version goes with (Lotus chain/types/state.go StateTreeVersion*). */
const actorsVersionOf = (stateTreeVersion: number): number => (stateTreeVersion === 0 ? 0 : stateTreeVersion + 1)

/** Walks every node under `root`, re-encodes it, and counts those whose bytes and CID come out the same. */
async function reencodeAll(store: Blockstore, root: CID, version: HamtVersion): Promise<{ nodes: number; identical: number }> {
  const nodes = await collectNodes(store, root, 5, version)
  const identical = nodes.filter(({ cid, bytes, node }) => {
    const again = encodeHamtNode(node, version)
    return Buffer.from(again).equals(bytes) && computeCborCid(again).equals(cid)
  }).length
  return { nodes: nodes.length, identical }
}

describe('every pre-state tree of the corpus, read as HAMTs', () => {
  afterAll(() => {
    console.log(`state trees: ${totals.vectors} vectors, ${totals.nodes} HAMT nodes (${totals.identical} identical), ${totals.actors} actors, ${totals.addresses} init address entries`)
  })

  it.each(entries.map((e) => [e.header._meta.id, e.file] as const))('%s (%s)', async (_, file) => {
    const vector = VectorDag.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')))
    const nvs = (entries.find((e) => e.file === file)!.header.preconditions.variants ?? []).map((v) => v.nv)
    const store = createCountingStore()
    await importCar(store, decodeVectorCar(vector.car))
    const [root] = getVectorStateRoots(vector)
    const top = decodeCbor(await store.get(root!))
    const isStateRoot = Array.isArray(top) && top.length === 3
    const stateTreeVersion = isStateRoot ? Number(top[0] as bigint) : 0
    // Lotus VersionForNetwork: network versions 0–3 use state tree version 0, 4–9 version 1.
    for (const nv of nvs) expect(stateTreeVersion).toBe(nv <= 3 ? 0 : 1)
    const actorsVersion = actorsVersionOf(stateTreeVersion)
    const version = getHamtVersionForActors(actorsVersion)
    const actorsRoot = isStateRoot ? (top[1] as CID) : root!

    const walked = await reencodeAll(store, actorsRoot, version)
    expect(walked.identical).toBe(walked.nodes)

    const hamt = await loadHamt(store, actorsRoot, { version })
    const ids: bigint[] = []
    let initHead: CID | undefined
    for await (const { key, value } of hamt.entries()) {
      const id = getId(addressFromBytes(key))
      const actor = decodeCbor(value) as [CID, CID, bigint, Uint8Array]
      expect(actor.length).toBe(4) // Code, Head, Nonce, Balance (Lotus types.Actor before state tree v5)
      const code = new TextDecoder().decode(actor[0].multihash.digest)
      if (code !== 'fil/1/chaos') expect(code).toMatch(new RegExp(`^fil/${Math.max(1, actorsVersion)}/`))
      if (id === 1n) initHead = actor[1]
      ids.push(id)
    }
    expect(ids.length).toBeGreaterThanOrEqual(SINGLETON_IDS.length)
    expect(ids.length).toBeLessThan(1000)
    expect(ids.filter((id) => SINGLETON_IDS.includes(id)).sort()).toEqual(SINGLETON_IDS)

    // The init actor's state [AddressMap, NextID, NetworkName]: its map of robust addresses to IDs.
    const [addressMap, nextId] = decodeCbor(await store.get(initHead!)) as [CID, bigint, string]
    const mapWalk = await reencodeAll(store, addressMap, version)
    expect(mapWalk.identical).toBe(mapWalk.nodes)
    let addresses = 0
    for await (const { key, value } of (await loadHamt(store, addressMap, { version })).entries()) {
      expect(addressFromBytes(key).protocol).not.toBe(0)
      expect(decodeCbor(value) as bigint).toBeLessThan(nextId)
      addresses++
    }

    // Before v3, go-hamt-ipld kept no dirty flag: a flush rewrites the root and every node read
    // since (here all of them, as entries() walked the tree), to the same CIDs.
    const written = store.written.length
    expect(String(await hamt.flush())).toBe(String(actorsRoot))
    expect(store.written.length - written).toBe(version === 'v3' ? 0 : walked.nodes)
    totals.vectors++
    totals.nodes += walked.nodes + mapWalk.nodes
    totals.identical += walked.identical + mapWalk.identical
    totals.actors += ids.length
    totals.addresses += addresses
  })
})
