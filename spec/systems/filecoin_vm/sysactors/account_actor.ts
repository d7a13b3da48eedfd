// Spec section: Systems › Filecoin VM › System Actors, "AccountActor". One per public-key
// address, created by the VM (not by init Exec) when value is first sent to that address; its
// state is the key address it stands for (specs-actors builtin/account).

import * as dagCbor from '@ipld/dag-cbor'
import { address, addressToBytes, type Address } from '../../../appendix/address/address.ts'
import { EMPTY_PARAMS, cborParams, defineMethod, type ActorCode } from '../actor/actor_code.ts'
import { SYSTEM_ACTOR_ADDR, getBuiltinCode, type ActorsVersion } from '../actor/builtin_code.ts'
import { ExitCode, abort } from '../runtime/exit_code.ts'
import type { Runtime } from '../runtime/runtime.ts'
import type { Infer } from '../../../../src/schema/kind.ts'
import { defineStruct, field } from '../../../../src/schema/struct.ts'

export const AccountState = defineStruct(
  'AccountState',
  { Address: field(address, 'The SECP256K1 or BLS address the account stands for.') },
  { doc: 'The account actor state (the same in actors v0 and v2).' },
)
export type AccountState = Infer<typeof AccountState>

async function construct(rt: Runtime, key: Address): Promise<undefined> {
  rt.validateImmediateCallerIs(SYSTEM_ACTOR_ADDR)
  if (key.protocol !== 1 && key.protocol !== 3) abort(ExitCode.ErrIllegalArgument, `address must use BLS or SECP protocol, got ${key.protocol}`)
  await rt.stateCreate(AccountState, { Address: key })
  return undefined
}

async function pubkeyAddress(rt: Runtime): Promise<Uint8Array> {
  rt.validateImmediateCallerAcceptAny()
  const st = await rt.stateReadonly(AccountState)
  return dagCbor.encode(addressToBytes(st.Address))
}

/** The account actor's code: Constructor (1) and PubkeyAddress (2). */
export function getAccountActor(version: ActorsVersion): ActorCode {
  return {
    code: getBuiltinCode('account', version),
    singleton: false,
    actorsVersion: version,
    methods: [undefined, defineMethod(cborParams(address), construct), defineMethod(EMPTY_PARAMS, pubkeyAddress)],
  }
}
