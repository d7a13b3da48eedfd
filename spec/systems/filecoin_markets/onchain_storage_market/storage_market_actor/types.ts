// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Parameters". The parameters
// and return values of the market's methods (specs-actors v0.9.13 builtin/market/market_actor.go;
// v2.3.2 aliases the v0 types, except that VerifyDealsForActivationReturn gains DealSpace).
// AddBalance takes a bare address; the Constructor and CronTick take nothing; ComputeDataCommitment
// returns a bare CID.

import { address } from '../../../../appendix/address/address.ts'
import { expectHead, writeHead } from '../../../../libraries/ipld/cbor_head.ts'
import type { Infer } from '../../../../../src/schema/kind.ts'
import { bigInt } from '../../../../../src/schema/big_int.ts'
import { CBOR_MAX_LENGTH, int64, list, uint64 } from '../../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../../src/schema/struct.ts'
import { ClientDealProposal, readClientDealProposal, withTupleCodec, writeClientDealProposal } from './deal.ts'

export const WithdrawBalanceParams = defineStruct(
  'WithdrawBalanceParams',
  {
    ProviderOrClientAddress: field(address, 'The party whose escrow to draw from: a client, or a provider (miner actor).'),
    Amount: field(bigInt, 'The most to withdraw; less is sent when less is unlocked. Not negative.'),
  },
  { doc: 'Parameters of WithdrawBalance (method 3).' },
)
export type WithdrawBalanceParams = Infer<typeof WithdrawBalanceParams>

const publishFields = { Deals: field(list(ClientDealProposal), 'The signed proposals, all of one provider; at least one.') }

export const PublishStorageDealsParams = withTupleCodec(
  defineStruct('PublishStorageDealsParams', publishFields, { doc: 'Parameters of PublishStorageDeals (method 4).' }),
  (c) => {
    const at = c.pos
    const n = expectHead(c, 4, 'PublishStorageDealsParams', 'an array of 1 field')
    if (n !== 1) throw c.fail(at, 'PublishStorageDealsParams', 'an array of 1 field', `${n} fields`)
    const listAt = c.pos
    const count = expectHead(c, 4, 'PublishStorageDealsParams.Deals', 'an array')
    if (count > CBOR_MAX_LENGTH) throw c.fail(listAt, 'PublishStorageDealsParams.Deals', `at most ${CBOR_MAX_LENGTH} items`, `${count}`)
    const Deals: ClientDealProposal[] = []
    for (let i = 0; i < count; i++) Deals.push(readClientDealProposal(c, `PublishStorageDealsParams.Deals[${i}]`))
    return { Deals }
  },
  (w, v) => {
    writeHead(w, 4, 1)
    writeHead(w, 4, v.Deals.length)
    for (const d of v.Deals) writeClientDealProposal(w, d)
  },
)
export type PublishStorageDealsParams = Infer<typeof PublishStorageDealsParams>

export const PublishStorageDealsReturn = defineStruct(
  'PublishStorageDealsReturn',
  { IDs: field(list(uint64), 'The DealIDs given to the deals, in the order of the parameters.') },
  { doc: 'Return value of PublishStorageDeals (method 4).' },
)
export type PublishStorageDealsReturn = Infer<typeof PublishStorageDealsReturn>

export const VerifyDealsForActivationParams = defineStruct(
  'VerifyDealsForActivationParams',
  {
    DealIDs: field(list(uint64), 'The deals the miner means to put in the sector.'),
    SectorExpiry: field(int64, 'The sector’s expiration; no deal may end after it.'),
    SectorStart: field(int64, 'The epoch the sector is expected to start (the pre-commit epoch); no deal may have started before it.'),
  },
  { doc: 'Parameters of VerifyDealsForActivation (method 5), sent by a miner at pre-commit.' },
)
export type VerifyDealsForActivationParams = Infer<typeof VerifyDealsForActivationParams>

const weightFields = {
  DealWeight: field(bigInt, 'The summed space-time (duration × piece size) of the ordinary deals.'),
  VerifiedDealWeight: field(bigInt, 'The summed space-time of the verified deals.'),
}

export const VerifyDealsForActivationReturnV0 = defineStruct('VerifyDealsForActivationReturnV0', weightFields, {
  doc: 'Actors v0: return value of VerifyDealsForActivation (method 5).',
})
export type VerifyDealsForActivationReturnV0 = Infer<typeof VerifyDealsForActivationReturnV0>

export const VerifyDealsForActivationReturnV2 = defineStruct(
  'VerifyDealsForActivationReturnV2',
  { ...weightFields, DealSpace: field(uint64, 'The summed piece sizes of all the deals, in bytes.') },
  { doc: 'Actors v2: return value of VerifyDealsForActivation (method 5), with the deals’ total size.' },
)
export type VerifyDealsForActivationReturnV2 = Infer<typeof VerifyDealsForActivationReturnV2>

export const ActivateDealsParams = defineStruct(
  'ActivateDealsParams',
  {
    DealIDs: field(list(uint64), 'The deals of the sector being proven.'),
    SectorExpiry: field(int64, 'The sector’s expiration; no deal may end after it.'),
  },
  { doc: 'Parameters of ActivateDeals (method 6), sent by a miner at prove-commit.' },
)
export type ActivateDealsParams = Infer<typeof ActivateDealsParams>

export const OnMinerSectorsTerminateParams = defineStruct(
  'OnMinerSectorsTerminateParams',
  {
    Epoch: field(int64, 'The epoch the sectors were terminated.'),
    DealIDs: field(list(uint64), 'The deals of the terminated sectors.'),
  },
  { doc: 'Parameters of OnMinerSectorsTerminate (method 7), sent by a miner.' },
)
export type OnMinerSectorsTerminateParams = Infer<typeof OnMinerSectorsTerminateParams>

export const ComputeDataCommitmentParams = defineStruct(
  'ComputeDataCommitmentParams',
  {
    DealIDs: field(list(uint64), 'The deals of the sector, in the order their pieces are laid out.'),
    SectorType: field(int64, 'The sector’s seal proof type (abi.RegisteredSealProof), which gives its size.'),
  },
  { doc: 'Parameters of ComputeDataCommitment (method 8), sent by a miner.' },
)
export type ComputeDataCommitmentParams = Infer<typeof ComputeDataCommitmentParams>
