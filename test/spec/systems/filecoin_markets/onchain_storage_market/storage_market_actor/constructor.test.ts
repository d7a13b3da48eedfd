// The market's Constructor: only the system actor may call it, and the state it writes is Lotus's
// genesis market state (the f05 head of the corpus's genesis-era vectors), in the reference's
// writes: an empty AMT, the same empty HAMT twice, then the state.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importCar } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { STORAGE_MARKET_ACTOR_ADDR, SYSTEM_ACTOR_ADDR } from '../../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { StateTree } from '../../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { MarketMethod } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/methods.ts'
import { corpusDir } from '../../../../../../src/conformance/corpus.ts'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../../../../../src/conformance/vector_car.ts'
import { CLIENT, EMPTY, MarketRuntime } from './harness.ts'

const dir = corpusDir(new URL('../../../../../../', import.meta.url).pathname)

async function getGenesisMarketHead(file: string): Promise<string> {
  const vector = VectorDag.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')))
  const store = createMemoryBlockstore()
  await importCar(store, decodeVectorCar(vector.car))
  return String((await (await StateTree.load(store, getVectorStateRoots(vector)[0]!)).getActor(STORAGE_MARKET_ACTOR_ADDR))!.Head)
}

describe.each([
  [0, 'transfer/basic--ok--genesis.json'],
  [2, 'transfer/basic--ok--actorsv2.json'],
] as const)('Constructor, actors v%i', (version, file) => {
  it('gives the f05 head of the corpus genesis (Lotus), writing an empty AMT, the empty HAMT twice and the state', async () => {
    const rt = new MarketRuntime(version)
    const r = await rt.construct()
    expect(r.exitCode).toBe(0)
    expect(String(rt.head)).toBe(await getGenesisMarketHead(file))
    expect(r.access.map((a) => `${a.op} ${a.size}`)).toEqual(['put 8', 'put 3', 'put 3', `put ${(await rt.store.get(rt.head!)).length}`])
    const st = await rt.state()
    expect(st.NextID).toBe(0n)
    expect(st.LastCron).toBe(-1n)
    expect(String(st.Proposals)).toBe(String(st.States))
    expect(String(st.EscrowTable)).toBe(String(st.DealOpsByEpoch))
    await rt.expectInvariants()
  })

  it('from any caller but the system actor: SysErrForbidden, nothing written', async () => {
    const rt = new MarketRuntime(version)
    const r = await rt.invoke(CLIENT, MarketMethod.Constructor, EMPTY)
    expect(r.exitCode).toBe(ExitCode.SysErrForbidden)
    expect(r.access).toEqual([])
    expect(rt.head).toBeUndefined()
  })

  it('ignores its parameters (abi.EmptyValue)', async () => {
    const rt = new MarketRuntime(version)
    expect((await rt.invoke(SYSTEM_ACTOR_ADDR, MarketMethod.Constructor, Uint8Array.of(0xff, 0x00))).exitCode).toBe(0)
  })
})
