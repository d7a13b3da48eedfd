// Spec section: Algorithms › Expected Consensus. The ticket: the VRF input a block's ticket proves,
// as Lotus miner/miner.go `computeTicket` builds it and chain/consensus/filcns/filecoin.go
// (`ValidateBlock`, its ticket check) rebuilds it.

import type { Address } from '../../appendix/address/address.ts'
import { DomainSeparationTag, drawRandomness } from '../crypto/randomness/randomness.ts'
import { computeMinerEntropy } from './election.ts'

/** How many epochs back of the block's height the ticket draw is labelled (Lotus `TicketRandomnessLookback`). */
export const TICKET_RANDOMNESS_LOOKBACK = 1n

/** Named arguments of `computeTicketVrfInput`. */
export interface TicketInput {
  /** Data of the beacon entry the block draws from (`getLatestBeaconEntry`). */
  readonly beaconData: Uint8Array
  readonly miner: Address
  /** The block's height. */
  readonly epoch: bigint
  /** VRFProof of the parent tipset's smallest ticket (Lotus `TipSet.MinTicket`). */
  readonly parentMinTicket: Uint8Array
  /** The network's Smoke upgrade height (mainnet 51000); the parent ticket is mixed in only above it. */
  readonly upgradeSmokeHeight: bigint
}

/**
 * The input the worker key signs for a block's ticket: randomness drawn from the beacon entry's
 * Data with tag TicketProduction at epoch `height - TICKET_RANDOMNESS_LOOKBACK`, with entropy the
 * CBOR of the miner address followed, for heights above Smoke, by the parent's smallest ticket, so
 * that tickets chain from block to block.
 */
export function computeTicketVrfInput(t: TicketInput): Uint8Array {
  const address = computeMinerEntropy(t.miner)
  const entropy = t.epoch > t.upgradeSmokeHeight ? Uint8Array.from([...address, ...t.parentMinTicket]) : address
  return drawRandomness(t.beaconData, DomainSeparationTag.TicketProduction, t.epoch - TICKET_RANDOMNESS_LOOKBACK, entropy)
}
