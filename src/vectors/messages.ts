// vectors/messages/: unsigned and signed messages with their Lotus JSON, CBOR, CID, chain length
// and the outcome of syntactic validation at a few network versions. Inputs are fixed: edge values
// of every integer field, every address protocol, every signature type. Signatures are fixed filler
// bytes of the right length, not real signatures: these vectors test encoding and identity, and
// signing has its own vectors.

import { toHex } from 'multiformats/bytes'
import * as dagCbor from '@ipld/dag-cbor'
import { MAX_ID, newActorAddress, newBlsAddress, newDelegatedAddress, newIdAddress, type Address } from '../../spec/appendix/address/address.ts'
import { SIG_TYPE_BLS, SIG_TYPE_DELEGATED, SIG_TYPE_SECP256K1, type SigType } from '../../spec/algorithms/crypto/signatures/signature.ts'
import { FILECOIN_PRECISION, FILECOIN_TOTAL_SUPPLY } from '../../spec/systems/filecoin_token/token.ts'
import { UnsignedMessage, computeMessageCid } from '../../spec/systems/filecoin_vm/message/message.ts'
import { SignedMessage, computeChainLength, computeSignedMessageCid } from '../../spec/systems/filecoin_vm/message/signed_message.ts'
import { MessageValidationError, ZERO_ADDRESS, computeOnChainMessageGas, validateMessageForBlockInclusion } from '../../spec/systems/filecoin_vm/message/validation.ts'
import { fixedBytes } from './fixed_bytes.ts'
import { type VectorFile, vectorJson } from './registry.ts'

/** Network versions at which each vector's syntactic validity is given: the three price lists. */
const VERSIONS = [0, 7, 18]

const U64_MAX = 2n ** 64n - 1n
const I64_MAX = 2n ** 63n - 1n
const I64_MIN = -(2n ** 63n)

const ADDRESSES = {
  id0: newIdAddress(0n),
  id1000: newIdAddress(1000n),
  idMax: newIdAddress(MAX_ID),
  secp: { protocol: 1, payload: fixedBytes('secp256k1 address payload', 20) } as Address,
  actor: newActorAddress(fixedBytes('actor address input', 32)),
  // The public key of Zondax filecoin-signing-tools test_vectors/bls_wallet.json.
  bls: newBlsAddress(Uint8Array.from(Buffer.from('ade28c91045e89a0dcdb49d5ed0d62a4f02d78a96dbd406a4f9d37a1cd2fb5c29058def79b01b4d1556ade74ffc07904', 'hex'))),
  // iso-filecoin address.test.js: f410f2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy.
  f410: newDelegatedAddress(10n, Uint8Array.from(Buffer.from('d388ab098ed3e84c0d808776440b48f685198498', 'hex'))),
  f4Max: newDelegatedAddress(MAX_ID, new Uint8Array(54)),
}

const BASE: UnsignedMessage = {
  Version: 0n,
  To: ADDRESSES.id1000,
  From: ADDRESSES.secp,
  Nonce: 7n,
  Value: FILECOIN_PRECISION,
  GasLimit: 2_000_000n,
  GasFeeCap: 200_000n,
  GasPremium: 100_000n,
  Method: 0n,
  Params: new Uint8Array(0),
}

const UNSIGNED: Array<{ id: string; description: string; message: UnsignedMessage }> = [
  { id: 'transfer-secp-to-id', description: 'a plain transfer of 1 FIL from a secp256k1 account to an ID address', message: BASE },
  {
    id: 'all-zero',
    description: 'every integer zero, every byte string empty, both addresses f00 (GasLimit 0 fails validation)',
    message: { ...BASE, To: ADDRESSES.id0, From: ADDRESSES.id0, Nonce: 0n, Value: 0n, GasLimit: 0n, GasFeeCap: 0n, GasPremium: 0n },
  },
  {
    id: 'integer-maxima',
    description: 'Nonce and Method at 2^64−1, GasLimit at 2^63−1, IDs at 2^63−1, Value at the total supply (GasLimit above the block limit fails)',
    message: { ...BASE, To: ADDRESSES.idMax, From: ADDRESSES.idMax, Nonce: U64_MAX, Method: U64_MAX, GasLimit: I64_MAX, Value: FILECOIN_TOTAL_SUPPLY },
  },
  {
    id: 'integer-minima',
    description: 'GasLimit −2^63 and negative big integers (encodable, not valid)',
    message: { ...BASE, GasLimit: I64_MIN, Value: -1n, GasFeeCap: -(2n ** 64n), GasPremium: -(2n ** 64n) - 1n },
  },
  {
    id: 'beyond-json-numbers',
    description: 'Nonce 2^53+1 and Method 2^53: Lotus JSON numbers that JSON.parse would round, written as decimal strings here',
    message: { ...BASE, Nonce: 2n ** 53n + 1n, Method: 2n ** 53n },
  },
  {
    id: 'big-amounts',
    description: 'Value 2^256 (above the total supply, fails) and fee cap and premium of 2^255',
    message: { ...BASE, Value: 2n ** 256n, GasFeeCap: 2n ** 255n, GasPremium: 2n ** 255n },
  },
  { id: 'actor-to-bls', description: 'from an actor (f2) address to a BLS (f3) address', message: { ...BASE, From: ADDRESSES.actor, To: ADDRESSES.bls } },
  { id: 'bls-to-f410', description: 'from a BLS address to an Ethereum f410 address (valid from nv18)', message: { ...BASE, From: ADDRESSES.bls, To: ADDRESSES.f410 } },
  {
    id: 'delegated-maxima',
    description: 'from f410 to a delegated address of namespace 2^63−1 with a 54-byte subaddress (valid from nv18)',
    message: { ...BASE, From: ADDRESSES.f410, To: ADDRESSES.f4Max },
  },
  { id: 'to-zero-address', description: 'to the BLS zero address, refused from nv7', message: { ...BASE, To: ZERO_ADDRESS } },
  { id: 'premium-above-fee-cap', description: 'GasPremium one above GasFeeCap (fails)', message: { ...BASE, GasPremium: BASE.GasFeeCap + 1n } },
  { id: 'params-23-bytes', description: 'Params of 23 bytes: the longest byte string with a one-byte CBOR header', message: { ...BASE, Method: 2n, Params: fixedBytes('params 23', 23) } },
  { id: 'params-24-bytes', description: 'Params of 24 bytes: the shortest with a two-byte CBOR header', message: { ...BASE, Method: 2n, Params: fixedBytes('params 24', 24) } },
  {
    id: 'params-300-bytes',
    description: 'Params of 300 bytes (three-byte header); GasLimit 600000 passes before nv18 and falls short of the Hygge price',
    message: { ...BASE, Method: 3844450837n, Params: fixedBytes('params 300', 300), GasLimit: 600_000n },
  },
  { id: 'params-dag-cbor', description: 'Params holding a dag-cbor value, as actor methods take them', message: { ...BASE, Method: 2n, Params: dagCbor.encode([1, 'two', new Uint8Array([3])]) } },
]

