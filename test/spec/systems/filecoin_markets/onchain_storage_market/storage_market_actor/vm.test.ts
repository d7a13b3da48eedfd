// The market inside the spec's VM, on the genesis-era (actors v0) and actors v2 pre-states of the
// corpus, whose market is empty: messages from the account f0100 to f05 get the exit codes
// specs-actors gives them, a deposit lands in the escrow table, and the ComputeUnsealedSectorCID
// syscall is priced as Lotus prices it before it reaches the node's implementation (or, with
// none, raises NotImplementedError).

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../../../spec/appendix/address/address.ts'
import { specSignatureVerifier } from '../../../../../../spec/algorithms/crypto/signatures/verifier.ts'
import { importCar } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { NotImplementedError, defineMethod, EMPTY_PARAMS, type ActorCode } from '../../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { STORAGE_MARKET_ACTOR_ADDR } from '../../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { VM, type VMOptions } from '../../../../../../spec/systems/filecoin_vm/interpreter/vm.ts'
import { getBuiltinRegistry } from '../../../../../../spec/systems/filecoin_vm/sysactors/builtin_actors.ts'
import { getPriceList } from '../../../../../../spec/systems/filecoin_vm/gas_fee/price_list.ts'
import { loadBalanceTable } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/balance_table.ts'
import { MarketMethod } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/methods.ts'
import { MarketState } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/state.ts'
import { PublishStorageDealsParams, WithdrawBalanceParams } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/types.ts'
import { corpusDir } from '../../../../../../src/conformance/corpus.ts'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../../../../../src/conformance/vector_car.ts'
import { SIG, encodeAddress, makePieceCid } from './harness.ts'

const dir = corpusDir(new URL('../../../../../../', import.meta.url).pathname)
const SENDER = newIdAddress(100n)

async function openVm(file: string, networkVersion: number, extra: Partial<VMOptions> = {}, extraActors: ActorCode[] = []): Promise<VM> {
  const vector = VectorDag.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')))
  const store = createMemoryBlockstore()
  await importCar(store, decodeVectorCar(vector.car))
  const randomness = { getChainRandomness: async () => new Uint8Array(32), getBeaconRandomness: async () => new Uint8Array(32) }
  return VM.create({ store, stateRoot: getVectorStateRoots(vector)[0]!, epoch: 200_000n, networkVersion, baseFee: 100n, circulatingSupply: 0n, randomness, registry: getBuiltinRegistry(extraActors), verifier: specSignatureVerifier, ...extra })
}

const message = (method: bigint, params: Uint8Array, value = 0n) => ({ Version: 0n, To: STORAGE_MARKET_ACTOR_ADDR, From: SENDER, Nonce: 0n, Value: value, GasLimit: 100_000_000n, GasFeeCap: 100n, GasPremium: 1n, Method: method, Params: params })

const publishToNoMiner = PublishStorageDealsParams.encode({
  Deals: [
    {
      Proposal: {
        PieceCID: makePieceCid(1),
        PieceSize: 2048n,
        VerifiedDeal: false,
        Client: SENDER,
        Provider: SENDER,
        Label: new Uint8Array(),
        StartEpoch: 300_000n,
        EndEpoch: 900_000n,
        StoragePricePerEpoch: 0n,
        ProviderCollateral: 0n,
        ClientCollateral: 0n,
      },
      ClientSignature: SIG,
    },
  ],
})

