// vectors/signatures/: fresh, deterministic, and what an independent implementation computes:
// iso-filecoin (its own @noble/curves 1.x) reproduces every secp256k1 and BLS key, address and
// signature; the Ethereum-address helpers of the address section reproduce every f410 address.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as isoWallet from 'iso-filecoin/wallet'
import { Signature as IsoSignature } from 'iso-filecoin/signature'
import { fromHex } from 'multiformats/bytes'
import { addressFromString, addressToString } from '../../../spec/appendix/address/address.ts'
import { ethAddressToFilecoinAddress } from '../../../spec/appendix/address/eth_address.ts'
import { computeEthAddress } from '../../../spec/algorithms/crypto/signatures/delegated.ts'
import { verifySignature } from '../../../spec/algorithms/crypto/signatures/verifier.ts'
import { generateSignatureVectors } from '../../../src/vectors/signatures.ts'

const repoRoot = new URL('../../../', import.meta.url).pathname
const files = generateSignatureVectors()
const read = (scheme: string) => JSON.parse(files.find((f) => f.path === `signatures/${scheme}.json`)!.content).vectors

interface SignVector {
  name: string
  privateKey: string
  publicKey: string
  address: string
  message: string
  digest?: string
  signature: string
}
interface VerifyVector {
  name: string
  signer: string
  message: string
  signature: string
  valid: boolean
}

describe('vectors/signatures', () => {
  it('are deterministic, and the committed files are the generator output', () => {
    expect(generateSignatureVectors()).toEqual(files)
    for (const f of files) expect(readFileSync(join(repoRoot, 'vectors', f.path), 'utf8')).toBe(f.content)
  })

  it.each((read('secp256k1').sign as SignVector[]).map((v) => [v.name, v] as const))('secp256k1 %s: iso-filecoin agrees', (_, v) => {
    const key = fromHex(v.privateKey)
    const iso = isoWallet.getPublicKey(key, 'mainnet', 'SECP256K1')
    expect([Buffer.from(iso.publicKey).toString('hex'), iso.address.toString()]).toEqual([v.publicKey, v.address])
    expect(Buffer.from(isoWallet.sign(key, 'SECP256K1', fromHex(v.message)).data).toString('hex')).toBe(v.signature)
  })

  it.each((read('bls').sign as SignVector[]).map((v) => [v.name, v] as const))('bls %s: iso-filecoin agrees (big-endian key)', (_, v) => {
    const key = fromHex(v.privateKey).reverse()
    const iso = isoWallet.getPublicKey(key, 'mainnet', 'BLS')
    expect([Buffer.from(iso.publicKey).toString('hex'), iso.address.toString()]).toEqual([v.publicKey, v.address])
    expect(Buffer.from(isoWallet.sign(key, 'BLS', fromHex(v.message)).data).toString('hex')).toBe(v.signature)
  })

  it('bls verify cases: iso-filecoin agrees on those whose key decodes', () => {
    for (const v of read('bls').verify as VerifyVector[]) {
      const payload = addressFromString(v.signer).payload
      let iso: boolean
      try {
        iso = isoWallet.verify(new IsoSignature({ type: 'BLS', data: fromHex(v.signature) }), fromHex(v.message), payload)
      } catch {
        iso = false // noble 1.x throws on encodings it cannot decode
      }
      expect([v.name, iso]).toEqual([v.name, v.valid])
    }
  })

  it('delegated: every f410 address is the Ethereum address of the public key', () => {
    for (const v of read('delegated').sign as SignVector[]) {
      expect(addressToString(ethAddressToFilecoinAddress(computeEthAddress(fromHex(v.publicKey))))).toBe(v.address)
    }
  })

  it.each(['secp256k1', 'bls', 'delegated'].map((s, i) => [s, i + 1] as const))('%s verify cases answer as they say through verifySignature', (scheme, type) => {
    for (const v of read(scheme).verify as VerifyVector[]) {
      expect([v.name, verifySignature({ type: type as 1 | 2 | 3, data: fromHex(v.signature) }, addressFromString(v.signer), fromHex(v.message))]).toEqual([v.name, v.valid])
    }
  })
})
