// `filspec address new secp256k1|bls`: a fresh key's address and its private key as
// `lotus wallet export` prints it (hex of {"Type","PrivateKey"}). iso-filecoin's
// accountFromLotus, which reads Lotus exports, derives the same address from the printed key.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { accountFromLotus } from 'iso-filecoin/wallet'
import { addressFromString, addressToString, newBlsAddress, newSecp256k1Address } from '../../../spec/appendix/address/address.ts'
import { getBlsPublicKey } from '../../../spec/algorithms/crypto/signatures/bls.ts'
import { getSecp256k1PublicKey } from '../../../spec/algorithms/crypto/signatures/secp256k1.ts'
import { encodeLotusKeyInfo } from '../../../src/crypto/keys.ts'

const bin = join(new URL('../../../', import.meta.url).pathname, 'bin/filspec.js')
const filspec = (args: string[]) => {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const keyInfo = (hex: string) => JSON.parse(Buffer.from(hex, 'hex').toString('utf8')) as { Type: string; PrivateKey: string }

describe('filspec address new', () => {
  it.each([
    ['secp256k1', 1, (k: Uint8Array) => newSecp256k1Address(getSecp256k1PublicKey(k))],
    ['bls', 3, (k: Uint8Array) => newBlsAddress(getBlsPublicKey(k))],
  ] as const)('%s: prints the address and a Lotus key export whose key has that address', (type, protocol, addressOf) => {
    const r = filspec(['address', 'new', type])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const [, address, exported] = /^address {5}(\S+)\nprivate key ([0-9a-f]+)\n$/.exec(r.stdout)!
    expect(addressFromString(address!).protocol).toBe(protocol)
    expect(Object.keys(keyInfo(exported!))).toEqual(['Type', 'PrivateKey'])
    expect(keyInfo(exported!).Type).toBe(type)
    expect(addressToString(addressOf(Buffer.from(keyInfo(exported!).PrivateKey, 'base64')))).toBe(address)
    expect(accountFromLotus(exported!, 'mainnet').address.toString()).toBe(address)
  })

  it('makes a different key each time', () => {
    expect(filspec(['address', 'new', 'bls']).stdout).not.toBe(filspec(['address', 'new', 'bls']).stdout)
  })

  it('--json prints {address, type, privateKey}', () => {
    const r = filspec(['address', 'new', 'secp256k1', '--json'])
    const out = JSON.parse(r.stdout) as { address: string; type: string; privateKey: string }
    expect(Object.keys(out)).toEqual(['address', 'type', 'privateKey'])
    expect(out.type).toBe('secp256k1')
    expect(accountFromLotus(out.privateKey, 'mainnet').address.toString()).toBe(out.address)
  })

  it('refuses a missing or unknown key type with one line and exit code 2', () => {
    for (const args of [['address', 'new'], ['address', 'new', 'ed25519'], ['address', 'new', 'bls', 'extra']]) {
      const r = filspec(args)
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/^filspec: address new: expected one key type \(secp256k1 or bls\), got "[^"\n]*"\n$/)
    }
  })

  // Go's encoding/json writes KeyInfo{Type, PrivateKey []byte} with no spaces and padded base64.
  it('encodes the key info exactly as Go\'s encoding/json does', () => {
    const hex = encodeLotusKeyInfo('bls', Uint8Array.from({ length: 32 }, (_, i) => i))
    expect(Buffer.from(hex, 'hex').toString()).toBe('{"Type":"bls","PrivateKey":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}')
  })
})
