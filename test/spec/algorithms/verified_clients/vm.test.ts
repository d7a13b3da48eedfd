// The verified registry inside the spec's VM, on the genesis-era (actors v0) and actors v2
// pre-states of the corpus, whose registry has root key f080 and no verifiers: messages from the
// account f0100 to f06 get the exit codes specs-actors gives them, and leave f06 as it was.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newIdAddress, type Address } from '../../../../spec/appendix/address/address.ts'
import { specSignatureVerifier } from '../../../../spec/algorithms/crypto/signatures/verifier.ts'
import { importCar } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { VERIFIED_REGISTRY_ACTOR_ADDR } from '../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { VM } from '../../../../spec/systems/filecoin_vm/interpreter/vm.ts'
import { getBuiltinRegistry } from '../../../../spec/systems/filecoin_vm/sysactors/builtin_actors.ts'
import { VerifregMethod } from '../../../../spec/algorithms/verified_clients/methods.ts'
import { MIN_VERIFIED_DEAL_SIZE } from '../../../../spec/algorithms/verified_clients/policy.ts'
import { AddVerifiedClientParams, AddVerifierParams, RestoreBytesParams, UseBytesParams } from '../../../../spec/algorithms/verified_clients/types.ts'
import { corpusDir } from '../../../../src/conformance/corpus.ts'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../../../src/conformance/vector_car.ts'
import { encodeAddressParams } from './harness.ts'

const dir = corpusDir(new URL('../../../../', import.meta.url).pathname)
const SENDER = newIdAddress(100n)
const BLS: Address = { protocol: 3, payload: new Uint8Array(48).fill(5) }

async function openVm(file: string, networkVersion: number): Promise<VM> {
  const vector = VectorDag.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')))
  const store = createMemoryBlockstore()
  await importCar(store, decodeVectorCar(vector.car))
  const randomness = { getChainRandomness: async () => new Uint8Array(32), getBeaconRandomness: async () => new Uint8Array(32) }
  return VM.create({ store, stateRoot: getVectorStateRoots(vector)[0]!, epoch: 200_000n, networkVersion, baseFee: 100n, circulatingSupply: 0n, randomness, registry: getBuiltinRegistry(), verifier: specSignatureVerifier })
}

const cases: [string, bigint, Uint8Array, number][] = [
  ['Constructor from an account: SysErrForbidden', VerifregMethod.Constructor, encodeAddressParams(SENDER), ExitCode.SysErrForbidden],
  ['AddVerifier from an account, not the root key: SysErrForbidden', VerifregMethod.AddVerifier, AddVerifierParams.encode({ Address: newIdAddress(101n), Allowance: MIN_VERIFIED_DEAL_SIZE }), ExitCode.SysErrForbidden],
  ['AddVerifier below the minimum: ErrIllegalArgument', VerifregMethod.AddVerifier, AddVerifierParams.encode({ Address: newIdAddress(101n), Allowance: 1n }), ExitCode.ErrIllegalArgument],
  ['RemoveVerifier from an account: SysErrForbidden', VerifregMethod.RemoveVerifier, encodeAddressParams(newIdAddress(101n)), ExitCode.SysErrForbidden],
  ['AddVerifiedClient from an account that is no verifier: ErrNotFound', VerifregMethod.AddVerifiedClient, AddVerifiedClientParams.encode({ Address: newIdAddress(101n), Allowance: MIN_VERIFIED_DEAL_SIZE }), ExitCode.ErrNotFound],
  ['UseBytes from an account, not the market: SysErrForbidden', VerifregMethod.UseBytes, UseBytesParams.encode({ Address: newIdAddress(101n), DealSize: MIN_VERIFIED_DEAL_SIZE }), ExitCode.SysErrForbidden],
  ['RestoreBytes from an account, not the market: SysErrForbidden', VerifregMethod.RestoreBytes, RestoreBytesParams.encode({ Address: newIdAddress(101n), DealSize: MIN_VERIFIED_DEAL_SIZE }), ExitCode.SysErrForbidden],
  ['parameters that do not decode: exit code 1 before network version 7', VerifregMethod.AddVerifier, Uint8Array.of(0x82, 0x00), 1],
  ['method 7, which does not exist: SysErrInvalidMethod', 7n, new Uint8Array(), ExitCode.SysErrInvalidMethod],
]

describe.each([
  ['transfer/basic--ok--genesis.json', 0],
  ['transfer/basic--ok--actorsv2.json', 4],
])('verified registry in the VM, %s at network version %i', (file, networkVersion) => {
  it.each(cases)('%s', async (_name, method, params, exitCode) => {
    const vm = await openVm(file, networkVersion)
    const before = (await vm.state.getActor(VERIFIED_REGISTRY_ACTOR_ADDR))!.Head
    const msg = { Version: 0n, To: VERIFIED_REGISTRY_ACTOR_ADDR, From: SENDER, Nonce: 0n, Value: 0n, GasLimit: 10_000_000n, GasFeeCap: 100n, GasPremium: 1n, Method: method, Params: params }
    const { receipt } = await vm.applyMessage(msg, 25)
    expect(receipt.ExitCode).toBe(BigInt(exitCode))
    expect(String((await vm.state.getActor(VERIFIED_REGISTRY_ACTOR_ADDR))!.Head)).toBe(String(before))
  })

  it('AddVerifiedClient naming a new key address: v2 creates its account with a zero send, then fails and reverts; v0 fails without a send', async () => {
    const vm = await openVm(file, networkVersion)
    const msg = { Version: 0n, To: VERIFIED_REGISTRY_ACTOR_ADDR, From: SENDER, Nonce: 0n, Value: 0n, GasLimit: 10_000_000n, GasFeeCap: 100n, GasPremium: 1n, Method: VerifregMethod.AddVerifiedClient, Params: AddVerifiedClientParams.encode({ Address: BLS, Allowance: MIN_VERIFIED_DEAL_SIZE }) }
    const baseline = await (await openVm(file, networkVersion)).applyMessage({ ...msg, Params: AddVerifiedClientParams.encode({ Address: newIdAddress(101n), Allowance: MIN_VERIFIED_DEAL_SIZE }) }, 25)
    const { receipt } = await vm.applyMessage(msg, 25)
    expect(receipt.ExitCode).toBe(BigInt(ExitCode.ErrNotFound))
    // the aborted message's account creation is reverted with the rest of it
    expect(await vm.state.lookupId(BLS)).toBeUndefined()
    // v2 paid for the send and the account's creation; v0 did the same work as for an ID address
    if (networkVersion === 0) expect(receipt.GasUsed).toBe(baseline.receipt.GasUsed)
    else expect(receipt.GasUsed).toBeGreaterThan(baseline.receipt.GasUsed)
  })
})
