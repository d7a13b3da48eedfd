// Spec section: Algorithms › Verified Clients, "Methods". The verified registry actor of actors
// v0 and v2 (specs-actors v0.9.13 and v2.3.2 builtin/verifreg/verified_registry_actor.go): one
// handler per method, its steps in Go's order, since that order decides which exit code a
// message gets when several checks fail and which blocks it reads and writes (each charged gas).
// The two versions differ in how they name an address: v0 uses the address the message gave as
// it is; v2 resolves it to an ID address first, sending zero value to create an account if needed.

import { equals } from 'multiformats/bytes'
import type { Address } from '../../appendix/address/address.ts'
import { ActorPanic } from '../../systems/filecoin_vm/actor/actor_code.ts'
import { STORAGE_MARKET_ACTOR_ADDR, SYSTEM_ACTOR_ADDR } from '../../systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode, abort } from '../../systems/filecoin_vm/runtime/exit_code.ts'
import type { Runtime } from '../../systems/filecoin_vm/runtime/runtime.ts'
import {
  createEmptyDataCapMap,
  deleteDataCap,
  flushDataCapMap,
  getDataCap,
  hasDataCap,
  loadDataCapMap,
  putDataCap,
} from './data_cap_map.ts'
import { MIN_VERIFIED_DEAL_SIZE, isVerifiedDealSize } from './policy.ts'
import { VerifregState } from './state.ts'
import type { AddVerifiedClientParams, AddVerifierParams, RestoreBytesParams, UseBytesParams } from './types.ts'

function isSameAddress(a: Address, b: Address): boolean {
  return a.protocol === b.protocol && equals(a.payload, b.payload)
}

/** Aborts with ErrIllegalArgument unless `size` reaches MIN_VERIFIED_DEAL_SIZE. */
function requireVerifiedDealSize(size: bigint, what: string): void {
  if (!isVerifiedDealSize(size)) abort(ExitCode.ErrIllegalArgument, `${what} ${size} below MinVerifiedDealSize ${MIN_VERIFIED_DEAL_SIZE}`)
}

/**
 * The ID address of `addr` (specs-actors v2 builtin `ResolveToIDAddr`). An address with no actor
 * is first sent zero value, which creates the account of a key address; a failed send aborts
 * with the send's exit code, and an address still unknown after it with ErrIllegalState.
 */
async function resolveToIdAddress(rt: Runtime, addr: Address): Promise<Address> {
  const known = await rt.resolveAddress(addr)
  if (known !== undefined) return known
  const { exitCode } = await rt.send(addr, 0n, undefined, 0n)
  if (exitCode !== ExitCode.Ok) abort(exitCode, 'failed to resolve address: failed to send zero balance')
  const created = await rt.resolveAddress(addr)
  if (created === undefined) abort(ExitCode.ErrIllegalState, 'failed to resolve address to ID address even after sending zero balance')
  return created
}

/** The key an address given in parameters is stored under: as given in v0, its ID address in v2. */
function getRegistryAddress(rt: Runtime, addr: Address): Promise<Address> {
  return rt.actorsVersion === 0 ? Promise.resolve(addr) : resolveToIdAddress(rt, addr)
}

/**
 * Constructor (1): only the system actor, at genesis. The root key must resolve to an ID address
 * (else ErrIllegalArgument); both maps start as one empty HAMT, written once.
 */
export async function constructVerifiedRegistry(rt: Runtime, rootKey: Address): Promise<undefined> {
  rt.validateImmediateCallerIs(SYSTEM_ACTOR_ADDR)
  const root = await rt.resolveAddress(rootKey)
  if (root === undefined) abort(ExitCode.ErrIllegalArgument, 'root should be an ID address')
  const empty = await createEmptyDataCapMap(rt.store, rt.actorsVersion)
  await rt.stateCreate(VerifregState, { RootKey: root, Verifiers: empty, VerifiedClients: empty })
  return undefined
}

