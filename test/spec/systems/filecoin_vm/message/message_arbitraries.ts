// fast-check arbitraries for messages: any value the schema holds, and signed messages of every
// signature type.

import fc from 'fast-check'
import type { UnsignedMessage } from '../../../../../spec/systems/filecoin_vm/message/message.ts'
import type { SignedMessage } from '../../../../../spec/systems/filecoin_vm/message/signed_message.ts'
import { arbAddress } from '../../../appendix/address/address_arbitraries.ts'
import { arbSignature } from '../../filecoin_blockchain/struct/block/block_arbitraries.ts'

const U64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
const BIG = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 80n }), fc.bigInt({ min: -(2n ** 1015n), max: 2n ** 1015n }))

export const arbUnsignedMessage: fc.Arbitrary<UnsignedMessage> = fc.record({
  Version: fc.oneof(fc.constant(0n), U64),
  To: arbAddress,
  From: arbAddress,
  Nonce: fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), U64),
  Value: BIG,
  GasLimit: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  GasFeeCap: BIG,
  GasPremium: BIG,
  Method: fc.oneof(fc.bigInt({ min: 0n, max: 30n }), U64),
  Params: fc.uint8Array({ maxLength: 200 }),
})

export const arbSignedMessage: fc.Arbitrary<SignedMessage> = fc.record({ Message: arbUnsignedMessage, Signature: arbSignature })
