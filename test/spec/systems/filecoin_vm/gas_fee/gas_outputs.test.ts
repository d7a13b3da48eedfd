// Lotus chain/vm/burn_test.go (v1.2.0) tables: TestGasBurn and TestGasOutputs (base fee 10).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeGasOutputs, computeGasOverestimationBurn } from '../../../../../spec/systems/filecoin_vm/gas_fee/gas_outputs.ts'

describe('computeGasOverestimationBurn (Lotus TestGasBurn)', () => {
  const table: [number, number, number, number][] = [
    [100, 200, 10, 90],
    [100, 150, 30, 20],
    [1000, 1300, 240, 60],
    [500, 700, 140, 60],
    [200, 200, 0, 0],
    [20000, 21000, 1000, 0],
    [0, 2000, 0, 2000],
    [500, 651, 121, 30],
    [500, 5000, 0, 4500],
    [7499e6, 7500e6, 1000000, 0],
    [7500e6 / 2, 7500e6, 375000000, 3375000000],
    [1, 7500e6, 0, 7499999999],
  ]
  it.each(table)('used %d of %d: refund %d, burn %d', (used, limit, refund, burn) => {
    expect(computeGasOverestimationBurn(BigInt(used), BigInt(limit))).toEqual({ refund: BigInt(refund), burn: BigInt(burn) })
  })
})

describe('computeGasOutputs (Lotus TestGasOutputs, base fee 10)', () => {
  const table: [number, number, number, number, number, number, number, number, number][] = [
    [100, 110, 11, 1, 1000, 0, 0, 110, 100],
    [100, 130, 11, 1, 1000, 60, 0, 130, 240],
    [100, 110, 10, 1, 1000, 0, 0, 0, 100],
    [100, 110, 6, 1, 600, 0, 400, 0, 60],
  ]
  it.each(table)('used %d limit %d cap %d premium %d', (used, limit, cap, premium, baseFeeBurn, overEstimationBurn, minerPenalty, minerTip, refund) => {
    const out = computeGasOutputs(BigInt(used), BigInt(limit), 10n, BigInt(cap), BigInt(premium))
    expect(out).toMatchObject({ baseFeeBurn: BigInt(baseFeeBurn), overEstimationBurn: BigInt(overEstimationBurn), minerPenalty: BigInt(minerPenalty), minerTip: BigInt(minerTip), refund: BigInt(refund) })
  })

  it('the sender’s funds are always fully accounted for: burns + tip + refund = limit × cap', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 10n }), fc.bigInt({ min: 0n, max: 10n ** 10n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (limit, usedRaw, baseFee, capRaw, premiumRaw) => {
        const used = usedRaw % (limit + 1n)
        const cap = capRaw
        const premium = premiumRaw > cap ? cap : premiumRaw
        const out = computeGasOutputs(used, limit, baseFee, cap, premium)
        expect(out.baseFeeBurn + out.overEstimationBurn + out.minerTip + out.refund).toBe(limit * cap)
        expect(out.gasRefund + out.gasBurned).toBe(limit - used)
        expect(out.refund >= 0n).toBe(true)
      }),
    )
  })
})