/**
 * AddVerifier (2): the root key makes an address a verifier with `Allowance`, replacing the
 * allowance of one that already is. The root key and verified clients cannot be verifiers.
 */
export async function addVerifier(rt: Runtime, params: AddVerifierParams): Promise<undefined> {
  requireVerifiedDealSize(params.Allowance, 'allowance')
  const verifier = await getRegistryAddress(rt, params.Address)
  const st = await rt.stateReadonly(VerifregState)
  rt.validateImmediateCallerIs(st.RootKey)
  if (isSameAddress(verifier, st.RootKey)) abort(ExitCode.ErrIllegalArgument, 'root key cannot be added as verifier')
  await rt.stateTransaction(VerifregState, async (next) => {
    const verifiers = await loadDataCapMap(rt.store, next.Verifiers, rt.actorsVersion, 'failed to load verifiers')
    const clients = await loadDataCapMap(rt.store, next.VerifiedClients, rt.actorsVersion, 'failed to load verified clients')
    if (await hasDataCap(clients, verifier, 'failed to get verified client')) abort(ExitCode.ErrIllegalArgument, 'verified client cannot become a verifier')
    await putDataCap(verifiers, verifier, params.Allowance, 'failed to add verifier')
    next.Verifiers = await flushDataCapMap(verifiers, 'failed to flush verifiers')
  })
  return undefined
}

/** RemoveVerifier (3): the root key removes a verifier; one that is not there is ErrIllegalState. */
export async function removeVerifier(rt: Runtime, verifierAddress: Address): Promise<undefined> {
  const verifier = await getRegistryAddress(rt, verifierAddress)
  const st = await rt.stateReadonly(VerifregState)
  rt.validateImmediateCallerIs(st.RootKey)
  await rt.stateTransaction(VerifregState, async (next) => {
    const verifiers = await loadDataCapMap(rt.store, next.Verifiers, rt.actorsVersion, 'failed to load verifiers')
    await deleteDataCap(verifiers, verifier, 'failed to remove verifier')
    next.Verifiers = await flushDataCapMap(verifiers, 'failed to flush verifiers')
  })
  return undefined
}

/**
 * AddVerifiedClient (4): a verifier (the caller) grants a new client `Allowance`, taken from its
 * own. A client is granted once: one already in the registry cannot be granted more.
 */
export async function addVerifiedClient(rt: Runtime, params: AddVerifiedClientParams): Promise<undefined> {
  // v0 checks the allowance before validating the caller, v2 after; both accept any caller here
  // and check it against the verifiers below.
  if (rt.actorsVersion === 0) requireVerifiedDealSize(params.Allowance, 'allowance')
  rt.validateImmediateCallerAcceptAny()
  if (rt.actorsVersion !== 0) requireVerifiedDealSize(params.Allowance, 'allowance')
  const client = await getRegistryAddress(rt, params.Address)
  const st = await rt.stateReadonly(VerifregState)
  if (isSameAddress(client, st.RootKey)) abort(ExitCode.ErrIllegalArgument, 'root key cannot be added as a verified client')
  await rt.stateTransaction(VerifregState, async (next) => {
    const verifiers = await loadDataCapMap(rt.store, next.Verifiers, rt.actorsVersion, 'failed to load verifiers')
    const clients = await loadDataCapMap(rt.store, next.VerifiedClients, rt.actorsVersion, 'failed to load verified clients')
    const verifierCap = await getDataCap(verifiers, rt.caller, 'failed to get verifier')
    if (verifierCap === undefined) abort(ExitCode.ErrNotFound, 'caller is not a verifier')
    if (await hasDataCap(verifiers, client, 'failed to get verifier')) abort(ExitCode.ErrIllegalArgument, 'a verifier cannot be added as a verified client')
    if (verifierCap < params.Allowance) abort(ExitCode.ErrIllegalArgument, `allowance ${params.Allowance} exceeds the verifier's DataCap ${verifierCap}`)
    await putDataCap(verifiers, rt.caller, verifierCap - params.Allowance, 'failed to update verifier cap')
    // v2 reads the existing client's value (into a variable it does not use again), v0 only looks
    // it up: the same blocks are read, but only v2 fails on a value that does not decode.
    const exists = rt.actorsVersion === 0 ? await hasDataCap(clients, client, 'failed to get verified client') : (await getDataCap(clients, client, 'failed to get verified client')) !== undefined
    if (exists) abort(ExitCode.ErrIllegalArgument, 'verified client already exists')
    await putDataCap(clients, client, params.Allowance, 'failed to add verified client')
    next.Verifiers = await flushDataCapMap(verifiers, 'failed to flush verifiers')
    next.VerifiedClients = await flushDataCapMap(clients, 'failed to flush verified clients')
  })
  return undefined
}

