// The power actor's state against the shared corpus. Every pre- and post-state's power actor
// (f04) decodes with its version's state and encodes back to Lotus's bytes, and so do its claims,
// its cron queue and its proof batch; the invariants hold (with the consensus minimum Lotus's
// mainnet build set, 10 TiB). The genesis states are rebuilt by Constructor and CreateMiner. And
// every tipset-class vector's cron ticks, replayed on the mock runtime from the pre-state, give
// the post-state's power actor head exactly (frozen totals, smoothed QA power, cron epochs).

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { addressFromBytes, newIdAddress, type Address } from '../../../../../../spec/appendix/address/address.ts'
import { importCar } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore, type MemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { STORAGE_POWER_ACTOR_ADDR, parseBuiltinCode, type ActorsVersion } from '../../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { StateTree } from '../../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { loadClaims } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/claims.ts'
import { checkPowerStateInvariants } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/invariants.ts'
import { loadMultimap } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/multimap.ts'
import { getPowerPolicy } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/policy.ts'
import { ClaimV0, ClaimV2, CronEvent, getPowerStateCodec, type PowerState } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/state.ts'
import { SealVerifyInfo } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/types.ts'
import { collectVectorFiles } from '../../../../../../src/cli/commands/conformance.ts'
import { corpusDir } from '../../../../../../src/conformance/corpus.ts'
import { decodeVectorCar, getVectorStateRoots } from '../../../../../../src/conformance/vector_car.ts'
import { parseVector, type Vector } from '../../../../../../src/conformance/vector.ts'
import { PowerRuntime, getReportedPower } from './harness.ts'
import { getCronEpochs } from '../../../../../support/lotus_trace.ts'

const dir = corpusDir(new URL('../../../../../../', import.meta.url).pathname)
/** Lotus's mainnet build set the consensus minimum to 10 TiB for every seal proof type (build/params_mainnet.go). */
const LOTUS_MAINNET = { consensusMinerMinPower: 10n << 40n }

interface PowerActorAt {
  readonly version: ActorsVersion
  readonly head: CID
  readonly bytes: Uint8Array
}

async function openVector(file: string): Promise<{ vector: Vector; store: MemoryBlockstore }> {
  const vector = parseVector(file, readFileSync(file, 'utf8'))
  const store = createMemoryBlockstore()
  await importCar(store, decodeVectorCar(vector.car))
  return { vector, store }
}

async function getPowerActorAt(store: MemoryBlockstore, root: CID): Promise<PowerActorAt | undefined> {
  const actor = await (await StateTree.load(store, root)).getActor(STORAGE_POWER_ACTOR_ADDR)
  if (actor === undefined) return undefined
  return { version: parseBuiltinCode(actor.Code)!.version, head: actor.Head, bytes: new Uint8Array(await store.get(actor.Head)) }
}

