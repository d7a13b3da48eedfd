// The mock runtime as verified registry unit tests use it, after specs-actors' verifreg tests
// (v0.9.13 and v2.3.2 verified_registry_test.go `verifRegActorTestHarness`): the registry at f06
// with root key f0101; methods called by the caller the Go tests use; the DataCap of a verifier
// or client read back from the maps; and every block read and written counted, since the VM
// charges gas for each and specs-actors' order of reads and writes is consensus.

import { expect } from 'vitest'
import { newIdAddress, type Address } from '../../../../spec/appendix/address/address.ts'
import { createHamt, getHamtVersionForActors, loadHamt } from '../../../../spec/appendix/data_structures/hamt.ts'
import { createMemoryBlockstore, type MemoryBlockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { STORAGE_MARKET_ACTOR_ADDR, SYSTEM_ACTOR_ADDR, VERIFIED_REGISTRY_ACTOR_ADDR, type ActorsVersion } from '../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { checkVerifregStateInvariants } from '../../../../spec/algorithms/verified_clients/invariants.ts'
import { VerifregMethod, getVerifiedRegistryActor } from '../../../../spec/algorithms/verified_clients/methods.ts'
import { MIN_VERIFIED_DEAL_SIZE } from '../../../../spec/algorithms/verified_clients/policy.ts'
import { VerifregState, decodeDataCap, getDataCapKey } from '../../../../spec/algorithms/verified_clients/state.ts'
import { AddVerifiedClientParams, AddVerifierParams, RestoreBytesParams, UseBytesParams } from '../../../../spec/algorithms/verified_clients/types.ts'
import * as dagCbor from '@ipld/dag-cbor'
import type { CID } from 'multiformats/cid'
import { address } from '../../../../spec/appendix/address/address.ts'
import { MockRuntime } from '../../../support/mock_runtime.ts'
import { computeCborCid } from '../../../../src/schema/struct.ts'

/** The parameters of the Constructor and RemoveVerifier: a bare address. */
export const encodeAddressParams = (a: Address): Uint8Array => dagCbor.encode(address.toCbor(a))

/** The root key of specs-actors' verifreg tests. */
export const ROOT = newIdAddress(101n)
/** MinVerifiedDealSize, 1 MiB, as the Go tests name it. */
export const MIN = MIN_VERIFIED_DEAL_SIZE
/** A BLS address whose payload is `seed` repeated, standing in for `tutil.NewBLSAddr(t, seed)`. */
export const bls = (seed: number): Address => ({ protocol: 3, payload: new Uint8Array(48).fill(seed) })

/** A memory block store that counts the blocks read and written (a flush's batch counts each block). */
export interface CountingBlockstore extends MemoryBlockstore {
  gets: number
  puts: number
}

function createCountingBlockstore(): CountingBlockstore {
  const inner = createMemoryBlockstore()
  const store: CountingBlockstore = {
    gets: 0,
    puts: 0,
    get size() {
      return inner.size
    },
    has: (cid) => inner.has(cid),
    get(cid) {
      store.gets++
      return inner.get(cid)
    },
    put(cid, bytes) {
      store.puts++
      return inner.put(cid, bytes)
    },
    putMany(blocks) {
      const all = [...blocks]
      store.puts += all.length
      return inner.putMany(all)
    },
  }
  return store
}

export class VerifregRuntime extends MockRuntime<VerifregState> {
  override readonly store = createCountingBlockstore()

  constructor(version: ActorsVersion) {
    super(version, getVerifiedRegistryActor(version), VerifregState, VERIFIED_REGISTRY_ACTOR_ADDR)
    this.setActor(SYSTEM_ACTOR_ADDR, 'system')
    this.setActor(STORAGE_MARKET_ACTOR_ADDR, 'storagemarket')
    this.setActor(ROOT, 'multisig')
  }

  /** Calls method `method` as `caller`; the exit code, and the blocks it read and wrote. */
  async invoke(caller: Address, method: bigint, params: Uint8Array): Promise<{ exitCode: number; gets: number; puts: number }> {
    this.caller = caller
    const before = { gets: this.store.gets, puts: this.store.puts }
    const { exitCode } = await this.call(method, params)
    return { exitCode, gets: this.store.gets - before.gets, puts: this.store.puts - before.puts }
  }

  async construct(root: Address = ROOT): Promise<number> {
    return (await this.invoke(SYSTEM_ACTOR_ADDR, VerifregMethod.Constructor, encodeAddressParams(root))).exitCode
  }

  async addVerifier(verifier: Address, allowance: bigint, caller: Address = ROOT): Promise<number> {
    return (await this.invoke(caller, VerifregMethod.AddVerifier, AddVerifierParams.encode({ Address: verifier, Allowance: allowance }))).exitCode
  }

  async removeVerifier(verifier: Address, caller: Address = ROOT): Promise<number> {
    return (await this.invoke(caller, VerifregMethod.RemoveVerifier, encodeAddressParams(verifier))).exitCode
  }

  async addVerifiedClient(verifier: Address, client: Address, allowance: bigint): Promise<number> {
    return (await this.invoke(verifier, VerifregMethod.AddVerifiedClient, AddVerifiedClientParams.encode({ Address: client, Allowance: allowance }))).exitCode
  }

  async useBytes(client: Address, dealSize: bigint, caller: Address = STORAGE_MARKET_ACTOR_ADDR): Promise<number> {
    return (await this.invoke(caller, VerifregMethod.UseBytes, UseBytesParams.encode({ Address: client, DealSize: dealSize }))).exitCode
  }

  async restoreBytes(client: Address, dealSize: bigint, caller: Address = STORAGE_MARKET_ACTOR_ADDR): Promise<number> {
    return (await this.invoke(caller, VerifregMethod.RestoreBytes, RestoreBytesParams.encode({ Address: client, DealSize: dealSize }))).exitCode
  }

  /** Adds a verifier with `verifierAllowance + clientAllowance`, which then verifies the client (`generateAndAddVerifierAndVerifiedClient`). */
  async addVerifierAndClient(verifier: Address, client: Address, verifierAllowance: bigint, clientAllowance: bigint): Promise<void> {
    expect(await this.addVerifier(verifier, verifierAllowance + clientAllowance)).toBe(0)
    expect(await this.addVerifiedClient(verifier, client, clientAllowance)).toBe(0)
  }

  private async capIn(root: 'Verifiers' | 'VerifiedClients', addr: Address): Promise<bigint | undefined> {
    const map = await loadHamt(this.store, (await this.state())[root], { version: getHamtVersionForActors(this.actorsVersion) })
    const value = await map.get(getDataCapKey(addr))
    return value === undefined ? undefined : decodeDataCap(value)
  }

  /** The verifier's DataCap, or undefined when it is not a verifier. */
  getVerifierCap(addr: Address): Promise<bigint | undefined> {
    return this.capIn('Verifiers', addr)
  }

  /** The client's DataCap, or undefined when it is not a verified client. */
  getClientCap(addr: Address): Promise<bigint | undefined> {
    return this.capIn('VerifiedClients', addr)
  }

  /**
   * Replaces one map with a HAMT of `entries`, each value raw bytes (so that a test can store what
   * the actor never writes: a negative DataCap, or a value that is no big integer).
   */
  async replaceMap(root: 'Verifiers' | 'VerifiedClients', entries: readonly [Address, Uint8Array][]): Promise<void> {
    const map = createHamt(this.store, { version: getHamtVersionForActors(this.actorsVersion) })
    for (const [addr, value] of entries) await map.set(getDataCapKey(addr), value)
    await this.writeState({ ...(await this.state()), [root]: await map.flush() })
  }

  /** Stores a block; its CID. */
  async putBlock(bytes: Uint8Array): Promise<CID> {
    const cid = computeCborCid(bytes)
    await this.store.put(cid, bytes)
    return cid
  }

  /** Makes `st` the actor's state. */
  async writeState(st: VerifregState): Promise<void> {
    this.head = await this.putBlock(VerifregState.encode(st))
  }

  /** Checks the state invariants, as each specs-actors verifreg test does at its end (`checkState`). */
  async expectInvariants(): Promise<void> {
    expect(await checkVerifregStateInvariants(this.store, await this.state(), this.actorsVersion)).toEqual([])
  }
}

/** A constructed registry with root key ROOT (`basicVerifRegSetup`). */
export async function setupRegistry(version: ActorsVersion): Promise<VerifregRuntime> {
  const rt = new VerifregRuntime(version)
  expect(await rt.construct()).toBe(0)
  return rt
}
