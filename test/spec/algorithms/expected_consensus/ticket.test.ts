import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { base64pad } from 'multiformats/bases/base64'
import { TICKET_RANDOMNESS_LOOKBACK, computeTicketVrfInput } from '../../../../spec/algorithms/expected_consensus/ticket.ts'
import { computeElectionProofVrfInput } from '../../../../spec/algorithms/expected_consensus/election.ts'
import { DomainSeparationTag, drawRandomness } from '../../../../spec/algorithms/crypto/randomness/randomness.ts'
import { computeVrf, verifyVrf } from '../../../../spec/algorithms/crypto/vrf/vrf.ts'
import { getBlsPublicKey } from '../../../../spec/algorithms/crypto/signatures/bls.ts'
import { addressFromString, newBlsAddress } from '../../../../spec/appendix/address/address.ts'
import { MAINNET_UPGRADE_SMOKE_HEIGHT } from '../../../../spec/libraries/drand/schedule.ts'

const miner = addressFromString('f01000') // CBOR: 43 00 e8 07
const MINER_CBOR = [0x43, 0x00, 0xe8, 0x07]
// calibnet block 3000's beacon entry and ticket (forest scripts/tests/test_data/calibnet_block_3000.json)
const beaconData = base64pad.baseDecode('gnEZiH4il5dkAhPmjF9s5xNYnFuLHnhSD2h+VnAh6j2PmNxZQKYqglWxAjr1TrUBEWvXCHqJX8Mlq0cHTQlGSMsyuvDiWVr7QBS7ianOvs5iZXbkq1MwSdySq6eBTkuo')
const parentMinTicket = base64pad.baseDecode('tqvA2eKxv41idBKYyfn5s5NILa0ZbDCm0I966PxITW9v41zjaK+WBTlKt01HyJA6C547A1QnNmfl44RmU/ZzC6p7TJJeiB1ZSgbTu6oUmWoHokxN5w4wPJcqslfNCjcy')

describe('computeTicketVrfInput', () => {
  it('above Smoke: entropy is the CBOR miner address then the parent min ticket, drawn at height - 1', () => {
    expect(TICKET_RANDOMNESS_LOOKBACK).toBe(1n)
    const epoch = MAINNET_UPGRADE_SMOKE_HEIGHT + 1n
    const input = computeTicketVrfInput({ beaconData, miner, epoch, parentMinTicket, upgradeSmokeHeight: MAINNET_UPGRADE_SMOKE_HEIGHT })
    expect(input).toEqual(drawRandomness(beaconData, DomainSeparationTag.TicketProduction, epoch - 1n, Uint8Array.from([...MINER_CBOR, ...parentMinTicket])))
  })

  it('at and below Smoke: the parent ticket is not mixed in', () => {
    for (const epoch of [1n, MAINNET_UPGRADE_SMOKE_HEIGHT]) {
      const input = computeTicketVrfInput({ beaconData, miner, epoch, parentMinTicket, upgradeSmokeHeight: MAINNET_UPGRADE_SMOKE_HEIGHT })
      expect(input).toEqual(drawRandomness(beaconData, DomainSeparationTag.TicketProduction, epoch - 1n, Uint8Array.from(MINER_CBOR)))
    }
  })

  it('differs from the election proof input for the same beacon, miner and epoch', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 40n }), (epoch) => {
        const ticket = computeTicketVrfInput({ beaconData, miner, epoch, parentMinTicket, upgradeSmokeHeight: -2n })
        expect(ticket).not.toEqual(computeElectionProofVrfInput(beaconData, miner, epoch))
      }),
    )
  })

  it('gives a ticket that verifies under the worker key and nowhere else', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i + 1) // little-endian scalar below r
    const worker = newBlsAddress(getBlsPublicKey(key))
    const input = computeTicketVrfInput({ beaconData, miner, epoch: 3000n, parentMinTicket, upgradeSmokeHeight: -2n })
    const ticket = computeVrf(key, input)
    expect(verifyVrf(worker, input, ticket)).toBe(true)
    const nextEpoch = computeTicketVrfInput({ beaconData, miner, epoch: 3001n, parentMinTicket, upgradeSmokeHeight: -2n })
    expect(verifyVrf(worker, nextEpoch, ticket)).toBe(false)
  })
})
