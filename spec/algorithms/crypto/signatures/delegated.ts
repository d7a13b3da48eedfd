// Spec section: Algorithms › Cryptographic Primitives › Signatures. Delegated signatures
// (FIP-0055), the signatures of f410 senders, whose address is an Ethereum address held by the
// Ethereum Address Manager (actor 10): secp256k1 over the Keccak-256 digest of the signed bytes,
// 65 bytes r ‖ s ‖ v; verification recovers the public key, derives its Ethereum address and
// compares f410 addresses (Lotus lib/sigs/delegated/init.go and eth.go). What the signed bytes
// are for a message (the RLP of the Ethereum transaction it stands for) is the message's rule,
// not this scheme's.

import { keccak_256 } from '@noble/hashes/sha3.js'
import { equals } from 'multiformats/bytes'
import { addressToBytes, newDelegatedAddress, type Address } from '../../../appendix/address/address.ts'
import { ETHEREUM_ADDRESS_MANAGER_ACTOR_ID, ETH_ADDRESS_LENGTH, type EthAddress } from '../../../appendix/address/eth_address.ts'
import { SignatureError, checkBytes, checkSigner } from './signature.ts'
import { SECP256K1_PUBLIC_KEY_BYTES, getSecp256k1PublicKey, recoverSecp256k1PublicKeyFromDigest, signSecp256k1Digest } from './secp256k1.ts'

/** Lotus `EthAddressFromPubKey`: the last 20 bytes of Keccak-256 of the 64-byte key x ‖ y (the 0x04 prefix dropped). */
export function computeEthAddress(publicKey: Uint8Array): EthAddress {
  const key = checkBytes(publicKey, 'delegated', 'public key', SECP256K1_PUBLIC_KEY_BYTES)
  if (key[0] !== 0x04) throw new SignatureError('delegated', 'public key', 'the uncompressed form (first byte 0x04)', key)
  return keccak_256(key.subarray(1)).slice(32 - ETH_ADDRESS_LENGTH) as EthAddress
}

/**
 * The f410 address of a key: its Ethereum address under the Ethereum Address Manager. As in
 * Lotus `delegatedSigner.Verify`, made directly with NewDelegatedAddress: a Keccak-256 output
 * does not take the masked-ID form (0xff and eleven zero bytes) but with negligible chance.
 */
function keyToDelegatedAddress(publicKey: Uint8Array): Address {
  return newDelegatedAddress(ETHEREUM_ADDRESS_MANAGER_ACTOR_ID, computeEthAddress(publicKey))
}

/** The f410 address of a secp256k1 private key. */
export function getDelegatedAddress(privateKey: Uint8Array): Address {
  return keyToDelegatedAddress(getSecp256k1PublicKey(privateKey))
}

/** Lotus `delegatedSigner.Sign`: signs Keccak-256(data). */
export function signDelegated(privateKey: Uint8Array, data: Uint8Array): Uint8Array {
  return signSecp256k1Digest(privateKey, keccak_256(checkBytes(data, 'delegated', 'data')), 'delegated')
}

/** The f410 address of the key that signed `data`; throws SignatureError when no key is recovered. */
export function recoverDelegatedAddress(signature: Uint8Array, data: Uint8Array): Address {
  const publicKey = recoverSecp256k1PublicKeyFromDigest(signature, keccak_256(checkBytes(data, 'delegated', 'data')), 'delegated')
  return keyToDelegatedAddress(publicKey)
}

/**
 * Lotus `delegatedSigner.Verify`: true when the key recovered from the signature over
 * Keccak-256(data) has the f410 address `signer`. Only wrongly typed arguments throw.
 */
export function verifyDelegated(signature: Uint8Array, signer: Address, data: Uint8Array): boolean {
  checkBytes(signature, 'delegated', 'signature')
  checkSigner(signer, 'delegated')
  checkBytes(data, 'delegated', 'data')
  if (signer.protocol !== 4) return false
  let recovered: Address
  try {
    recovered = recoverDelegatedAddress(signature, data)
  } catch (e) {
    if (e instanceof SignatureError) return false
    throw e
  }
  return equals(addressToBytes(recovered), addressToBytes(signer))
}
