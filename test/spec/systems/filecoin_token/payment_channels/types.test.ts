// The payment channel's parameters, voucher and state against blocks Lotus wrote: the messages
// and post-states of the corpus's paych vectors (filecoin-project/test-vectors, generated with
// specs-actors v0.9.12 and v2.1.0, whose paych types and encodings v0.9.13 and v2.3.2 keep), a
// voucher signature Lotus made over the signing bytes, and garbage-input properties.

import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import * as dagCbor from '@ipld/dag-cbor'
import { describe, expect, it } from 'vitest'
import { addressFromString, addressToString, newIdAddress } from '../../../../../spec/appendix/address/address.ts'
import { loadAmt } from '../../../../../spec/appendix/data_structures/amt.ts'
import { verifySecp256k1 } from '../../../../../spec/algorithms/crypto/signatures/secp256k1.ts'
import { importCar } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { cborParams } from '../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { getBuiltinCode, type ActorsVersion } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { UnsignedMessage } from '../../../../../spec/systems/filecoin_vm/message/message.ts'
import { StateTree } from '../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { ExecParams, ExecReturn } from '../../../../../spec/systems/filecoin_vm/sysactors/init_actor.ts'
import { checkPaychStateInvariants } from '../../../../../spec/systems/filecoin_token/payment_channels/invariants.ts'
import { LaneState, PaychState } from '../../../../../spec/systems/filecoin_token/payment_channels/state.ts'
import {
  Merge,
  ModVerifyParams,
  PaychConstructorParams,
  PaymentVerifyParams,
  SignedVoucher,
  UpdateChannelStateParamsV0,
  UpdateChannelStateParamsV2,
  computeVoucherSigningBytes,
} from '../../../../../spec/systems/filecoin_token/payment_channels/types.ts'
import { collectVectorFiles, runVectorFiles } from '../../../../../src/cli/commands/conformance.ts'
import { corpusDir } from '../../../../../src/conformance/corpus.ts'
import { decodeVectorCar, getVectorStateRoots, VectorDag } from '../../../../../src/conformance/vector_car.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import type { Kind } from '../../../../../src/schema/kind.ts'
import { arbCborValue, arbCid, arbCorruptedEncoding, valueOrSchemaError } from '../../../../src/schema/arbitraries.ts'
import { arbAddress } from '../../../appendix/address/address_arbitraries.ts'
import { makeVoucher } from './harness.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../..')
const paychDir = join(corpusDir(root), 'paych')

interface PaychVector {
  readonly messages: UnsignedMessage[]
  readonly returns: string[]
  readonly dag: VectorDag
}

function readVector(name: string): PaychVector {
  const json = JSON.parse(readFileSync(join(paychDir, name), 'utf8')) as {
    apply_messages: { bytes: string }[]
    postconditions: { receipts: { return: string }[] }
  }
  return {
    messages: json.apply_messages.map((m) => UnsignedMessage.decode(Buffer.from(m.bytes, 'base64'))),
    returns: json.postconditions.receipts.map((r) => r.return),
    dag: VectorDag.parse(json),
  }
}

/** The vectors' parties: From (f1nhud…) creates and funds the channel; To (f15x…) is paid. */
const FROM = 'f1nhudgskmseowv7rp4e6scxsmlt3qoysvpn73tuy'
const CHANNEL = 'f2xjl6b4xwp7wj4qs4nwdmufenzhfu4izqiyehmiq'

