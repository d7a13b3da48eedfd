import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { UnsignedMessage } from '../../../../../spec/systems/filecoin_vm/message/message.ts'
import { SignedMessage } from '../../../../../spec/systems/filecoin_vm/message/signed_message.ts'
import {
  BLOCK_GAS_LIMIT,
  MESSAGE_MAX_SIZE,
  MessageValidationError,
  ZERO_ADDRESS,
  computeOnChainMessageGas,
  validateMessageForBlockInclusion,
  validateSignedMessage,
} from '../../../../../spec/systems/filecoin_vm/message/validation.ts'
import { FILECOIN_TOTAL_SUPPLY } from '../../../../../spec/systems/filecoin_token/token.ts'
import { addressToString, newDelegatedAddress, newIdAddress } from '../../../../../spec/appendix/address/address.ts'
import { arbSignedMessage, arbUnsignedMessage } from './message_arbitraries.ts'

// A valid message to vary: Zondax get_cid (signed_message_vectors.json), secp256k1-signed.
const VectorFile = z.object({ vectors: z.array(z.object({ signedMessage: z.object({ Message: z.record(z.string(), z.unknown()), Signature: z.unknown() }) })) })
const { vectors } = VectorFile.parse(JSON.parse(readFileSync(new URL('./signed_message_vectors.json', import.meta.url), 'utf8')))
const signed = SignedMessage.fromJson({ ...vectors[0]!.signedMessage, Message: { Version: 0, ...vectors[0]!.signedMessage.Message } })
const base = signed.Message

/** The error validateMessageForBlockInclusion throws for `m`, or undefined. */
function failure(m: UnsignedMessage, minGas = 0n, nv = 21): MessageValidationError | undefined {
  try {
    validateMessageForBlockInclusion(m, minGas, nv)
    return undefined
  } catch (e) {
    if (e instanceof MessageValidationError) return e
    throw e
  }
}

describe('constants', () => {
  it('ZERO_ADDRESS is Lotus buildconstants.ZeroAddress (params_shared_vals.go)', () => {
    expect(addressToString(ZERO_ADDRESS)).toBe('f3yaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaby2smx7a')
  })
})

describe('computeOnChainMessageGas (Lotus pricelistV0.OnChainMessage)', () => {
  // computeBase + (36 + size)·storageMulti, with (computeBase, storageMulti) = (38863, 1000) before
  // Calico (nv7), (38863, 1300) from it, (38863 + 475000, 1300) from Hygge (nv18).
  it.each([
    [0, 0, 38863n + 36n * 1000n],
    [100, 0, 38863n + 136n * 1000n],
    [100, 6, 174863n],
    [100, 7, 38863n + 136n * 1300n],
    [100, 17, 215663n],
    [100, 18, 513863n + 136n * 1300n],
    [100, 28, 690663n],
  ])('%i bytes at nv%i: %i gas', (size, nv, gas) => {
    expect(computeOnChainMessageGas(size, nv)).toBe(gas)
  })
})

