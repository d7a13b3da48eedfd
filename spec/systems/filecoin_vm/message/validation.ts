// Spec section: Systems › Filecoin VM › Message, "Syntactic validity". The checks a message must
// pass before it is gossiped, pooled or included in a block, without looking at any state. They
// follow Lotus `Message.ValidForBlockInclusion` (chain/types/message.go), which block validation
// (chain/consensus/common.go `checkBlockMessages`) calls with the storage gas of the message's
// on-chain bytes as the least gas limit, priced by `OnChainMessage` in chain/vm/gas.go.

import { FilspecError, describeValue } from '../../../../src/schema/errors.ts'
import { equals } from 'multiformats/bytes'
import { BLS_PUBLIC_KEY_BYTES, addressToString, type Address } from '../../../appendix/address/address.ts'
import { FILECOIN_TOTAL_SUPPLY } from '../../filecoin_token/token.ts'
import type { UnsignedMessage } from './message.ts'
import { SignedMessage, computeChainLength } from './signed_message.ts'

/** The only message format version (Lotus `types.MessageVersion`). */
export const MESSAGE_VERSION = 0n
/** Most gas all messages of one block may use, so most one message may ask for (Lotus `BlockGasLimit`). */
export const BLOCK_GAS_LIMIT = 10_000_000_000n
/** Largest signed message a node pools or gossips, in bytes (Lotus messagepool `MaxMessageSize` = 64 KiB). */
export const MESSAGE_MAX_SIZE = 65536
/** First network version (Calico) at which a message may not be sent to `ZERO_ADDRESS`. */
export const ZERO_ADDRESS_BANNED_FROM_VERSION = 7
/** First network version (Hygge, FIP-0048's activation) that accepts delegated (f4) addresses. */
export const DELEGATED_ADDRESS_FROM_VERSION = 18

/**
 * The BLS address whose key is the point at infinity (`f3yaaa…by2smx7a`, Lotus `ZeroAddress`),
 * the compressed-encoding flag byte 0xc0 then zeros. Nobody holds its key, and since Calico no
 * message may be sent to it (funds sent there were burnt by accident).
 */
export const ZERO_ADDRESS: Address = { protocol: 3, payload: Uint8Array.from({ length: BLS_PUBLIC_KEY_BYTES }, (_, i) => (i === 0 ? 0xc0 : 0)) }

/** The price of one message's on-chain bytes from one network version on (Lotus `pricelistV0`). */
export interface OnChainMessagePrice {
  readonly fromVersion: number
  /** Compute gas charged per message (`onChainMessageComputeBase`). */
  readonly computeBase: bigint
  /** Storage gas per message before the multiplier (`onChainMessageStorageBase`). */
  readonly storageBase: bigint
  /** Storage gas per byte before the multiplier (`onChainMessageStoragePerByte`). */
  readonly storagePerByte: bigint
  /** Multiplier of storage gas (`storageGasMulti`). */
  readonly storageMulti: bigint
}

/**
 * The price list's on-chain message entries, newest last. Lotus keys them by upgrade epoch
 * (0, UpgradeCalicoHeight, UpgradeHyggeHeight); those upgrades are network versions 7 and 18. From
 * Hygge the compute base includes 475,000 gas for updating the sender's actor.
 */
export const ON_CHAIN_MESSAGE_PRICES: readonly OnChainMessagePrice[] = [
  { fromVersion: 0, computeBase: 38863n, storageBase: 36n, storagePerByte: 1n, storageMulti: 1000n },
  { fromVersion: 7, computeBase: 38863n, storageBase: 36n, storagePerByte: 1n, storageMulti: 1300n },
  { fromVersion: 18, computeBase: 38863n + 475000n, storageBase: 36n, storagePerByte: 1n, storageMulti: 1300n },
]

/** A message that fails a syntactic rule; `field` is the message field at fault. */
export class MessageValidationError extends FilspecError {
  override name = 'MessageValidationError'
  constructor(
    readonly field: string,
    readonly rule: string,
    readonly got: unknown,
  ) {
    super(`message: ${field} expected ${rule}, got ${describeValue(got)}`)
  }
}

