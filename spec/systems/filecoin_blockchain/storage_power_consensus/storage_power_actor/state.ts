// Spec section: Systems › Filecoin Blockchain › Storage Power Consensus › Storage Power Actor,
// "State". The power actor's state in actors v0 and v2 (specs-actors v0.9.13 and v2.3.2
// builtin/power/power_state.go, encoded as their cbor_gen.go does), its claims and cron events,
// the state a new network starts with, and the network totals the state reports.

import { getIntKey } from '../../../../appendix/data_structures/int_key.ts'
import type { CID } from 'multiformats/cid'
import { address } from '../../../../appendix/address/address.ts'
import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import type { StateCodec } from '../../../filecoin_vm/runtime/runtime.ts'
import { FilterEstimate, newFilterEstimate } from '../../../filecoin_token/block_reward_minting/smoothing.ts'
import { bigInt } from '../../../../../src/schema/big_int.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import type { Infer } from '../../../../../src/schema/kind.ts'
import { bytes, cid, int64, nullable } from '../../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../../src/schema/struct.ts'
import { INITIAL_QA_POWER_ESTIMATE_POSITION, INITIAL_QA_POWER_ESTIMATE_VELOCITY, type PowerPolicy } from './policy.ts'

export const ClaimV0 = defineStruct(
  'ClaimV0',
  {
    RawBytePower: field(bigInt, 'Sum of the raw-byte power of the miner’s active sectors; never negative.'),
    QualityAdjPower: field(bigInt, 'Sum of their quality-adjusted power; never negative.'),
  },
  { doc: 'Actors v0: the power one miner claims, a value of the Claims HAMT.' },
)
export type ClaimV0 = Infer<typeof ClaimV0>

export const ClaimV2 = defineStruct(
  'ClaimV2',
  {
    SealProofType: field(int64, 'The miner’s seal proof type, which sets its consensus minimum (abi.RegisteredSealProof).'),
    RawBytePower: field(bigInt, 'Sum of the raw-byte power of the miner’s active sectors; never negative.'),
    QualityAdjPower: field(bigInt, 'Sum of their quality-adjusted power; never negative.'),
  },
  { doc: 'Actors v2: the power one miner claims, with its seal proof type.' },
)
export type ClaimV2 = Infer<typeof ClaimV2>

/** A claim of either version; v0 claims have no seal proof type. */
export interface Claim {
  readonly SealProofType?: bigint
  readonly RawBytePower: bigint
  readonly QualityAdjPower: bigint
}

export const CronEvent = defineStruct(
  'CronEvent',
  {
    MinerAddr: field(address, 'The miner to call back: the ID address that enrolled the event.'),
    CallbackPayload: field(bytes, 'Bytes passed, as they are, as the parameters of the miner’s OnDeferredCronEvent.'),
  },
  { doc: 'A deferred call a miner asked cron to make at an epoch, a value of the CronEventQueue multimap.' },
)
export type CronEvent = Infer<typeof CronEvent>

const totalsFields = {
  TotalRawBytePower: field(bigInt, 'Raw-byte power of the miners at or above the consensus minimum.'),
  TotalBytesCommitted: field(bigInt, 'Raw-byte power of every claim, below the minimum too.'),
  TotalQualityAdjPower: field(bigInt, 'QA power of the miners at or above the consensus minimum.'),
  TotalQABytesCommitted: field(bigInt, 'QA power of every claim, below the minimum too.'),
  TotalPledgeCollateral: field(bigInt, 'Initial pledge locked by all miners, attoFIL.'),
  ThisEpochRawBytePower: field(bigInt, 'The raw-byte total frozen at the last cron tick, for this epoch’s messages.'),
  ThisEpochQualityAdjPower: field(bigInt, 'The QA total frozen at the last cron tick.'),
  ThisEpochPledgeCollateral: field(bigInt, 'The pledge total frozen at the last cron tick.'),
}

const queueFields = {
  MinerCount: field(int64, 'Miners created through CreateMiner (less those removed by OnConsensusFault in v0).'),
  MinerAboveMinPowerCount: field(int64, 'Miners whose claim reaches the consensus minimum.'),
  CronEventQueue: field(cid, 'Multimap (a HAMT of AMTs): epoch as a zigzag varint (`getEpochKey`) → the CronEvents due then, in the order enrolled.'),
  FirstCronEpoch: field(int64, 'The first epoch the queue may hold events for; cron looks from here to the current epoch.'),
}

const claimsFields = {
  Claims: field(cid, 'HAMT: miner ID address bytes → its Claim.'),
  ProofValidationBatch: field(nullable(cid), 'Multimap, or null when empty: miner ID address bytes → the SealVerifyInfos it queued this epoch.'),
}

export const PowerStateV0 = defineStruct(
  'PowerStateV0',
  {
    ...totalsFields,
    ThisEpochQAPowerSmoothed: field(nullable(FilterEstimate), 'The QA power smoothed by the alpha-beta filter (a pointer in v0).'),
    ...queueFields,
    LastProcessedCronEpoch: field(int64, 'The epoch of the last cron tick; -1 before the first.'),
    ...claimsFields,
  },
  { doc: 'The storage power actor state of actors v0.' },
)
export type PowerStateV0 = Infer<typeof PowerStateV0>