describe('validateMessageForBlockInclusion (Lotus Message.ValidForBlockInclusion)', () => {
  it('accepts the Zondax get_cid message', () => {
    expect(failure(base)).toBeUndefined()
    expect(() => validateSignedMessage(signed, 21)).not.toThrow()
  })

  it.each([
    ['Version', { Version: 1n }, /^message: Version expected 0, got 1n$/],
    ['Value', { Value: -1n }, /^message: Value expected at least 0, got -1n$/],
    ['Value', { Value: FILECOIN_TOTAL_SUPPLY + 1n }, /^message: Value expected at most the total supply 2000000000000000000000000000, got 2000000000000000000000000001n$/],
    ['GasFeeCap', { GasFeeCap: -1n, GasPremium: -2n }, /^message: GasFeeCap expected at least 0/],
    ['GasPremium', { GasPremium: -1n }, /^message: GasPremium expected at least 0/],
    ['GasPremium', { GasFeeCap: 5n, GasPremium: 6n }, /^message: GasPremium expected at most GasFeeCap 5, got 6n$/],
    ['GasLimit', { GasLimit: BLOCK_GAS_LIMIT + 1n }, /^message: GasLimit expected at most the block gas limit 10000000000/],
    ['GasLimit', { GasLimit: 0n }, /^message: GasLimit expected positive, got 0n$/],
    ['GasLimit', { GasLimit: -5n }, /^message: GasLimit expected positive/],
  ] as const)('rejects a bad %s, naming it', (field, change, message) => {
    const e = failure({ ...base, ...change })
    expect(e).toBeInstanceOf(MessageValidationError)
    expect(e?.field).toBe(field)
    expect(e?.message).toMatch(message)
  })

  it('accepts the bounds themselves: Value = total supply, GasPremium = GasFeeCap, GasLimit = block gas limit = minGas', () => {
    expect(failure({ ...base, Value: FILECOIN_TOTAL_SUPPLY, GasFeeCap: 7n, GasPremium: 7n, GasLimit: BLOCK_GAS_LIMIT }, BLOCK_GAS_LIMIT)).toBeUndefined()
    expect(failure({ ...base, Value: 0n, GasFeeCap: 0n, GasPremium: 0n })).toBeUndefined()
  })

  it('rejects a gas limit below minGas, with both numbers', () => {
    expect(failure({ ...base, GasLimit: 999n }, 1000n)?.message).toBe('message: GasLimit expected at least the on-chain message gas 1000, got 999n')
  })

  it('bans ZERO_ADDRESS as receiver from nv7 (Calico) on, not before, and never as sender', () => {
    expect(failure({ ...base, To: ZERO_ADDRESS }, 0n, 6)).toBeUndefined()
    expect(failure({ ...base, To: ZERO_ADDRESS }, 0n, 7)?.field).toBe('To')
    expect(failure({ ...base, From: ZERO_ADDRESS }, 0n, 7)).toBeUndefined()
  })

  it('accepts delegated (f4) addresses from nv18 (Hygge) on, for To and From', () => {
    const f4 = newDelegatedAddress(10n, new Uint8Array(20).fill(0x11))
    expect(failure({ ...base, To: f4 }, 0n, 17)?.field).toBe('To')
    expect(failure({ ...base, From: f4 }, 0n, 17)?.field).toBe('From')
    expect(failure({ ...base, To: f4, From: f4 }, 0n, 18)).toBeUndefined()
    expect(failure({ ...base, To: newIdAddress(5n) }, 0n, 0)).toBeUndefined()
  })

  it('checks in Lotus order: Version before everything, GasLimit bound before positivity before minGas', () => {
    expect(failure({ ...base, Version: 1n, Value: -1n })?.field).toBe('Version')
    expect(failure({ ...base, Value: -1n, GasFeeCap: -1n })?.field).toBe('Value')
    expect(failure({ ...base, GasLimit: -1n }, 5n)?.message).toMatch(/positive/)
  })

  it('throws only MessageValidationError, for any message and version', () => {
    fc.assert(
      fc.property(arbUnsignedMessage, fc.bigInt({ min: 0n, max: 2n ** 40n }), fc.integer({ min: 0, max: 30 }), (m, minGas, nv) => {
        failure(m, minGas, nv)
      }),
    )
  })
})

describe('validateSignedMessage', () => {
  it('prices the chain length: a secp256k1 message needs the gas of its signed bytes', () => {
    const length = SignedMessage.encode(signed).length
    const need = computeOnChainMessageGas(length, 21)
    expect(() => validateSignedMessage({ ...signed, Message: { ...base, GasLimit: need } }, 21)).not.toThrow()
    expect(() => validateSignedMessage({ ...signed, Message: { ...base, GasLimit: need - 1n } }, 21)).toThrow(/GasLimit expected at least the on-chain message gas/)
  })

  it(`rejects a signed message over ${MESSAGE_MAX_SIZE} bytes`, () => {
    const big = { ...signed, Message: { ...base, Params: new Uint8Array(MESSAGE_MAX_SIZE) } }
    expect(() => validateSignedMessage(big, 21)).toThrow(/^message: SignedMessage expected at most 65536 bytes serialised, got "\d+ bytes"$/)
  })

  it('throws only MessageValidationError', () => {
    fc.assert(
      fc.property(arbSignedMessage, fc.integer({ min: 0, max: 30 }), (sm, nv) => {
        try {
          validateSignedMessage(sm, nv)
        } catch (e) {
          expect(e).toBeInstanceOf(MessageValidationError)
        }
      }),
    )
  })
})
