// The mock runtime as reward actor unit tests use it: the reward actor at f02, called by the
// system actor (constructor, AwardBlockReward) or the power actor (UpdateNetworkKPI), with the
// parameters encoded as the VM would carry them.

import * as dagCbor from '@ipld/dag-cbor'
import type { Address } from '../../../../../spec/appendix/address/address.ts'
import {
  AwardBlockRewardParams,
  RewardStateV0,
  RewardStateV2,
  getRewardActor,
} from '../../../../../spec/systems/filecoin_token/block_reward_minting/reward_actor.ts'
import {
  REWARD_ACTOR_ADDR,
  STORAGE_POWER_ACTOR_ADDR,
  SYSTEM_ACTOR_ADDR,
  type ActorsVersion,
} from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { encodeBigInt } from '../../../../../src/schema/big_int.ts'
import { computeCborCid } from '../../../../../src/schema/struct.ts'
import { MockRuntime, type CallResult } from '../../../../support/mock_runtime.ts'

export type RewardState = RewardStateV0 | RewardStateV2

export const METHOD_CONSTRUCTOR = 1n
export const METHOD_AWARD_BLOCK_REWARD = 2n
export const METHOD_THIS_EPOCH_REWARD = 3n
export const METHOD_UPDATE_NETWORK_KPI = 4n

/** A storage power as the parameters of the constructor and UpdateNetworkKPI carry it. */
export const encodePower = (power: bigint): Uint8Array => dagCbor.encode(encodeBigInt(power))

export class RewardRuntime extends MockRuntime<RewardState> {
  constructor(version: ActorsVersion) {
    super(version, getRewardActor(version), version === 0 ? RewardStateV0 : RewardStateV2, REWARD_ACTOR_ADDR)
    this.setActor(SYSTEM_ACTOR_ADDR, 'system')
    this.setActor(STORAGE_POWER_ACTOR_ADDR, 'storagepower')
    this.caller = SYSTEM_ACTOR_ADDR
  }

  /** Starts from a state Lotus wrote: its bytes become the head, unchanged. */
  async loadHead(bytes: Uint8Array): Promise<void> {
    const cid = computeCborCid(bytes)
    await this.store.put(cid, bytes)
    this.head = cid
  }

  /** The head's bytes, as a state root would hold them. */
  async headBytes(): Promise<Uint8Array> {
    return this.store.get(this.head!)
  }

  construct(power: bigint, caller = SYSTEM_ACTOR_ADDR): Promise<CallResult> {
    this.caller = caller
    return this.call(METHOD_CONSTRUCTOR, encodePower(power))
  }

  /** UpdateNetworkKPI at `epoch`, as the power actor's cron handler sends it. */
  updateNetworkKPI(epoch: bigint, power: bigint, caller = STORAGE_POWER_ACTOR_ADDR): Promise<CallResult> {
    this.currEpoch = epoch
    this.caller = caller
    return this.call(METHOD_UPDATE_NETWORK_KPI, encodePower(power))
  }

  awardBlockReward(miner: Address, winCount: bigint, penalty = 0n, gasReward = 0n): Promise<CallResult> {
    this.caller = SYSTEM_ACTOR_ADDR
    return this.call(METHOD_AWARD_BLOCK_REWARD, AwardBlockRewardParams.encode({ Miner: miner, Penalty: penalty, GasReward: gasReward, WinCount: winCount }))
  }
}