describe('power actor states in the corpus', () => {
  it('every pre- and post-state f04 re-encodes byte for byte, with its claims, cron queue and proof batch, and keeps the invariants', { timeout: 120_000 }, async () => {
    const seen = new Map<string, ActorsVersion>()
    let claimsSeen = 0
    for (const file of collectVectorFiles([dir])) {
      const { vector, store } = await openVector(file)
      for (const root of getVectorStateRoots(vector)) {
        const at = await getPowerActorAt(store, root)
        if (at === undefined || seen.has(String(at.head))) continue
        seen.set(String(at.head), at.version)
        const id = `${file.slice(dir.length + 1)} ${at.head}`
        const codec = getPowerStateCodec(at.version)
        const st = codec.decode(at.bytes)
        expect(new Uint8Array(codec.encode(st)), id).toEqual(at.bytes)
        const policy = getPowerPolicy(at.version, LOTUS_MAINNET)
        const claimCodec = at.version === 0 ? ClaimV0 : ClaimV2
        for await (const { key, value } of (await loadClaims(store, st.Claims, policy)).entries()) {
          expect(addressFromBytes(key).protocol, id).toBe(0)
          expect(new Uint8Array(claimCodec.encode(claimCodec.decode(value) as never)), id).toEqual(new Uint8Array(value))
          claimsSeen++
        }
        for await (const [, list] of (await loadMultimap(store, st.CronEventQueue, at.version, CronEvent)).entries()) {
          for await (const [, event] of list.entries()) expect(CronEvent.decode(CronEvent.encode(event)), id).toEqual(event)
        }
        if (st.ProofValidationBatch !== null) {
          for await (const [, list] of (await loadMultimap(store, st.ProofValidationBatch, at.version, SealVerifyInfo)).entries()) for await (const _ of list.entries());
        }
        expect((await checkPowerStateInvariants(store, st, policy)).broken, id).toEqual([])
      }
    }
    const versions = [...seen.values()]
    expect(versions.filter((v) => v === 0).length).toBeGreaterThan(20)
    expect(versions.filter((v) => v === 2).length).toBeGreaterThan(20)
    expect(claimsSeen).toBeGreaterThan(100)
  })

  for (const [file, version, miners] of [
    ['transfer/basic--ok--genesis.json', 0, []],
    ['transfer/basic--ok--actorsv2.json', 2, []],
    ['reward/reward--ok-miners-awarded-no-premiums--genesis.json', 0, [102n, 105n, 108n]],
    ['reward/reward--ok-miners-awarded-no-premiums--actorsv2.json', 2, [102n, 105n, 108n]],
  ] as const) {
    it(`${file}: Constructor${miners.length === 0 ? '' : ' and CreateMiner for f0102, f0105, f0108 (2 KiB sectors)'} give Lotus's genesis f04 byte for byte`, async () => {
      const { vector, store } = await openVector(join(dir, file))
      const at = (await getPowerActorAt(store, getVectorStateRoots(vector)[0]!))!
      expect(at.version).toBe(version)
      const rt = new PowerRuntime(version)
      expect(await rt.construct()).toBe(0)
      for (const id of miners) expect((await rt.createMiner(newIdAddress(id), { sealProof: 0n })).exitCode).toBe(0)
      expect(String(rt.head), file).toBe(String(at.head))
    })
  }
})


describe('cron ticks replayed on the corpus tipset vectors', () => {
  const files = collectVectorFiles([dir]).filter((f) => readFileSync(f, 'utf8').includes('"class": "tipset"'))

  it.each(files.map((f) => f.slice(dir.length + 1)))('%s: the post-state f04 head, from the pre-state and its ticks', { timeout: 60_000 }, async (name) => {
    const { vector, store } = await openVector(join(dir, name))
    const [preRoot, postRoot] = getVectorStateRoots(vector) as [CID, CID]
    const pre = (await getPowerActorAt(store, preRoot))!
    const post = (await getPowerActorAt(store, postRoot))!
    expect(post.version).toBe(pre.version)
    const variant = vector.preconditions.variants[0]!
    const rt = new PowerRuntime(pre.version)
    rt.networkVersion = variant.nv
    await importCar(rt.store, decodeVectorCar(vector.car))
    rt.head = pre.head
    const codec = getPowerStateCodec(pre.version)
    const target: PowerState = codec.decode(post.bytes)
    const epochs = getCronEpochs(vector, variant.epoch)
    for (const [i, epoch] of epochs.entries()) {
      if (i === epochs.length - 1) {
        // the pledge the miners locked from their block rewards during the run, as UpdatePledgeTotal reports it
        const delta = target.TotalPledgeCollateral - (await rt.state()).TotalPledgeCollateral
        const miner: Address = addressFromBytes((await (await loadClaims(rt.store, (await rt.state()).Claims, rt.policy)).entries().next()).value!.key)
        rt.setActor(miner, 'storageminer')
        expect(await rt.updatePledgeTotal(miner, delta)).toBe(0)
      }
      const { exitCode, sends } = await rt.onEpochTickEnd(epoch)
      expect(exitCode, `${name} epoch ${epoch}`).toBe(0)
      expect(getReportedPower(sends), `${name} epoch ${epoch}`).toEqual([(await rt.state()).ThisEpochRawBytePower])
    }
    expect(codec.decode(await rt.store.get(rt.head!)), name).toEqual(target)
    expect(String(rt.head), name).toBe(String(post.head))
  })
})
