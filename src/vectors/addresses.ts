// vectors/addresses/: Filecoin addresses of every protocol in both networks with their byte form,
// addresses made from public keys and actor data, f410 ↔ Ethereum conversions, and invalid text
// and byte forms with the kind of error each must raise (go-address's error values). Inputs are
// fixed: edge values, labels hashed with blake2b into keys and payloads (fixed_bytes.ts), and
// the public vectors the section's tests cite.

import { toHex } from 'multiformats/bytes'
import { base32 } from 'multiformats/bases/base32'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import {
  AddressError,
  MAX_ID,
  addressFromBytes,
  addressFromString,
  addressToBytes,
  addressToString,
  getDelegatedParts,
  getId,
  newActorAddress,
  newBlsAddress,
  newDelegatedAddress,
  newIdAddress,
  newSecp256k1Address,
  type Address,
  type AddressErrorKind,
  type Network,
} from '../../spec/appendix/address/address.ts'
import {
  ethAddressFromActorId,
  ethAddressFromFilecoinAddress,
  ethAddressToFilecoinAddress,
  ethAddressToString,
  isEthAddress,
  type EthAddress,
} from '../../spec/appendix/address/eth_address.ts'
import { fixedBytes } from './fixed_bytes.ts'
import { type VectorFile, vectorJson } from './registry.ts'

const GENERATOR = 'src/vectors/addresses.ts (filspec generate)'

/** A scalar in [1, order) from a label: blake2b bytes reduced mod the order (never 0 in practice). */
function scalar(label: string, order: bigint): bigint {
  const k = BigInt(`0x${toHex(fixedBytes(label, 48))}`) % order
  return k === 0n ? 1n : k
}

const secpKey = (i: number) => secp256k1.Point.BASE.multiply(scalar(`secp256k1 key ${i}`, secp256k1.Point.Fn.ORDER)).toBytes(false)
const blsKey = (i: number) => bls12_381.G1.Point.BASE.multiply(scalar(`bls key ${i}`, bls12_381.G1.Point.Fn.ORDER)).toBytes(true)

/** The valid addresses, each with the input it was made from where it was made from one. */
function validInputs(): Array<{ name: string; address: Address; input?: Record<string, string> }> {
  const out: Array<{ name: string; address: Address; input?: Record<string, string> }> = []
  for (const id of [0n, 1n, 127n, 128n, 1024n, 16383n, 16384n, 2n ** 53n + 1n, MAX_ID]) out.push({ name: `id-${id}`, address: newIdAddress(id), input: { actorId: id.toString() } })
  for (let i = 0; i < 3; i++) {
    const publicKey = secpKey(i)
    out.push({ name: `secp256k1-${i}`, address: newSecp256k1Address(publicKey), input: { secp256k1PublicKey: toHex(publicKey) } })
  }
  for (const data of ['', 'filspec actor 1', 'filspec actor 2']) {
    const bytes = new TextEncoder().encode(data)
    out.push({ name: `actor-${data === '' ? 'empty' : data.replaceAll(' ', '-')}`, address: newActorAddress(bytes), input: { actorData: toHex(bytes) } })
  }
  for (let i = 0; i < 3; i++) {
    const publicKey = blsKey(i)
    out.push({ name: `bls-${i}`, address: newBlsAddress(publicKey), input: { blsPublicKey: toHex(publicKey) } })
  }
  const delegated: Array<[string, bigint, Uint8Array]> = [
    ['delegated-ns0-empty', 0n, new Uint8Array(0)],
    ['delegated-ns32-ff', 32n, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff])],
    ['delegated-ns10-null-eth', 10n, new Uint8Array(20)],
    ['delegated-ns10-eth', 10n, fixedBytes('eth address 1', 20)],
    ['delegated-ns10-masked-id', 10n, ethAddressFromActorId(3066106n)],
    ['delegated-ns10-32-bytes', 10n, fixedBytes('32-byte subaddress', 32)],
    ['delegated-max-ns-empty', MAX_ID, new Uint8Array(0)],
    ['delegated-max-ns-54-bytes', MAX_ID, fixedBytes('54-byte subaddress', 54)],
  ]
  for (const [name, namespace, sub] of delegated) out.push({ name, address: newDelegatedAddress(namespace, sub), input: { namespace: namespace.toString(), subaddress: toHex(sub) } })
  return out
}

