// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Calls to other actors". What
// the market asks of other actors, and how it reads the answers (specs-actors v0.9.13 and v2.3.2
// builtin/market/market_actor.go `escrowAddress`, `requestCurrentBaselinePower`,
// `requestCurrentNetworkPower`; builtin/shared.go `RequestMinerControlAddrs`, `RequireSuccess`).
// A failed call aborts with the callee's exit code; an answer that does not decode aborts with
// ErrSerialization, as Lotus's runtime `Send` does.

import type { CID } from 'multiformats/cid'
import { addressToString, type Address } from '../../../../appendix/address/address.ts'
import { cborParams } from '../../../filecoin_vm/actor/actor_code.ts'
import { REWARD_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR, getBuiltinCode, type ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import { ExitCode, abort } from '../../../filecoin_vm/runtime/exit_code.ts'
import type { Runtime } from '../../../filecoin_vm/runtime/runtime.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import type { Kind } from '../../../../../src/schema/kind.ts'
import {
  CurrentTotalPowerReturnV0,
  CurrentTotalPowerReturnV2,
  MINER_CONTROL_ADDRESSES_METHOD,
  MinerAddrs,
  POWER_CURRENT_TOTAL_POWER_METHOD,
  REWARD_THIS_EPOCH_REWARD_METHOD,
  ThisEpochRewardReturnV0,
  ThisEpochRewardReturnV2,
} from './ext.ts'

/** Callers that can sign: accounts and multisigs (specs-actors builtin `CallerTypesSignable`). */
export function getSignableCodes(version: ActorsVersion): CID[] {
  return [getBuiltinCode('account', version), getBuiltinCode('multisig', version)]
}

/** The miner actor's code of an actors version. */
export function getMinerCode(version: ActorsVersion): CID {
  return getBuiltinCode('storageminer', version)
}

/** Reads a send's return value as `kind`, as Lotus's `Send` does: a failure aborts with ErrSerialization. */
export function readReturn<T>(kind: Kind<T>, bytes: Uint8Array, what: string): T {
  try {
    return cborParams(kind).read(bytes)
  } catch (e) {
    if (e instanceof SchemaError) abort(ExitCode.ErrSerialization, `${what}: failed to unmarshal return value: ${e.message}`)
    throw e
  }
}

/** Sends a method call with no value; a failure aborts with the callee's exit code (`RequireSuccess`). */
export async function sendOrAbort(rt: Runtime, to: Address, method: bigint, params: Uint8Array | undefined, what: string): Promise<Uint8Array> {
  const { exitCode, returnValue } = await rt.send(to, method, params, 0n)
  if (exitCode !== ExitCode.Ok) abort(exitCode, what)
  return returnValue
}

/** A miner's owner, worker and control addresses, asked of the miner (`RequestMinerControlAddrs`). */
export async function requestMinerControlAddrs(rt: Runtime, miner: Address): Promise<MinerAddrs> {
  const ret = await sendOrAbort(rt, miner, MINER_CONTROL_ADDRESSES_METHOD, undefined, 'failed fetching control addresses')
  return readReturn(MinerAddrs, ret, 'control addresses')
}

/** The baseline power of this epoch, asked of the reward actor (`requestCurrentBaselinePower`). */
export async function requestCurrentBaselinePower(rt: Runtime): Promise<bigint> {
  const ret = await sendOrAbort(rt, REWARD_ACTOR_ADDR, REWARD_THIS_EPOCH_REWARD_METHOD, undefined, 'failed to check epoch baseline power')
  const reward = rt.actorsVersion === 0 ? readReturn(ThisEpochRewardReturnV0, ret, 'this epoch reward') : readReturn(ThisEpochRewardReturnV2, ret, 'this epoch reward')
  return reward.ThisEpochBaselinePower
}

/** The network's raw-byte and quality-adjusted power, asked of the power actor (`requestCurrentNetworkPower`). */
export async function requestCurrentNetworkPower(rt: Runtime): Promise<{ rawBytePower: bigint; qualityAdjPower: bigint }> {
  const ret = await sendOrAbort(rt, STORAGE_POWER_ACTOR_ADDR, POWER_CURRENT_TOTAL_POWER_METHOD, undefined, 'failed to check current power')
  const power = rt.actorsVersion === 0 ? readReturn(CurrentTotalPowerReturnV0, ret, 'current total power') : readReturn(CurrentTotalPowerReturnV2, ret, 'current total power')
  return { rawBytePower: power.RawBytePower, qualityAdjPower: power.QualityAdjPower }
}

/** Where an address's escrow is held, where its withdrawals go, and who may withdraw them. */
export interface EscrowAddress {
  readonly nominal: Address
  readonly recipient: Address
  readonly approvedCallers: readonly Address[]
}

/**
 * The escrow of `addr` (`escrowAddress`): held under its ID address; for a miner, withdrawn to
 * its owner by its owner or worker (asked of the miner); for anyone else, by itself.
 * An address with no actor, or no code, is ErrIllegalArgument.
 */
export async function getEscrowAddress(rt: Runtime, addr: Address): Promise<EscrowAddress> {
  const nominal = await rt.resolveAddress(addr)
  if (nominal === undefined) abort(ExitCode.ErrIllegalArgument, `failed to resolve address ${addressToString(addr)}`)
  const code = await rt.getActorCodeCid(nominal)
  if (code === undefined) abort(ExitCode.ErrIllegalArgument, `no code for address ${addressToString(nominal)}`)
  if (code.equals(getMinerCode(rt.actorsVersion))) {
    const { Owner, Worker } = await requestMinerControlAddrs(rt, nominal)
    return { nominal, recipient: Owner, approvedCallers: [Owner, Worker] }
  }
  return { nominal, recipient: nominal, approvedCallers: [nominal] }
}
