// Spec section: Systems › Filecoin VM › System Actors, "SystemActor". The system actor (f00) has
// no behaviour of its own: it is the sender of implicit messages and the only allowed caller of
// constructors and cron. Its state is empty (specs-actors v0.9 / v2 builtin/system).

import { EMPTY_PARAMS, defineMethod, type ActorCode } from '../actor/actor_code.ts'
import { SYSTEM_ACTOR_ADDR, getBuiltinCode, type ActorsVersion } from '../actor/builtin_code.ts'
import type { Runtime } from '../runtime/runtime.ts'
import { defineStruct } from '../../../../src/schema/struct.ts'

/** The system actor's state: no fields (the empty CBOR array). */
export const SystemState = defineStruct('SystemState', {}, { doc: 'The system actor state: empty.' })

async function construct(rt: Runtime): Promise<undefined> {
  rt.validateImmediateCallerIs(SYSTEM_ACTOR_ADDR)
  await rt.stateCreate(SystemState, {})
  return undefined
}

/** The system actor: only its constructor (1), run once at genesis. */
export function getSystemActor(version: ActorsVersion): ActorCode {
  return { code: getBuiltinCode('system', version), singleton: true, actorsVersion: version, methods: [undefined, defineMethod(EMPTY_PARAMS, construct)] }
}
