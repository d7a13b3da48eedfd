// Spec section: Systems › Filecoin Blockchain › Storage Power Consensus › Storage Power Actor,
// "Methods". The power actor's method numbers and its code for an actors version (specs-actors
// v0.9.13 and v2.3.2 builtin/power/power_actor.go `Exports`, builtin/methods.go `MethodsPower`):
// nine methods in v0; v2 leaves method 7, OnConsensusFault, empty.

import { EMPTY_PARAMS, cborParams, defineMethod, type ActorCode } from '../../../filecoin_vm/actor/actor_code.ts'
import { getBuiltinCode, type ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import { bigInt } from '../../../../../src/schema/big_int.ts'
import {
  constructPower,
  createMiner,
  currentTotalPower,
  enrollCronEvent,
  onConsensusFault,
  onEpochTickEnd,
  submitPoRepForBulkVerify,
  updateClaimedPower,
  updatePledgeTotal,
} from './actor.ts'
import { getPowerPolicy, type PowerPolicyOptions } from './policy.ts'
import { CreateMinerParams, EnrollCronEventParams, SealVerifyInfo, UpdateClaimedPowerParams } from './types.ts'

/** The power actor's methods by number. */
export const PowerMethod = {
  Constructor: 1n,
  CreateMiner: 2n,
  UpdateClaimedPower: 3n,
  EnrollCronEvent: 4n,
  OnEpochTickEnd: 5n,
  UpdatePledgeTotal: 6n,
  OnConsensusFault: 7n,
  SubmitPoRepForBulkVerify: 8n,
  CurrentTotalPower: 9n,
} as const

/**
 * The storage power actor's code for an actors version: a singleton at f04. `options` replace
 * the consensus minimum power, as a network's build may (see `PowerPolicyOptions`); the
 * registry of builtin actors uses the specs-actors values.
 */
export function getPowerActor(version: ActorsVersion, options: PowerPolicyOptions = {}): ActorCode {
  const policy = getPowerPolicy(version, options)
  return {
    code: getBuiltinCode('storagepower', version),
    singleton: true,
    actorsVersion: version,
    methods: [
      undefined,
      defineMethod(EMPTY_PARAMS, (rt) => constructPower(rt, policy)),
      defineMethod(cborParams(CreateMinerParams), (rt, p) => createMiner(rt, p, policy)),
      defineMethod(cborParams(UpdateClaimedPowerParams), (rt, p) => updateClaimedPower(rt, p, policy)),
      defineMethod(cborParams(EnrollCronEventParams), (rt, p) => enrollCronEvent(rt, p, policy)),
      defineMethod(EMPTY_PARAMS, (rt) => onEpochTickEnd(rt, policy)),
      defineMethod(cborParams(bigInt), (rt, delta) => updatePledgeTotal(rt, delta, policy)),
      version === 0 ? defineMethod(cborParams(bigInt), (rt, pledge) => onConsensusFault(rt, pledge, policy)) : undefined,
      defineMethod(cborParams(SealVerifyInfo), (rt, info) => submitPoRepForBulkVerify(rt, info, policy)),
      defineMethod(EMPTY_PARAMS, (rt) => currentTotalPower(rt, policy)),
    ],
  }
}