/**
 * Gas charged for including a message of `chainLength` bytes at `networkVersion` (Lotus
 * `OnChainMessage(size).Total()`): computeBase + (storageBase + storagePerByte·size)·storageMulti.
 */
export function computeOnChainMessageGas(chainLength: number, networkVersion: number): bigint {
  let price = ON_CHAIN_MESSAGE_PRICES[0]!
  for (const p of ON_CHAIN_MESSAGE_PRICES) if (p.fromVersion <= networkVersion) price = p
  return price.computeBase + (price.storageBase + price.storagePerByte * BigInt(chainLength)) * price.storageMulti
}

/** Lotus `abi.AddressValidForNetworkVersion`: delegated addresses exist from Hygge on. */
function isAddressValidForVersion(a: Address, networkVersion: number): boolean {
  return a.protocol !== 4 || networkVersion >= DELEGATED_ADDRESS_FROM_VERSION
}

function isZeroAddress(a: Address): boolean {
  return a.protocol === ZERO_ADDRESS.protocol && equals(a.payload, ZERO_ADDRESS.payload)
}

/**
 * Lotus `Message.ValidForBlockInclusion(minGas, version)`, rule by rule and in its order; throws
 * MessageValidationError naming the first field at fault. Lotus's checks that an address is not
 * `Undef` and that a big integer is not nil have no counterpart: a decoded message cannot hold
 * either. `minGas` is the on-chain storage gas of the message (computeOnChainMessageGas).
 */
export function validateMessageForBlockInclusion(m: UnsignedMessage, minGas: bigint, networkVersion: number): void {
  if (m.Version !== MESSAGE_VERSION) throw new MessageValidationError('Version', `${MESSAGE_VERSION}`, m.Version)
  if (isZeroAddress(m.To) && networkVersion >= ZERO_ADDRESS_BANNED_FROM_VERSION) {
    throw new MessageValidationError('To', `not the zero address from network version ${ZERO_ADDRESS_BANNED_FROM_VERSION}`, addressToString(m.To))
  }
  for (const key of ['To', 'From'] as const) {
    if (!isAddressValidForVersion(m[key], networkVersion)) {
      throw new MessageValidationError(key, `an address protocol supported at network version ${networkVersion}`, addressToString(m[key]))
    }
  }
  if (m.Value < 0n) throw new MessageValidationError('Value', 'at least 0', m.Value)
  if (m.Value > FILECOIN_TOTAL_SUPPLY) throw new MessageValidationError('Value', `at most the total supply ${FILECOIN_TOTAL_SUPPLY}`, m.Value)
  if (m.GasFeeCap < 0n) throw new MessageValidationError('GasFeeCap', 'at least 0', m.GasFeeCap)
  if (m.GasPremium < 0n) throw new MessageValidationError('GasPremium', 'at least 0', m.GasPremium)
  if (m.GasPremium > m.GasFeeCap) throw new MessageValidationError('GasPremium', `at most GasFeeCap ${m.GasFeeCap}`, m.GasPremium)
  if (m.GasLimit > BLOCK_GAS_LIMIT) throw new MessageValidationError('GasLimit', `at most the block gas limit ${BLOCK_GAS_LIMIT}`, m.GasLimit)
  if (m.GasLimit <= 0n) throw new MessageValidationError('GasLimit', 'positive', m.GasLimit)
  if (m.GasLimit < minGas) throw new MessageValidationError('GasLimit', `at least the on-chain message gas ${minGas}`, m.GasLimit)
}

/**
 * Every syntactic rule of the section for a signed message: its serialised size (checked by
 * Lotus's message pool and gossip validation, `MaxMessageSize`), then ValidForBlockInclusion with
 * the storage gas of its chain length, as block validation computes it.
 */
export function validateSignedMessage(message: SignedMessage, networkVersion: number): void {
  const size = SignedMessage.encode(message).length
  if (size > MESSAGE_MAX_SIZE) throw new MessageValidationError('SignedMessage', `at most ${MESSAGE_MAX_SIZE} bytes serialised`, `${size} bytes`)
  const minGas = computeOnChainMessageGas(computeChainLength(message), networkVersion)
  validateMessageForBlockInclusion(message.Message, minGas, networkVersion)
}
