// The verified registry's state, HAMT entries and parameters as bytes: the f06 state of every
// pre- and post-state in the conformance corpus decodes and re-encodes to Lotus's bytes (its maps
// included); every structure round-trips; garbage decodes to a value or a SchemaError; and the
// invariants catch what they should.

import { readFileSync } from 'node:fs'
import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { address, addressFromBytes, addressToBytes, newIdAddress, type Address } from '../../../../spec/appendix/address/address.ts'
import { getHamtVersionForActors, loadHamt } from '../../../../spec/appendix/data_structures/hamt.ts'
import { decodeHamtNode, encodeHamtNode } from '../../../../spec/appendix/data_structures/hamt_node.ts'
import { importCar } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { VERIFIED_REGISTRY_ACTOR_ADDR, parseBuiltinCode } from '../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { cborParams } from '../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { StateTree } from '../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { checkVerifregStateInvariants } from '../../../../spec/algorithms/verified_clients/invariants.ts'
import { MIN_VERIFIED_DEAL_SIZE, isVerifiedDealSize } from '../../../../spec/algorithms/verified_clients/policy.ts'
import { VerifregState, decodeDataCap, encodeDataCap, getDataCapKey } from '../../../../spec/algorithms/verified_clients/state.ts'
import { AddVerifiedClientParams, AddVerifierParams, RestoreBytesParams, UseBytesParams } from '../../../../spec/algorithms/verified_clients/types.ts'
import { collectVectorFiles } from '../../../../src/cli/commands/conformance.ts'
import { corpusDir } from '../../../../src/conformance/corpus.ts'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../../../src/conformance/vector_car.ts'
import { arbCid, arbCorruptedEncoding, valueOrSchemaError, arbCborValue } from '../../../src/schema/arbitraries.ts'
import { arbAddress } from '../../appendix/address/address_arbitraries.ts'
import { ROOT, VerifregRuntime, setupRegistry } from './harness.ts'

const dir = corpusDir(new URL('../../../../', import.meta.url).pathname)
const arbCap = fc.oneof(fc.bigInt({ min: 0n, max: 1n << 64n }), fc.bigInt({ min: -(2n ** 1015n), max: 2n ** 1015n }))

describe('verified registry state in the corpus', () => {
  it('decodes the f06 state of every pre- and post-state, v0 and v2, and re-encodes it and its maps byte for byte', async () => {
    const seen = { 0: 0, 2: 0 }
    const rootKeys = new Set<string>()
    for (const file of collectVectorFiles([dir])) {
      const vector = VectorDag.parse(JSON.parse(readFileSync(file, 'utf8')))
      const store = createMemoryBlockstore()
      await importCar(store, decodeVectorCar(vector.car))
      for (const root of getVectorStateRoots(vector)) {
        const actor = (await (await StateTree.load(store, root)).getActor(VERIFIED_REGISTRY_ACTOR_ADDR))!
        const { name, version } = parseBuiltinCode(actor.Code)!
        expect(name, file).toBe('verifiedregistry')
        const bytes = await store.get(actor.Head)
        const st = VerifregState.decode(bytes)
        expect(VerifregState.encode(st), file).toEqual(bytes)
        expect(String(VerifregState.cid(st))).toBe(String(actor.Head))
        rootKeys.add(Buffer.from(addressToBytes(st.RootKey)).toString('hex'))
        for (const mapRoot of [st.Verifiers, st.VerifiedClients]) {
          const node = await store.get(mapRoot)
          const hamtVersion = getHamtVersionForActors(version)
          expect(encodeHamtNode(decodeHamtNode(node, 5, hamtVersion), hamtVersion), file).toEqual(node)
          for await (const { key, value } of (await loadHamt(store, mapRoot, { version: hamtVersion })).entries()) {
            expect(addressToBytes(addressFromBytes(key))).toEqual(key)
            expect(encodeDataCap(decodeDataCap(value))).toEqual(value)
          }
        }
        expect(await checkVerifregStateInvariants(store, st, version), file).toEqual([])
        seen[version]++
      }
    }
    expect(seen[0]).toBeGreaterThan(100)
    expect(seen[2]).toBeGreaterThan(100)
    // every corpus genesis names f080 as the root key (test-vectors' builder genesis)
    expect([...rootKeys]).toEqual([Buffer.from(addressToBytes(newIdAddress(80n))).toString('hex')])
  })
})

describe('VerifregState', () => {
  const arb = fc.record({ RootKey: arbAddress, Verifiers: arbCid, VerifiedClients: arbCid })
  it('round-trips', () => {
    fc.assert(fc.property(arb, (st) => void expect(VerifregState.decode(VerifregState.encode(st))).toEqual(st)))
  })
  it('corrupted encodings and any CBOR decode to a value or a SchemaError', () => {
    fc.assert(fc.property(arbCorruptedEncoding(VerifregState.encode, arb), (bytes) => void valueOrSchemaError(() => VerifregState.decode(bytes))))
    fc.assert(fc.property(arbCborValue, (v) => void valueOrSchemaError(() => VerifregState.decode(dagCbor.encode(v)))))
  })
  it('rejects a structure of the wrong arity', () => {
    expect(() => VerifregState.decode(dagCbor.encode([addressToBytes(ROOT)]))).toThrow(/array of 3 fields/)
  })
})

