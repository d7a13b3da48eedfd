import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { numberToBytesBE } from '@noble/curves/utils.js'
import { newBlsAddress, newIdAddress, newSecp256k1Address, type Address } from '../../../../../spec/appendix/address/address.ts'
import {
  SECP256K1_SIGNATURE_BYTES,
  getSecp256k1PublicKey,
  recoverSecp256k1Address,
  recoverSecp256k1PublicKey,
  signSecp256k1,
  verifySecp256k1,
} from '../../../../../spec/algorithms/crypto/signatures/secp256k1.ts'
import { SignatureError } from '../../../../../spec/algorithms/crypto/signatures/signature.ts'
import { arbAddress } from '../../../appendix/address/address_arbitraries.ts'
import { arbData, arbSecp256k1Key } from './arbitraries.ts'

const N = secp256k1.Point.Fn.ORDER
const key = numberToBytesBE(0x1234567890abcdefn, 32)
const signer = newSecp256k1Address(getSecp256k1PublicKey(key))
const data = new TextEncoder().encode('filspec')
const signature = signSecp256k1(key, data)
const with64 = (sig: Uint8Array, i: number, value: number) => Uint8Array.from(sig, (b, j) => (j === i ? value : b))
const r = (sig: Uint8Array) => BigInt(`0x${Buffer.from(sig.subarray(0, 32)).toString('hex')}`)
const s = (sig: Uint8Array) => BigInt(`0x${Buffer.from(sig.subarray(32, 64)).toString('hex')}`)
const fromRsv = (rv: bigint, sv: bigint, v: number) => Uint8Array.from([...numberToBytesBE(rv, 32), ...numberToBytesBE(sv, 32), v])

describe('secp256k1 keys', () => {
  it('accepts private keys 1 and n−1, and refuses 0, n, wrong lengths and non-bytes with a SignatureError', () => {
    expect(getSecp256k1PublicKey(numberToBytesBE(1n, 32))).toEqual(secp256k1.Point.BASE.toBytes(false))
    expect(getSecp256k1PublicKey(numberToBytesBE(N - 1n, 32))).toEqual(secp256k1.Point.BASE.negate().toBytes(false))
    expect(() => getSecp256k1PublicKey(new Uint8Array(32))).toThrow('secp256k1: private key expected an integer in [1, n-1], got bytes(32)')
    expect(() => getSecp256k1PublicKey(numberToBytesBE(N, 32))).toThrow(SignatureError)
    expect(() => getSecp256k1PublicKey(new Uint8Array(31).fill(1))).toThrow('secp256k1: private key expected 32 bytes, got bytes(31)')
    expect(() => getSecp256k1PublicKey('00' as unknown as Uint8Array)).toThrow(SignatureError)
  })
})

describe('secp256k1 signatures', () => {
  it('are 65 bytes r ‖ s ‖ v with a low s and v ∈ {0, 1}, and deterministic', () => {
    expect(signature).toHaveLength(SECP256K1_SIGNATURE_BYTES)
    expect(s(signature) <= N / 2n).toBe(true)
    expect([0, 1]).toContain(signature[64])
    expect(signSecp256k1(key, data)).toEqual(signature)
  })

  it('verify against the signer and recover its key and address', () => {
    expect(verifySecp256k1(signature, signer, data)).toBe(true)
    expect(recoverSecp256k1PublicKey(signature, data)).toEqual(getSecp256k1PublicKey(key))
    expect(recoverSecp256k1Address(signature, data)).toEqual(signer)
  })

  it('are false for other data, another signer, a signer of another protocol, or a flipped recovery id', () => {
    expect(verifySecp256k1(signature, signer, new TextEncoder().encode('filspeC'))).toBe(false)
    expect(verifySecp256k1(signature, newSecp256k1Address(getSecp256k1PublicKey(numberToBytesBE(2n, 32))), data)).toBe(false)
    expect(verifySecp256k1(signature, { protocol: 2, payload: signer.payload }, data)).toBe(false)
    expect(verifySecp256k1(signature, newIdAddress(1000n), data)).toBe(false)
    expect(verifySecp256k1(with64(signature, 64, signature[64]! ^ 1), signer, data)).toBe(false)
  })

  it('are false for wrong lengths and out-of-range r, s or v; recovery of those throws SignatureError', () => {
    const bad = [
      signature.subarray(0, 64),
      Uint8Array.from([...signature, 0]),
      with64(signature, 64, 4),
      with64(signature, 64, 27),
      fromRsv(0n, s(signature), signature[64]!),
      fromRsv(r(signature), 0n, signature[64]!),
      fromRsv(N, s(signature), signature[64]!),
      fromRsv(r(signature), N, signature[64]!),
      // v = 2 asks for R.x = r + n, which exceeds the field for almost every r.
      with64(signature, 64, 2),
    ]
    for (const sig of bad) {
      expect(verifySecp256k1(sig, signer, data)).toBe(false)
      expect(() => recoverSecp256k1PublicKey(sig, data)).toThrow(SignatureError)
    }
  })

  // go-crypto (secp256k1-voi) and libsecp256k1 (ref-fvm, Forest) recover from a high s; signing makes low s only.
  it('accept the high-s twin of a signature (s → n − s, v flipped), as go-crypto and libsecp256k1 recovery do', () => {
    const twin = fromRsv(r(signature), N - s(signature), signature[64]! ^ 1)
    expect(verifySecp256k1(twin, signer, data)).toBe(true)
  })

  it('throw SignatureError only for wrongly typed arguments', () => {
    expect(() => verifySecp256k1([1, 2] as unknown as Uint8Array, signer, data)).toThrow('secp256k1: signature expected bytes, got array(2)')
    expect(() => verifySecp256k1(signature, null as unknown as Address, data)).toThrow(SignatureError)
    expect(() => verifySecp256k1(signature, signer, 'x' as unknown as Uint8Array)).toThrow(SignatureError)
  })

  it('property: sign then verify and recover, for any key and data', () => {
    fc.assert(
      fc.property(arbSecp256k1Key, arbData, (k, d) => {
        const sig = signSecp256k1(k, d)
        const a = newSecp256k1Address(getSecp256k1PublicKey(k))
        return verifySecp256k1(sig, a, d) && recoverSecp256k1Address(sig, d).payload.every((b, i) => b === a.payload[i])
      }),
      { numRuns: 100 },
    )
  })

  it('property: verify on garbage is a boolean (false unless by chance), never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ minLength: 65, maxLength: 65 })), arbAddress, arbData, (sig, a, d) => {
        expect(verifySecp256k1(sig, a, d)).toBe(false)
      }),
      { numRuns: 300 },
    )
  })

  it('property: recovery on garbage returns a 65-byte key or throws SignatureError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 65, maxLength: 65 }), arbData, (sig, d) => {
        try {
          expect(recoverSecp256k1PublicKey(sig, d)).toHaveLength(65)
        } catch (e) {
          expect(e).toBeInstanceOf(SignatureError)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('a BLS address never verifies a secp256k1 signature', () => {
    expect(verifySecp256k1(signature, newBlsAddress(new Uint8Array(48)), data)).toBe(false)
  })
})
