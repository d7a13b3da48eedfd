// Spec section: Algorithms › Verified Clients, "State". The verified registry actor's state and
// the entries of its two HAMTs, the same layout in actors v0 and v2 (specs-actors v0.9.13 and
// v2.3.2 builtin/verifreg/verified_registry_state.go). Both maps have the key an address's bytes
// (`abi.AddrKey`) and the value a DataCap, a big integer of bytes encoded as go-state-types
// `big.Int` (a CBOR byte string: sign byte, then the big-endian magnitude; zero is empty).

import * as dagCbor from '@ipld/dag-cbor'
import { address, addressToBytes, type Address } from '../../appendix/address/address.ts'
import { decodeCbor } from '../../libraries/ipld/dag_cbor.ts'
import type { Infer } from '../../../src/schema/kind.ts'
import { bigInt } from '../../../src/schema/big_int.ts'
import { cid } from '../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../src/schema/struct.ts'

/** An amount of verified storage, in bytes (specs-actors `DataCap` = `abi.StoragePower`). */
export type DataCap = bigint

export const VerifregState = defineStruct(
  'VerifregState',
  {
    RootKey: field(address, 'The ID address of the root key holder (a multisig on mainnet), which alone adds and removes verifiers.'),
    Verifiers: field(cid, 'HAMT: verifier address bytes → DataCap the verifier may still hand out. Never negative.'),
    VerifiedClients: field(cid, 'HAMT: client address bytes → DataCap the client may still use in verified deals. Never negative.'),
  },
  {
    doc:
      'The verified registry actor state (the same in actors v0 and v2). Actors v0 keys both maps by the address as the message gave it; ' +
      'actors v2 by the ID address it resolves to. No address is a key of both maps, and the root key is in neither.',
  },
)
export type VerifregState = Infer<typeof VerifregState>

/** The HAMT key of an address in either map: its bytes, protocol byte first (`abi.AddrKey`). */
export function getDataCapKey(addr: Address): Uint8Array {
  return addressToBytes(addr)
}

/** A DataCap as a HAMT value: the CBOR of a go-state-types big integer. */
export function encodeDataCap(cap: DataCap): Uint8Array {
  return dagCbor.encode(bigInt.toCbor(cap))
}

/** Reads a HAMT value as a DataCap; anything but one canonical big integer is a SchemaError. */
export function decodeDataCap(bytes: Uint8Array): DataCap {
  return bigInt.fromCbor(decodeCbor(bytes), 'DataCap')
}
