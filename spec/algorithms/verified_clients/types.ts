// Spec section: Algorithms › Verified Clients, "Parameters". The parameters of the verified
// registry actor's methods, the same in actors v0 and v2 (specs-actors v0.9.13
// builtin/verifreg/verified_registry_actor.go; v2.3.2 aliases the v0 types). The Constructor and
// RemoveVerifier take a bare address; no method returns a value.

import { address } from '../../appendix/address/address.ts'
import type { Infer } from '../../../src/schema/kind.ts'
import { bigInt } from '../../../src/schema/big_int.ts'
import { defineStruct, field } from '../../../src/schema/struct.ts'

export const AddVerifierParams = defineStruct(
  'AddVerifierParams',
  {
    Address: field(address, 'The verifier to add, or whose allowance to replace.'),
    Allowance: field(bigInt, 'The DataCap the verifier may hand out to clients, in bytes; at least MIN_VERIFIED_DEAL_SIZE.'),
  },
  { doc: 'Parameters of AddVerifier (method 2).' },
)
export type AddVerifierParams = Infer<typeof AddVerifierParams>

export const AddVerifiedClientParams = defineStruct(
  'AddVerifiedClientParams',
  {
    Address: field(address, 'The client to verify.'),
    Allowance: field(bigInt, 'The DataCap granted, taken from the calling verifier’s; at least MIN_VERIFIED_DEAL_SIZE.'),
  },
  { doc: 'Parameters of AddVerifiedClient (method 4).' },
)
export type AddVerifiedClientParams = Infer<typeof AddVerifiedClientParams>

export const UseBytesParams = defineStruct(
  'UseBytesParams',
  {
    Address: field(address, 'The verified client whose deal is published.'),
    DealSize: field(bigInt, 'The deal’s piece size, in bytes, to take from the client’s DataCap; at least MIN_VERIFIED_DEAL_SIZE.'),
  },
  { doc: 'Parameters of UseBytes (method 5), sent by the storage market actor.' },
)
export type UseBytesParams = Infer<typeof UseBytesParams>

export const RestoreBytesParams = defineStruct(
  'RestoreBytesParams',
  {
    Address: field(address, 'The verified client whose deal failed to activate.'),
    DealSize: field(bigInt, 'The deal’s piece size, in bytes, to give back to the client; at least MIN_VERIFIED_DEAL_SIZE.'),
  },
  { doc: 'Parameters of RestoreBytes (method 6), sent by the storage market actor.' },
)
export type RestoreBytesParams = Infer<typeof RestoreBytesParams>
