// The power actor inside the VM, on corpus states: messages from an account get the exit codes
// of its caller checks; CurrentTotalPower answers the frozen totals; CreateMiner reaches init
// Exec's creation of a miner actor, which this specification does not implement yet
// (NotImplementedError, so a conformance run stops as skipped); the cron ticks of the reward
// vectors, sent as Lotus sends them, give the post-state's f04; and a tick reads and writes the
// blocks, in order and size, that Lotus's execution trace in the vector records (each charged gas).

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CID } from 'multiformats/cid'
import * as dagCbor from '@ipld/dag-cbor'
import { describe, expect, it } from 'vitest'
import { addressFromBytes, newIdAddress, type Address } from '../../../../../../spec/appendix/address/address.ts'
import { specSignatureVerifier } from '../../../../../../spec/algorithms/crypto/signatures/verifier.ts'
import { importCar } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore, type MemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { NotImplementedError, cborParams, defineMethod, type ActorCode } from '../../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { CRON_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR, getBuiltinCode, type ActorsVersion } from '../../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { VM } from '../../../../../../spec/systems/filecoin_vm/interpreter/vm.ts'
import type { UnsignedMessage } from '../../../../../../spec/systems/filecoin_vm/message/message.ts'
import { StateTree } from '../../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { getBuiltinRegistry } from '../../../../../../spec/systems/filecoin_vm/sysactors/builtin_actors.ts'
import { loadClaims } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/claims.ts'
import { getPowerPolicy } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/policy.ts'
import { PowerMethod } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/methods.ts'
import { getPowerStateCodec } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/state.ts'
import { CreateMinerParams, CurrentTotalPowerReturnV0, CurrentTotalPowerReturnV2, UpdateClaimedPowerParams } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/types.ts'
import { bigInt, encodeBigInt } from '../../../../../../src/schema/big_int.ts'
import { corpusDir } from '../../../../../../src/conformance/corpus.ts'
import { decodeVectorCar, getVectorStateRoots } from '../../../../../../src/conformance/vector_car.ts'
import { parseVector } from '../../../../../../src/conformance/vector.ts'
import { findLotusCalls, getLotusBlockAccess, readLotusTraces } from '../../../../../support/lotus_trace.ts'

const dir = corpusDir(new URL('../../../../../../', import.meta.url).pathname)
const ACCOUNT = newIdAddress(100n)

async function open(file: string) {
  const vector = parseVector(file, readFileSync(join(dir, file), 'utf8'))
  const store = createMemoryBlockstore()
  await importCar(store, decodeVectorCar(vector.car))
  const [pre, post] = getVectorStateRoots(vector) as [CID, CID]
  return { vector, store, pre, post }
}

function createVm(store: MemoryBlockstore, stateRoot: CID, nv: number, epoch: bigint, registry = getBuiltinRegistry()): Promise<VM> {
  const randomness = { getChainRandomness: async () => new Uint8Array(32), getBeaconRandomness: async () => new Uint8Array(32) }
  return VM.create({ store, stateRoot, epoch, networkVersion: nv, baseFee: 100n, circulatingSupply: 0n, randomness, registry, verifier: specSignatureVerifier })
}

function message(from: Address, method: bigint, params: Uint8Array, nonce = 0n): UnsignedMessage {
  return { Version: 0n, To: STORAGE_POWER_ACTOR_ADDR, From: from, Nonce: nonce, Value: 0n, GasLimit: 10_000_000n, GasFeeCap: 100n, GasPremium: 1n, Method: method, Params: params }
}

async function powerHead(store: MemoryBlockstore, root: CID): Promise<CID> {
  return (await (await StateTree.load(store, root)).getActor(STORAGE_POWER_ACTOR_ADDR))!.Head
}

