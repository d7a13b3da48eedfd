// Spec section: Systems › Token. Amounts of FIL as the chain holds them (whole attoFIL, bigints),
// the supply bound, and the text forms people type and read. Parsing and formatting follow Lotus
// chain/types/fil.go (`ParseFIL`, `FIL.String`, `FIL.Short`) exactly, quirks included; the
// constants follow Lotus build/buildconstants (`FilecoinPrecision`, `FilBase`).

import { RuleError } from '../../../src/schema/errors.ts'
import { defineKind, type Kind } from '../../../src/schema/kind.ts'
import { BIG_INT_MAX_BYTES, bigInt } from '../../../src/schema/big_int.ts'

/** An amount of FIL in attoFIL (10^-18 FIL), go-state-types `abi.TokenAmount`; may be negative. */
export type TokenAmount = bigint & { readonly __brand: 'TokenAmount' }

/** attoFIL per FIL (Lotus `FilecoinPrecision`). */
export const FILECOIN_PRECISION = 10n ** 18n
/** FIL that will ever exist (Lotus `FilBase`), in whole FIL. */
export const FIL_BASE = 2_000_000_000n
/** The total supply in attoFIL (Lotus `TotalFilecoinInt`): no message may move more. */
export const FILECOIN_TOTAL_SUPPLY = (FIL_BASE * FILECOIN_PRECISION) as TokenAmount
/** Lotus `ParseFIL` rejects a number of more characters than this. */
export const MAX_FIL_STRING_LENGTH = 50

/** A bad amount or FIL string; `what` names the part at fault. */
export class TokenError extends RuleError {
  override name = 'TokenError'
}

/** |v| < 2^1016: what the big-integer encoding can hold (`BIG_INT_MAX_BYTES` with the sign byte). */
const BOUND = 2n ** BigInt(8 * (BIG_INT_MAX_BYTES - 1))

/** Brands `v` attoFIL as a TokenAmount, if the big-integer encoding can hold it. */
export function attoFil(v: bigint): TokenAmount {
  if (v <= -BOUND || v >= BOUND) throw new TokenError('fil', 'amount', `|attoFIL| < 2^${8 * (BIG_INT_MAX_BYTES - 1)}`, v)
  return v as TokenAmount
}

/** The token amount as a field: the big integer's CBOR and Lotus JSON forms (src/schema/big_int.ts). */
export const tokenAmount: Kind<TokenAmount> = defineKind<TokenAmount>({ ...(bigInt as Kind<bigint> as Kind<TokenAmount>), name: 'TokenAmount' })

/**
 * Go's big.Rat.FloatString(prec) for num/den (den > 0): `prec` decimals, the last rounded half
 * away from zero; a whole number still gets `prec` zeros.
 */
function floatString(num: bigint, den: bigint, prec: number): string {
  const sign = num < 0n ? '-' : ''
  const a = num < 0n ? -num : num
  const p = 10n ** BigInt(prec)
  let q = a / den
  let r = ((a % den) * p) / den
  if (a % den !== 0n && den <= 2n * (((a % den) * p) % den)) {
    r += 1n
    if (r >= p) {
      q += 1n
      r -= p
    }
  }
  return `${sign}${q}${prec > 0 ? `.${r.toString().padStart(prec, '0')}` : ''}`
}

/** strings.TrimRight(strings.TrimRight(s, "0"), "."): no trailing zeros, no bare point. */
const trimDecimals = (s: string) => s.replace(/0+$/, '').replace(/\.+$/, '')

/** Lotus `FIL.String`: whole FIL with up to 18 decimals, e.g. "1.5 FIL", "0 FIL", "-0.000000000000000001 FIL". */
export function formatFil(v: TokenAmount): string {
  return `${v === 0n ? '0' : trimDecimals(floatString(v, FILECOIN_PRECISION, 18))} FIL`
}

/** SI prefixes of Lotus `FIL.Short`, by powers of 1000 from attoFIL; μ is U+03BC. */
const SHORT_PREFIXES = ['a', 'f', 'p', 'n', '\u03bc', 'm']

/**
 * Lotus `FIL.Short`: the largest unit (aFIL … mFIL, FIL) in which |v| is at least 1, at most 3
 * decimals rounded half away from zero, e.g. "1.234 μFIL". Matches Lotus also in writing zero as a
 * bare "0", and in a rounding that can reach "1000 pFIL".
 */
export function formatFilShort(v: TokenAmount): string {
  if (v === 0n) return '0'
  const n = v < 0n ? -v : v
  let unit = 1n
  let prefix = ''
  for (const p of SHORT_PREFIXES) {
    if (n < unit * 1000n) {
      prefix = p
      break
    }
    unit *= 1000n
  }
  return `${trimDecimals(floatString(v, unit, 3))} ${prefix}FIL`
}

/** Go's unicode.IsSpace set, which strings.TrimSpace trims (JS's trim() differs: it has U+FEFF, not U+0085). */
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]'
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g')

/** Go's strings.ToLower uses simple case mappings: İ (U+0130) becomes a plain "i", not "i̇". */
const goToLower = (s: string) => Array.from(s, (c) => (c === '\u0130' ? 'i' : c.toLowerCase())).join('')

/**
 * Lotus `ParseFIL`: a decimal number (an optional leading "-", digits with at most one point),
 * then a unit "FIL" (the default), "attoFIL" or "aFIL", in any case and with white space around
 * it. A FIL amount may have more than 18 decimals only if the extra ones are zeros; an attoFIL
 * amount must be whole. No other unit is read (not even those `formatFilShort` writes).
 */
export function parseFil(s: string, path = 'fil'): TokenAmount {
  const number = /^[-.0-9]*/.exec(s)![0]
  const suffix = s.slice(number.length)
  const unit = goToLower(suffix.replace(GO_TRIM, ''))
  if (unit !== '' && unit !== 'fil' && unit !== 'attofil' && unit !== 'afil') throw new TokenError(path, 'unit', '"FIL", "attoFIL" or "aFIL" in any case', suffix)
  if (number.length > MAX_FIL_STRING_LENGTH) throw new TokenError(path, 'number', `at most ${MAX_FIL_STRING_LENGTH} characters`, number)
  // big.Rat.SetString on these characters: one optional sign, then digits with at most one point.
  const m = /^(-?)([0-9]*)(?:\.([0-9]*))?$/.exec(number)
  if (m === null || (m[2] === '' && !m[3])) throw new TokenError(path, 'number', 'a decimal number', number)
  const [, sign, whole = '', fraction = ''] = m
  const places = unit === 'attofil' || unit === 'afil' ? 0 : 18
  if (/[1-9]/.test(fraction.slice(places))) throw new TokenError(path, 'number', places === 0 ? 'a whole number of attoFIL' : `at most ${places} decimal places of FIL`, number)
  const atto = BigInt(whole + fraction.slice(0, places).padEnd(places, '0'))
  return attoFil(sign === '-' ? -atto : atto)
}