export const PowerStateV2 = defineStruct(
  'PowerStateV2',
  {
    ...totalsFields,
    ThisEpochQAPowerSmoothed: field(FilterEstimate, 'The QA power smoothed by the alpha-beta filter.'),
    ...queueFields,
    ...claimsFields,
  },
  { doc: 'The storage power actor state of actors v2, which drops LastProcessedCronEpoch.' },
)
export type PowerStateV2 = Infer<typeof PowerStateV2>

/** The state of either version. */
export type PowerState = PowerStateV0 | PowerStateV2

/** How the state of an actors version is read and written. */
export function getPowerStateCodec(version: ActorsVersion): StateCodec<PowerState> {
  return version === 0 ? (PowerStateV0 as StateCodec<PowerState>) : (PowerStateV2 as StateCodec<PowerState>)
}

/** How a claim of an actors version is read and written; a v2 claim without a seal proof type cannot be written. */
export function getClaimCodec(version: ActorsVersion): StateCodec<Claim> {
  if (version === 0) return { encode: (c) => ClaimV0.encode({ RawBytePower: c.RawBytePower, QualityAdjPower: c.QualityAdjPower }), decode: (b) => ClaimV0.decode(b) }
  return {
    encode(c) {
      if (c.SealProofType === undefined) throw new SchemaError('ClaimV2', 'SealProofType expected an int64, got none')
      return ClaimV2.encode({ SealProofType: c.SealProofType, RawBytePower: c.RawBytePower, QualityAdjPower: c.QualityAdjPower })
    },
    decode: (b) => ClaimV2.decode(b),
  }
}

/**
 * The state the constructor writes (specs-actors `ConstructState`): zero totals, no miners, the
 * smoothed QA power at its initial estimate, empty claims and cron queue, no proofs queued; v0
 * also records that no cron tick has run (LastProcessedCronEpoch = -1).
 */
export function createPowerState(version: ActorsVersion, emptyClaims: CID, emptyCronQueue: CID): PowerState {
  const smoothed = newFilterEstimate(INITIAL_QA_POWER_ESTIMATE_POSITION, INITIAL_QA_POWER_ESTIMATE_VELOCITY)
  const common = {
    TotalRawBytePower: 0n,
    TotalBytesCommitted: 0n,
    TotalQualityAdjPower: 0n,
    TotalQABytesCommitted: 0n,
    TotalPledgeCollateral: 0n,
    ThisEpochRawBytePower: 0n,
    ThisEpochQualityAdjPower: 0n,
    ThisEpochPledgeCollateral: 0n,
    ThisEpochQAPowerSmoothed: smoothed,
    MinerCount: 0n,
    MinerAboveMinPowerCount: 0n,
    CronEventQueue: emptyCronQueue,
    FirstCronEpoch: 0n,
    Claims: emptyClaims,
    ProofValidationBatch: null,
  }
  return version === 0 ? { ...common, LastProcessedCronEpoch: -1n } : common
}

/**
 * The network's raw-byte and QA power (specs-actors `CurrentTotalPower`): while fewer miners
 * than the policy's count reach the consensus minimum, every claim counts; after, only theirs.
 */
export function computeCurrentTotalPower(st: PowerState, policy: PowerPolicy): { rawBytePower: bigint; qualityAdjPower: bigint } {
  if (st.MinerAboveMinPowerCount < policy.consensusMinerMinMiners) return { rawBytePower: st.TotalBytesCommitted, qualityAdjPower: st.TotalQABytesCommitted }
  return { rawBytePower: st.TotalRawBytePower, qualityAdjPower: st.TotalQualityAdjPower }
}

/**
 * The CronEventQueue key of an epoch (go-state-types `abi.IntKey`): Go `binary.PutVarint`, the
 * int64 in zigzag form (0 → 0, -1 → 1, 1 → 2, …) as an unsigned LEB128 varint.
 */
export function getEpochKey(epoch: bigint): Uint8Array {
  return getIntKey(epoch)
}

/**
 * The epoch of a CronEventQueue key, or undefined when the key is not exactly one varint
 * (`abi.ParseIntKey`; as in Go, the empty key reads as 0).
 */
export function parseEpochKey(key: Uint8Array): bigint | undefined {
  if (key.length === 0) return 0n
  let ux = 0n
  for (let i = 0; i < key.length && i < 10; i++) {
    const b = BigInt(key[i]!)
    if (i === 9 && b > 1n) return undefined // Go's Varint: overflow of 64 bits
    ux |= (b & 0x7fn) << BigInt(7 * i)
    if (b < 0x80n) {
      if (i !== key.length - 1) return undefined
      const x = ux >> 1n
      return (ux & 1n) === 0n ? BigInt.asIntN(64, x) : BigInt.asIntN(64, ~x)
    }
  }
  return undefined
}
