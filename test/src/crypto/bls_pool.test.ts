import { afterAll, describe, expect, it } from 'vitest'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { numberToBytesLE } from '@noble/curves/utils.js'
import { getBlsPublicKey } from '../../../spec/algorithms/crypto/signatures/bls.ts'
import { createBlsPool } from '../../../src/crypto/bls_pool.ts'
import { computeShare } from '../../../src/crypto/bls_worker.ts'

const { Fp12 } = bls12_381.fields
const pool = createBlsPool(2)
afterAll(() => pool.close())

const publicKeys = [2n, 3n, 5n, 7n, 11n].map((k) => getBlsPublicKey(numberToBytesLE(k, 32)))
const messages = publicKeys.map((_, i) => Uint8Array.of(i))

describe('createBlsPool', () => {
  it('computes in its workers the same Miller-loop product as one thread', () => {
    const alone = computeShare({ publicKeys, messages })
    if (alone.kind !== 'product') throw new Error('expected a product')
    const pooled = pool.millerLoops(publicKeys, messages, () => Fp12.ONE)
    expect(pooled !== undefined && Fp12.eql(pooled, alone.millerLoop)).toBe(true)
    expect(pool.stats.workerShares).toBe(2)
    expect(pool.stats.fallbackShares).toBe(0)
  })

  it('gives undefined when a key does not decode in any share, or when the caller\'s own part fails', () => {
    for (const bad of [0, 4]) {
      const keys = publicKeys.map((k, i) => (i === bad ? new Uint8Array(48) : k))
      expect(pool.millerLoops(keys, messages, () => Fp12.ONE)).toBeUndefined()
    }
    expect(pool.millerLoops(publicKeys, messages, () => undefined)).toBeUndefined()
  })

  it('still answers the next call correctly after an early failure (no answer left behind)', () => {
    const alone = computeShare({ publicKeys: publicKeys.slice(0, 3), messages: messages.slice(0, 3) })
    if (alone.kind !== 'product') throw new Error('expected a product')
    const pooled = pool.millerLoops(publicKeys.slice(0, 3), messages.slice(0, 3), () => Fp12.ONE)
    expect(pooled !== undefined && Fp12.eql(pooled, alone.millerLoop)).toBe(true)
    expect(pool.stats.fallbackShares).toBe(0)
  })
})
