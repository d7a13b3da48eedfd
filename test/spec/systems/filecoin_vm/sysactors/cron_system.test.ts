// The cron and system actors against the corpus: the cron state of every genesis-era and actors
// v2 pre-state decodes (its table calls the power actor's OnEpochTickEnd, method 5, then the
// market's CronTick, method 9, as specs-actors' genesis sets it) and re-encodes byte for byte;
// the system actor's state is the empty object; and the VM refuses EpochTick from an account.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addressToString, newIdAddress } from '../../../../../spec/appendix/address/address.ts'
import { specSignatureVerifier } from '../../../../../spec/algorithms/crypto/signatures/verifier.ts'
import { importCar } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { EMPTY_OBJECT_CID } from '../../../../../spec/systems/filecoin_vm/interpreter/invocation.ts'
import { VM } from '../../../../../spec/systems/filecoin_vm/interpreter/vm.ts'
import { StateTree } from '../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { getBuiltinRegistry } from '../../../../../spec/systems/filecoin_vm/sysactors/builtin_actors.ts'
import { CronState } from '../../../../../spec/systems/filecoin_vm/sysactors/cron_actor.ts'
import { SystemState } from '../../../../../spec/systems/filecoin_vm/sysactors/system_actor.ts'
import { corpusDir } from '../../../../../src/conformance/corpus.ts'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../../../../src/conformance/vector_car.ts'

const dir = corpusDir(new URL('../../../../../', import.meta.url).pathname)

async function open(file: string) {
  const vector = VectorDag.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')))
  const store = createMemoryBlockstore()
  await importCar(store, decodeVectorCar(vector.car))
  const root = getVectorStateRoots(vector)[0]!
  return { store, root, tree: await StateTree.load(store, root) }
}

describe.each(['transfer/basic--ok--genesis.json', 'transfer/basic--ok--actorsv2.json'])('cron and system actors in %s', (file) => {
  it('cron calls power OnEpochTickEnd (f04, 5) then market CronTick (f05, 9); its state re-encodes to Lotus’s bytes', async () => {
    const { store, tree } = await open(file)
    const bytes = await store.get((await tree.getActor(newIdAddress(3n)))!.Head)
    const st = CronState.decode(bytes)
    expect(st.Entries.map((e) => [addressToString(e.Receiver), e.MethodNum])).toEqual([
      ['f04', 5n],
      ['f05', 9n],
    ])
    expect(CronState.encode(st)).toEqual(bytes)
  })

  it('the system actor’s head is the empty object, which SystemState encodes', async () => {
    const { tree } = await open(file)
    expect(String((await tree.getActor(newIdAddress(0n)))!.Head)).toBe(String(EMPTY_OBJECT_CID))
    expect(String(SystemState.cid({}))).toBe(String(EMPTY_OBJECT_CID))
  })

  it('EpochTick from an account is SysErrForbidden (8), and so is the system actor’s constructor', async () => {
    const { store, root } = await open(file)
    const nv = file.includes('actorsv2') ? 4 : 0
    for (const to of [3n, 0n]) {
      const vm = await VM.create({ store, stateRoot: root, epoch: 200_000n, networkVersion: nv, baseFee: 100n, circulatingSupply: 0n, randomness: { getChainRandomness: async () => new Uint8Array(32), getBeaconRandomness: async () => new Uint8Array(32) }, registry: getBuiltinRegistry(), verifier: specSignatureVerifier })
      const msg = { Version: 0n, To: newIdAddress(to), From: newIdAddress(100n), Nonce: 0n, Value: 0n, GasLimit: 10_000_000n, GasFeeCap: 100n, GasPremium: 1n, Method: to === 3n ? 2n : 1n, Params: new Uint8Array() }
      const { receipt } = await vm.applyMessage(msg, 25)
      expect(receipt.ExitCode).toBe(8n)
    }
  })
})