function describeAddress(a: Address, network: Network): Record<string, string | number> {
  const v: Record<string, string | number> = { string: addressToString(a, network), bytes: toHex(addressToBytes(a)), protocol: a.protocol, payload: toHex(a.payload), network }
  if (a.protocol === 0) v.actorId = getId(a).toString()
  if (a.protocol === 4) {
    const { namespace, subaddress } = getDelegatedParts(a)
    v.namespace = namespace.toString()
    v.subaddress = toHex(subaddress)
  }
  if (isEthAddress(a)) v.ethAddress = ethAddressToString(ethAddressFromFilecoinAddress(a))
  return v
}

const b32 = (s: string) => base32.baseEncode(new TextEncoder().encode(s))

/** Invalid text forms: go-address's TestInvalidStringAddresses and TestTrailingBits, then further rules. */
const INVALID_STRINGS: Array<[string, string, string]> = [
  ['unknown-network', 'Q2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y', 'go-address TestInvalidStringAddresses'],
  ['unknown-protocol', 't5gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y', 'go-address TestInvalidStringAddresses'],
  ['bad-checksum', 't2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y', 'go-address TestInvalidStringAddresses'],
  ['id-20-chars', 't0banananananannnnnnnnn', 'go-address TestInvalidStringAddresses'],
  ['id-not-decimal', 't0banananananannnnnnn', 'go-address TestInvalidStringAddresses'],
  ['base32-bad-char', 't2gfvuyh7v2sx3patm1k23wdzmhyhtmqctasbr24y', 'go-address TestInvalidStringAddresses (CorruptInputError)'],
  ['base32-uppercase', 't2gfvuyh7v2sx3paTm1k23wdzmhyhtmqctasbr24y', 'go-address TestInvalidStringAddresses (CorruptInputError)'],
  ['too-short-t2', 't2', 'go-address TestInvalidStringAddresses'],
  ['too-short-payload', 't1234q', 'go-address TestInvalidStringAddresses'],
  ['too-long', 'a'.repeat(116), 'go-address TestInvalidStringAddresses'],
  ['too-short-t', 't', 'go-address TestInvalidStringAddresses'],
  ['too-short-t0', 't0', 'go-address TestInvalidStringAddresses'],
  ['secp-24-bytes-bad-checksum', `t1${b32('a'.repeat(24))}`, 'go-address TestInvalidStringAddresses'],
  ['secp-25-bytes', `t1${b32('a'.repeat(25))}`, 'go-address TestInvalidStringAddresses'],
  ['secp-23-bytes', `t1${b32('a'.repeat(23))}`, 'go-address TestInvalidStringAddresses'],
  ['bls-52-bytes-bad-checksum', `t3${b32('a'.repeat(52))}`, 'go-address TestInvalidStringAddresses'],
  ['bls-53-bytes', `t3${b32('a'.repeat(53))}`, 'go-address TestInvalidStringAddresses'],
  ['trailing-bits', 'f1xpbyy4tkdx5si2bgo37dubc2xwv6fum5tk57mid', 'go-address TestTrailingBits'],
  ['id-above-2^63-1', 't09223372036854775808', 'go-address TestIDMax'],
  ['id-u64-max', 'f018446744073709551615', 'the spec table lists it; go-address rejects it'],
  ['base32-padding', 'f1xpbyy4tkdx5si2bgo37dubc2xwv6fum5tk57mia=', 'go-address base32decode'],
  ['delegated-no-f', 'f410', 'go-address decode'],
  ['delegated-empty-namespace', 'f4f2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy', 'go-address decode'],
  ['delegated-no-checksum', 'f410f', 'go-address decode'],
  ['delegated-55-byte-subaddress', `f410f${base32.baseEncode(new Uint8Array(59))}`, 'go-address decode'],
  ['empty', '', 'filspec: go-address reads it as the undefined address'],
  ['id-leading-zero', 'f001', 'filspec: go-address reads it as f01'],
  ['namespace-leading-zero', 'f4010f2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy', 'filspec: go-address reads it as namespace 10'],
]

