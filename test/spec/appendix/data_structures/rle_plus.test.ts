// The RLE+ stream against the references' own vectors (bitfield_vectors.json: go-bitfield at
// fe2c186, the commit Lotus v1.2.0 runs actors v0 and v2 with, and ref-fvm's fvm_ipld_bitfield),
// each assertion labelled with the vector's id; then properties: runs round-trip byte for byte,
// and any bytes read to runs or a BitFieldError, exactly as an independent bit-string reader of
// go-bitfield's rules says.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BitFieldError, MAX_RUN_LENGTH, decodeRlePlus, encodeRlePlus, validateRlePlusVersion, type BitRun, type BitFieldErrorKind } from '../../../../spec/appendix/data_structures/rle_plus.ts'
import { packStream } from './bitfield_fixtures.ts'
import vectors from './bitfield_vectors.json' with { type: 'json' }

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'))

/** The set bits of runs as [start, end) ranges. */
function rangesOf(runs: readonly BitRun[]): [bigint, bigint][] {
  const out: [bigint, bigint][] = []
  let at = 0n
  for (const r of runs) {
    if (r.value) out.push([at, at + r.length])
    at += r.length
  }
  return out
}

function expectKind(f: () => unknown, kind: BitFieldErrorKind): BitFieldError {
  let err: unknown
  try {
    f()
  } catch (e) {
    err = e
  }
  expect(err, `expected a ${kind} error`).toBeInstanceOf(BitFieldError)
  expect((err as BitFieldError).kind).toBe(kind)
  return err as BitFieldError
}

describe('fvm_ipld_bitfield from_bytes table, read by go-bitfield rules', () => {
  const { id, cases } = vectors.rust_from_bytes
  it.each(cases.map((c, i) => [i, c] as const))(`${id}: case %i`, (_, c) => {
    const bytes = packStream(c.stream)
    if (typeof c.go === 'string') {
      expectKind(() => decodeRlePlus(bytes), c.go as BitFieldErrorKind)
      return
    }
    const expected = (c.go as (number | string)[][]).map(([s, e]) => [BigInt(s!), BigInt(e!)])
    expect(rangesOf(decodeRlePlus(bytes))).toEqual(expected)
  })
  it('go-bitfield accepts eight streams fvm_ipld_bitfield refuses as NotMinimal: longer blocks than needed, trailing zeros, bits after the end', () => {
    const lenient = cases.filter((c) => c.rust === 'NotMinimal' && typeof c.go !== 'string')
    expect(lenient.length).toBe(8)
    // each reads to the same set as its canonical encoding, which fvm_ipld_bitfield accepts
    for (const c of lenient) {
      const runs = decodeRlePlus(packStream(c.stream))
      const canonical = encodeRlePlus(runs)
      expect(hex(canonical)).not.toBe(hex(packStream(c.stream)))
      expect(rangesOf(decodeRlePlus(canonical))).toEqual(rangesOf(runs))
    }
  })
})

describe('go-bitfield vectors', () => {
  it.each(vectors.stream_bits.map((v) => [v.id, v] as const))('%s', (_, v) => {
    const bytes = packStream(v.stream)
    const runs: BitRun[] = []
    let at = 0n
    for (const bit of v.set.map(BigInt)) {
      if (bit > at) runs.push({ value: false, length: bit - at })
      const last = runs[runs.length - 1]
      if (last?.value) runs[runs.length - 1] = { value: true, length: last.length + 1n }
      else runs.push({ value: true, length: 1n })
      at = bit + 1n
    }
    expect(hex(encodeRlePlus(runs))).toBe(hex(bytes))
    expect(decodeRlePlus(bytes)).toEqual(runs)
  })

  it('rle/internal/rleplus "Decode version check": 0xff has version 3', () => {
    expectKind(() => decodeRlePlus(Uint8Array.of(0xff)), 'version')
    expectKind(() => validateRlePlusVersion(Uint8Array.of(0xff)), 'version')
  })

  it('rle/internal/rleplus "Decode returns an error with a bad encoding": a varint past 10 bytes', () => {
    expectKind(() => decodeRlePlus(fromHex('e0ffffffffffffffffffffff')), 'varint')
  })

  it('rle/rleplus_test.go TestEncodeConsecutiveFails: two runs of ones in a row are refused (ErrSameValRuns)', () => {
    expectKind(() => encodeRlePlus([{ value: true, length: 5n }, { value: true, length: 8n }]), 'runs')
  })

  it('bitfield_test.go TestBitfieldOrDifferentLenZeroSuffix: runs of zeros only encode to no bytes', () => {
    expect(encodeRlePlus([{ value: false, length: 8n }])).toEqual(new Uint8Array(0))
    expect(encodeRlePlus([])).toEqual(new Uint8Array(0))
    expect(decodeRlePlus(new Uint8Array(0))).toEqual([])
  })

  it('rle/rleplus_reader_test.go TestAll8bit: every mix of single runs and runs of 1 to 63, then runs of 3 to 255, round-trips', () => {
    const runs: BitRun[] = []
    for (let k = 1n; k < 64n; k++)
      for (let i = 1; i < 7; i++) {
        for (let j = 0; j < i; j++) runs.push({ value: runs.length % 2 === 0, length: 1n })
        runs.push({ value: runs.length % 2 === 0, length: k })
      }
    for (let i = 3n; i < 256n; i++) runs.push({ value: runs.length % 2 === 0, length: i })
    // the last run, of zeros, is not written
    expect(runs[runs.length - 1]!.value).toBe(false)
    expect(decodeRlePlus(encodeRlePlus(runs))).toEqual(runs.slice(0, -1))
  })
})

