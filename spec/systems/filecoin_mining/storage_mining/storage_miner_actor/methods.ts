// Spec section: Systems › Filecoin Mining › Storage Mining › Storage Miner Actor, "Methods". The
// miner's method numbers and its code for an actors version (specs-actors v0.9.13 and v2.3.2
// builtin/miner/miner_actor.go `Exports`): twenty methods in v0, twenty-three in v2, where method
// 14 AddLockedFund became ApplyRewards. Methods not specified yet are `notImplementedMethod`s, so
// that a run reaching one is reported, never guessed.

import { cborParams, defineMethod, notImplementedMethod, EMPTY_PARAMS, type ActorCode, type ActorMethod } from '../../../filecoin_vm/actor/actor_code.ts'
import { getBuiltinCode, type ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import { ApplyRewardParams } from '../../../filecoin_token/block_reward_minting/reward_actor.ts'
import { bigInt } from '../../../../../src/schema/big_int.ts'
import { addLockedFund, applyRewards, controlAddresses, onDeferredCronEvent } from './actor.ts'
import { CronEventPayload } from './types.ts'

/** The miner's methods by number; AddLockedFund is v0's method 14, ApplyRewards v2's; the last three are v2's. */
export const MinerMethod = {
  Constructor: 1n,
  ControlAddresses: 2n,
  ChangeWorkerAddress: 3n,
  ChangePeerID: 4n,
  SubmitWindowedPoSt: 5n,
  PreCommitSector: 6n,
  ProveCommitSector: 7n,
  ExtendSectorExpiration: 8n,
  TerminateSectors: 9n,
  DeclareFaults: 10n,
  DeclareFaultsRecovered: 11n,
  OnDeferredCronEvent: 12n,
  CheckSectorProven: 13n,
  AddLockedFund: 14n,
  ApplyRewards: 14n,
  ReportConsensusFault: 15n,
  WithdrawBalance: 16n,
  ConfirmSectorProofsValid: 17n,
  ChangeMultiaddrs: 18n,
  CompactPartitions: 19n,
  CompactSectorNumbers: 20n,
  ConfirmUpdateWorkerKey: 21n,
  RepayDebt: 22n,
  ChangeOwnerAddress: 23n,
} as const

/** The storage miner actor's code for an actors version: one instance per miner, created by the power actor. */
export function getMinerActor(version: ActorsVersion): ActorCode {
  const todo = (name: string): ActorMethod => notImplementedMethod(`storage miner ${name}`)
  const methods: (ActorMethod | undefined)[] = [
    undefined,
    todo('Constructor'),
    defineMethod(EMPTY_PARAMS, (rt) => controlAddresses(rt)),
    todo('ChangeWorkerAddress'),
    todo('ChangePeerID'),
    todo('SubmitWindowedPoSt'),
    todo('PreCommitSector'),
    todo('ProveCommitSector'),
    todo('ExtendSectorExpiration'),
    todo('TerminateSectors'),
    todo('DeclareFaults'),
    todo('DeclareFaultsRecovered'),
    defineMethod(cborParams(CronEventPayload), (rt, p) => onDeferredCronEvent(rt, p)),
    todo('CheckSectorProven'),
    version === 0 ? defineMethod(cborParams(bigInt), (rt, amount) => addLockedFund(rt, amount)) : defineMethod(cborParams(ApplyRewardParams), (rt, p) => applyRewards(rt, p)),
    todo('ReportConsensusFault'),
    todo('WithdrawBalance'),
    todo('ConfirmSectorProofsValid'),
    todo('ChangeMultiaddrs'),
    todo('CompactPartitions'),
    todo('CompactSectorNumbers'),
  ]
  if (version !== 0) methods.push(todo('ConfirmUpdateWorkerKey'), todo('RepayDebt'), todo('ChangeOwnerAddress'))
  return { code: getBuiltinCode('storageminer', version), singleton: false, actorsVersion: version, methods }
}