describe.each([
  ['transfer/basic--ok--genesis.json', 0, 0],
  ['transfer/basic--ok--actorsv2.json', 2, 4],
] as const)('the power actor in the VM on %s', (file, version, nv) => {
  it('CurrentTotalPower from an account answers the totals frozen in the state', async () => {
    const { store, pre } = await open(file)
    const vm = await createVm(store, pre, nv, 200_000n)
    const { receipt } = await vm.applyMessage(message(ACCOUNT, PowerMethod.CurrentTotalPower, new Uint8Array()), 100)
    expect(receipt.ExitCode).toBe(0n)
    const st = getPowerStateCodec(version).decode(await store.get(await powerHead(store, pre)))
    const ret = version === 0 ? CurrentTotalPowerReturnV0.decode(receipt.Return) : CurrentTotalPowerReturnV2.decode(receipt.Return)
    expect(ret).toEqual({ RawBytePower: st.ThisEpochRawBytePower, QualityAdjPower: st.ThisEpochQualityAdjPower, PledgeCollateral: st.ThisEpochPledgeCollateral, QualityAdjPowerSmoothed: st.ThisEpochQAPowerSmoothed })
  })

  it('an account may not tick, claim power or (v0) report a fault: SysErrForbidden; v2 has no method 7: SysErrInvalidMethod', async () => {
    const { store, pre } = await open(file)
    const vm = await createVm(store, pre, nv, 200_000n)
    const claim = UpdateClaimedPowerParams.encode({ RawByteDelta: 1n, QualityAdjustedDelta: 1n })
    const cases: [bigint, Uint8Array, bigint][] = [
      [PowerMethod.OnEpochTickEnd, new Uint8Array(), 8n],
      [PowerMethod.UpdateClaimedPower, claim, 8n],
      [PowerMethod.OnConsensusFault, dagCbor.encode(encodeBigInt(0n)), version === 0 ? 8n : 3n],
    ]
    for (const [i, [method, params, exit]] of cases.entries()) {
      const { receipt } = await vm.applyMessage(message(ACCOUNT, method, params, BigInt(i)), 100)
      expect(receipt.ExitCode, `method ${method}`).toBe(exit)
    }
  })

  it('CreateMiner from an account reaches the creation of a miner actor, not implemented yet', async () => {
    const { store, pre } = await open(file)
    const vm = await createVm(store, pre, nv, 200_000n)
    const params = CreateMinerParams.encode({ Owner: ACCOUNT, Worker: ACCOUNT, SealProofType: 0n, Peer: new Uint8Array(), Multiaddrs: [] })
    await expect(vm.applyMessage(message(ACCOUNT, PowerMethod.CreateMiner, params), 100)).rejects.toThrow(NotImplementedError)
  })
})

/** A reward actor whose UpdateNetworkKPI (4) only records the power it is told, so that the ticks run whatever the reward section implements. */
function createRecordingRewardActor(version: ActorsVersion, reported: bigint[]): ActorCode {
  const methods = [undefined, undefined, undefined, undefined, defineMethod(cborParams(bigInt), async (rt, power) => {
    rt.validateImmediateCallerAcceptAny()
    reported.push(power)
    return undefined
  })]
  return { code: getBuiltinCode('reward', version), singleton: true, actorsVersion: version, methods }
}

describe.each([
  ['reward/reward--ok-miners-awarded-no-premiums--genesis.json', 0],
  ['reward/reward--ok-miners-awarded-no-premiums--actorsv2.json', 2],
] as const)('cron ticks through the VM on %s', (file, version) => {
  it('implicit OnEpochTickEnd messages from cron, at the epochs Lotus ticks, give the post-state power actor', async () => {
    const { vector, store, pre, post } = await open(file)
    const variant = vector.preconditions.variants[0]!
    const reported: bigint[] = []
    const registry = getBuiltinRegistry([createRecordingRewardActor(version, reported)])
    const last = BigInt(variant.epoch + vector.apply_tipsets!.at(-1)!.epoch_offset)
    const target = getPowerStateCodec(version).decode(await store.get(await powerHead(store, post)))
    let root = pre
    for (let epoch = BigInt(variant.epoch) + 1n; epoch <= last; epoch++) {
      const vm = await createVm(store, root, variant.nv, epoch, registry)
      if (epoch === last) {
        // the pledge the miners locked from their rewards, reported by a miner actor of the state
        const st = getPowerStateCodec(version).decode(await store.get(await powerHead(store, root)))
        const pledge = { ...message(newIdAddress(102n), PowerMethod.UpdatePledgeTotal, dagCbor.encode(encodeBigInt(target.TotalPledgeCollateral - st.TotalPledgeCollateral))), GasLimit: 1n << 30n }
        expect((await vm.applyImplicitMessage(pledge)).receipt.ExitCode).toBe(0n)
      }
      const tick = { ...message(CRON_ACTOR_ADDR, PowerMethod.OnEpochTickEnd, new Uint8Array(), epoch), GasLimit: 1n << 40n }
      expect((await vm.applyImplicitMessage(tick)).receipt.ExitCode, `epoch ${epoch}`).toBe(0n)
      root = await vm.flush()
    }
    expect(reported).toEqual(Array(reported.length).fill(0n))
    expect(String(await powerHead(store, root))).toBe(String(await powerHead(store, post)))
  })
})


