// The StateTree's snapshot layers and address resolution, on corpus states (one of state tree
// version 0, one of version 1): flushing an unchanged tree gives back its root, a reverted change
// leaves no trace, a kept one reaches the new root, and resolution goes through the init actor.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addressFromString, addressToString, newIdAddress } from '../../../../../spec/appendix/address/address.ts'
import { importCar } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { StateTree, StateTreeError } from '../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { corpusDir } from '../../../../../src/conformance/corpus.ts'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../../../../src/conformance/vector_car.ts'

const dir = corpusDir(new URL('../../../../../', import.meta.url).pathname)

async function open(file: string) {
  const vector = VectorDag.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')))
  const store = createMemoryBlockstore()
  await importCar(store, decodeVectorCar(vector.car))
  const [pre] = getVectorStateRoots(vector)
  return { store, pre: pre!, tree: await StateTree.load(store, pre!) }
}

describe.each([
  ['transfer/basic--ok--genesis.json', 0n],
  ['transfer/basic--ok--actorsv2.json', 1n],
])('StateTree on %s', (file, version) => {
  it(`opens state tree version ${version}; an unchanged flush gives the same root`, async () => {
    const { pre, tree } = await open(file)
    expect(tree.version).toBe(version)
    expect(String(await tree.flush())).toBe(String(pre))
  })

  it('a reverted snapshot leaves nothing behind; a cleared one is kept and flushed', async () => {
    const { pre, tree } = await open(file)
    const reward = newIdAddress(2n)
    const before = (await tree.getActor(reward))!
    tree.snapshot()
    await tree.setActor(reward, { ...before, Balance: before.Balance + 1n })
    expect((await tree.getActor(reward))!.Balance).toBe(before.Balance + 1n)
    tree.revert()
    expect((await tree.getActor(reward))!.Balance).toBe(before.Balance)
    tree.clearSnapshot()
    expect(String(await tree.flush())).toBe(String(pre))
    tree.snapshot()
    await tree.setActor(reward, { ...before, Balance: before.Balance + 1n })
    tree.clearSnapshot()
    const root = await tree.flush()
    expect(String(root)).not.toBe(String(pre))
    const reread = await StateTree.load(tree.store, root)
    expect((await reread.getActor(reward))!.Balance).toBe(before.Balance + 1n)
  })

  it('resolves through the init actor, registers new addresses, and forgets them on revert', async () => {
    const { tree } = await open(file)
    expect(addressToString((await tree.lookupId(newIdAddress(7n)))!)).toBe('f07')
    const fresh = addressFromString('f1ojyfm5btrqq63zquewexr4hecynvq6yjyk5xv6q')
    expect(await tree.lookupId(fresh)).toBeUndefined()
    tree.snapshot()
    const id = await tree.registerNewAddress(fresh)
    expect(addressToString((await tree.lookupId(fresh))!)).toBe(addressToString(id))
    tree.revert()
    expect(await tree.lookupId(fresh)).toBeUndefined()
    tree.clearSnapshot()
    await expect(tree.setActor(fresh, (await tree.getActor(newIdAddress(0n)))!)).rejects.toBeInstanceOf(StateTreeError)
  })

  it('refuses to flush with a snapshot open, and to delete an actor that is not there', async () => {
    const { tree } = await open(file)
    tree.snapshot()
    await expect(tree.flush()).rejects.toBeInstanceOf(StateTreeError)
    await expect(tree.deleteActor(newIdAddress(123456n))).rejects.toBeInstanceOf(StateTreeError)
  })
})
