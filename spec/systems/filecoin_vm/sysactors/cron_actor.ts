// Spec section: Systems › Filecoin VM › System Actors, "CronActor". The cron actor's table of
// calls to make at the end of every tipset, and EpochTick, which makes them (specs-actors v0.9 /
// v2 builtin/cron; the same in both). The system actor, the only caller, keeps the actor's own
// state immutable after genesis.

import { address } from '../../../appendix/address/address.ts'
import { EMPTY_PARAMS, cborParams, defineMethod, type ActorCode } from '../actor/actor_code.ts'
import { SYSTEM_ACTOR_ADDR, getBuiltinCode, type ActorsVersion } from '../actor/builtin_code.ts'
import type { Runtime } from '../runtime/runtime.ts'
import type { Infer } from '../../../../src/schema/kind.ts'
import { list, uint64 } from '../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../src/schema/struct.ts'

export const CronEntry = defineStruct(
  'CronEntry',
  {
    Receiver: field(address, 'The actor to call, an ID address.'),
    MethodNum: field(uint64, 'The method to call; it must take no parameters.'),
  },
  { doc: 'One call the cron actor makes every epoch.' },
)

export const CronState = defineStruct('CronState', { Entries: field(list(CronEntry), 'The calls, in the order they are made.') }, { doc: 'The cron actor state.' })
export type CronState = Infer<typeof CronState>

/** The constructor's parameters have the state's shape: the table of calls. */
export const CronConstructorParams = defineStruct('CronConstructorParams', { Entries: field(list(CronEntry), 'The calls to make every epoch.') })

async function construct(rt: Runtime, params: Infer<typeof CronConstructorParams>): Promise<undefined> {
  rt.validateImmediateCallerIs(SYSTEM_ACTOR_ADDR)
  await rt.stateCreate(CronState, { Entries: params.Entries })
  return undefined
}

/** EpochTick: each entry is sent, with no value and no parameters; a failed call is ignored. */
async function epochTick(rt: Runtime): Promise<undefined> {
  rt.validateImmediateCallerIs(SYSTEM_ACTOR_ADDR)
  const st = await rt.stateReadonly(CronState)
  for (const entry of st.Entries) await rt.send(entry.Receiver, entry.MethodNum, undefined, 0n)
  return undefined
}

/** The cron actor: Constructor (1) and EpochTick (2). */
export function getCronActor(version: ActorsVersion): ActorCode {
  return {
    code: getBuiltinCode('cron', version),
    singleton: true,
    actorsVersion: version,
    methods: [undefined, defineMethod(cborParams(CronConstructorParams), construct), defineMethod(EMPTY_PARAMS, epochTick)],
  }
}
