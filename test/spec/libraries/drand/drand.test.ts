import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { fromHex, toHex } from 'multiformats/bytes'
import {
  DRAND_DST_G1,
  DRAND_DST_G2,
  DRAND_INCENTINET,
  DRAND_MAINNET,
  DRAND_QUICKNET,
  computeBeaconMessage,
  computeBeaconRandomness,
  computeDrandChainHash,
  isChained,
  verifyBeaconEntry,
  type DrandChainInfo,
} from '../../../../spec/libraries/drand/drand.ts'

// Thin loader for drand_rounds.json: published rounds of both networks, each with its source.
const Rounds = z.object({
  rounds: z.array(
    z.object({
      id: z.string(),
      network: z.enum(['mainnet', 'quicknet']),
      round: z.number().int().positive(),
      signature: z.string(),
      previousSignature: z.string().optional(),
      randomness: z.string().optional(),
      source: z.object({ repo: z.string(), path: z.string(), commit: z.string(), name: z.string() }),
    }),
  ),
})
const { rounds } = Rounds.parse(JSON.parse(readFileSync(new URL('./drand_rounds.json', import.meta.url), 'utf8')))
const CHAINS: Record<string, DrandChainInfo> = { mainnet: DRAND_MAINNET, quicknet: DRAND_QUICKNET }
const entryOf = (r: (typeof rounds)[number]) => ({ Round: BigInt(r.round), Data: fromHex(r.signature) })
const prevOf = (r: (typeof rounds)[number]) => fromHex(r.previousSignature ?? '')

describe('chain info (lotus build/buildconstants/drand.go, commit 4cf5ca6b)', () => {
  // drand/drand common/chain/info.go Hash: the chain hash is recomputed from the other fields.
  it.each([
    ['mainnet (default)', DRAND_MAINNET],
    ['quicknet', DRAND_QUICKNET],
    ['incentinet', DRAND_INCENTINET],
  ] as const)('%s: the chain hash follows from period, genesis, key, seed and beacon ID', (_, chain) => {
    expect(toHex(computeDrandChainHash(chain))).toBe(toHex(chain.hash))
  })

  it('has the key sizes and DSTs of the two schemes', () => {
    expect(DRAND_MAINNET.publicKey).toHaveLength(48)
    expect(DRAND_INCENTINET.publicKey).toHaveLength(48)
    expect(DRAND_QUICKNET.publicKey).toHaveLength(96)
    expect([isChained(DRAND_MAINNET), isChained(DRAND_INCENTINET), isChained(DRAND_QUICKNET)]).toEqual([true, true, false])
    expect(DRAND_DST_G2).toBe('BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_')
    expect(DRAND_DST_G1).toBe('BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_')
  })
})

describe('published rounds verify', () => {
  it.each(rounds.map((r) => [r.id, r] as const))('%s', (_, r) => {
    const chain = CHAINS[r.network]!
    expect(verifyBeaconEntry(chain, entryOf(r), prevOf(r))).toBe(true)
    expect(entryOf(r).Data).toHaveLength(r.network === 'mainnet' ? 96 : 48)
    if (r.randomness !== undefined) expect(toHex(computeBeaconRandomness(entryOf(r).Data))).toBe(r.randomness)
  })

  it.each(rounds.map((r) => [r.id, r] as const))('%s fails for the next round number', (_, r) => {
    expect(verifyBeaconEntry(CHAINS[r.network]!, { ...entryOf(r), Round: BigInt(r.round + 1) }, prevOf(r))).toBe(false)
  })

  it('a chained round fails with another previous signature (mainnet/3 over mainnet/3)', () => {
    const r3 = rounds.find((r) => r.id === 'mainnet/3')!
    expect(verifyBeaconEntry(DRAND_MAINNET, entryOf(r3), fromHex(r3.signature))).toBe(false)
    expect(verifyBeaconEntry(DRAND_MAINNET, entryOf(r3), new Uint8Array())).toBe(false)
  })

  it('an unchained round ignores the previous signature; quicknet/3 does not verify as round 2 (forest)', () => {
    const q3 = rounds.find((r) => r.id === 'quicknet/3')!
    expect(verifyBeaconEntry(DRAND_QUICKNET, entryOf(q3), fromHex('deadbeef'))).toBe(true)
    expect(verifyBeaconEntry(DRAND_QUICKNET, { ...entryOf(q3), Round: 2n }, new Uint8Array())).toBe(false)
  })

  it('a round does not verify on the other network or under incentinet’s key', () => {
    for (const r of rounds) {
      const other = r.network === 'mainnet' ? DRAND_QUICKNET : DRAND_MAINNET
      expect(verifyBeaconEntry(other, entryOf(r), prevOf(r))).toBe(false)
    }
    const m1 = rounds.find((r) => r.id === 'mainnet/1')!
    expect(verifyBeaconEntry(DRAND_INCENTINET, entryOf(m1), prevOf(m1))).toBe(false)
  })

  // forest src/beacon/signatures/tests.rs signature_from_bytes_invalid / pk_from_bytes_invalid
  it.each(['', 'aa', 'a7b0877eaea7a0222f4c39a2c03434c34f5fe3ea47c533d24b88e5c3053b84775ccb78e984addcb55173f40428513f280cc6e0fccc3c89bb1625c7c0b477deb6faae43fc6ec036f09233bf38da16586b3042dd01a7e9ed97c8bafa343cc6071eaa'])(
    'forest invalid signature bytes %j are rejected by both schemes',
    (hex) => {
      const r2 = rounds.find((r) => r.id === 'mainnet/2')!
      expect(verifyBeaconEntry(DRAND_MAINNET, { Round: 3n, Data: fromHex(hex) }, fromHex(r2.signature))).toBe(false)
      expect(verifyBeaconEntry(DRAND_QUICKNET, { Round: 3n, Data: fromHex(hex) }, new Uint8Array())).toBe(false)
    },
  )

  it('is false, never a throw, for arbitrary signatures and rounds', () => {
    const arbSig = fc.oneof(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ minLength: 48, maxLength: 48 }), fc.uint8Array({ minLength: 96, maxLength: 96 }))
    fc.assert(
      fc.property(fc.constantFrom(DRAND_MAINNET, DRAND_QUICKNET), arbSig, fc.bigInt({ min: -1n, max: 2n ** 64n }), fc.uint8Array({ maxLength: 96 }), (chain, sig, round, prev) => {
        expect(verifyBeaconEntry(chain, { Round: round, Data: sig }, prev)).toBe(false)
      }),
      { numRuns: 40 },
    )
  })
})

describe('computeBeaconMessage', () => {
  it('chained: sha256(previous signature ‖ round u64 BE); unchained: sha256(round u64 BE)', () => {
    // sha256 of the 8 bytes 00…01 and of 0xaa followed by them
    expect(toHex(computeBeaconMessage('bls-unchained-g1-rfc9380', 1n, Uint8Array.of(0xaa)))).toBe('cd2662154e6d76b2b2b92e70c0cac3ccf534f9b74eb5b89819ec509083d00a50')
    expect(computeBeaconMessage('pedersen-bls-chained', 1n, new Uint8Array())).toEqual(computeBeaconMessage('bls-unchained-g1-rfc9380', 1n, Uint8Array.of(0xaa)))
    expect(toHex(computeBeaconMessage('pedersen-bls-chained', 1n, Uint8Array.of(0xaa)))).not.toBe('cd2662154e6d76b2b2b92e70c0cac3ccf534f9b74eb5b89819ec509083d00a50')
  })
})
