import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fromHex, toHex } from 'multiformats/bytes'
import { Token } from 'iso-filecoin/token'
import {
  FILECOIN_PRECISION,
  FILECOIN_TOTAL_SUPPLY,
  FIL_BASE,
  MAX_FIL_STRING_LENGTH,
  TokenError,
  attoFil,
  formatFil,
  formatFilShort,
  parseFil,
  tokenAmount,
  type TokenAmount,
} from '../../../../spec/systems/filecoin_token/token.ts'
import { encodeBigInt } from '../../../../src/schema/big_int.ts'
import { SchemaError } from '../../../../src/schema/errors.ts'
import { arbCborValue, valueOrSchemaError } from '../../../src/schema/arbitraries.ts'

function errorOf(f: () => unknown): TokenError {
  try {
    f()
  } catch (e) {
    if (e instanceof TokenError) return e
    throw e
  }
  throw new Error('expected a TokenError, got a value')
}

describe('constants', () => {
  // lotus build/buildconstants/params_shared_vals.go: FilBase = 2_000_000_000, FilecoinPrecision = 10^18;
  // chain/types/message.go ValidForBlockInclusion bounds Value by TotalFilecoinInt = FromFil(FilBase).
  it('the total supply is 2e9 FIL = 2e27 attoFIL', () => {
    expect(FIL_BASE).toBe(2_000_000_000n)
    expect(FILECOIN_PRECISION).toBe(1_000_000_000_000_000_000n)
    expect(FILECOIN_TOTAL_SUPPLY).toBe(2_000_000_000_000_000_000_000_000_000n)
    expect(formatFil(FILECOIN_TOTAL_SUPPLY)).toBe('2000000000 FIL')
    expect(formatFilShort(FILECOIN_TOTAL_SUPPLY)).toBe('2000000000 FIL')
  })
})

describe('Lotus FIL.Short', () => {
  // lotus chain/types/fil_test.go TestFilShort (commit fa9eb577…): ParseFIL(fil).Short() == expect.
  const cases: Array<[string, string]> = [
    ['1', '1 FIL'], ['1.1', '1.1 FIL'], ['12', '12 FIL'], ['123', '123 FIL'], ['123456', '123456 FIL'],
    ['123.23', '123.23 FIL'], ['123456.234', '123456.234 FIL'], ['123456.2341234', '123456.234 FIL'], ['123456.234123445', '123456.234 FIL'],
    ['0.1', '100 mFIL'], ['0.01', '10 mFIL'], ['0.001', '1 mFIL'],
    ['0.0001', '100 μFIL'], ['0.00001', '10 μFIL'], ['0.000001', '1 μFIL'],
    ['0.0000001', '100 nFIL'], ['0.00000001', '10 nFIL'], ['0.000000001', '1 nFIL'],
    ['0.0000000001', '100 pFIL'], ['0.00000000001', '10 pFIL'], ['0.000000000001', '1 pFIL'],
    ['0.0000000000001', '100 fFIL'], ['0.00000000000001', '10 fFIL'], ['0.000000000000001', '1 fFIL'],
    ['0.0000000000000001', '100 aFIL'], ['0.00000000000000001', '10 aFIL'], ['0.000000000000000001', '1 aFIL'],
    ['0.0000012', '1.2 μFIL'], ['0.00000123', '1.23 μFIL'], ['0.000001234', '1.234 μFIL'], ['0.0000012344', '1.234 μFIL'], ['0.00000123444', '1.234 μFIL'],
    ['0.0002212', '221.2 μFIL'], ['0.00022123', '221.23 μFIL'], ['0.000221234', '221.234 μFIL'], ['0.0002212344', '221.234 μFIL'], ['0.00022123444', '221.234 μFIL'],
  ]
  const negative = cases.map(([fil, short]): [string, string] => [`-${fil}`, `-${short}`])
  it.each([...cases, ...negative])('TestFilShort %s → %s', (fil, short) => {
    expect(formatFilShort(parseFil(fil))).toBe(short)
  })

  it('writes zero as a bare "0", and rounds half away from zero (big.Rat.FloatString)', () => {
    expect(formatFilShort(attoFil(0n))).toBe('0')
    expect(formatFilShort(attoFil(1_234_500n))).toBe('1.235 pFIL')
    expect(formatFilShort(attoFil(-1_234_500n))).toBe('-1.235 pFIL')
    expect(formatFilShort(attoFil(1_234_499n))).toBe('1.234 pFIL')
    expect(formatFilShort(attoFil(999_999_999n))).toBe('1000 pFIL')
    expect(formatFilShort(attoFil(999n))).toBe('999 aFIL')
    expect(formatFilShort(attoFil(1000n))).toBe('1 fFIL')
  })
})