describe.runIf(existsSync(paychDir))('the corpus paych vectors', () => {
  it('all 21 runs pass: every receipt (gas included) and the post-state root', { timeout: 60_000 }, async () => {
    const runs = await runVectorFiles(collectVectorFiles([paychDir]), corpusDir(root), () => {})
    expect(runs.map((r) => `${r.variant}: ${r.status}`).filter((s) => !s.endsWith('passed'))).toEqual([])
    expect(runs.length).toBe(21)
  })

  for (const [file, version] of [
    ['paych--create-ok--genesis.json', 0],
    ['paych--create-ok--actorsv2.json', 2],
  ] as const) {
    it(`${file}: init Exec carries the constructor parameters; the new channel's state`, async () => {
      const v = readVector(file)
      const exec = ExecParams.decode(v.messages[0]!.Params)
      expect(exec.CodeCID.equals(getBuiltinCode('paymentchannel', version))).toBe(true)
      const params = cborParams(PaychConstructorParams).read(exec.ConstructorParams)
      expect(addressToString(params.From)).toBe(FROM)
      expect(PaychConstructorParams.encode(params)).toEqual(exec.ConstructorParams)
      const created = ExecReturn.decode(Buffer.from(v.returns[0]!, 'base64'))
      expect([addressToString(created.IDAddress), addressToString(created.RobustAddress)]).toEqual(['f0102', CHANNEL])
      const { store, state, balance } = await readChannel(v, version)
      expect(state.ToSend).toBe(0n)
      expect([state.SettlingAt, state.MinSettleHeight]).toEqual([0n, 0n])
      // the empty version-2 AMT, as in the mainnet genesis block's receipts
      expect(String(state.LaneStates)).toBe('bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6')
      expect(await checkPaychStateInvariants(store, state, balance)).toEqual([])
    })
  }

  for (const [file, version] of [
    ['paych--update-ok--genesis.json', 0],
    ['paych--update-ok--actorsv2.json', 2],
  ] as const) {
    it(`${file}: the UpdateChannelState parameters of actors v${version}, the voucher's signature, lane 123`, async () => {
      const v = readVector(file)
      const bytes = v.messages[1]!.Params
      const reader = version === 0 ? cborParams(UpdateChannelStateParamsV0) : cborParams(UpdateChannelStateParamsV2)
      const params = reader.read(bytes)
      const sv = params.Sv
      expect(addressToString(sv.ChannelAddr)).toBe(CHANNEL)
      expect([sv.Lane, sv.Nonce, sv.Amount, sv.TimeLockMin, sv.TimeLockMax, sv.MinSettleHeight]).toEqual([123n, 1n, 10n, 0n, 0n, 0n])
      expect([sv.Extra, sv.Merges, sv.SecretPreimage.length, params.Secret.length]).toEqual([null, [], 0, 0])
      expect((version === 0 ? UpdateChannelStateParamsV0 : UpdateChannelStateParamsV2).encode(params as never)).toEqual(bytes)
      // v0 has a Proof field, v2 does not: each version's reader refuses the other's
      expect(() => (version === 0 ? cborParams(UpdateChannelStateParamsV2) : cborParams(UpdateChannelStateParamsV0)).read(bytes)).toThrow(SchemaError)

      // The submitter is From, so To signed: Lotus's secp256k1 signature holds over our signing bytes.
      expect(addressToString(v.messages[1]!.From)).toBe(FROM)
      const to = PaychConstructorParams.decode(ExecParams.decode(v.messages[0]!.Params).ConstructorParams).To
      const signingBytes = computeVoucherSigningBytes(sv)
      expect(sv.Signature?.type).toBe(1)
      expect(verifySecp256k1(sv.Signature!.data, to, signingBytes)).toBe(true)
      expect(verifySecp256k1(sv.Signature!.data, to, computeVoucherSigningBytes({ ...sv, Amount: 11n }))).toBe(false)
      // the signing bytes are the voucher as the message carries it, its last item (the signature) replaced by null
      const raw = bytes.subarray(1, 1 + SignedVoucher.encode(sv).length)
      const signatureItem = dagCbor.encode(Uint8Array.from([1, ...sv.Signature!.data]))
      expect(signingBytes).toEqual(Uint8Array.from([...raw.subarray(0, raw.length - signatureItem.length), 0xf6]))

      const { store, state, balance } = await readChannel(v, version)
      expect(state.ToSend).toBe(10n)
      const lanes = await loadAmt(store, state.LaneStates, { version: 2, codec: LaneState })
      expect([lanes.count, lanes.height]).toEqual([1n, 2])
      expect(await lanes.get(123)).toEqual({ Redeemed: 10n, Nonce: 1n })
      expect(await checkPaychStateInvariants(store, state, balance)).toEqual([])
    })
  }

  for (const file of ['paych--collect-ok--genesis.json', 'paych--collect-ok--actorsv2.json']) {
    it(`${file}: Settle and Collect take no parameters, and Collect deletes the channel`, async () => {
      const v = readVector(file)
      expect(v.messages.slice(2).map((m) => [m.Method, m.Params.length])).toEqual([
        [3n, 0],
        [4n, 0],
      ])
      const { tree } = await readPostState(v)
      expect(await tree.getActor(newIdAddress(102n))).toBeUndefined()
    })
  }
})

async function readPostState(v: PaychVector): Promise<{ tree: StateTree; store: ReturnType<typeof createMemoryBlockstore> }> {
  const store = createMemoryBlockstore()
  await importCar(store, decodeVectorCar(v.dag.car))
  return { tree: await StateTree.load(store, getVectorStateRoots(v.dag)[1]!), store }
}

