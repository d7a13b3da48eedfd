import { describe, expect, it } from 'vitest'
import { computeWinCount } from '../../../../spec/algorithms/expected_consensus/election.ts'

describe('computeWinCount over many proofs', () => {
  // Lotus chain/types/electionproof_test.go TestWinCounts: power 20 of 100 (lambda = 1), VRFProof
  // the 5-byte little-endian counter w for w in [1e6, 2e6); the mean win count must be 1 ± 1%.
  it('TestWinCounts: a fifth of the power averages one win per epoch', () => {
    const count = 1_000_000
    let total = 0n
    const proof = new Uint8Array(5)
    for (let i = 0; i < count; i++) {
      const w = i + count
      proof[0] = w & 0xff
      proof[1] = (w >> 8) & 0xff
      proof[2] = (w >> 16) & 0xff
      proof[3] = (w >>> 24) & 0xff
      proof[4] = 0 // w >> 32 is 0 for w < 2^32
      total += computeWinCount(proof, 20n, 100n)
    }
    const average = Number(total) / count
    expect(average).toBeGreaterThanOrEqual(0.99)
    expect(average).toBeLessThanOrEqual(1.01)
  })
})
