// The Q.128 functions against the reference: every row of specs-actors' TestExpFunction golden
// file (e^-x at 256 points of [0, 5]), its natural-log cases (TestNaturalLog) and its
// exponentiation-by-squaring cases (TestExpBySquaring); then properties: Go's Euclidean division,
// e^-x and ln x close to the real functions, powers of exact numbers exact.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  LN_2,
  PRECISION_128,
  Q128_ONE,
  computeExpBySquaring,
  computeExpNeg,
  computeLn,
  computePolyval,
  divEuclid,
} from '../../../../../spec/systems/filecoin_token/block_reward_minting/fixed_point.ts'
import { readGolden } from './golden.ts'


const toFloat = (q: bigint) => Number(q) / 2 ** 128
const fromFloat = (x: number) => BigInt(Math.round(x * 2 ** 40)) << (PRECISION_128 - 40n)

describe('TestExpFunction.golden (specs-actors util/math)', () => {
  const rows = readGolden('TestExpFunction.golden')
  it('the sampled rows are points of the reference’s grid, x stepping by 5/255 in Q.128, ending at 5', () => {
    const step = (5n << PRECISION_128) / 255n
    rows.forEach(([x], i) => expect(x! % step, `sampled row ${i + 1}`).toBe(0n))
    expect(rows.at(-1)![0]).toBe(255n * step)
  })
  it('every row: y = computeExpNeg(x), to the unit', () => {
    rows.forEach(([x, y], i) => expect(computeExpNeg(x!), `TestExpFunction.golden sampled row ${i + 1}`).toBe(y))
  })
})

describe('computeLn (TestNaturalLog: integer parts of ln z)', () => {
  const cases: [string, bigint, bigint][] = [
    ['1', 340282366920938463463374607431768211456n, 0n],
    ['e (rounded up)', 924990000000000000000000000000000000000n, 340282366920938463463374607431768211456n],
    ['100e18', 34028236692093846346337460743176821145600000000000000000000n, 15670582109617661336106769654068947397831n],
    ['2e22', 6805647338418769269267492148635364229120000000000000000000000n, 17473506083804940763855390762239996622013n],
    ['0.0006', 204169000000000000000000000000000000n, -2524410000000000000000000000000000000000n],
    ['1e-10', 34028236692093846346337460743n, -7835291054808830668053384827034473698915n],
  ]
  it.each(cases)('ln(%s)', (_, z, expected) => {
    expect(computeLn(z) >> PRECISION_128).toBe(expected >> PRECISION_128)
  })
  it('ln 1 and ln 2 are within 2^-100 of 0 and of the reference’s ln 2 (the rational approximation is not exact at the ends)', () => {
    const close = (a: bigint, b: bigint) => (a > b ? a - b : b - a) < 1n << 28n
    expect(close(computeLn(Q128_ONE), 0n)).toBe(true)
    expect(close(computeLn(2n * Q128_ONE), LN_2)).toBe(true)
    expect(close(computeLn(1n << 200n), 72n * LN_2)).toBe(true)
  })
})

describe('computeExpBySquaring (TestExpBySquaring)', () => {
  const q = (n: bigint) => n << PRECISION_128
  it.each([
    [3n, 0n, 1n],
    [1n, 1n, 1n],
    [3n, 1n, 3n],
    [2n, 46n, 70368744177664n],
    [3n, 20n, 3486784401n],
    [5n, 9n, 1953125n],
    [7n, 6n, 117649n],
  ])('%i^%i = %i', (base, n, expected) => {
    expect(computeExpBySquaring(q(base), n)).toBe(q(expected))
  })
  it('a negative power inverts the base: 2^-3 = 1/8 exactly', () => {
    expect(computeExpBySquaring(q(2n), -3n)).toBe(Q128_ONE >> 3n)
  })
  it('property: powers of small integers are exact', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 50n }), fc.bigInt({ min: 0n, max: 20n }), (b, n) => computeExpBySquaring(q(b), n) === q(b ** n)))
  })
})

describe('properties', () => {
  it('divEuclid is Go’s big.Int Div: n = d·q + r with 0 ≤ r < |d|', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }), fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }).filter((d) => d !== 0n), (n, d) => {
        const q = divEuclid(n, d)
        const r = n - d * q
        return r >= 0n && r < (d < 0n ? -d : d)
      }),
    )
  })

  it('computePolyval evaluates exactly when nothing is lost to the shift (integer coefficients, integer x)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -1000n, max: 1000n }), { minLength: 1, maxLength: 6 }), fc.bigInt({ min: -20n, max: 20n }), (coefs, x) => {
        const exact = coefs.reduce((acc, c) => acc * x + c, 0n)
        return computePolyval(coefs.map((c) => c << PRECISION_128), x << PRECISION_128) === exact << PRECISION_128
      }),
    )
  })

  it('computeExpNeg is e^-x within 1e-14 on [0, 5] and never increases', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (a, b) => {
        const [lo, hi] = a < b ? [fromFloat(a), fromFloat(b)] : [fromFloat(b), fromFloat(a)]
        expect(Math.abs(toFloat(computeExpNeg(lo)) - Math.exp(-toFloat(lo)))).toBeLessThan(1e-14)
        expect(computeExpNeg(hi)).toBeLessThanOrEqual(computeExpNeg(lo))
      }),
    )
  })

  it('computeLn is ln z within 1e-12 (relative to max(1, |ln z|)) from 2^-60 to 2^100', () => {
    fc.assert(
      fc.property(fc.double({ min: -60, max: 100, noNaN: true }), (e) => {
        const z = BigInt(Math.round(2 ** (e - Math.floor(e)) * 2 ** 40)) << (PRECISION_128 + BigInt(Math.floor(e)) - 40n)
        const exact = Math.log(2 ** (e - Math.floor(e))) + Math.floor(e) * Math.LN2
        expect(Math.abs(toFloat(computeLn(z)) - exact) / Math.max(1, Math.abs(exact))).toBeLessThan(1e-12)
      }),
    )
  })
})
