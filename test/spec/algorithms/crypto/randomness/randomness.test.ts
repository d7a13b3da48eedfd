import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { base64pad } from 'multiformats/bases/base64'
import { blake2b } from '@noble/hashes/blake2.js'
import {
  DomainSeparationTag,
  RANDOMNESS_LENGTH,
  RandomnessError,
  computeRandomnessDigest,
  drawRandomness,
  drawRandomnessFromDigest,
} from '../../../../../spec/algorithms/crypto/randomness/randomness.ts'

const b64 = (s: string) => base64pad.baseDecode(s.replace(/=+$/, ''))

describe('DomainSeparationTag', () => {
  it('has the values of go-state-types crypto/randomness.go (commit 8b01cf99) and builtin-actors randomness.rs (commit b0a3bdd6)', () => {
    // go-state-types: DomainSeparationTag_TicketProduction = 1 + iota, …, PoStChainCommit (9)
    // builtin-actors runtime/src/runtime/randomness.rs: the same nine, then EvmPrevRandao = 10
    expect(DomainSeparationTag).toEqual({
      TicketProduction: 1,
      ElectionProofProduction: 2,
      WinningPoStChallengeSeed: 3,
      WindowedPoStChallengeSeed: 4,
      SealRandomness: 5,
      InteractiveSealChallengeSeed: 6,
      WindowedPoStDeadlineAssignment: 7,
      MarketDealCronSeed: 8,
      PoStChainCommit: 9,
      EvmPrevRandao: 10,
    })
  })
})

describe('drawRandomnessFromDigest', () => {
  // builtin-actors runtime/src/runtime/randomness.rs `draw_randomness_test` (commit b0a3bdd6)
  it('builtin-actors draw_randomness_test: SealRandomness, round 2797727', () => {
    const digest = b64('GOobxkrhS1hiFA1EYUKZM3xsyVfy5Xy3bQ0gLPnecYs=')
    const entropy = b64('RACZyzQ=')
    const out = drawRandomnessFromDigest(digest, DomainSeparationTag.SealRandomness, 2797727n, entropy)
    expect(base64pad.baseEncode(out)).toBe('3MCqcLHKZ+pil4MqTS9wjsd+yPvTuTrq8PkGjEo3tYQ=')
  })

  it('hashes int64 BE tag ‖ digest ‖ int64 BE round ‖ entropy, negative rounds in two’s complement', () => {
    const digest = new Uint8Array(32).fill(0xab)
    const entropy = Uint8Array.of(1, 2, 3)
    const expected = blake2b(
      Uint8Array.from([...[0, 0, 0, 0, 0, 0, 0, 4], ...digest, ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe], ...entropy]),
      { dkLen: 32 },
    )
    expect(drawRandomnessFromDigest(digest, DomainSeparationTag.WindowedPoStChallengeSeed, -2n, entropy)).toEqual(expected)
  })

  it('rejects a digest that is not 32 bytes, a round outside int64 and a non-integer tag', () => {
    expect(() => drawRandomnessFromDigest(new Uint8Array(31), 1, 0n, new Uint8Array())).toThrow(/randomness: digest expected 32 bytes, got bytes\(31\)/)
    expect(() => drawRandomnessFromDigest(new Uint8Array(32), 1, 2n ** 63n, new Uint8Array())).toThrow(RandomnessError)
    expect(() => drawRandomnessFromDigest(new Uint8Array(32), 1, -(2n ** 63n) - 1n, new Uint8Array())).toThrow(RandomnessError)
    expect(() => drawRandomnessFromDigest(new Uint8Array(32), 1.5 as DomainSeparationTag, 0n, new Uint8Array())).toThrow(RandomnessError)
  })

  it('given arbitrary arguments, returns 32 bytes or throws RandomnessError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.integer(), fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), fc.uint8Array(), (digest, pers, round, entropy) => {
        try {
          expect(drawRandomnessFromDigest(digest, pers as DomainSeparationTag, round, entropy)).toHaveLength(RANDOMNESS_LENGTH)
        } catch (e) {
          expect(e).toBeInstanceOf(RandomnessError)
        }
      }),
    )
  })
})

describe('drawRandomness', () => {
  it('draws from BLAKE2b-256 of the base (Lotus DrawRandomnessFromBase)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.constantFrom(...Object.values(DomainSeparationTag)), fc.bigInt({ min: 0n, max: 2n ** 40n }), fc.uint8Array(), (base, pers, round, entropy) => {
        expect(drawRandomness(base, pers, round, entropy)).toEqual(drawRandomnessFromDigest(blake2b(base, { dkLen: 32 }), pers, round, entropy))
      }),
    )
  })

  it('computeRandomnessDigest is BLAKE2b-256: the empty base gives the known empty-input digest', () => {
    expect(Buffer.from(computeRandomnessDigest(new Uint8Array())).toString('hex')).toBe('0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8')
  })

  it('separates purposes, rounds and entropy', () => {
    const base = Uint8Array.of(9)
    const seeds = new Set(
      [drawRandomness(base, 1, 5n, new Uint8Array()), drawRandomness(base, 2, 5n, new Uint8Array()), drawRandomness(base, 1, 6n, new Uint8Array()), drawRandomness(base, 1, 5n, Uint8Array.of(0))].map((s) =>
        Buffer.from(s).toString('hex'),
      ),
    )
    expect(seeds.size).toBe(4)
  })
})
