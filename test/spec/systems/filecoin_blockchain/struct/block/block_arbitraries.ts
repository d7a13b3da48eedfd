// fast-check arbitraries for block headers and their parts (valid values of the schema).

import fc from 'fast-check'
import type { BlockHeader, ElectionProof, PoStProof, Ticket } from '../../../../../../spec/systems/filecoin_blockchain/struct/block/block.ts'
import type { BeaconEntry } from '../../../../../../spec/libraries/drand/beacon_entry.ts'
import type { Signature } from '../../../../../../spec/algorithms/crypto/signatures/signature.ts'
import { arbCid } from '../../../../../src/schema/arbitraries.ts'
import { arbAddress } from '../../../../appendix/address/address_arbitraries.ts'

const U64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
const I64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
const BIG = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 80n }), fc.bigInt({ min: -(2n ** 1015n), max: 2n ** 1015n }))

export const arbTicket: fc.Arbitrary<Ticket> = fc.record({ VRFProof: fc.uint8Array({ maxLength: 96 }) })
export const arbElectionProof: fc.Arbitrary<ElectionProof> = fc.record({ WinCount: I64, VRFProof: fc.uint8Array({ maxLength: 96 }) })
export const arbPoStProof: fc.Arbitrary<PoStProof> = fc.record({ PoStProof: I64, ProofBytes: fc.uint8Array({ maxLength: 192 }) })
export const arbBeaconEntry: fc.Arbitrary<BeaconEntry> = fc.record({ Round: U64, Data: fc.uint8Array({ maxLength: 96 }) })
export const arbSignature: fc.Arbitrary<Signature> = fc.record({
  type: fc.constantFrom(1 as const, 2 as const, 3 as const),
  data: fc.uint8Array({ maxLength: 200 }),
})

export const arbBlockHeader: fc.Arbitrary<BlockHeader> = fc.record({
  Miner: arbAddress,
  Ticket: fc.option(arbTicket, { nil: null }),
  ElectionProof: fc.option(arbElectionProof, { nil: null }),
  BeaconEntries: fc.array(arbBeaconEntry, { maxLength: 3 }),
  WinPoStProof: fc.array(arbPoStProof, { maxLength: 2 }),
  Parents: fc.array(arbCid, { maxLength: 5 }),
  ParentWeight: BIG,
  Height: I64,
  ParentStateRoot: arbCid,
  ParentMessageReceipts: arbCid,
  Messages: arbCid,
  BLSAggregate: fc.option(arbSignature, { nil: null }),
  Timestamp: U64,
  BlockSig: fc.option(arbSignature, { nil: null }),
  ForkSignaling: U64,
  ParentBaseFee: BIG,
})
