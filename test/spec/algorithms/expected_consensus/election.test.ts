import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { blake2b } from '@noble/hashes/blake2.js'
import {
  BLOCKS_PER_EPOCH,
  ElectionError,
  MAX_WIN_COUNT,
  computeElectionProofVrfInput,
  computeExpNeg,
  computeLambda,
  computeMinerEntropy,
  computeNextPoissonPmf,
  computeWinCount,
  getLatestBeaconEntry,
} from '../../../../spec/algorithms/expected_consensus/election.ts'
import { DomainSeparationTag, drawRandomness } from '../../../../spec/algorithms/crypto/randomness/randomness.ts'
import { addressFromString } from '../../../../spec/appendix/address/address.ts'

// Thin loader for electionproof_golden.json: Lotus's golden files, transcribed with their ids.
const Golden = z.object({
  lambda: z.array(z.object({ id: z.string(), power: z.string(), totalPower: z.string(), lambda: z.string() })),
  poisson: z.array(z.object({ id: z.string(), lambdaBase: z.number(), lambdaShift: z.number(), icdf: z.array(z.string()).length(16) })),
  exp: z.array(z.object({ x: z.string(), y: z.string() })).length(256),
})
const golden = Golden.parse(JSON.parse(readFileSync(new URL('./electionproof_golden.json', import.meta.url), 'utf8')))
const ONE = 1n << 256n

/** icdf[0..15] as Lotus's TestPoissonFunction prints them, computed with our functions. */
function icdfSequence(lambda: bigint): bigint[] {
  let pmf = computeExpNeg(lambda)
  const out = [ONE - pmf]
  for (let k = 1n; k <= 15n; k++) {
    pmf = computeNextPoissonPmf(pmf, lambda, k)
    out.push(out[out.length - 1]! - pmf)
  }
  return out
}

/** The 32-byte VRF digest as a Q.256 number, as ComputeWinCount reads it. */
const digestValue = (proof: Uint8Array) => BigInt(`0x${Buffer.from(blake2b(proof, { dkLen: 32 })).toString('hex')}`)

describe('lotus chain/types/electionproof_test.go golden files', () => {
  it.each(golden.lambda.map((v) => [v.id, v] as const))('%s', (_, v) => {
    expect(computeLambda(BigInt(v.power), BigInt(v.totalPower))).toBe(BigInt(v.lambda))
  })

  it('TestElectionLam: 64 of 128 gives lambda 2.5', () => {
    expect(computeLambda(64n, 128n)).toBe((5n * ONE) / 2n)
  })

  it.each(golden.poisson.map((v) => [v.id, v] as const))('%s', (_, v) => {
    const lambda = BigInt(v.lambdaBase) << BigInt(256 - v.lambdaShift)
    expect(icdfSequence(lambda)).toEqual(v.icdf.map(BigInt))
  })

  it('TestExpFunction: all 256 rows', () => {
    const step = (5n << 256n) / 255n
    golden.exp.forEach((row, i) => {
      expect(BigInt(row.x)).toBe(BigInt(i) * step)
      expect(computeExpNeg(BigInt(row.x)), `row ${i}`).toBe(BigInt(row.y))
    })
  })
})

describe('computeWinCount', () => {
  // Each golden Poisson case whose lambda is power·5/total for small integers: the win count of a
  // proof is the number of golden icdf[k], k < 15, that its digest falls below.
  const cases = [
    { id: 'TestPoissonFunction/lam-2-0', power: 2n, total: 5n },
    { id: 'TestPoissonFunction/lam-5-0', power: 1n, total: 1n },
    { id: 'TestPoissonFunction/lam-10-10', power: 1n, total: 512n },
  ]
  it.each(cases.map((c) => [c.id, c] as const))('agrees with the icdf of %s on random proofs', (id, c) => {
    const icdf = golden.poisson.find((p) => p.id === id)!.icdf.map(BigInt)
    expect(computeLambda(c.power, c.total)).toBe(BigInt(golden.poisson.find((p) => p.id === id)!.lambdaBase) << BigInt(256 - golden.poisson.find((p) => p.id === id)!.lambdaShift))
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (proof) => {
        const h = digestValue(proof)
        const expected = icdf.slice(0, 15).filter((t) => h < t).length
        expect(computeWinCount(proof, c.power, c.total)).toBe(BigInt(expected))
      }),
    )
  })

  it('finds proofs that win 0, 1, 2 and 3 times at lambda 2, each between its golden thresholds', () => {
    const icdf = golden.poisson.find((p) => p.id === 'TestPoissonFunction/lam-2-0')!.icdf.map(BigInt)
    const seen = new Set<bigint>()
    for (let i = 0; i < 5000 && [0n, 1n, 2n, 3n].some((w) => !seen.has(w)); i++) {
      const proof = Uint8Array.of(i & 0xff, i >> 8)
      const wins = computeWinCount(proof, 2n, 5n)
      const h = digestValue(proof)
      if (wins > 0n) expect(h < icdf[Number(wins) - 1]!).toBe(true)
      expect(h >= icdf[Number(wins)]!).toBe(true)
      seen.add(wins)
    }
    for (const w of [0n, 1n, 2n, 3n]) expect(seen.has(w)).toBe(true)
  })

  it('never exceeds MAX_WIN_COUNT, even at absurd power', () => {
    expect(MAX_WIN_COUNT).toBe(15n)
    // lambda = 5·2^20: every icdf stays near 1, so every digest wins as often as allowed
    expect(computeWinCount(new Uint8Array(96), 1n << 20n, 1n)).toBe(MAX_WIN_COUNT)
  })

  it('a miner without power never wins', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (proof) => {
        expect(computeWinCount(proof, 0n, 1000n)).toBe(0n)
      }),
    )
  })

  it('rejects negative power and non-positive total power with ElectionError', () => {
    expect(() => computeWinCount(new Uint8Array(96), -1n, 10n)).toThrow(ElectionError)
    expect(() => computeWinCount(new Uint8Array(96), 1n, 0n)).toThrow(ElectionError)
    expect(() => computeLambda(1n, -5n)).toThrow(/election: total power expected > 0, got -5n/)
  })

  it('BLOCKS_PER_EPOCH is five', () => {
    expect(BLOCKS_PER_EPOCH).toBe(5n)
  })
})

describe('election proof VRF input', () => {
  const miner = addressFromString('f01000')
  it('is drawRandomness over the beacon data with ElectionProofProduction, the epoch and the CBOR miner address', () => {
    // go-address MarshalCBOR of f01000: CBOR byte string header 0x43, then 00 e8 07
    expect(Buffer.from(computeMinerEntropy(miner)).toString('hex')).toBe('4300e807')
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), fc.bigInt({ min: 0n, max: 2n ** 62n }), (beacon, epoch) => {
        const input = computeElectionProofVrfInput(beacon, miner, epoch)
        expect(input).toEqual(drawRandomness(beacon, DomainSeparationTag.ElectionProofProduction, epoch, Uint8Array.from([0x43, 0x00, 0xe8, 0x07])))
      }),
    )
  })

  it('takes the block’s last beacon entry, else the parent’s latest', () => {
    const parent = { Round: 7n, Data: Uint8Array.of(7) }
    const entries = [
      { Round: 8n, Data: Uint8Array.of(8) },
      { Round: 9n, Data: Uint8Array.of(9) },
    ]
    expect(getLatestBeaconEntry(entries, parent)).toBe(entries[1])
    expect(getLatestBeaconEntry([], parent)).toBe(parent)
  })
})