/**
 * UseBytes (5): the storage market takes a verified deal's size from its client's DataCap when
 * the deal is published. A client left with less than MIN_VERIFIED_DEAL_SIZE is removed.
 */
export async function useBytes(rt: Runtime, params: UseBytesParams): Promise<undefined> {
  rt.validateImmediateCallerIs(STORAGE_MARKET_ACTOR_ADDR)
  // v2 resolves the client before checking the deal size, so an unknown key address is sent zero first
  const client = await getRegistryAddress(rt, params.Address)
  requireVerifiedDealSize(params.DealSize, 'deal size')
  await rt.stateTransaction(VerifregState, async (st) => {
    const clients = await loadDataCapMap(rt.store, st.VerifiedClients, rt.actorsVersion, 'failed to load verified clients')
    const cap = await getDataCap(clients, client, 'failed to get verified client')
    if (cap === undefined) abort(ExitCode.ErrNotFound, 'no such verified client')
    // specs-actors asserts this; only state the actor never writes can break it
    if (cap < 0n) throw new ActorPanic(`verified registry: client DataCap ${cap} is negative`)
    if (params.DealSize > cap) abort(ExitCode.ErrIllegalArgument, `deal size ${params.DealSize} exceeds the client's DataCap ${cap}`)
    const remaining = cap - params.DealSize
    if (isVerifiedDealSize(remaining)) await putDataCap(clients, client, remaining, 'failed to update verified client')
    else await deleteDataCap(clients, client, 'failed to delete verified client')
    st.VerifiedClients = await flushDataCapMap(clients, 'failed to flush verified clients')
  })
  return undefined
}

/**
 * RestoreBytes (6): the storage market gives a deal's size back to its client when the deal was
 * not activated in time, re-adding a client that UseBytes removed. Verifiers and the root key
 * cannot be given DataCap this way.
 */
export async function restoreBytes(rt: Runtime, params: RestoreBytesParams): Promise<undefined> {
  rt.validateImmediateCallerIs(STORAGE_MARKET_ACTOR_ADDR)
  requireVerifiedDealSize(params.DealSize, 'deal size')
  const client = await getRegistryAddress(rt, params.Address)
  const st = await rt.stateReadonly(VerifregState)
  if (isSameAddress(client, st.RootKey)) abort(ExitCode.ErrIllegalArgument, 'cannot restore allowance for root key')
  await rt.stateTransaction(VerifregState, async (next) => {
    const clients = await loadDataCapMap(rt.store, next.VerifiedClients, rt.actorsVersion, 'failed to load verified clients')
    const verifiers = await loadDataCapMap(rt.store, next.Verifiers, rt.actorsVersion, 'failed to load verifiers')
    if (await hasDataCap(verifiers, client, 'failed to get verifier')) abort(ExitCode.ErrIllegalArgument, 'cannot restore allowance for a verifier')
    const cap = (await getDataCap(clients, client, 'failed to get verified client')) ?? 0n
    await putDataCap(clients, client, cap + params.DealSize, 'failed to put verified client')
    next.VerifiedClients = await flushDataCapMap(clients, 'failed to flush verified clients')
  })
  return undefined
}