describe('Lotus FIL.String and ParseFIL', () => {
  it.each<[string, bigint, string]>([
    ['1.5 FIL', 1_500_000_000_000_000_000n, '1.5 FIL'],
    ['10 attoFIL', 10n, '0.00000000000000001 FIL'],
    ['0.000000000000000001 FIL', 1n, '0.000000000000000001 FIL'],
    ['0', 0n, '0 FIL'],
    ['-0', 0n, '0 FIL'],
    ['-2.5', -2_500_000_000_000_000_000n, '-2.5 FIL'],
    ['1 fil', FILECOIN_PRECISION, '1 FIL'],
    ['1 Fil', FILECOIN_PRECISION, '1 FIL'],
    ['1fil', FILECOIN_PRECISION, '1 FIL'],
    ['1 afil', 1n, '0.000000000000000001 FIL'],
    ['1 AttoFil', 1n, '0.000000000000000001 FIL'],
    ['1.000 attoFIL', 1n, '0.000000000000000001 FIL'],
    ['1.0000000000000000000', FILECOIN_PRECISION, '1 FIL'],
    ['007.50', 7_500_000_000_000_000_000n, '7.5 FIL'],
    ['.5', 500_000_000_000_000_000n, '0.5 FIL'],
    ['5.', 5n * FILECOIN_PRECISION, '5 FIL'],
    ['1 ', FILECOIN_PRECISION, '1 FIL'],
    ['1\tFIL\n', FILECOIN_PRECISION, '1 FIL'],
    ['1 FIL\u0085', FILECOIN_PRECISION, '1 FIL'], // Go's TrimSpace trims NEL
    ['1 F\u0130L', FILECOIN_PRECISION, '1 FIL'], // Go's ToLower maps İ to a plain i
  ])('ParseFIL(%j) = %s attoFIL, written %j', (s, atto, written) => {
    const v = parseFil(s)
    expect(v).toBe(atto)
    expect(formatFil(v)).toBe(written)
  })

  it.each<[string, string]>([
    ['', 'number'],
    ['FIL', 'number'],
    ['-', 'number'],
    ['.', 'number'],
    ['--1', 'number'],
    ['1-', 'number'],
    ['1.2.3', 'number'],
    ['1.5 attoFIL', 'number'],
    ['1.0000000000000000001', 'number'],
    ['+1', 'unit'],
    [' 1', 'unit'],
    ['1e18', 'unit'],
    ['0x10', 'unit'],
    ['1 mFIL', 'unit'], // FIL.Short writes it; ParseFIL does not read it
    ['1 nanoFIL', 'unit'],
    ['1 FIL FIL', 'unit'],
    ['1 FIL\ufeff', 'unit'], // Go's TrimSpace keeps U+FEFF (JavaScript's trim() would not)
    ['1 ＦＩＬ', 'unit'],
    [`${'1'.repeat(MAX_FIL_STRING_LENGTH + 1)}`, 'number'],
  ])('ParseFIL rejects %j (%s)', (s, what) => {
    expect(errorOf(() => parseFil(s)).what).toBe(what)
  })

  it('reads a number of up to 50 characters (ParseFIL "string length too large")', () => {
    expect(parseFil('9'.repeat(MAX_FIL_STRING_LENGTH))).toBe(10n ** 50n * FILECOIN_PRECISION - FILECOIN_PRECISION)
    expect(() => parseFil('1 bogus')).toThrow('fil: unit expected "FIL", "attoFIL" or "aFIL" in any case, got " bogus"')
  })
})

