// Spec section: Systems › Filecoin VM › Message. The unsigned message: its fields, their order (the
// CBOR tuple order) and its CID. Field order and types follow Lotus `chain/types/message.go`
// (`Message`, serialised by cbor-gen as a 10-element tuple); the spec's own listing predates
// EIP-1559-style fees (GasPrice, CallSeqNum), so Lotus is the reference for the layout.

import type { CID } from 'multiformats/cid'
import { defineStruct, field } from '../../../../src/schema/struct.ts'
import { bytes, int64, uint64 } from '../../../../src/schema/kinds.ts'
import { bigInt } from '../../../../src/schema/big_int.ts'
import type { Infer } from '../../../../src/schema/kind.ts'
import { address } from '../../../appendix/address/address.ts'

export const UnsignedMessage = defineStruct(
  'UnsignedMessage',
  {
    Version: field(uint64, 'Message format version; 0 is the only one defined.'),
    To: field(address, 'Address of the receiving actor.'),
    From: field(address, 'Address of the sending actor, which pays for gas.'),
    Nonce: field(uint64, "Sequence number of the sender's messages (the spec's CallSeqNum)."),
    Value: field(bigInt, 'attoFIL transferred from sender to receiver.'),
    GasLimit: field(int64, 'Most gas units the message may consume.'),
    GasFeeCap: field(bigInt, 'Most attoFIL per gas unit the sender pays, base fee included.'),
    GasPremium: field(bigInt, 'Most attoFIL per gas unit paid to the block producer above the base fee.'),
    Method: field(uint64, 'Method number to invoke on the receiver; 0 is a plain value transfer.'),
    Params: field(bytes, "Method parameters, encoded as the method's parameter type (usually DAG-CBOR)."),
  },
  { doc: 'A message from one actor to another: a value transfer and/or a method invocation, before signing.' },
)

export type UnsignedMessage = Infer<typeof UnsignedMessage>

/** The message's CID (Lotus `Message.Cid()`): dag-cbor, blake2b-256 of its encoding. */
export function computeMessageCid(message: UnsignedMessage): CID {
  return UnsignedMessage.cid(message)
}
