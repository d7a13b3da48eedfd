// Spec section: Appendix › Address. A Filecoin address as messages carry it: its byte form
// (protocol byte ‖ payload) and its string form (network ‖ protocol digit ‖ payload text).
// Rules from the Filecoin spec's address appendix, FIP-0048 (delegated addresses) and the
// reference implementation filecoin-project/go-address (address.go `newAddress`, `decode`;
// constants.go), whose limits and error kinds we follow where the spec's table is looser (see
// MAX_ID). Ethereum (f410) conversions are in eth_address.ts.

import { z } from 'zod'
import { base32 } from 'multiformats/bases/base32'
import { blake2b } from '@noble/hashes/blake2.js'
import { defineKind, type Kind } from '../../../src/schema/kind.ts'
import { RuleError } from '../../../src/schema/errors.ts'

/** 0 ID, 1 SECP256K1 (key hash), 2 Actor (hash), 3 BLS (public key), 4 Delegated (FIP-0048). */
export type Protocol = 0 | 1 | 2 | 3 | 4

/** The string form's first character: 'f' for mainnet, 't' for test networks. */
export type Network = 'f' | 't'

export interface Address {
  readonly protocol: Protocol
  /** Everything after the protocol byte; for ID and Delegated it starts with a LEB128 number. */
  readonly payload: Uint8Array
}

/** Payload length of SECP256K1 and Actor addresses: a blake2b-160 hash. */
export const PAYLOAD_HASH_LENGTH = 20
/** Payload length of a BLS address: a G1 public key. */
export const BLS_PUBLIC_KEY_BYTES = 48
/** Longest subaddress of a Delegated address (FIP-0048 MAX_SUBADDRESS_BYTES). */
export const MAX_SUBADDRESS_LEN = 54
/** Length of the checksum in the string form: blake2b with a 4-byte output. */
export const CHECKSUM_HASH_LENGTH = 4
/**
 * Largest ID and Delegated namespace. The spec's table accepts u64 max, but go-address reads
 * these numbers with go-varint, which stops at 63 bits (`TestIDMax` rejects 2^63): we follow it.
 */
export const MAX_ID = 2n ** 63n - 1n
/** go-address `MaxInt64StringLength`: the most decimal digits of an ID or namespace. */
export const MAX_INT64_STRING_LENGTH = 19
/** go-address `MaxAddressStringLength` = 2 + 19 + 1 + 93: the longest f4 string. */
export const MAX_ADDRESS_STRING_LENGTH = 115
/** The longest byte form, 1 + 9 + 54 (go-address `UnmarshalCBOR` rejects longer byte strings). */
export const MAX_ADDRESS_BYTES = 64

/**
 * The rule an invalid address breaks, as go-address's error values name them (constants.go:
 * ErrUnknownNetwork, ErrUnknownProtocol, ErrInvalidPayload, ErrInvalidLength, ErrInvalidChecksum,
 * ErrInvalidEncoding, to which we also map base32's CorruptInputError), plus `not-eth-address`
 * for conversions to Ethereum form (Lotus ethtypes `ErrInvalidAddress`).
 */
export type AddressErrorKind =
  | 'unknown-network'
  | 'unknown-protocol'
  | 'invalid-payload'
  | 'invalid-length'
  | 'invalid-checksum'
  | 'invalid-encoding'
  | 'not-eth-address'

/** An invalid address; `kind` is the rule broken, `what` names the part at fault. */
export class AddressError extends RuleError {
  override name = 'AddressError'
  constructor(
    readonly kind: AddressErrorKind,
    path: string,
    what: string,
    rule: string,
    got: unknown,
  ) {
    super(path, what, rule, got)
  }
}

