// Spec section: Systems › Filecoin VM › System Actors, "InitActor". The init actor keeps the map
// from robust and public-key addresses to ID addresses, hands out the next ID, and creates
// multisig and payment channel actors (and miners, for the power actor) with Exec
// (specs-actors v0.9 / v2 builtin/init).

import type { CID } from 'multiformats/cid'
import { address, addressToBytes, newIdAddress, type Address } from '../../../appendix/address/address.ts'
import { createHamt, getHamtVersionForActors, loadHamt } from '../../../appendix/data_structures/hamt.ts'
import * as dagCbor from '@ipld/dag-cbor'
import { decodeCbor } from '../../../libraries/ipld/dag_cbor.ts'
import type { Blockstore } from '../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import { ActorPanic, cborParams, defineMethod, type ActorCode } from '../actor/actor_code.ts'
import { SYSTEM_ACTOR_ADDR, getBuiltinCode, type ActorsVersion } from '../actor/builtin_code.ts'
import { ExitCode, abort } from '../runtime/exit_code.ts'
import type { Runtime } from '../runtime/runtime.ts'
import type { Infer } from '../../../../src/schema/kind.ts'
import { bytes, cid, string, uint64 } from '../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../src/schema/struct.ts'

export const InitState = defineStruct(
  'InitState',
  {
    AddressMap: field(cid, 'HAMT: address bytes → ID (a CBOR unsigned integer).'),
    NextID: field(uint64, 'The ID the next new actor gets.'),
    NetworkName: field(string, 'The name of the network, set at genesis.'),
  },
  { doc: 'The init actor state (the same in actors v0 and v2).' },
)
export type InitState = Infer<typeof InitState>

export const ExecParams = defineStruct(
  'ExecParams',
  {
    CodeCID: field(cid, 'Code of the actor to create.'),
    ConstructorParams: field(bytes, "The new actor's constructor parameters, as CBOR bytes."),
  },
  { doc: 'Parameters of init Exec (method 2).' },
)
export type ExecParams = Infer<typeof ExecParams>

export const ExecReturn = defineStruct(
  'ExecReturn',
  {
    IDAddress: field(address, 'The new actor’s ID address.'),
    RobustAddress: field(address, 'Its robust address, stable across reorganisations.'),
  },
  { doc: 'Return value of init Exec.' },
)
export type ExecReturn = Infer<typeof ExecReturn>

/** The ID an address maps to, or undefined; an ID address maps to itself (init `State.ResolveAddress`). */
export async function resolveInitAddress(store: Blockstore, state: InitState, version: ActorsVersion, addr: Address): Promise<Address | undefined> {
  if (addr.protocol === 0) return addr
  const map = await loadHamt(store, state.AddressMap, { version: getHamtVersionForActors(version) })
  const value = await map.get(addressToBytes(addr))
  if (value === undefined) return undefined
  const id = decodeCbor(value)
  if (typeof id !== 'bigint' || id < 0n) throw new ActorPanic(`init address map: ID expected an unsigned integer, got ${String(id)}`)
  return newIdAddress(id)
}

/** Maps `addr` to the next ID and advances it (init `State.MapAddressToNewID`); returns the new state. */
export async function mapAddressToNewId(store: Blockstore, state: InitState, version: ActorsVersion, addr: Address): Promise<{ state: InitState; id: Address }> {
  const id = state.NextID
  const map = await loadHamt(store, state.AddressMap, { version: getHamtVersionForActors(version) })
  await map.set(addressToBytes(addr), dagCbor.encode(id))
  return { state: { ...state, NextID: id + 1n, AddressMap: await map.flush() }, id: newIdAddress(id) }
}

/** An empty address map's root, as genesis writes it. */
export async function createEmptyAddressMap(store: Blockstore, version: ActorsVersion): Promise<CID> {
  return createHamt(store, { version: getHamtVersionForActors(version) }).flush()
}

/** init `canExec`: anyone may create multisigs and payment channels; only the power actor miners. */
function canExec(callerCode: CID, execCode: CID, version: ActorsVersion): boolean {
  if (execCode.equals(getBuiltinCode('storageminer', version))) return callerCode.equals(getBuiltinCode('storagepower', version))
  return execCode.equals(getBuiltinCode('paymentchannel', version)) || execCode.equals(getBuiltinCode('multisig', version))
}

async function exec(rt: Runtime, params: ExecParams): Promise<Uint8Array> {
  rt.validateImmediateCallerAcceptAny()
  const callerCode = await rt.getActorCodeCid(rt.caller)
  if (callerCode === undefined) throw new ActorPanic('init Exec: no code for the caller')
  if (!canExec(callerCode, params.CodeCID, rt.actorsVersion)) abort(ExitCode.ErrForbidden, `caller type ${callerCode} cannot exec actor type ${params.CodeCID}`)
  const robust = await rt.computeNewActorAddress()
  const id = await rt.stateTransaction(InitState, async (st) => {
    const next = await mapAddressToNewId(rt.store, st, rt.actorsVersion, robust)
    Object.assign(st, next.state)
    return next.id
  })
  await rt.createActor(params.CodeCID, id)
  const { exitCode } = await rt.send(id, 1n, params.ConstructorParams, rt.valueReceived)
  if (exitCode !== ExitCode.Ok) abort(exitCode, 'constructor failed')
  return ExecReturn.encode({ IDAddress: id, RobustAddress: robust })
}

/** Constructor: only the system actor calls it, at genesis, with the network name. */
async function construct(rt: Runtime, networkName: string): Promise<undefined> {
  rt.validateImmediateCallerIs(SYSTEM_ACTOR_ADDR)
  await rt.stateCreate(InitState, { AddressMap: await createEmptyAddressMap(rt.store, rt.actorsVersion), NextID: FIRST_NON_SINGLETON_ID, NetworkName: networkName })
  return undefined
}

/** The first ID the init actor hands out (specs-actors builtin `FirstNonSingletonActorId`). */
export const FIRST_NON_SINGLETON_ID = 100n

/** The init actor's code for an actors version: Constructor (1) and Exec (2). */
export function getInitActor(version: ActorsVersion): ActorCode {
  return {
    code: getBuiltinCode('init', version),
    singleton: true,
    actorsVersion: version,
    methods: [undefined, defineMethod(cborParams(string), construct), defineMethod(cborParams(ExecParams), exec)],
  }
}