async function readChannel(v: PaychVector, version: ActorsVersion) {
  const { tree, store } = await readPostState(v)
  const actor = await tree.getActor(addressFromString(CHANNEL))
  expect(actor?.Code.equals(getBuiltinCode('paymentchannel', version))).toBe(true)
  const state = PaychState.decode(await store.get(actor!.Head))
  expect([addressToString(state.From), addressToString(state.To)]).toEqual(['f0100', 'f0101'])
  return { store, state, balance: actor!.Balance }
}

const U64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
const I64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
const BIG = fc.oneof(fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), fc.bigInt({ min: -(2n ** 1015n), max: 2n ** 1015n }))
const BYTES = fc.uint8Array({ maxLength: 40 })

const arbMerge = fc.record({ Lane: U64, Nonce: U64 })
const arbModVerify = fc.record({ Actor: arbAddress, Method: U64, Data: BYTES })
const arbVoucher = fc.record({
  ChannelAddr: arbAddress,
  TimeLockMin: I64,
  TimeLockMax: I64,
  SecretPreimage: BYTES,
  Extra: fc.option(arbModVerify, { nil: null }),
  Lane: U64,
  Nonce: U64,
  Amount: BIG,
  MinSettleHeight: I64,
  Merges: fc.array(arbMerge, { maxLength: 3 }),
  Signature: fc.option(fc.record({ type: fc.constantFrom(1 as const, 2 as const), data: fc.uint8Array({ maxLength: 199 }) }), { nil: null }),
})
const arbState = fc.record({ From: arbAddress, To: arbAddress, ToSend: BIG, SettlingAt: I64, MinSettleHeight: I64, LaneStates: arbCid })

interface Codec<T> {
  readonly name: string
  encode(v: T): Uint8Array
  decode(b: Uint8Array): T
}
const CASES: [Codec<never>, fc.Arbitrary<never>][] = [
  [PaychState, arbState],
  [LaneState, fc.record({ Redeemed: BIG, Nonce: U64 })],
  [Merge, arbMerge],
  [ModVerifyParams, arbModVerify],
  [SignedVoucher, arbVoucher],
  [PaychConstructorParams, fc.record({ From: arbAddress, To: arbAddress })],
  [UpdateChannelStateParamsV0, fc.record({ Sv: arbVoucher, Secret: BYTES, Proof: BYTES })],
  [UpdateChannelStateParamsV2, fc.record({ Sv: arbVoucher, Secret: BYTES })],
  [PaymentVerifyParams, fc.record({ Extra: BYTES, Proof: BYTES })],
] as never

describe('encodings: round trips and garbage input', () => {
  for (const [codec, arb] of CASES) {
    it(`${codec.name}: every valid value round-trips, and its params reader reads it`, () => {
      fc.assert(
        fc.property(arb, (v) => {
          const bytes = codec.encode(v)
          expect(codec.decode(bytes)).toEqual(v)
          expect(cborParams(codec as unknown as Kind<unknown>).read(bytes)).toEqual(v)
        }),
        { numRuns: 100 },
      )
    })
    it(`${codec.name}: garbage and corrupted encodings decode or throw a SchemaError, nothing else`, () => {
      const garbage = fc.oneof(
        arbCborValue.map((x) => dagCbor.encode(x)),
        fc.uint8Array({ maxLength: 64 }),
        arbCorruptedEncoding((v: never) => codec.encode(v), arb),
      )
      fc.assert(
        fc.property(garbage, (bytes) => {
          valueOrSchemaError(() => codec.decode(bytes))
          valueOrSchemaError(() => cborParams(codec as unknown as Kind<unknown>).read(bytes))
        }),
        { numRuns: 300 },
      )
    })
  }

  it('a voucher signature is read as go-state-types read it in 2020: secp256k1 or BLS, at most 200 bytes in all', () => {
    const voucher = (sig: Uint8Array) => dagCbor.encode([...SignedVoucher.toCbor(makeVoucher({ Signature: null })).slice(0, 10), sig])
    expect(SignedVoucher.decode(voucher(Uint8Array.from([2, ...new Array<number>(199).fill(7)]))).Signature?.data.length).toBe(199)
    expect(() => SignedVoucher.decode(voucher(Uint8Array.from([2, ...new Array<number>(200).fill(7)])))).toThrow('signature of at most 200 bytes')
    expect(() => SignedVoucher.decode(voucher(Uint8Array.from([3, 1, 2])))).toThrow('signature type 1 (secp256k1) or 2 (BLS)')
    expect(() => SignedVoucher.decode(voucher(new Uint8Array()))).toThrow(SchemaError)
  })
})
