// Spec section: Systems › Filecoin VM › Runtime, "Receipts". What applying a message leaves on
// chain (Lotus chain/types/message_receipt.go, before the FVM's events root).

import type { Infer } from '../../../../src/schema/kind.ts'
import { bytes, int64 } from '../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../src/schema/struct.ts'

export const MessageReceipt = defineStruct(
  'MessageReceipt',
  {
    ExitCode: field(int64, '0 for success; see the exit codes above.'),
    Return: field(bytes, "The method's return value, CBOR; empty on failure."),
    GasUsed: field(int64, 'Gas charged to the sender, up to the gas limit.'),
  },
  { doc: 'The receipt of one applied message.' },
)
export type MessageReceipt = Infer<typeof MessageReceipt>
