// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Policy". The bounds a deal
// must meet and the numbers the market works with (specs-actors v0.9.13 builtin/market/policy.go
// and builtin/network.go; v2.3.2 the same, with the network-version switch of the provider
// collateral dropped and the label bound added).

import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import { FILECOIN_TOTAL_SUPPLY } from '../../../filecoin_token/token.ts'
import { divEuclid } from '../../../filecoin_token/block_reward_minting/fixed_point.ts'
import { getDealDuration, type DealProposal } from './deal.ts'

/** Epochs in a day at 30-second epochs: 24 × 60 × 60 / 30 = 2880 (`builtin.EpochsInDay`). */
export const EPOCHS_IN_DAY = 2880n

/** Epochs between two cron updates of a deal: one day, 2880 (`DealUpdatesInterval`). */
export const DEAL_UPDATES_INTERVAL = EPOCHS_IN_DAY

/** The shortest deal: 180 days = 518400 epochs (`DealMinDuration`). */
export const DEAL_MIN_DURATION = 180n * EPOCHS_IN_DAY
/** The longest deal: 540 days = 1555200 epochs (`DealMaxDuration`). */
export const DEAL_MAX_DURATION = 540n * EPOCHS_IN_DAY

/** Actors v2: the longest label, in bytes (`DealMaxLabelSize`); actors v0 has no bound but cbor-gen's 8192. */
export const DEAL_MAX_LABEL_SIZE = 256

/** The percentage of the normalised circulating supply a provider's collateral must cover, numerator: 1 (v2; v0 from network version 1). */
export const PROVIDER_COLLATERAL_SUPPLY_NUM = 1n
/** Actors v0 at network version 0: 5. */
export const PROVIDER_COLLATERAL_SUPPLY_NUM_V0_NV0 = 5n
/** Its denominator: 100. */
export const PROVIDER_COLLATERAL_SUPPLY_DENOM = 100n

/** The quality of deal space, relative to QUALITY_BASE_MULTIPLIER (`builtin.DealWeightMultiplier`): 10. */
export const DEAL_WEIGHT_MULTIPLIER = 10n
/** The quality of verified deal space (`builtin.VerifiedDealWeightMultiplier`): 100. */
export const VERIFIED_DEAL_WEIGHT_MULTIPLIER = 100n
/** The quality of committed capacity (`builtin.QualityBaseMultiplier`): 10. */
export const QUALITY_BASE_MULTIPLIER = 10n
/** Bits of fixed-point precision of a sector's quality (`builtin.SectorQualityPrecision`): 20. */
export const SECTOR_QUALITY_PRECISION = 20n

/** Inclusive bounds of a deal's length, in epochs, the same for any piece size (`DealDurationBounds`). */
export function getDealDurationBounds(): { min: bigint; max: bigint } {
  return { min: DEAL_MIN_DURATION, max: DEAL_MAX_DURATION }
}

/** Inclusive bounds of a deal's price per epoch: 0 to the total supply (`DealPricePerEpochBounds`). */
export function getDealPricePerEpochBounds(): { min: bigint; max: bigint } {
  return { min: 0n, max: FILECOIN_TOTAL_SUPPLY }
}

/** Inclusive bounds of a client's collateral: 0 to the total supply (`DealClientCollateralBounds`). */
export function getDealClientCollateralBounds(): { min: bigint; max: bigint } {
  return { min: 0n, max: FILECOIN_TOTAL_SUPPLY }
}

/**
 * The quality-adjusted power of a deal's space (actors v0 `dealQAPower`): size × quality, with
 * quality = (multiplier << 20) / QUALITY_BASE_MULTIPLIER and the product shifted back by 20, so
 * that an ordinary deal counts its size and a verified deal ten times it.
 */
export function computeDealQaPower(pieceSize: bigint, verified: boolean): bigint {
  const multiplier = verified ? VERIFIED_DEAL_WEIGHT_MULTIPLIER : DEAL_WEIGHT_MULTIPLIER
  const quality = (multiplier << SECTOR_QUALITY_PRECISION) / QUALITY_BASE_MULTIPLIER
  return (quality * pieceSize) >> SECTOR_QUALITY_PRECISION
}

/** What the network looks like when a deal is published: its power, the baseline, the circulating supply. */
export interface NetworkConditions {
  readonly rawBytePower: bigint
  readonly qualityAdjPower: bigint
  readonly baselinePower: bigint
  readonly circulatingSupply: bigint
}

/**
 * Inclusive bounds of a provider's collateral (`DealProviderCollateralBounds`): the minimum is a
 * share of the circulating supply,
 *
 *     min = (num × circulatingSupply × dealPower) / (denom × max(networkPower, baselinePower, dealPower))
 *
 * with num/denom = 1/100, and dealPower and networkPower raw-byte power (the piece size). Actors
 * v0 at network version 0 used 5/100 and quality-adjusted power (computeDealQaPower) instead.
 * The maximum is the total supply.
 */
export function getDealProviderCollateralBounds(
  pieceSize: bigint,
  verified: boolean,
  network: NetworkConditions,
  version: ActorsVersion,
  networkVersion: number,
): { min: bigint; max: bigint } {
  const v0nv0 = version === 0 && networkVersion < 1
  const lockTargetNum = (v0nv0 ? PROVIDER_COLLATERAL_SUPPLY_NUM_V0_NV0 : PROVIDER_COLLATERAL_SUPPLY_NUM) * network.circulatingSupply
  const powerShareNum = v0nv0 ? computeDealQaPower(pieceSize, verified) : pieceSize
  const networkPower = v0nv0 ? network.qualityAdjPower : network.rawBytePower
  let powerShareDenom = networkPower > network.baselinePower ? networkPower : network.baselinePower
  if (powerShareNum > powerShareDenom) powerShareDenom = powerShareNum
  const num = lockTargetNum * powerShareNum
  const denom = PROVIDER_COLLATERAL_SUPPLY_DENOM * powerShareDenom
  // Go's big.Div is Euclidean: it rounds down for a negative supply, where JS division truncates
  return { min: divEuclid(num, denom), max: FILECOIN_TOTAL_SUPPLY }
}

/** What the market slashes of a provider's collateral when a deal misses its start: all of it (`CollateralPenaltyForDealActivationMissed`). */
export function computeCollateralPenaltyForDealActivationMissed(providerCollateral: bigint): bigint {
  return providerCollateral
}

/** A deal's weight, its space-time: duration × piece size (`DealWeight`). */
export function computeDealWeight(p: DealProposal): bigint {
  return getDealDuration(p) * p.PieceSize
}

/**
 * The first epoch cron updates a newly published deal (`genRandNextEpoch`): its start epoch plus
 * an offset below DEAL_UPDATES_INTERVAL drawn from beacon randomness (its first 8 bytes, read as a
 * big-endian uint64, modulo the interval), so that no one can pile many deals onto one cron tick.
 */
export function computeDealProcessEpoch(startEpoch: bigint, randomness: Uint8Array): bigint {
  const offset = new DataView(randomness.buffer, randomness.byteOffset, randomness.byteLength).getBigUint64(0, false)
  return startEpoch + (offset % DEAL_UPDATES_INTERVAL)
}