/** Reads an unsigned LEB128 number as go-varint `FromUvarint` does: minimal, at most 9 bytes (63 bits). */
function readUvarint(b: Uint8Array, path: string): { value: bigint; length: number } {
  let value = 0n
  for (let i = 0; i < 9; i++) {
    const byte = b[i]
    if (byte === undefined) throw new AddressError('invalid-payload', path, 'varint', 'a final byte below 0x80', b)
    value |= BigInt(byte & 0x7f) << BigInt(7 * i)
    if (byte < 0x80) {
      if (byte === 0 && i > 0) throw new AddressError('invalid-payload', path, 'varint', 'minimal encoding', b)
      return { value, length: i + 1 }
    }
  }
  throw new AddressError('invalid-payload', path, 'varint', 'at most 9 bytes (63 bits)', b)
}

function writeUvarint(value: bigint): number[] {
  const out: number[] = []
  for (let v = value; ; v >>= 7n) {
    if (v < 0x80n) return [...out, Number(v)]
    out.push(Number(v & 0x7fn) | 0x80)
  }
}

/** Checks the payload rules of the address's protocol (go-address `newAddress`); throws AddressError. */
export function validateAddress(a: Address, path = 'address'): void {
  const p = a.payload
  switch (a.protocol) {
    case 0:
      if (readUvarint(p, path).length !== p.length) throw new AddressError('invalid-length', path, 'id payload', 'one varint and nothing after it', p)
      return
    case 1:
    case 2:
      if (p.length !== PAYLOAD_HASH_LENGTH) throw new AddressError('invalid-length', path, 'payload', `${PAYLOAD_HASH_LENGTH} bytes`, p)
      return
    case 3:
      if (p.length !== BLS_PUBLIC_KEY_BYTES) throw new AddressError('invalid-length', path, 'payload', `${BLS_PUBLIC_KEY_BYTES} bytes`, p)
      return
    case 4:
      if (p.length - readUvarint(p, path).length > MAX_SUBADDRESS_LEN) throw new AddressError('invalid-length', path, 'subaddress', `at most ${MAX_SUBADDRESS_LEN} bytes`, p)
      return
    default:
      throw new AddressError('unknown-protocol', path, 'protocol', '0, 1, 2, 3 or 4', (a as { protocol: unknown }).protocol)
  }
}

/** go-address `NewIDAddress`. */
export function newIdAddress(id: bigint): Address {
  if (id < 0n || id > MAX_ID) throw new AddressError('invalid-payload', 'address', 'id', `integer in [0, ${MAX_ID}]`, id)
  return { protocol: 0, payload: Uint8Array.from(writeUvarint(id)) }
}

/** go-address `NewDelegatedAddress` (FIP-0048): namespace is the managing actor's ID. */
export function newDelegatedAddress(namespace: bigint, subaddress: Uint8Array): Address {
  if (namespace < 0n || namespace > MAX_ID) throw new AddressError('invalid-payload', 'address', 'namespace', `integer in [0, ${MAX_ID}]`, namespace)
  const a: Address = { protocol: 4, payload: Uint8Array.from([...writeUvarint(namespace), ...subaddress]) }
  validateAddress(a)
  return a
}

/** The payload of secp256k1 and actor addresses: BLAKE2b with a 20-byte output. */
function payloadHash(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: PAYLOAD_HASH_LENGTH })
}

/**
 * go-address `NewSecp256k1Address`: the key is the 65-byte uncompressed point (0x04 ‖ x ‖ y).
 * go-address hashes whatever bytes it is given; we insist on the uncompressed form, the only one
 * Filecoin wallets hash, so that a compressed key cannot silently make a different address.
 */
export function newSecp256k1Address(publicKey: Uint8Array): Address {
  if (publicKey.length !== 65 || publicKey[0] !== 0x04) throw new AddressError('invalid-payload', 'address', 'secp256k1 public key', '65 bytes starting 0x04 (uncompressed)', publicKey)
  return { protocol: 1, payload: payloadHash(publicKey) }
}

/** go-address `NewActorAddress`: the hash of data fixed when the actor was created. */
export function newActorAddress(data: Uint8Array): Address {
  return { protocol: 2, payload: payloadHash(data) }
}

