// fast-check arbitraries for valid addresses of every protocol.

import fc from 'fast-check'
import {
  BLS_PUBLIC_KEY_BYTES,
  MAX_ID,
  MAX_SUBADDRESS_LEN,
  PAYLOAD_HASH_LENGTH,
  newDelegatedAddress,
  newIdAddress,
  type Address,
} from '../../../../spec/appendix/address/address.ts'

const arbId = fc.oneof(fc.bigInt({ min: 0n, max: 2000n }), fc.bigInt({ min: 0n, max: MAX_ID }))
const hash = fc.uint8Array({ minLength: PAYLOAD_HASH_LENGTH, maxLength: PAYLOAD_HASH_LENGTH })

export const arbAddress: fc.Arbitrary<Address> = fc.oneof(
  arbId.map(newIdAddress),
  hash.map((payload): Address => ({ protocol: 1, payload })),
  hash.map((payload): Address => ({ protocol: 2, payload })),
  fc.uint8Array({ minLength: BLS_PUBLIC_KEY_BYTES, maxLength: BLS_PUBLIC_KEY_BYTES }).map((payload): Address => ({ protocol: 3, payload })),
  fc.tuple(arbId, fc.uint8Array({ maxLength: MAX_SUBADDRESS_LEN })).map(([ns, sub]) => newDelegatedAddress(ns, sub)),
)