describe('DataCap values and keys', () => {
  it('a DataCap is a go-state-types big integer: zero the empty byte string, then a sign byte and the magnitude', () => {
    expect(Buffer.from(encodeDataCap(0n)).toString('hex')).toBe('40')
    expect(Buffer.from(encodeDataCap(MIN_VERIFIED_DEAL_SIZE)).toString('hex')).toBe('4400100000')
    expect(Buffer.from(encodeDataCap(-1n)).toString('hex')).toBe('420101')
  })
  it('round-trips any cap', () => {
    fc.assert(fc.property(arbCap, (cap) => void expect(decodeDataCap(encodeDataCap(cap))).toBe(cap)))
  })
  it('garbage decodes to a cap or a SchemaError', () => {
    fc.assert(fc.property(arbCorruptedEncoding(encodeDataCap, arbCap), (bytes) => void valueOrSchemaError(() => decodeDataCap(bytes))))
    fc.assert(fc.property(arbCborValue, (v) => void valueOrSchemaError(() => decodeDataCap(dagCbor.encode(v)))))
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => void valueOrSchemaError(() => decodeDataCap(bytes))))
  })
  it('the key of an address is its bytes (abi.AddrKey)', () => {
    fc.assert(fc.property(arbAddress, (a) => void expect(getDataCapKey(a)).toEqual(addressToBytes(a))))
    expect(Buffer.from(getDataCapKey(newIdAddress(101n))).toString('hex')).toBe('0065')
  })
})

describe('isVerifiedDealSize', () => {
  it('is true from 2**20 = 1048576 bytes on', () => {
    expect(MIN_VERIFIED_DEAL_SIZE).toBe(1_048_576n)
    expect([isVerifiedDealSize(1_048_575n), isVerifiedDealSize(1_048_576n), isVerifiedDealSize(-(1n << 20n))]).toEqual([false, true, false])
  })
})

const PARAMS = [
  ['AddVerifierParams', AddVerifierParams, fc.record({ Address: arbAddress, Allowance: arbCap })],
  ['AddVerifiedClientParams', AddVerifiedClientParams, fc.record({ Address: arbAddress, Allowance: arbCap })],
  ['UseBytesParams', UseBytesParams, fc.record({ Address: arbAddress, DealSize: arbCap })],
  ['RestoreBytesParams', RestoreBytesParams, fc.record({ Address: arbAddress, DealSize: arbCap })],
] as const

describe.each(PARAMS)('%s', (_name, kind, arb) => {
  const codec = kind as unknown as { encode(v: unknown): Uint8Array; decode(b: Uint8Array): unknown }
  const reader = cborParams(kind as typeof AddVerifierParams)
  it('round-trips, also as method parameters', () => {
    fc.assert(
      fc.property(arb as fc.Arbitrary<unknown>, (p) => {
        expect(codec.decode(codec.encode(p))).toEqual(p)
        expect(reader.read(codec.encode(p))).toEqual(p)
      }),
    )
  })
  it('corrupted encodings and any CBOR read to a value or a SchemaError', () => {
    fc.assert(fc.property(arbCorruptedEncoding(codec.encode, arb as fc.Arbitrary<unknown>), (bytes) => void valueOrSchemaError(() => reader.read(bytes))))
    fc.assert(fc.property(arbCborValue, (v) => void valueOrSchemaError(() => reader.read(dagCbor.encode(v)))))
  })
})

describe('Constructor and RemoveVerifier parameters: a bare address', () => {
  const reader = cborParams(address)
  const encode = (a: Address) => dagCbor.encode(address.toCbor(a))
  it('round-trips', () => {
    fc.assert(fc.property(arbAddress, (a) => void expect(reader.read(encode(a))).toEqual(a)))
  })
  it('corrupted encodings and any CBOR read to an address or a SchemaError', () => {
    fc.assert(fc.property(arbCorruptedEncoding(encode, arbAddress), (bytes) => void valueOrSchemaError(() => reader.read(bytes))))
    fc.assert(fc.property(arbCborValue, (v) => void valueOrSchemaError(() => reader.read(dagCbor.encode(v)))))
  })
})

describe('checkVerifregStateInvariants', () => {
  it('holds for a fresh registry in both versions', async () => {
    for (const version of [0, 2] as const) await (await setupRegistry(version)).expectInvariants()
  })

  it('reports a non-ID root key, a negative cap, an address in both maps, and (v2 only) non-ID keys', async () => {
    const bls: Address = { protocol: 3, payload: new Uint8Array(48).fill(1) }
    for (const version of [0, 2] as const) {
      const rt: VerifregRuntime = await setupRegistry(version)
      await rt.replaceMap('Verifiers', [[newIdAddress(7n), encodeDataCap(-1n)], [bls, encodeDataCap(5n)]])
      await rt.replaceMap('VerifiedClients', [[newIdAddress(7n), encodeDataCap(MIN_VERIFIED_DEAL_SIZE)]])
      await rt.writeState({ ...(await rt.state()), RootKey: bls })
      const broken = await checkVerifregStateInvariants(rt.store, await rt.state(), version)
      expect(broken.some((m) => m.startsWith('root key'))).toBe(true)
      expect(broken.some((m) => m.includes('negative DataCap -1'))).toBe(true)
      expect(broken.some((m) => m === 'verifier f07 is also a client')).toBe(true)
      expect(broken.some((m) => m.includes('is not an ID address') && m.startsWith('verifier'))).toBe(version === 2)
    }
  })

  it('reports a map it cannot read', async () => {
    const rt = await setupRegistry(2)
    await rt.replaceMap('VerifiedClients', [[newIdAddress(7n), Uint8Array.of(0x60)]])
    expect(await checkVerifregStateInvariants(rt.store, await rt.state(), 2)).toEqual([expect.stringMatching(/^error reading verified clients/)])
  })
})
