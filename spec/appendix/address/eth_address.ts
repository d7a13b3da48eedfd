// Spec section: Appendix › Address, Ethereum addresses. FIP-0055 places Ethereum's 20-byte
// addresses under the delegated class of FIP-0048, in the namespace of the Ethereum Address
// Manager (actor f010): `f410f…` in text, 0x04 ‖ 0x0a ‖ <20 bytes> as bytes. An Ethereum address
// of the "masked ID" form 0xff ‖ 11 zero bytes ‖ 8-byte big-endian actor ID stands for that ID
// address instead, and is never the subaddress of an f410 address. Conversions follow Lotus
// chain/types/ethtypes/eth_types.go (`EthAddress.ToFilecoinAddress`,
// `EthAddressFromFilecoinAddress`, `IsEthAddress`); the text form follows EIP-55.

import { keccak_256 } from '@noble/hashes/sha3.js'
import { toHex } from 'multiformats/bytes'
import { AddressError, MAX_ID, getDelegatedParts, getId, newDelegatedAddress, newIdAddress, type Address } from './address.ts'

/** builtin-actors `EAM_ACTOR_ID`: the namespace of f410 addresses. */
export const ETHEREUM_ADDRESS_MANAGER_ACTOR_ID = 10n
/** Lotus `EthAddressLength`. */
export const ETH_ADDRESS_LENGTH = 20

/** A 20-byte Ethereum address. */
export type EthAddress = Uint8Array & { readonly __brand: 'EthAddress' }

/** Lotus `maskedIDPrefix`: the first 12 bytes of a masked ID address. */
const MASKED_ID_PREFIX = [0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

/** Lotus `EthAddress.IsMaskedID`. */
export function isMaskedIdEthAddress(e: EthAddress): boolean {
  return MASKED_ID_PREFIX.every((b, i) => e[i] === b)
}

/** Lotus `EthAddressFromActorID`: the masked ID form of an actor ID. */
export function ethAddressFromActorId(id: bigint): EthAddress {
  if (id < 0n || id > MAX_ID) throw new AddressError('invalid-payload', 'eth address', 'actor id', `integer in [0, ${MAX_ID}]`, id)
  const e = new Uint8Array(ETH_ADDRESS_LENGTH)
  e[0] = 0xff
  new DataView(e.buffer).setBigUint64(12, id)
  return e as EthAddress
}

/**
 * EIP-55 text form: lowercase hex, then each letter upper-cased where the matching nibble of
 * keccak-256(lowercase hex as ASCII) is 8 or more.
 */
export function ethAddressToString(e: EthAddress): string {
  const hex = toHex(e)
  const hash = keccak_256(new TextEncoder().encode(hex))
  let out = '0x'
  for (let i = 0; i < hex.length; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0x0f
    out += nibble >= 8 ? hex[i]!.toUpperCase() : hex[i]!
  }
  return out
}

/**
 * Reads `0x` and 40 hex digits. All-lowercase and all-uppercase digits are accepted as they are;
 * mixed case must be the EIP-55 checksum. Lotus `ParseEthAddress` is looser (it also takes `0X`,
 * no prefix, 39 digits, and ignores the case); we read only what EIP-55 tools write.
 */
export function parseEthAddress(s: string, path = 'eth address'): EthAddress {
  if (!/^0x[0-9a-fA-F]*$/.test(s)) throw new AddressError('invalid-encoding', path, 'eth address', '0x and hex digits', s)
  if (s.length !== 2 + 2 * ETH_ADDRESS_LENGTH) throw new AddressError('invalid-length', path, 'eth address', `${2 * ETH_ADDRESS_LENGTH} hex digits`, s)
  const digits = s.slice(2)
  const e = Uint8Array.from({ length: ETH_ADDRESS_LENGTH }, (_, i) => parseInt(digits.slice(2 * i, 2 * i + 2), 16)) as EthAddress
  const mixed = digits !== digits.toLowerCase() && digits !== digits.toUpperCase()
  if (mixed && ethAddressToString(e) !== s) throw new AddressError('invalid-checksum', path, 'eth address', 'the EIP-55 checksum in its mixed case', s)
  return e
}

/** Lotus `EthAddress.ToFilecoinAddress`: a masked ID becomes its ID address, anything else f410. */
export function ethAddressToFilecoinAddress(e: EthAddress): Address {
  if (e.length !== ETH_ADDRESS_LENGTH) throw new AddressError('invalid-length', 'eth address', 'eth address', `${ETH_ADDRESS_LENGTH} bytes`, e)
  if (isMaskedIdEthAddress(e)) return newIdAddress(new DataView(e.buffer, e.byteOffset).getBigUint64(12))
  return newDelegatedAddress(ETHEREUM_ADDRESS_MANAGER_ACTOR_ID, e)
}

/**
 * Lotus `EthAddressFromFilecoinAddress`: an ID address gives its masked form; an f410 address its
 * 20-byte subaddress, unless that is itself a masked ID; every other address has no Ethereum form.
 */
export function ethAddressFromFilecoinAddress(a: Address, path = 'address'): EthAddress {
  if (a.protocol === 0) return ethAddressFromActorId(getId(a, path))
  if (a.protocol !== 4) throw new AddressError('not-eth-address', path, 'protocol', '0 or 4 (an ID or f410 address)', a.protocol)
  const { namespace, subaddress } = getDelegatedParts(a, path)
  if (namespace !== ETHEREUM_ADDRESS_MANAGER_ACTOR_ID) throw new AddressError('not-eth-address', path, 'namespace', `${ETHEREUM_ADDRESS_MANAGER_ACTOR_ID} (the Ethereum Address Manager)`, namespace)
  if (subaddress.length !== ETH_ADDRESS_LENGTH) throw new AddressError('not-eth-address', path, 'subaddress', `${ETH_ADDRESS_LENGTH} bytes`, subaddress)
  const e = Uint8Array.from(subaddress) as EthAddress
  if (isMaskedIdEthAddress(e)) throw new AddressError('not-eth-address', path, 'subaddress', 'no masked ID (0xff, 11 zero bytes, an actor ID)', ethAddressToString(e))
  return e
}

/** Lotus `IsEthAddress`: an f410 address whose subaddress is a 20-byte Ethereum address, not a masked ID. */
export function isEthAddress(a: Address): boolean {
  if (a.protocol !== 4) return false
  const { namespace, subaddress } = getDelegatedParts(a)
  return namespace === ETHEREUM_ADDRESS_MANAGER_ACTOR_ID && subaddress.length === ETH_ADDRESS_LENGTH && !isMaskedIdEthAddress(subaddress as EthAddress)
}