const SIGNED: Array<{ id: string; description: string; message: UnsignedMessage; type: SigType; length: number }> = [
  { id: 'secp256k1', description: 'a secp256k1 signature (65 bytes r‖s‖v)', message: BASE, type: SIG_TYPE_SECP256K1, length: 65 },
  { id: 'bls', description: 'a BLS signature (96 bytes): identified by its unsigned message', message: { ...BASE, From: ADDRESSES.bls }, type: SIG_TYPE_BLS, length: 96 },
  { id: 'delegated', description: 'a delegated (FIP-0055) signature from an f410 sender (65 bytes)', message: { ...BASE, From: ADDRESSES.f410, Method: 3844450837n }, type: SIG_TYPE_DELEGATED, length: 65 },
  {
    id: 'secp256k1-big-params',
    description: 'a secp256k1 signature on a message with 1000 bytes of Params',
    message: { ...BASE, Method: 2n, Params: fixedBytes('signed params 1000', 1000), GasLimit: 3_000_000n },
    type: SIG_TYPE_SECP256K1,
    length: 65,
  },
  { id: 'bls-integer-maxima', description: 'a BLS signature on the integer-maxima message', message: UNSIGNED[2]!.message, type: SIG_TYPE_BLS, length: 96 },
]

/** For each network version: the least gas limit and the field that fails validation, if any. */
function syntaxAt(message: UnsignedMessage, chainLength: number) {
  return VERSIONS.map((networkVersion) => {
    const minGas = computeOnChainMessageGas(chainLength, networkVersion)
    let invalidField: string | null = null
    try {
      validateMessageForBlockInclusion(message, minGas, networkVersion)
    } catch (e) {
      if (!(e instanceof MessageValidationError)) throw e
      invalidField = e.field
    }
    return { networkVersion, minGas: Number(minGas), invalidField }
  })
}

function unsignedVector(v: (typeof UNSIGNED)[number]) {
  const cbor = UnsignedMessage.encode(v.message)
  return {
    id: v.id,
    description: v.description,
    lotusJson: UnsignedMessage.toJson(v.message),
    cborHex: toHex(cbor),
    cid: computeMessageCid(v.message).toString(),
    chainLength: cbor.length,
    syntax: syntaxAt(v.message, cbor.length),
  }
}

function signedVector(v: (typeof SIGNED)[number]) {
  const sm: SignedMessage = { Message: v.message, Signature: { type: v.type, data: fixedBytes(`signature ${v.id}`, v.length) } }
  return {
    id: v.id,
    description: v.description,
    signatureType: v.type,
    lotusJson: SignedMessage.toJson(sm),
    cborHex: toHex(SignedMessage.encode(sm)),
    cid: computeSignedMessageCid(sm).toString(),
    unsignedCid: computeMessageCid(v.message).toString(),
    chainLength: computeChainLength(sm),
    syntax: syntaxAt(v.message, computeChainLength(sm)),
  }
}

/** The generator registered in registry.ts. */
export function generateMessageVectors(): VectorFile[] {
  const common = { generator: 'src/vectors/messages.ts', format: 'vectors/messages/README.md' }
  return [
    {
      path: 'messages/unsigned.json',
      content: vectorJson({ description: 'UnsignedMessage encodings, CIDs and syntactic validity', ...common, vectors: UNSIGNED.map(unsignedVector) }),
    },
    {
      path: 'messages/signed.json',
      content: vectorJson({ description: 'SignedMessage encodings, CIDs and chain lengths, one per signature type', ...common, vectors: SIGNED.map(signedVector) }),
    },
  ]
}
