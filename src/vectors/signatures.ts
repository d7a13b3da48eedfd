// vectors/signatures/: secp256k1, BLS and delegated signatures as Filecoin makes and checks
// them, from fixed private keys (edge scalars and scalars derived from labels, fixed_bytes.ts)
// and fixed messages (empty, text, and a message-CID-shaped 38 bytes), with verification cases
// that must fail. Every value is computed by the spec's functions; the section's tests check
// those functions against the outside vectors (Zondax, serialization-vectors, iso-filecoin, Lotus).

import { bls12_381 } from '@noble/curves/bls12-381.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToNumberBE, numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { toHex } from 'multiformats/bytes'
import { addressToString, newBlsAddress, newSecp256k1Address, type Address } from '../../spec/appendix/address/address.ts'
import { aggregateBlsSignatures, getBlsPublicKey, signBls, verifyBls, verifyBlsAggregate } from '../../spec/algorithms/crypto/signatures/bls.ts'
import { getDelegatedAddress, signDelegated, verifyDelegated } from '../../spec/algorithms/crypto/signatures/delegated.ts'
import { computeSecp256k1Digest, getSecp256k1PublicKey, signSecp256k1, verifySecp256k1 } from '../../spec/algorithms/crypto/signatures/secp256k1.ts'
import { computeCborCid } from '../schema/struct.ts'
import { fixedBytes } from './fixed_bytes.ts'
import { type VectorFile, vectorJson } from './registry.ts'

const GENERATOR = 'src/vectors/signatures.ts (filspec generate)'
const FORMAT = 'see vectors/signatures/README.md'
const N = secp256k1.Point.Fn.ORDER
const R = bls12_381.fields.Fr.ORDER

const MESSAGES: Array<[string, Uint8Array]> = [
  ['empty', new Uint8Array(0)],
  ['text', new TextEncoder().encode('filspec signature vectors')],
  ['cid', computeCborCid(new TextEncoder().encode('filspec signature vectors')).bytes],
]

/** A scalar in [1, order − 1] from a label: blake2b bytes reduced modulo order − 1, plus one. */
const labelScalar = (label: string, order: bigint) => (bytesToNumberBE(fixedBytes(label, 48)) % (order - 1n)) + 1n
const scalars = (scheme: string, order: bigint): Array<[string, bigint]> => [
  ['one', 1n],
  ['label-1', labelScalar(`signatures/${scheme}/1`, order)],
  ['label-2', labelScalar(`signatures/${scheme}/2`, order)],
  ['max', order - 1n],
]

const flipBit = (b: Uint8Array, i: number) => Uint8Array.from(b, (x, j) => (j === i ? x ^ 1 : x))

type Verify = (signature: Uint8Array, signer: Address, data: Uint8Array) => boolean

/** One verification case, checked against the scheme's verify function before it is written. */
function verifyCase(verify: Verify, name: string, signer: Address, message: Uint8Array, signature: Uint8Array, valid: boolean) {
  if (verify(signature, signer, message) !== valid) throw new Error(`vectors: signature case ${name} does not verify as ${valid}`)
  return { name, signer: addressToString(signer), message: toHex(message), signature: toHex(signature), valid }
}

/** The two secp256k1-key schemes' signing cases differ only in address, digest and signature. */
interface Secp256k1KeyScheme {
  address: (privateKey: Uint8Array) => Address
  digest: (message: Uint8Array) => Uint8Array
  sign: (privateKey: Uint8Array, message: Uint8Array) => Uint8Array
}

/** Every key signs every message. */
function signCases(keys: ReadonlyArray<readonly [string, Uint8Array]>, scheme: Secp256k1KeyScheme) {
  return keys.flatMap(([keyName, privateKey]) =>
    MESSAGES.map(([messageName, message]) => ({
      name: `${keyName}/${messageName}`,
      privateKey: toHex(privateKey),
      publicKey: toHex(getSecp256k1PublicKey(privateKey)),
      address: addressToString(scheme.address(privateKey)),
      message: toHex(message),
      digest: toHex(scheme.digest(message)),
      signature: toHex(scheme.sign(privateKey, message)),
    })),
  )
}

function secp256k1Vectors() {
  const keys = scalars('secp256k1', N).map(([name, k]) => [name, numberToBytesBE(k, 32)] as const)
  const sign = signCases(keys, {
    address: (k) => newSecp256k1Address(getSecp256k1PublicKey(k)),
    digest: computeSecp256k1Digest,
    sign: signSecp256k1,
  })
  const key = keys[1]![1]
  const signer = newSecp256k1Address(getSecp256k1PublicKey(key))
  const [, message] = MESSAGES[2]!
  const sig = signSecp256k1(key, message)
  const s = bytesToNumberBE(sig.subarray(32, 64))
  const highS = Uint8Array.from([...sig.subarray(0, 32), ...numberToBytesBE(N - s, 32), sig[64]! ^ 1])
  const c = (...args: [string, Address, Uint8Array, Uint8Array, boolean]) => verifyCase(verifySecp256k1, ...args)
  const verify = [
    c('valid', signer, message, sig, true),
    c('high-s-twin', signer, message, highS, true),
    c('other-message', signer, MESSAGES[1]![1], sig, false),
    c('other-signer', newSecp256k1Address(getSecp256k1PublicKey(keys[2]![1])), message, sig, false),
    c('flipped-recovery-id', signer, message, flipBit(sig, 64), false),
    c('recovery-id-4', signer, message, Uint8Array.from([...sig.subarray(0, 64), 4]), false),
    c('r-zero', signer, message, Uint8Array.from([...new Uint8Array(32), ...sig.subarray(32)]), false),
    c('s-is-n', signer, message, Uint8Array.from([...sig.subarray(0, 32), ...numberToBytesBE(N, 32), sig[64]!]), false),
    c('64-bytes', signer, message, sig.subarray(0, 64), false),
  ]
  return { sign, verify }
}

