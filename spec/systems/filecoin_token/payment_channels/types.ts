// Spec section: Systems › Filecoin Token › Payment Channels, "Vouchers" and "Parameters". The
// payment channel actor's method parameters and the signed voucher with the bytes its signature
// covers (specs-actors v0.9.13 builtin/paych/paych_actor.go and cbor_gen.go; actors v2.3.2 reuses
// v0's SignedVoucher, ModVerifyParams and Merge, and drops Proof from UpdateChannelStateParams).

import { address } from '../../../appendix/address/address.ts'
import { SIG_TYPE_BLS, SIG_TYPE_SECP256K1, signature, type Signature } from '../../../algorithms/crypto/signatures/signature.ts'
import { defineKind, fail, type Infer, type Kind } from '../../../../src/schema/kind.ts'
import { bigInt } from '../../../../src/schema/big_int.ts'
import { bytes, int64, list, nullable, uint64 } from '../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../src/schema/struct.ts'

export const PaychConstructorParams = defineStruct(
  'PaychConstructorParams',
  {
    From: field(address, 'The payer; must resolve to an account actor.'),
    To: field(address, 'The payee; must resolve to an account actor.'),
  },
  { doc: 'Parameters of the payment channel Constructor (method 1), sent by init Exec.' },
)
export type PaychConstructorParams = Infer<typeof PaychConstructorParams>

export const ModVerifyParams = defineStruct(
  'ModVerifyParams',
  {
    Actor: field(address, 'The actor called to check the voucher.'),
    Method: field(uint64, 'The method called.'),
    Data: field(bytes, 'Data for the call: in actors v0 the Extra of PaymentVerifyParams, in v2 the parameters themselves.'),
  },
  { doc: "A voucher's extra condition: a call that must succeed for the voucher to be redeemed." },
)
export type ModVerifyParams = Infer<typeof ModVerifyParams>

export const Merge = defineStruct(
  'Merge',
  {
    Lane: field(uint64, 'The lane merged into the voucher’s lane.'),
    Nonce: field(uint64, 'Its new nonce, above its current one.'),
  },
  { doc: 'A lane a voucher merges into its own lane, with the nonce it takes.' },
)
export type Merge = Infer<typeof Merge>

/** Longest signature bytes (type byte included) go-state-types read in 2020 (`SignatureMaxLength`). */
const VOUCHER_SIGNATURE_MAX_BYTES = 200

/**
 * A signature as go-state-types read it when actors v0 and v2 ran (commit c8033295): a byte
 * string of at most 200 bytes, type byte included, whose type is secp256k1 or BLS. The shared
 * `signature` kind also reads the later delegated type and 200 bytes after the type byte.
 */
export const voucherSignature: Kind<Signature> = defineKind<Signature>({
  ...signature,
  name: 'Signature',
  fromCbor(raw, path) {
    if (raw instanceof Uint8Array && raw.length > VOUCHER_SIGNATURE_MAX_BYTES) return fail(path, `signature of at most ${VOUCHER_SIGNATURE_MAX_BYTES} bytes`, raw)
    const sig = signature.fromCbor(raw, path)
    if (sig.type !== SIG_TYPE_SECP256K1 && sig.type !== SIG_TYPE_BLS) return fail(path, 'signature type 1 (secp256k1) or 2 (BLS)', sig.type)
    return sig
  },
})

export const SignedVoucher = defineStruct(
  'SignedVoucher',
  {
    ChannelAddr: field(address, 'The payment channel the voucher is for.'),
    TimeLockMin: field(int64, 'The first epoch the voucher may be redeemed at.'),
    TimeLockMax: field(int64, 'The last epoch it may be redeemed at; 0 for no limit.'),
    SecretPreimage: field(bytes, 'If not empty, the BLAKE2b-256 hash the submitted Secret must have.'),
    Extra: field(nullable(ModVerifyParams), 'An optional call that must succeed.'),
    Lane: field(uint64, 'The lane the voucher redeems on, made when first used.'),
    Nonce: field(uint64, 'Above the lane’s nonce, or the voucher is stale.'),
    Amount: field(bigInt, 'The total the lane has redeemed once this voucher is; not negative.'),
    MinSettleHeight: field(int64, 'If not 0, a lower bound on the channel’s settlement epoch.'),
    Merges: field(list(Merge), 'Other lanes merged into Lane.'),
    Signature: field(nullable(voucherSignature), 'The signature, by the party that does not submit the voucher, over the signing bytes.'),
  },
  { doc: 'A voucher: a promise of payment that the payee redeems on chain.' },
)
export type SignedVoucher = Infer<typeof SignedVoucher>

/** The bytes a voucher's signature covers: the voucher encoded with a null Signature (specs-actors `SignedVoucher.SigningBytes`). */
export function computeVoucherSigningBytes(voucher: SignedVoucher): Uint8Array {
  return SignedVoucher.encode({ ...voucher, Signature: null })
}

export const UpdateChannelStateParamsV0 = defineStruct(
  'UpdateChannelStateParamsV0',
  {
    Sv: field(SignedVoucher, 'The voucher to redeem.'),
    Secret: field(bytes, 'The secret whose hash the voucher’s SecretPreimage names, if it names one.'),
    Proof: field(bytes, 'Passed on to the Extra call.'),
  },
  { doc: 'Parameters of UpdateChannelState (method 2) in actors v0.' },
)
export type UpdateChannelStateParamsV0 = Infer<typeof UpdateChannelStateParamsV0>

export const UpdateChannelStateParamsV2 = defineStruct(
  'UpdateChannelStateParamsV2',
  {
    Sv: field(SignedVoucher, 'The voucher to redeem.'),
    Secret: field(bytes, 'The secret whose hash the voucher’s SecretPreimage names; at most 256 bytes.'),
  },
  { doc: 'Parameters of UpdateChannelState (method 2) in actors v2, which dropped the unused Proof.' },
)
export type UpdateChannelStateParamsV2 = Infer<typeof UpdateChannelStateParamsV2>

export const PaymentVerifyParams = defineStruct(
  'PaymentVerifyParams',
  {
    Extra: field(bytes, 'The Data of the voucher’s ModVerifyParams.'),
    Proof: field(bytes, 'The Proof of UpdateChannelStateParams.'),
  },
  { doc: 'Actors v0: the parameters of the Extra call a voucher names.' },
)
export type PaymentVerifyParams = Infer<typeof PaymentVerifyParams>
