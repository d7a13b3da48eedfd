// The multisig's state helpers and the decoding of its structures: transaction-ID keys against
// Go's own PutVarint example, the locked amount in both versions, and garbage input for every
// decoder (only SchemaError may come out; every valid value round-trips).

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as dagCbor from '@ipld/dag-cbor'
import { newIdAddress, type Address } from '../../../../../spec/appendix/address/address.ts'
import { cborParams } from '../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { MultisigState, ProposalHashData, Transaction, checkAvailable, computeAmountLocked, getTxnIdKey, isSigner } from '../../../../../spec/systems/filecoin_token/multisig/multisig_state.ts'
import * as types from '../../../../../spec/systems/filecoin_token/multisig/multisig_types.ts'
import type { Struct } from '../../../../../src/schema/struct.ts'
import type { Kind } from '../../../../../src/schema/kind.ts'
import { arbCborValue, arbCid, arbCorruptedEncoding, valueOrSchemaError } from '../../../../../test/src/schema/arbitraries.ts'

describe('getTxnIdKey', () => {
  // Go's encoding/binary ExamplePutVarint: the inputs and the bytes it prints.
  it.each([
    [-65n, '8101'],
    [-64n, '7f'],
    [-2n, '03'],
    [-1n, '01'],
    [0n, '00'],
    [1n, '02'],
    [2n, '04'],
    [63n, '7e'],
    [64n, '8001'],
  ])('PutVarint(%i) = %s', (id, hex) => {
    expect(Buffer.from(getTxnIdKey(id)).toString('hex')).toBe(hex)
  })

  it('the int64 extremes take ten bytes', () => {
    expect(Buffer.from(getTxnIdKey(2n ** 63n - 1n)).toString('hex')).toBe('feffffffffffffffff01')
    expect(Buffer.from(getTxnIdKey(-(2n ** 63n))).toString('hex')).toBe('ffffffffffffffffff01')
  })

  it('is injective over int64', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (a, b) => {
        const same = Buffer.from(getTxnIdKey(a)).equals(Buffer.from(getTxnIdKey(b)))
        expect(same).toBe(a === b)
      }),
    )
  })
})

describe('computeAmountLocked and checkAvailable', () => {
  const lock = (InitialBalance: bigint, UnlockDuration: bigint, StartEpoch = 0n): MultisigState => ({
    Signers: [],
    NumApprovalsThreshold: 1n,
    NextTxnID: 0n,
    InitialBalance,
    StartEpoch,
    UnlockDuration,
    PendingTxns: fc.sample(arbCid, 1)[0]!,
  })

  it.each([
    // [initial, duration, elapsed, v0, v2]
    [100n, 10n, -1n, 100n, 100n],
    [100n, 10n, 0n, 100n, 100n],
    [100n, 10n, 3n, 70n, 70n],
    [100n, 10n, 10n, 0n, 0n],
    [9n, 10n, 0n, 0n, 9n], // v0 truncates 9/10 to 0 per epoch; v2 keeps all locked at the start
    [9n, 10n, 1n, 0n, 9n], // ⌈9·9/10⌉ = 9
    [9n, 10n, 2n, 0n, 8n], // ⌈9·8/10⌉ = 8
    [9n, 10n, 9n, 0n, 1n],
    [-7n, 2n, 1n, -4n, -3n], // Euclidean division, as Go's big.Int: ⌊−7/2⌋ = −4; ⌈−7/2⌉ = −3
  ])('initial %i over %i epochs, %i elapsed: v0 %i, v2 %i', (initial, duration, elapsed, v0, v2) => {
    expect(computeAmountLocked(lock(initial, duration), elapsed, 0)).toBe(v0)
    expect(computeAmountLocked(lock(initial, duration), elapsed, 2)).toBe(v2)
  })

  it('never more than the initial balance, never negative, and never rising (v2, positive locks)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 27n }), fc.bigInt({ min: 1n, max: 10n ** 7n }), fc.bigInt({ min: -10n, max: 10n ** 7n }), (initial, duration, elapsed) => {
        const st = lock(initial, duration)
        const now = computeAmountLocked(st, elapsed, 2)
        expect(now >= 0n && now <= initial).toBe(true)
        expect(computeAmountLocked(st, elapsed + 1n, 2) <= now).toBe(true)
      }),
    )
  })

  it('checkAvailable: negative amounts, the balance, the lock, and v2’s free zero send', () => {
    const st = lock(100n, 10n)
    expect(checkAvailable(st, 100n, -1n, 0n, 2)).toMatch(/less than zero/)
    expect(checkAvailable(st, 5n, 6n, 20n, 2)).toMatch(/less than amount to spend/)
    expect(checkAvailable(st, 100n, 31n, 3n, 2)).toMatch(/less than locked amount 70/)
    expect(checkAvailable(st, 100n, 30n, 3n, 2)).toBeUndefined()
    expect(checkAvailable(st, 50n, 0n, 0n, 2)).toBeUndefined()
    expect(checkAvailable(st, 50n, 0n, 0n, 0)).toMatch(/less than locked amount 100/)
  })
})