describe('limits', () => {
  it('a run may be 2^64 − 1 long, and the runs may add up to 2^64 − 1 but not more', () => {
    const max = [{ value: true, length: MAX_RUN_LENGTH }]
    expect(decodeRlePlus(encodeRlePlus(max))).toEqual(max)
    const over = encodeRlePlus([{ value: true, length: MAX_RUN_LENGTH }, { value: false, length: 1n }, { value: true, length: 1n }])
    const e = expectKind(() => decodeRlePlus(over), 'overflow')
    expect(e.message).toMatch(/^bitfield: total run length expected at most 2\^64 − 1, got 18446744073709551616n$/)
  })
  it('encoding refuses a run outside the uint64 range', () => {
    expectKind(() => encodeRlePlus([{ value: true, length: MAX_RUN_LENGTH + 1n }]), 'runs')
    expectKind(() => encodeRlePlus([{ value: true, length: -1n }]), 'runs')
  })
  it('a zero-length run is written as a short block of 0, the end marker, as go-bitfield writes it', () => {
    const bytes = encodeRlePlus([{ value: false, length: 1n }, { value: true, length: 0n }])
    expect(hex(bytes)).toBe('28')
    expect(decodeRlePlus(bytes)).toEqual([{ value: false, length: 1n }])
  })
  it('the first byte may be zero; only the last may not', () => {
    expect(hex(encodeRlePlus([{ value: false, length: 2n ** 63n }, { value: true, length: 1024n }]))).toBe('00101010101010101030004004')
    expectKind(() => decodeRlePlus(Uint8Array.of(0x04, 0x00)), 'not-minimal')
  })
})

// ---------------------------------------------------------------------------------------------
// Properties

/** Alternating, non-empty runs not ending in zeros: the runs of a canonical encoding. */
const arbRunLength = fc.oneof(fc.bigInt({ min: 1n, max: 20n }), fc.bigInt({ min: 1n, max: 300n }), fc.bigInt({ min: 1n, max: 2n ** 40n }))
const arbRuns: fc.Arbitrary<BitRun[]> = fc.tuple(fc.boolean(), fc.array(arbRunLength, { maxLength: 30 })).map(([first, lengths]) => {
  const runs = lengths.map((length, i) => ({ value: i % 2 === 0 ? first : !first, length }))
  if (runs[runs.length - 1]?.value === false) runs.pop()
  return runs
})

/**
 * A second reader of go-bitfield's rules, over a string of '0'/'1' characters instead of bytes:
 * it must agree with decodeRlePlus on every input.
 */
function readAsString(bytes: Uint8Array): BitRun[] | BitFieldErrorKind {
  if (bytes.length > 0 && bytes[bytes.length - 1] === 0) return 'not-minimal'
  let s = [...bytes].map((b) => b.toString(2).padStart(8, '0').split('').reverse().join('')).join('')
  const take = (n: number): string => {
    const out = s.slice(0, n).padEnd(n, '0')
    s = s.slice(n)
    return out
  }
  const num = (bits: string) => BigInt('0b' + ([...bits].reverse().join('') || '0'))
  if (take(2) !== '00') return 'version'
  let value = take(1) === '1'
  const runs: BitRun[] = []
  let total = 0n
  for (;;) {
    let length: bigint
    if (take(1) === '1') length = 1n
    else if (take(1) === '1') length = num(take(4))
    else {
      length = 0n
      let i = 0
      for (; i < 10; i++) {
        const byte = Number(num(take(8)))
        length |= BigInt(byte & 0x7f) << BigInt(7 * i)
        if (byte < 0x80) {
          if ((i === 9 && byte > 1) || (byte === 0 && i > 0)) return 'varint'
          break
        }
      }
      if (i === 10) return 'varint'
    }
    if (length === 0n) return runs
    total += length
    if (total > MAX_RUN_LENGTH) return 'overflow'
    runs.push({ value, length })
    value = !value
  }
}

function decodeOrKind(bytes: Uint8Array): BitRun[] | BitFieldErrorKind {
  try {
    return decodeRlePlus(bytes)
  } catch (e) {
    if (e instanceof BitFieldError) return e.kind
    throw e
  }
}

describe('properties', () => {
  it('canonical runs encode with no trailing zero byte and decode to themselves', () => {
    fc.assert(
      fc.property(arbRuns, (runs) => {
        const bytes = encodeRlePlus(runs)
        if (bytes.length > 0) expect(bytes[bytes.length - 1]).not.toBe(0)
        expect(decodeRlePlus(bytes)).toEqual(runs)
      }),
    )
  })
  it('any bytes read to runs or a BitFieldError, as the bit-string reader says', () => {
    const arbBytes = fc.oneof(fc.uint8Array({ maxLength: 24 }), arbRuns.map((r) => encodeRlePlus(r)))
    fc.assert(fc.property(arbBytes, (bytes) => void expect(decodeOrKind(bytes)).toEqual(readAsString(bytes))), { numRuns: 2000 })
  })
  it('near-miss streams: a valid encoding with one byte changed or cut short reads as the bit-string reader says', () => {
    const arb = fc.tuple(arbRuns.filter((r) => r.length > 0), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean()).map(([runs, at, byte, cut]) => {
      const bytes = encodeRlePlus(runs)
      const i = at % bytes.length
      if (cut) return bytes.subarray(0, i)
      bytes[i] = byte
      return bytes
    })
    fc.assert(fc.property(arb, (bytes) => void expect(decodeOrKind(bytes)).toEqual(readAsString(bytes))), { numRuns: 2000 })
  })
  it('whatever go-bitfield reads, its canonical encoding reads to the same set', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const runs = decodeOrKind(bytes)
        if (typeof runs === 'string') return
        expect(rangesOf(decodeRlePlus(encodeRlePlus(runs)))).toEqual(rangesOf(runs))
      }),
      { numRuns: 2000 },
    )
  })
})