describe('token properties', () => {
  const arbAmount = fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(attoFil)

  it('reads back what FIL.String writes', () => {
    fc.assert(
      fc.property(arbAmount, (v) => {
        expect(parseFil(formatFil(v))).toBe(v)
      }),
    )
  })

  it('reads decimals as whole attoFIL, in every unit spelling and case', () => {
    const arbCase = (word: string) => fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((up) => [...word].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''))
    const arbInput = fc.record({
      negative: fc.boolean(),
      whole: fc.stringMatching(/^[0-9]{1,20}$/),
      fraction: fc.stringMatching(/^[0-9]{0,18}$/),
      unit: fc.oneof(fc.constant(''), arbCase('fil'), arbCase('attofil'), arbCase('afil')),
      space: fc.constantFrom('', ' ', '  ', '\t'),
    })
    fc.assert(
      fc.property(arbInput, ({ negative, whole, fraction, unit, space }) => {
        const atto = unit.toLowerCase().startsWith('a')
        const text = `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${atto ? '0'.repeat(fraction.length) : fraction}`}${space}${unit}`
        // Expected value by scaling the digit string: drop the point, append the missing zeros.
        const digits = atto ? whole : whole + fraction + '0'.repeat(18 - fraction.length)
        const magnitude = BigInt(digits)
        expect(parseFil(text)).toBe(negative ? -magnitude : magnitude)
      }),
    )
  })

  it('writes FIL.Short as at most 3 decimals of the largest unit, within half a last digit', () => {
    const scale: Record<string, bigint> = { a: 1n, f: 10n ** 3n, p: 10n ** 6n, n: 10n ** 9n, μ: 10n ** 12n, m: 10n ** 15n, '': 10n ** 18n }
    fc.assert(
      fc.property(arbAmount, (v) => {
        const s = formatFilShort(v)
        if (v === 0n) {
          expect(s).toBe('0')
          return
        }
        const m = /^(-?)([0-9]+)(?:\.([0-9]{1,3}))? ([afpnμm]?)FIL$/.exec(s)
        expect(m, s).not.toBeNull()
        const [, sign, whole, fraction = '', prefix] = m!
        const unit = scale[prefix!]!
        const shown = (BigInt(whole! + fraction.padEnd(3, '0')) * unit) / 1000n
        const error = (v < 0n ? -v : v) - shown
        expect(sign === '-').toBe(v < 0n)
        expect(2n * 1000n * (error < 0n ? -error : error) <= unit).toBe(true)
        // the unit is the largest in which |v| is at least 1 (FIL above mFIL)
        expect((v < 0n ? -v : v) >= unit).toBe(true)
        if (prefix !== '') expect((v < 0n ? -v : v) < unit * 1000n).toBe(true)
      }),
    )
  })

  it('reads garbage only into an amount or a TokenError', () => {
    const chars = '-.0123456789 filFILatoATOμm\t'.split('')
    const arbText = fc.oneof(fc.string(), fc.array(fc.constantFrom(...chars), { maxLength: 60 }).map((cs) => cs.join('')))
    fc.assert(
      fc.property(arbText, (s) => {
        const v = valueOrSchemaError(() => parseFil(s))
        if (v instanceof SchemaError) expect(v).toBeInstanceOf(TokenError)
        else expect(typeof v).toBe('bigint')
      }),
    )
  })

  it('agrees with iso-filecoin Token on plain decimals of FIL', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?[0-9]{1,20}(\.[0-9]{1,18})?$/), (s) => {
        expect(parseFil(s)).toBe(Token.fromFIL(s).toBigInt())
      }),
    )
  })
})

describe('token amount encoding', () => {
  // The big-integer byte form (src/schema/big_int.ts): Zondax signed_message.json's Value 100000 is
  // the CBOR byte string 44 000186a0; mainnet genesis ParentBaseFee 100000000 is 0005f5e100
  // (external-vectors.md §2a, §6).
  it.each<[bigint, string]>([
    [100000n, '000186a0'],
    [100000000n, '0005f5e100'],
    [0n, ''],
    [-1n, '0101'],
  ])('%s attoFIL ↔ %s', (v, hex) => {
    expect(toHex(tokenAmount.toCbor(attoFil(v)) as Uint8Array)).toBe(hex)
    expect(tokenAmount.fromCbor(fromHex(hex), 'Value')).toBe(v)
    expect(tokenAmount.toJson(attoFil(v))).toBe(v.toString())
  })

  it('encodes like iso-filecoin Token.toBytes on random amounts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }), (v) => {
        expect(encodeBigInt(attoFil(v))).toEqual(Token.fromAttoFIL(v).toBytes())
      }),
    )
  })

  it('rejects amounts the encoding cannot hold, and any CBOR that is not a canonical big integer', () => {
    expect(errorOf(() => attoFil(2n ** 1016n)).what).toBe('amount')
    expect(errorOf(() => attoFil(-(2n ** 1016n))).what).toBe('amount')
    expect(attoFil(2n ** 1016n - 1n)).toBe(2n ** 1016n - 1n)
    fc.assert(
      fc.property(arbCborValue, (data) => {
        const v = valueOrSchemaError(() => tokenAmount.fromCbor(data, 'x'))
        if (!(v instanceof SchemaError)) expect(encodeBigInt(v)).toEqual(data)
      }),
    )
  })

  it('names the kind TokenAmount in the field tables', () => {
    expect(tokenAmount.name).toBe('TokenAmount')
    const v: TokenAmount = attoFil(5n)
    expect(tokenAmount.value.safeParse(v).success).toBe(true)
  })
})
