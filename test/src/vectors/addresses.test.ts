import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as iso from 'iso-filecoin/address'
import { fromHex } from 'multiformats/bytes'
import { AddressError, addressFromBytes, addressFromString, addressToBytes, addressToString, newBlsAddress, newSecp256k1Address, newActorAddress } from '../../../spec/appendix/address/address.ts'
import { ethAddressFromFilecoinAddress, ethAddressToString, parseEthAddress, ethAddressToFilecoinAddress } from '../../../spec/appendix/address/eth_address.ts'
import { generateAddressVectors } from '../../../src/vectors/addresses.ts'

const repoRoot = new URL('../../../', import.meta.url).pathname
const files = generateAddressVectors()
const read = (name: string) => JSON.parse(files.find((f) => f.path === `addresses/${name}`)!.content)

interface Valid {
  name: string
  input?: Record<string, string>
  string: string
  bytes: string
  protocol: number
  payload: string
  network: 'f' | 't'
  namespace?: string
  ethAddress?: string
}

describe('vectors/addresses', () => {
  it('are deterministic, and the committed files are the generator output', () => {
    expect(generateAddressVectors()).toEqual(files)
    for (const f of files) expect(readFileSync(join(repoRoot, 'vectors', f.path), 'utf8')).toBe(f.content)
  })

  const valid = read('valid.json').vectors as Valid[]
  it('include public values: go-address TestDelegatedAddress, the spec table, FIP-0055', () => {
    const byName = new Map(valid.map((v) => [v.name, v]))
    expect(byName.get('id-1024-f')?.string).toBe('f01024')
    expect(byName.get('delegated-ns32-ff-f')?.string).toBe('f432f77777777x32lpna')
    expect(byName.get('delegated-max-ns-empty-f')?.string).toBe('f49223372036854775807fiic6zsy')
    expect(byName.get('delegated-ns10-null-eth-f')?.string).toBe('f410faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaonc6iji')
    expect(new Set(valid.map((v) => v.protocol))).toEqual(new Set([0, 1, 2, 3, 4]))
  })

  it.each(valid.map((v) => [v.name, v] as const))('valid %s reads, writes back and is made from its input', (_, v) => {
    const a = addressFromString(v.string)
    expect(a).toEqual(addressFromBytes(fromHex(v.bytes)))
    expect(addressToString(a, v.network)).toBe(v.string)
    expect([a.protocol, Buffer.from(a.payload).toString('hex')]).toEqual([v.protocol, v.payload])
    if (v.input?.secp256k1PublicKey) expect(newSecp256k1Address(fromHex(v.input.secp256k1PublicKey))).toEqual(a)
    if (v.input?.blsPublicKey) expect(newBlsAddress(fromHex(v.input.blsPublicKey))).toEqual(a)
    if (v.input?.actorData !== undefined) expect(newActorAddress(fromHex(v.input.actorData))).toEqual(a)
    if (v.ethAddress) expect(ethAddressToString(ethAddressFromFilecoinAddress(a))).toBe(v.ethAddress)
    // iso-filecoin, an independent implementation, where it reads delegated addresses (namespace 10, non-empty).
    if (v.protocol !== 4 || (v.namespace === '10' && v.payload.length > 2)) expect(iso.fromString(v.string).toBytes()).toEqual(fromHex(v.bytes))
    if (v.input?.secp256k1PublicKey) expect(iso.fromPublicKey(fromHex(v.input.secp256k1PublicKey), v.network === 'f' ? 'mainnet' : 'testnet', 'SECP256K1').toString()).toBe(v.string)
  })

  const invalid = read('invalid.json').vectors as Array<{ name: string; string?: string; bytes?: string; error: string }>
  it.each(invalid.map((v) => [v.name, v] as const))('invalid %s is rejected with its kind', (_, v) => {
    const f = v.string !== undefined ? () => addressFromString(v.string!) : () => addressFromBytes(fromHex(v.bytes!))
    expect(f).toThrow(AddressError)
    try {
      f()
    } catch (e) {
      expect((e as AddressError).kind).toBe(v.error)
    }
  })

  it('ethereum conversions go both ways; the others have no Ethereum form', () => {
    const { conversions, noEthereumForm } = read('ethereum.json').vectors as {
      conversions: Array<{ ethAddress: string; filecoinAddress: string; bytes: string }>
      noEthereumForm: Array<{ filecoinAddress: string }>
    }
    for (const c of conversions) {
      const a = ethAddressToFilecoinAddress(parseEthAddress(c.ethAddress))
      expect([addressToString(a), Buffer.from(addressToBytes(a)).toString('hex')]).toEqual([c.filecoinAddress, c.bytes])
      expect(ethAddressToString(ethAddressFromFilecoinAddress(a))).toBe(c.ethAddress)
      expect(iso.fromEthAddress(c.ethAddress, 'mainnet').toString()).toBe(c.filecoinAddress)
    }
    for (const n of noEthereumForm) expect(() => ethAddressFromFilecoinAddress(addressFromString(n.filecoinAddress))).toThrow(AddressError)
  })
})
