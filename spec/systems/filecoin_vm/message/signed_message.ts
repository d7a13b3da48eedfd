// Spec section: Systems › Filecoin VM › Message. The signed message as it travels over gossip and
// sits in a block's secp256k1 list: the unsigned message and its sender's signature. Layout and
// the CID and length rules follow Lotus `chain/types/signedmessage.go` (cbor-gen tuple of two).

import type { CID } from 'multiformats/cid'
import { defineStruct, field } from '../../../../src/schema/struct.ts'
import type { Infer } from '../../../../src/schema/kind.ts'
import { SIG_TYPE_BLS, signature } from '../../../algorithms/crypto/signatures/signature.ts'
import { UnsignedMessage, computeMessageCid } from './message.ts'

export const SignedMessage = defineStruct(
  'SignedMessage',
  {
    Message: field(UnsignedMessage, 'The message that was signed.'),
    Signature: field(signature, "The sender's signature over the message's CID bytes."),
  },
  { doc: 'A message with its signature, as it is gossiped and included in blocks.' },
)

export type SignedMessage = Infer<typeof SignedMessage>

/**
 * The signed message's CID (Lotus `SignedMessage.Cid()`). A BLS-signed message is known by its
 * unsigned message's CID: blocks carry BLS messages unsigned, with one aggregate signature for all
 * of them, so that is the only form a block can refer to. Any other signature (secp256k1,
 * delegated) is part of the message's identity: the CID of the signed encoding.
 */
export function computeSignedMessageCid(message: SignedMessage): CID {
  if (message.Signature.type === SIG_TYPE_BLS) return computeMessageCid(message.Message)
  return SignedMessage.cid(message)
}

/**
 * The message's length on chain, in bytes (Lotus `SignedMessage.ChainLength()`), which prices its
 * storage gas: the unsigned encoding for a BLS message (its signature is folded into the block's
 * aggregate), the signed encoding otherwise.
 */
export function computeChainLength(message: SignedMessage): number {
  if (message.Signature.type === SIG_TYPE_BLS) return UnsignedMessage.encode(message.Message).length
  return SignedMessage.encode(message).length
}
