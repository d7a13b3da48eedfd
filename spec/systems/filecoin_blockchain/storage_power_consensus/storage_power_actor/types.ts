// Spec section: Systems › Filecoin Blockchain › Storage Power Consensus › Storage Power Actor,
// "Parameters and returns". What the power actor's methods take and give back, encoded as
// specs-actors v0.9.13 builtin/power/cbor_gen.go and runtime/proof/cbor_gen.go encode them;
// actors v2.3.2 reuses v0's types, except that CurrentTotalPowerReturn's smoothed power is no
// longer a pointer. UpdatePledgeTotal and OnConsensusFault take a bare big integer.

import { address } from '../../../../appendix/address/address.ts'
import { FilterEstimate } from '../../../filecoin_token/block_reward_minting/smoothing.ts'
import { bigInt } from '../../../../../src/schema/big_int.ts'
import type { Infer } from '../../../../../src/schema/kind.ts'
import { bytes, cid, int64, list, nullable, uint64 } from '../../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../../src/schema/struct.ts'

export const CreateMinerParams = defineStruct(
  'CreateMinerParams',
  {
    Owner: field(address, 'The new miner’s owner.'),
    Worker: field(address, 'Its worker, which signs its proofs.'),
    SealProofType: field(int64, 'The seal proof type its sectors will use (abi.RegisteredSealProof).'),
    Peer: field(bytes, 'Its libp2p peer ID.'),
    Multiaddrs: field(list(bytes), 'Its network addresses, each a multiaddr in bytes.'),
  },
  { doc: 'Parameters of CreateMiner (method 2).' },
)
export type CreateMinerParams = Infer<typeof CreateMinerParams>

export const CreateMinerReturn = defineStruct(
  'CreateMinerReturn',
  {
    IDAddress: field(address, 'The new miner’s ID address.'),
    RobustAddress: field(address, 'Its robust address, stable across reorganisations.'),
  },
  { doc: 'Return value of CreateMiner: the addresses init Exec gave the new miner.' },
)
export type CreateMinerReturn = Infer<typeof CreateMinerReturn>

export const UpdateClaimedPowerParams = defineStruct(
  'UpdateClaimedPowerParams',
  {
    RawByteDelta: field(bigInt, 'Change in the caller’s raw-byte power; may be negative.'),
    QualityAdjustedDelta: field(bigInt, 'Change in its quality-adjusted power; may be negative.'),
  },
  { doc: 'Parameters of UpdateClaimedPower (method 3).' },
)
export type UpdateClaimedPowerParams = Infer<typeof UpdateClaimedPowerParams>

export const EnrollCronEventParams = defineStruct(
  'EnrollCronEventParams',
  {
    EventEpoch: field(int64, 'The epoch at whose end to call the miner back; not negative.'),
    Payload: field(bytes, 'Parameters for the miner’s OnDeferredCronEvent, passed as they are.'),
  },
  { doc: 'Parameters of EnrollCronEvent (method 4).' },
)
export type EnrollCronEventParams = Infer<typeof EnrollCronEventParams>

export const SectorId = defineStruct(
  'SectorId',
  {
    Miner: field(uint64, 'The miner’s actor ID.'),
    Number: field(uint64, 'The sector number, unique within the miner.'),
  },
  { doc: 'A sector’s identity (abi.SectorID).' },
)
export type SectorId = Infer<typeof SectorId>

export const SealVerifyInfo = defineStruct(
  'SealVerifyInfo',
  {
    SealProof: field(int64, 'The seal proof type (abi.RegisteredSealProof).'),
    SectorID: field(SectorId, 'The sector sealed.'),
    DealIDs: field(list(uint64), 'The deals in the sector.'),
    Randomness: field(bytes, 'The sealing (ticket) randomness.'),
    InteractiveRandomness: field(bytes, 'The interactive (seed) randomness.'),
    Proof: field(bytes, 'The PoRep proof.'),
    SealedCID: field(cid, 'CommR.'),
    UnsealedCID: field(cid, 'CommD.'),
  },
  { doc: 'Everything a seal proof is checked against (proof.SealVerifyInfo): parameters of SubmitPoRepForBulkVerify (method 8) and values of the ProofValidationBatch multimap.' },
)
export type SealVerifyInfo = Infer<typeof SealVerifyInfo>

const totalFields = {
  RawBytePower: field(bigInt, 'The raw-byte total frozen for this epoch.'),
  QualityAdjPower: field(bigInt, 'The QA total frozen for this epoch.'),
  PledgeCollateral: field(bigInt, 'The pledge total frozen for this epoch.'),
}

export const CurrentTotalPowerReturnV0 = defineStruct(
  'CurrentTotalPowerReturnV0',
  { ...totalFields, QualityAdjPowerSmoothed: field(nullable(FilterEstimate), 'The smoothed QA power (a pointer in v0).') },
  { doc: 'Actors v0: return value of CurrentTotalPower (method 9).' },
)
export type CurrentTotalPowerReturnV0 = Infer<typeof CurrentTotalPowerReturnV0>

export const CurrentTotalPowerReturnV2 = defineStruct(
  'CurrentTotalPowerReturnV2',
  { ...totalFields, QualityAdjPowerSmoothed: field(FilterEstimate, 'The smoothed QA power.') },
  { doc: 'Actors v2: return value of CurrentTotalPower (method 9).' },
)
export type CurrentTotalPowerReturnV2 = Infer<typeof CurrentTotalPowerReturnV2>