describe('isSigner', () => {
  it('compares addresses by value', () => {
    expect(isSigner(newIdAddress(5n), [newIdAddress(4n), newIdAddress(5n)])).toBe(true)
    expect(isSigner(newIdAddress(6n), [newIdAddress(4n), newIdAddress(5n)])).toBe(false)
  })
})

const arbId: fc.Arbitrary<Address> = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(newIdAddress)
const arbInt64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
const arbU64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
const arbToken = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n })
const arbBytes = fc.uint8Array({ maxLength: 40 })

const STRUCTS: [Struct<Record<string, Kind<unknown>>>, fc.Arbitrary<unknown>][] = [
  [MultisigState as never, fc.record({ Signers: fc.array(arbId, { maxLength: 5 }), NumApprovalsThreshold: arbU64, NextTxnID: arbInt64, InitialBalance: arbToken, StartEpoch: arbInt64, UnlockDuration: arbInt64, PendingTxns: arbCid })],
  [Transaction as never, fc.record({ To: arbId, Value: arbToken, Method: arbU64, Params: arbBytes, Approved: fc.array(arbId, { maxLength: 5 }) })],
  [ProposalHashData as never, fc.record({ Requester: arbId, To: arbId, Value: arbToken, Method: arbU64, Params: arbBytes })],
  [types.MultisigConstructorParamsV0 as never, fc.record({ Signers: fc.array(arbId, { maxLength: 5 }), NumApprovalsThreshold: arbU64, UnlockDuration: arbInt64 })],
  [types.MultisigConstructorParamsV2 as never, fc.record({ Signers: fc.array(arbId, { maxLength: 5 }), NumApprovalsThreshold: arbU64, UnlockDuration: arbInt64, StartEpoch: arbInt64 })],
  [types.ProposeParams as never, fc.record({ To: arbId, Value: arbToken, Method: arbU64, Params: arbBytes })],
  [types.ProposeReturn as never, fc.record({ TxnID: arbInt64, Applied: fc.boolean(), Code: arbInt64, Ret: arbBytes })],
  [types.TxnIDParams as never, fc.record({ ID: arbInt64, ProposalHash: arbBytes })],
  [types.ApproveReturn as never, fc.record({ Applied: fc.boolean(), Code: arbInt64, Ret: arbBytes })],
  [types.AddSignerParams as never, fc.record({ Signer: arbId, Increase: fc.boolean() })],
  [types.RemoveSignerParams as never, fc.record({ Signer: arbId, Decrease: fc.boolean() })],
  [types.SwapSignerParams as never, fc.record({ From: arbId, To: arbId })],
  [types.ChangeNumApprovalsThresholdParams as never, fc.record({ NewThreshold: arbU64 })],
  [types.LockBalanceParams as never, fc.record({ StartEpoch: arbInt64, UnlockDuration: arbInt64, Amount: arbToken })],
]

describe.each(STRUCTS.map(([s, arb]) => [s.name, s, arb] as const))('%s', (_, struct, arb) => {
  it('round-trips every valid value', () => {
    fc.assert(
      fc.property(arb, (v) => {
        expect(struct.decode(struct.encode(v as never))).toEqual(v)
      }),
    )
  })

  it('decodes garbage to a value or a SchemaError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(arbCborValue.map((v) => dagCbor.encode(v)), arbCorruptedEncoding((v) => struct.encode(v as never), arb), fc.uint8Array({ maxLength: 64 })), (bytes) => {
        valueOrSchemaError(() => struct.decode(bytes))
        valueOrSchemaError(() => cborParams(struct).read(bytes))
      }),
    )
  })
})