/** go-address `NewBLSAddress`: the payload is the 48-byte compressed G1 public key itself. */
export function newBlsAddress(publicKey: Uint8Array): Address {
  const a: Address = { protocol: 3, payload: Uint8Array.from(publicKey) }
  validateAddress(a)
  return a
}

/** go-address `IDFromAddress`: the actor ID of an ID address. */
export function getId(a: Address, path = 'address'): bigint {
  if (a.protocol !== 0) throw new AddressError('unknown-protocol', path, 'protocol', '0 (an ID address)', a.protocol)
  return readUvarint(a.payload, path).value
}

/** The namespace (managing actor's ID) and subaddress of a Delegated address. */
export function getDelegatedParts(a: Address, path = 'address'): { namespace: bigint; subaddress: Uint8Array } {
  if (a.protocol !== 4) throw new AddressError('unknown-protocol', path, 'protocol', '4 (a delegated address)', a.protocol)
  const { value, length } = readUvarint(a.payload, path)
  return { namespace: value, subaddress: a.payload.subarray(length) }
}

/** The byte form: protocol byte ‖ payload. */
export function addressToBytes(a: Address): Uint8Array {
  return Uint8Array.from([a.protocol, ...a.payload])
}

/** go-address `NewFromBytes`, except that empty bytes are an error here (no undefined address). */
export function addressFromBytes(b: Uint8Array, path = 'address'): Address {
  if (b.length < 2) throw new AddressError('invalid-length', path, 'address', 'a protocol byte and a payload', b)
  const protocol = b[0]!
  if (protocol > 4) throw new AddressError('unknown-protocol', path, 'protocol', '0, 1, 2, 3 or 4', protocol)
  const a: Address = { protocol: protocol as Protocol, payload: b.slice(1) }
  validateAddress(a, path)
  return a
}

function computeChecksum(a: Address): Uint8Array {
  return blake2b(addressToBytes(a), { dkLen: CHECKSUM_HASH_LENGTH })
}

/** The string form; `network` is 'f' (mainnet) or 't' (test networks). */
export function addressToString(a: Address, network: Network = 'f'): string {
  const prefix = `${network}${a.protocol}`
  if (a.protocol === 0) return prefix + getId(a).toString()
  const checksum = computeChecksum(a)
  if (a.protocol !== 4) return prefix + base32.baseEncode(Uint8Array.from([...a.payload, ...checksum]))
  const { namespace, subaddress } = getDelegatedParts(a)
  return `${prefix}${namespace}f${base32.baseEncode(Uint8Array.from([...subaddress, ...checksum]))}`
}

/** Length in bytes, as Go's len() counts a string. */
const utf8Length = (s: string) => new TextEncoder().encode(s).length

/**
 * A decimal ID or namespace (go-address: at most 19 characters, then strconv.ParseUint with 63
 * bits). go-address also reads leading zeros; we reject them so that every accepted string is the
 * one addressToString writes.
 */
function parseDecimal(s: string, path: string, what: string): number[] {
  if (utf8Length(s) > MAX_INT64_STRING_LENGTH) throw new AddressError('invalid-length', path, what, `at most ${MAX_INT64_STRING_LENGTH} digits`, s)
  if (!/^(0|[1-9][0-9]*)$/.test(s) || BigInt(s) > MAX_ID) throw new AddressError('invalid-payload', path, what, `decimal in [0, ${MAX_ID}]`, s)
  return writeUvarint(BigInt(s))
}

/**
 * Lowercase unpadded RFC 4648 base32, read strictly as go-address `base32decode` does: the text
 * must be exactly what encoding the bytes gives back (no padding, no stray trailing bits).
 */