/** Invalid byte forms: go-address's TestInvalidByteAddresses and TestIDMax, then further rules. */
const INVALID_BYTES: Array<[string, string, string]> = [
  ['unknown-protocol', '050404', 'go-address TestInvalidByteAddresses'],
  ['id-no-payload', '00', 'go-address TestInvalidByteAddresses'],
  ['secp-19-bytes', `01${'00'.repeat(19)}`, 'go-address TestInvalidByteAddresses'],
  ['secp-21-bytes', `01${'00'.repeat(21)}`, 'go-address TestInvalidByteAddresses'],
  ['actor-19-bytes', `02${'00'.repeat(19)}`, 'go-address TestInvalidByteAddresses'],
  ['bls-47-bytes', `03${'00'.repeat(47)}`, 'go-address TestInvalidByteAddresses'],
  ['delegated-55-byte-subaddress', `0400${'00'.repeat(55)}`, 'go-address TestInvalidByteAddresses'],
  ['delegated-hanging-varint', '04ff', 'go-address TestInvalidByteAddresses'],
  ['id-2^64', '00ffffffffffffffffff01', 'go-address TestIDMax'],
  ['empty', '', 'filspec: go-address reads it as the undefined address'],
  ['id-varint-not-minimal', '008000', 'go-varint ErrNotMinimal'],
  ['id-trailing-byte', '000102', 'go-address newAddress'],
]

function errorKind(f: () => unknown): AddressErrorKind {
  try {
    f()
  } catch (e) {
    if (e instanceof AddressError) return e.kind
    throw e
  }
  throw new Error('vectors/addresses: an invalid vector was read as valid')
}

/** Every file of vectors/addresses/. */
export function generateAddressVectors(): VectorFile[] {
  const valid = validInputs().flatMap(({ name, address, input }) =>
    (['f', 't'] as const).map((network) => ({ name: `${name}-${network}`, ...(input === undefined ? {} : { input }), ...describeAddress(address, network) })),
  )
  const invalid = [
    ...INVALID_STRINGS.map(([name, string, source]) => ({ name: `string-${name}`, string, error: errorKind(() => addressFromString(string)), source })),
    ...INVALID_BYTES.map(([name, bytes, source]) => ({ name: `bytes-${name}`, bytes, error: errorKind(() => addressFromBytes(Uint8Array.from(Buffer.from(bytes, 'hex')))), source })),
  ]
  const eths: Array<[string, Uint8Array]> = [
    ['null', new Uint8Array(20)],
    ['iso-filecoin', Uint8Array.from(Buffer.from('d388ab098ed3e84c0d808776440b48f685198498', 'hex'))],
    ['filler-1', fixedBytes('eth address 1', 20)],
    ['filler-2', fixedBytes('eth address 2', 20)],
    ['masked-id-0', ethAddressFromActorId(0n)],
    ['masked-id-3066106', ethAddressFromActorId(3066106n)],
    ['masked-id-max', ethAddressFromActorId(MAX_ID)],
  ]
  const ethereum = eths.map(([name, e]) => {
    const a = ethAddressToFilecoinAddress(e as EthAddress)
    return { name, ethAddress: ethAddressToString(e as EthAddress), filecoinAddress: addressToString(a), bytes: toHex(addressToBytes(a)) }
  })
  const noEthForm = ['f17uoq6tp427uzv7fztkbsnn64iwotfrristwpryy', 'f432f77777777x32lpna', 'f410f74aaaaaaaaaaaaaaaaaaaaaaaaac5sh2bf3lgta', addressToString(newDelegatedAddress(10n, fixedBytes('32-byte subaddress', 32)))].map(
    (s) => ({ filecoinAddress: s, error: errorKind(() => ethAddressFromFilecoinAddress(addressFromString(s))) }),
  )
  const file = (path: string, description: string, format: string, vectors: unknown) => ({ path: `addresses/${path}`, content: vectorJson({ description, generator: GENERATOR, format, vectors }) })
  return [
    file('valid.json', 'Valid addresses of every protocol, in both networks, with their byte form and parts.', 'see vectors/addresses/README.md', valid),
    file('invalid.json', 'Invalid text and byte forms, each with the kind of error it must raise.', 'see vectors/addresses/README.md', invalid),
    file('ethereum.json', 'Ethereum addresses and their Filecoin forms (f410, or ID for masked IDs), and Filecoin addresses with no Ethereum form.', 'see vectors/addresses/README.md', {
      conversions: ethereum,
      noEthereumForm: noEthForm,
    }),
  ]
}
