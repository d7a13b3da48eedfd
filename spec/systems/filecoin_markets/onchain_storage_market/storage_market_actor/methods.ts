// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Methods". The market's method
// numbers and its code for an actors version (specs-actors v0.9.13 and v2.3.2
// builtin/market/market_actor.go `Exports`, builtin/methods.go `MethodsMarket`): the same nine
// methods in v0 and v2. Parameters are read as cbor-gen reads them: the first CBOR item of the
// bytes, anything after it ignored; PublishStorageDeals' with the tuple codec that keeps labels'
// bytes as they are.

import { address } from '../../../../appendix/address/address.ts'
import { skipItem } from '../../../../libraries/ipld/cbor_head.ts'
import { EMPTY_PARAMS, cborParams, defineMethod, type ActorCode, type ParamsReader } from '../../../filecoin_vm/actor/actor_code.ts'
import { getBuiltinCode, type ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import {
  activateDeals,
  addBalance,
  computeDataCommitment,
  constructMarket,
  onMinerSectorsTerminate,
  publishStorageDeals,
  verifyDealsForActivation,
  withdrawBalance,
} from './actor.ts'
import { cronTick } from './cron.ts'
import {
  ActivateDealsParams,
  ComputeDataCommitmentParams,
  OnMinerSectorsTerminateParams,
  PublishStorageDealsParams,
  VerifyDealsForActivationParams,
  WithdrawBalanceParams,
} from './types.ts'

/** The storage market actor's methods by number. */
export const MarketMethod = {
  Constructor: 1n,
  AddBalance: 2n,
  WithdrawBalance: 3n,
  PublishStorageDeals: 4n,
  VerifyDealsForActivation: 5n,
  ActivateDeals: 6n,
  OnMinerSectorsTerminate: 7n,
  ComputeDataCommitment: 8n,
  CronTick: 9n,
} as const

/** PublishStorageDeals' parameters: the first CBOR item, well formed, read with `PublishStorageDealsParams.decode`. */
export const PUBLISH_STORAGE_DEALS_PARAMS: ParamsReader<PublishStorageDealsParams> = {
  read(bytes) {
    const cursor = {
      bytes,
      pos: 0,
      fail: (at: number, what: string, rule: string, got: string) => new SchemaError('PublishStorageDealsParams params', `${what} at byte ${at} expected ${rule}, got ${got}`),
    }
    skipItem(cursor, 0)
    return PublishStorageDealsParams.decode(bytes.subarray(0, cursor.pos))
  },
}

/** The storage market actor's code for an actors version: a singleton at f05. */
export function getMarketActor(version: ActorsVersion): ActorCode {
  return {
    code: getBuiltinCode('storagemarket', version),
    singleton: true,
    actorsVersion: version,
    methods: [
      undefined,
      defineMethod(EMPTY_PARAMS, (rt) => constructMarket(rt)),
      defineMethod(cborParams(address), addBalance),
      defineMethod(cborParams(WithdrawBalanceParams), withdrawBalance),
      defineMethod(PUBLISH_STORAGE_DEALS_PARAMS, publishStorageDeals),
      defineMethod(cborParams(VerifyDealsForActivationParams), verifyDealsForActivation),
      defineMethod(cborParams(ActivateDealsParams), activateDeals),
      defineMethod(cborParams(OnMinerSectorsTerminateParams), onMinerSectorsTerminate),
      defineMethod(cborParams(ComputeDataCommitmentParams), computeDataCommitment),
      defineMethod(EMPTY_PARAMS, (rt) => cronTick(rt)),
    ],
  }
}