function decodeBase32(encoded: string, input: string, path: string): Uint8Array {
  let raw: Uint8Array | undefined
  try {
    raw = base32.baseDecode(encoded)
  } catch {
    // reported below, with the non-canonical spellings
  }
  if (raw === undefined || base32.baseEncode(raw) !== encoded) {
    throw new AddressError('invalid-encoding', path, 'payload', 'lowercase unpadded base32 (RFC 4648) with canonical trailing bits', input)
  }
  return raw
}

/**
 * Reads `encoded` = base32(data ‖ checksum), checks the data's length for `protocol`, then the
 * checksum over (protocol ‖ payloadPrefix ‖ data), in go-address `decode`'s order.
 */
function parseChecked(encoded: string, protocol: Protocol, payloadPrefix: number[], input: string, path: string): Address {
  const raw = decodeBase32(encoded, input, path)
  if (raw.length < CHECKSUM_HASH_LENGTH) throw new AddressError('invalid-length', path, 'payload', 'data and a 4-byte checksum', input)
  const split = raw.length - CHECKSUM_HASH_LENGTH
  const a: Address = { protocol, payload: Uint8Array.from([...payloadPrefix, ...raw.subarray(0, split)]) }
  validateAddress(a, path)
  if (computeChecksum(a).some((x, i) => x !== raw[split + i])) throw new AddressError('invalid-checksum', path, 'checksum', 'blake2b-32 of the address bytes', input)
  return a
}

/** Reads the string form (go-address `decode`); both networks ('f' and 't') are accepted. */
export function addressFromString(s: string, path = 'address'): Address {
  const length = utf8Length(s)
  if (length < 3 || length > MAX_ADDRESS_STRING_LENGTH) throw new AddressError('invalid-length', path, 'address', `3 to ${MAX_ADDRESS_STRING_LENGTH} characters`, s)
  if (s[0] !== 'f' && s[0] !== 't') throw new AddressError('unknown-network', path, 'network', "'f' or 't'", s)
  if (!/^[0-4]$/.test(s[1] ?? '')) throw new AddressError('unknown-protocol', path, 'protocol', '0, 1, 2, 3 or 4', s)
  const protocol = Number(s[1]) as Protocol
  const rest = s.slice(2)
  switch (protocol) {
    case 0:
      return { protocol: 0, payload: Uint8Array.from(parseDecimal(rest, path, 'id')) }
    case 4: {
      const f = rest.indexOf('f')
      if (f < 0) throw new AddressError('invalid-payload', path, 'delegated address', '<namespace>f<base32>', s)
      return parseChecked(rest.slice(f + 1), 4, parseDecimal(rest.slice(0, f), path, 'namespace'), s, path)
    }
    default:
      return parseChecked(rest, protocol, [], s, path)
  }
}

const addressValue = z
  .object({ protocol: z.literal([0, 1, 2, 3, 4]), payload: z.instanceof(Uint8Array) }, { error: 'expected address' })
  .superRefine((a, ctx) => {
    try {
      validateAddress(a)
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as AddressError).reason })
    }
  })

/** The address as a field: CBOR byte string of its byte form; Lotus JSON its string form. */
export const address: Kind<Address> = defineKind({
  name: 'Address',
  value: addressValue,
  json: z.string().regex(/^[ft](0(0|[1-9][0-9]*)|[123][a-z2-7]+|4(0|[1-9][0-9]*)f[a-z2-7]+)$/),
  toCbor: addressToBytes,
  fromCbor(data, path) {
    if (!(data instanceof Uint8Array)) throw new AddressError('invalid-encoding', path, 'address', 'byte string', data)
    if (data.length > MAX_ADDRESS_BYTES) throw new AddressError('invalid-length', path, 'address', `at most ${MAX_ADDRESS_BYTES} bytes`, data)
    return addressFromBytes(data, path)
  },
  toJson: (a) => addressToString(a),
  fromJson(json, path) {
    if (typeof json !== 'string') throw new AddressError('invalid-encoding', path, 'address', 'string', json)
    return addressFromString(json, path)
  },
})