function blsVectors() {
  const keys = scalars('bls', R).map(([name, k]) => [name, numberToBytesLE(k, 32)] as const)
  const sign = keys.flatMap(([keyName, privateKey]) =>
    MESSAGES.map(([messageName, message]) => {
      const publicKey = getBlsPublicKey(privateKey)
      return {
        name: `${keyName}/${messageName}`,
        privateKey: toHex(privateKey),
        publicKey: toHex(publicKey),
        address: addressToString(newBlsAddress(publicKey)),
        message: toHex(message),
        signature: toHex(signBls(privateKey, message)),
      }
    }),
  )
  const key = keys[1]![1]
  const signer = newBlsAddress(getBlsPublicKey(key))
  const [, message] = MESSAGES[2]!
  const sig = signBls(key, message)
  const c = (...args: [string, Address, Uint8Array, Uint8Array, boolean]) => verifyCase(verifyBls, ...args)
  const verify = [
    c('valid', signer, message, sig, true),
    c('other-message', signer, MESSAGES[1]![1], sig, false),
    c('other-signer', newBlsAddress(getBlsPublicKey(keys[2]![1])), message, sig, false),
    c('infinity-signature', signer, message, Uint8Array.from([0xc0, ...new Uint8Array(95)]), false),
    // x = 2 + 0·i satisfies E2's equation; the point is not in the prime-order subgroup.
    c('signature-outside-subgroup', signer, message, Uint8Array.from([0x80, ...new Uint8Array(94), 2]), false),
    c('signer-at-infinity', { protocol: 3, payload: Uint8Array.from([0xc0, ...new Uint8Array(47)]) }, message, sig, false),
    c('flipped-bit', signer, message, flipBit(sig, 95), false),
    c('95-bytes', signer, message, sig.subarray(0, 95), false),
  ]

  // A block's aggregate: each key signs one distinct message (the labels' keys and messages).
  const pairs = keys.map(([, k], i) => ({ privateKey: k, message: fixedBytes(`signatures/bls/aggregate/${i}`, 38) }))
  const aggregate = aggregateBlsSignatures(pairs.map((p) => signBls(p.privateKey, p.message)))
  const publicKeys = pairs.map((p) => getBlsPublicKey(p.privateKey))
  const messages = pairs.map((p) => p.message)
  const sameMessage = MESSAGES[1]![1]
  const aggregates = [
    { name: 'valid', publicKeys, messages, aggregate, valid: true },
    { name: 'keys-swapped', publicKeys: [publicKeys[1]!, publicKeys[0]!, ...publicKeys.slice(2)], messages, aggregate, valid: false },
    { name: 'pair-missing', publicKeys: publicKeys.slice(1), messages: messages.slice(1), aggregate, valid: false },
    {
      name: 'equal-messages',
      publicKeys: publicKeys.slice(0, 2),
      messages: [sameMessage, sameMessage],
      aggregate: aggregateBlsSignatures(pairs.slice(0, 2).map((p) => signBls(p.privateKey, sameMessage))),
      valid: false,
    },
    { name: 'empty', publicKeys: [], messages: [], aggregate: aggregateBlsSignatures([]), valid: true },
  ]
  for (const a of aggregates) {
    if (verifyBlsAggregate(a.aggregate, a.publicKeys, a.messages) !== a.valid) throw new Error(`vectors: bls aggregate ${a.name} is not ${a.valid}`)
  }
  return {
    sign,
    verify,
    aggregate: aggregates.map((a) => ({ name: a.name, publicKeys: a.publicKeys.map(toHex), messages: a.messages.map(toHex), aggregate: toHex(a.aggregate), valid: a.valid })),
  }
}

function delegatedVectors() {
  const keys = scalars('delegated', N).map(([name, k]) => [name, numberToBytesBE(k, 32)] as const)
  const sign = signCases(keys, { address: getDelegatedAddress, digest: keccak_256, sign: signDelegated })
  const key = keys[1]![1]
  const signer = getDelegatedAddress(key)
  const [, message] = MESSAGES[1]!
  const sig = signDelegated(key, message)
  const c = (...args: [string, Address, Uint8Array, Uint8Array, boolean]) => verifyCase(verifyDelegated, ...args)
  const verify = [
    c('valid', signer, message, sig, true),
    c('other-message', signer, MESSAGES[0]![1], sig, false),
    c('secp256k1-address-of-the-key', newSecp256k1Address(getSecp256k1PublicKey(key)), message, sig, false),
    c('blake2b-signature', signer, message, signSecp256k1(key, message), false),
    c('flipped-recovery-id', signer, message, flipBit(sig, 64), false),
  ]
  return { sign, verify }
}

/** vectors/signatures/{secp256k1,bls,delegated}.json. */
export function generateSignatureVectors(): VectorFile[] {
  const file = (scheme: string, description: string, vectors: unknown): VectorFile => ({
    path: `signatures/${scheme}.json`,
    content: vectorJson({ description, generator: GENERATOR, format: FORMAT, vectors }),
  })
  return [
    file('secp256k1', 'secp256k1 signatures (Filecoin signature type 1): keys, addresses, BLAKE2b-256 digests and signatures r ‖ s ‖ v; verification cases.', secp256k1Vectors()),
    file('bls', 'BLS signatures (Filecoin signature type 2): little-endian private keys, G1 public keys, f3 addresses, G2 signatures; verification and aggregate verification cases.', blsVectors()),
    file('delegated', 'Delegated signatures (Filecoin signature type 3, FIP-0055): secp256k1 over Keccak-256, f410 addresses; verification cases.', delegatedVectors()),
  ]
}
