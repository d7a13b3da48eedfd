// Spec section: Algorithms › Verified Clients, "Methods". The verified registry actor's method
// numbers and its code for an actors version (specs-actors v0.9.13 and v2.3.2
// builtin/verifreg/verified_registry_actor.go `Exports`; builtin/methods.go
// `MethodsVerifiedRegistry`): the same six methods, with the same parameters, in v0 and v2.

import { address } from '../../appendix/address/address.ts'
import { cborParams, defineMethod, type ActorCode } from '../../systems/filecoin_vm/actor/actor_code.ts'
import { getBuiltinCode, type ActorsVersion } from '../../systems/filecoin_vm/actor/builtin_code.ts'
import { addVerifiedClient, addVerifier, constructVerifiedRegistry, removeVerifier, restoreBytes, useBytes } from './actor.ts'
import { AddVerifiedClientParams, AddVerifierParams, RestoreBytesParams, UseBytesParams } from './types.ts'

/** The verified registry actor's methods by number. */
export const VerifregMethod = {
  Constructor: 1n,
  AddVerifier: 2n,
  RemoveVerifier: 3n,
  AddVerifiedClient: 4n,
  UseBytes: 5n,
  RestoreBytes: 6n,
} as const

/** The verified registry actor's code for an actors version: a singleton at f06. */
export function getVerifiedRegistryActor(version: ActorsVersion): ActorCode {
  return {
    code: getBuiltinCode('verifiedregistry', version),
    singleton: true,
    actorsVersion: version,
    methods: [
      undefined,
      defineMethod(cborParams(address), constructVerifiedRegistry),
      defineMethod(cborParams(AddVerifierParams), addVerifier),
      defineMethod(cborParams(address), removeVerifier),
      defineMethod(cborParams(AddVerifiedClientParams), addVerifiedClient),
      defineMethod(cborParams(UseBytesParams), useBytes),
      defineMethod(cborParams(RestoreBytesParams), restoreBytes),
    ],
  }
}