/** The block reads and writes, with their sizes, of the first OnEpochTickEnd that Lotus's execution traces (the vector's diagnostics) record. */
function getLotusTickBlockOps(file: string): string[] {
  return getLotusBlockAccess(findLotusCalls(readLotusTraces(join(dir, file))!, 'f04', 5)[0]!)
}

// The first tick of the reward vector is a null round's, on the pre-state; that of the gas_cost
// vector follows its block's reward, whose miner locked pledge first (the post-state's total).
describe.each([
  ['reward/reward--ok-miners-awarded-no-premiums--genesis.json', 0, 3n, false],
  ['msg_application/gas_cost--msg-ok-secp-bls-gas-costs--actorsv2.json', 2, 138721n, true],
] as const)('the gas of a tick on %s', (file, version, epoch, pledgeFirst) => {
  it('the blocks OnEpochTickEnd reads and writes, in order and size, are those of Lotus’s execution trace', async () => {
    const { vector, store, pre, post } = await open(file)
    const ops: string[] = []
    let recording = false
    const recorded = {
      has: (c: CID) => store.has(c),
      get: async (c: CID) => {
        const bytes = await store.get(c)
        if (recording) ops.push(`get ${bytes.length}`)
        return bytes
      },
      put: async (c: CID, bytes: Uint8Array) => {
        if (recording) ops.push(`put ${bytes.length}`)
        return store.put(c, bytes)
      },
      putMany: async (blocks: Iterable<{ cid: CID; bytes: Uint8Array }>) => {
        const all = [...blocks]
        if (recording) for (const b of all) ops.push(`put ${b.bytes.length}`)
        return store.putMany(all)
      },
    }
    const registry = getBuiltinRegistry([createRecordingRewardActor(version, [])])
    const vm = await createVm(recorded as unknown as MemoryBlockstore, pre, vector.preconditions.variants[0]!.nv, epoch, registry)
    if (pledgeFirst) {
      const codec = getPowerStateCodec(version)
      const delta = codec.decode(await store.get(await powerHead(store, post))).TotalPledgeCollateral - codec.decode(await store.get(await powerHead(store, pre))).TotalPledgeCollateral
      const st = getPowerStateCodec(version).decode(await store.get(await powerHead(store, pre)))
      const miner = addressFromBytes((await (await loadClaims(store, st.Claims, getPowerPolicy(version))).entries().next()).value!.key)
      const pledge = { ...message(miner, PowerMethod.UpdatePledgeTotal, dagCbor.encode(encodeBigInt(delta))), GasLimit: 1n << 30n }
      expect((await vm.applyImplicitMessage(pledge)).receipt.ExitCode).toBe(0n)
    }
    await vm.requireActor(STORAGE_POWER_ACTOR_ADDR) // the actor itself is read before the call, by the VM, uncharged by the actor
    await vm.requireActor(newIdAddress(2n))
    recording = true
    const tick = { ...message(CRON_ACTOR_ADDR, PowerMethod.OnEpochTickEnd, new Uint8Array(), epoch), GasLimit: 1n << 40n }
    expect((await vm.applyImplicitMessage(tick)).receipt.ExitCode).toBe(0n)
    // the recording reward actor reads and writes nothing; Lotus records the real one's in its own subcall
    expect(ops).toEqual(getLotusTickBlockOps(file))
  })
})
