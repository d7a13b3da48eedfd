// Spec section: Libraries › drand. A drand round as a block header records it: Lotus
// `types.BeaconEntry` (chain/types/blockheader.go), serialised by cbor-gen as a 2-element tuple
// (chain/types/cbor_gen.go). Data is the round's BLS signature, not drand's `randomness` field.

import { defineStruct, field } from '../../../src/schema/struct.ts'
import { bytes, uint64 } from '../../../src/schema/kinds.ts'
import type { Infer } from '../../../src/schema/kind.ts'

export const BeaconEntry = defineStruct(
  'BeaconEntry',
  {
    Round: field(uint64, 'The drand round number.'),
    Data: field(bytes, "The round's drand signature: 96 bytes (G2) on a chained network, 48 bytes (G1) on quicknet."),
  },
  { doc: 'One drand round recorded in a block header: its number and its signature.' },
)
export type BeaconEntry = Infer<typeof BeaconEntry>