describe.each([
  ['transfer/basic--ok--genesis.json', 0],
  ['transfer/basic--ok--actorsv2.json', 4],
])('storage market in the VM, %s at network version %i', (file, networkVersion) => {
  const cases: [string, bigint, Uint8Array, bigint, number][] = [
    ['Constructor from an account: SysErrForbidden', MarketMethod.Constructor, new Uint8Array(), 0n, ExitCode.SysErrForbidden],
    ['AddBalance with no value: ErrIllegalArgument', MarketMethod.AddBalance, encodeAddress(SENDER), 0n, ExitCode.ErrIllegalArgument],
    ['AddBalance for an address with no actor: ErrIllegalArgument', MarketMethod.AddBalance, encodeAddress(newIdAddress(9999n)), 5n, ExitCode.ErrIllegalArgument],
    [
      `WithdrawBalance of its own escrow: ${networkVersion === 0 ? 'SysErrorIllegalActor (v0 validates the caller twice)' : 'Ok, zero sent'}`,
      MarketMethod.WithdrawBalance,
      WithdrawBalanceParams.encode({ ProviderOrClientAddress: SENDER, Amount: 10n }),
      0n,
      networkVersion === 0 ? ExitCode.SysErrorIllegalActor : 0,
    ],
    ['PublishStorageDeals naming an account as provider: ErrIllegalArgument', MarketMethod.PublishStorageDeals, publishToNoMiner, 0n, ExitCode.ErrIllegalArgument],
    ['VerifyDealsForActivation from an account: SysErrForbidden', MarketMethod.VerifyDealsForActivation, Uint8Array.of(0x83, 0x80, 0x00, 0x00), 0n, ExitCode.SysErrForbidden],
    ['CronTick from an account: SysErrForbidden', MarketMethod.CronTick, new Uint8Array(), 0n, ExitCode.SysErrForbidden],
    ['parameters that do not decode: exit code 1 before network version 7', MarketMethod.PublishStorageDeals, Uint8Array.of(0x81, 0x81, 0x82), 0n, 1],
    ['method 10, which does not exist: SysErrInvalidMethod', 10n, new Uint8Array(), 0n, ExitCode.SysErrInvalidMethod],
  ]
  it.each(cases)('%s', async (_name, method, params, value, exitCode) => {
    const vm = await openVm(file, networkVersion)
    const before = (await vm.state.getActor(STORAGE_MARKET_ACTOR_ADDR))!.Head
    const { receipt } = await vm.applyMessage(message(method, params, value), 25)
    expect(receipt.ExitCode).toBe(BigInt(exitCode))
    if (exitCode !== 0) expect(String((await vm.state.getActor(STORAGE_MARKET_ACTOR_ADDR))!.Head)).toBe(String(before))
  })

  it('AddBalance of 1000 attoFIL: the escrow holds it and the market’s balance grows by it', async () => {
    const vm = await openVm(file, networkVersion)
    const { receipt } = await vm.applyMessage(message(MarketMethod.AddBalance, encodeAddress(SENDER), 1000n), 25)
    expect(receipt.ExitCode).toBe(0n)
    const actor = (await vm.state.getActor(STORAGE_MARKET_ACTOR_ADDR))!
    expect(actor.Balance).toBe(1000n)
    const st = MarketState.decode(await vm.options.store.get(actor.Head))
    expect(await (await loadBalanceTable(vm.options.store, st.EscrowTable, networkVersion === 0 ? 0 : 2)).get(SENDER)).toBe(1000n)
  })
})

describe('the ComputeUnsealedSectorCID syscall', () => {
  const commD = CID.parse('baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq')
  const code = CID.createV1(0x55, createDigest(0x00, new TextEncoder().encode('fil/test/commd-probe')))
  /** A test actor whose one method returns CommD's bytes, asking the syscall for them or not. */
  const probe = (ask: boolean): ActorCode => ({
    code,
    singleton: false,
    actorsVersion: undefined,
    methods: [
      undefined,
      defineMethod(EMPTY_PARAMS, async (rt) => {
        rt.validateImmediateCallerAcceptAny()
        if (ask) expect(String(await rt.syscalls.computeUnsealedSectorCid(8n, [{ PieceCID: makePieceCid(1), Size: 2048n }]))).toBe(String(commD))
        return commD.bytes
      }),
    ],
  })
  const addr = newIdAddress(500n)
  async function run(ask: boolean, options: Partial<VMOptions>) {
    const vm = await openVm('transfer/basic--ok--actorsv2.json', 4, options, [probe(ask)])
    await vm.state.setActor(addr, { Code: code, Head: (await vm.state.getActor(STORAGE_MARKET_ACTOR_ADDR))!.Head, Nonce: 0n, Balance: 0n, DelegatedAddress: null })
    return vm.applyMessage({ ...message(1n, new Uint8Array()), To: addr }, 25)
  }

  it('is charged OnComputeUnsealedSectorCid (98647 gas) and answered by the VM’s implementation', async () => {
    const seen: { sealProof: bigint; pieces: number }[] = []
    const impl = {
      computeUnsealedSectorCid(sealProof: bigint, pieces: readonly unknown[]) {
        seen.push({ sealProof, pieces: pieces.length })
        return commD
      },
    }
    const asked = await run(true, { unsealedSectorCids: impl })
    const notAsked = await run(false, { unsealedSectorCids: impl })
    expect([asked.receipt.ExitCode, notAsked.receipt.ExitCode]).toEqual([0n, 0n])
    expect(asked.receipt.GasUsed - notAsked.receipt.GasUsed).toBe(getPriceList(4).computeUnsealedSectorCidBase)
    expect(getPriceList(4).computeUnsealedSectorCidBase).toBe(98647n)
    expect(seen).toEqual([{ sealProof: 8n, pieces: 1 }])
  })

  it('without an implementation raises NotImplementedError, so that a run stops rather than guess', async () => {
    await expect(run(true, {})).rejects.toThrow(NotImplementedError)
  })
})
