// The mock runtime as power actor unit tests use it, after specs-actors' power_test.go
// `spActorHarness`: the power actor at f04, constructed by the system actor; miners created by
// an owner account through a mocked init Exec, then calling as miner actors; cron ticks with the
// reward actor's UpdateNetworkKPI mocked; the claims read back, and the state invariants checked.

import * as dagCbor from '@ipld/dag-cbor'
import { expect } from 'vitest'
import { addressToBytes, addressToString, newActorAddress, newIdAddress, type Address } from '../../../../../../spec/appendix/address/address.ts'
import { CRON_ACTOR_ADDR, INIT_ACTOR_ADDR, REWARD_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR, SYSTEM_ACTOR_ADDR, type ActorsVersion } from '../../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExecReturn } from '../../../../../../spec/systems/filecoin_vm/sysactors/init_actor.ts'
import { getClaim, loadClaims } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/claims.ts'
import { checkPowerStateInvariants } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/invariants.ts'
import { PowerMethod, getPowerActor } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/methods.ts'
import { getPowerPolicy, type PowerPolicy, type PowerPolicyOptions } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/policy.ts'
import { computeCurrentTotalPower, getPowerStateCodec, type Claim, type PowerState } from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/state.ts'
import {
  CreateMinerParams,
  CurrentTotalPowerReturnV0,
  CurrentTotalPowerReturnV2,
  EnrollCronEventParams,
  SealVerifyInfo,
  UpdateClaimedPowerParams,
} from '../../../../../../spec/systems/filecoin_blockchain/storage_power_consensus/storage_power_actor/types.ts'
import { decodeBigInt, encodeBigInt } from '../../../../../../src/schema/big_int.ts'
import { computeCborCid } from '../../../../../../src/schema/struct.ts'
import { MockRuntime, type SentMessage } from '../../../../../support/mock_runtime.ts'

/** The owner account of every miner the harness creates (an ID no miner of the tests takes). */
export const OWNER = newIdAddress(1000n)
/** The RegisteredSealProof the harness creates miners with: 32 GiB, V1_1 in v2 (as the Go harness) and V1 in v0. */
export const sealProofOf = (version: ActorsVersion) => (version === 0 ? 3n : 8n)
const EMPTY = new Uint8Array()

/** A seal proof for sector `n` of `miner`, its CIDs made from `n` (specs-actors tests' `sealInfo(i)`). */
export function makeSealInfo(n: bigint, sealProof = 8n, miner = 0n): SealVerifyInfo {
  const commR = ExecReturn.cid({ IDAddress: newIdAddress(n), RobustAddress: newIdAddress(1n) })
  const commD = ExecReturn.cid({ IDAddress: newIdAddress(n), RobustAddress: newIdAddress(2n) })
  return { SealProof: sealProof, SectorID: { Miner: miner, Number: n }, DealIDs: [], Randomness: EMPTY, InteractiveRandomness: EMPTY, Proof: EMPTY, SealedCID: commR, UnsealedCID: commD }
}

export class PowerRuntime extends MockRuntime<PowerState> {
  readonly policy: PowerPolicy
  private minerSeq = 0

  constructor(version: ActorsVersion, options: PowerPolicyOptions = {}) {
    super(version, getPowerActor(version, options), getPowerStateCodec(version), STORAGE_POWER_ACTOR_ADDR)
    this.policy = getPowerPolicy(version, options)
    this.setActor(SYSTEM_ACTOR_ADDR, 'system')
    this.setActor(CRON_ACTOR_ADDR, 'cron')
    this.setActor(OWNER, 'account')
  }

  /** The state invariants, which every test checks at its end. */
  async expectInvariants(): Promise<void> {
    expect((await checkPowerStateInvariants(this.store, await this.state(), this.policy)).broken).toEqual([])
  }

  async construct(): Promise<number> {
    this.caller = SYSTEM_ACTOR_ADDR
    return (await this.call(PowerMethod.Constructor, EMPTY)).exitCode
  }

  /**
   * CreateMiner from `owner` (an account), init Exec answering with `miner` and `robust`, or
   * with `execExitCode`; the exit code and return bytes.
   */
  async createMiner(miner: Address, options: { owner?: Address; sealProof?: bigint; value?: bigint; execExitCode?: number; robust?: Address; peer?: Uint8Array; multiaddrs?: Uint8Array[] } = {}) {
    const owner = options.owner ?? OWNER
    this.caller = owner
    const robust = options.robust ?? newActorAddress(new TextEncoder().encode(`miner-${this.minerSeq++}`))
    const execReturn = ExecReturn.encode({ IDAddress: miner, RobustAddress: robust })
    this.onSend = (msg) => (addressToString(msg.to) === addressToString(INIT_ACTOR_ADDR) ? { exitCode: options.execExitCode ?? 0, returnValue: execReturn } : { exitCode: 0, returnValue: EMPTY })
    const params = CreateMinerParams.encode({
      Owner: owner,
      Worker: owner,
      SealProofType: options.sealProof ?? sealProofOf(this.actorsVersion),
      Peer: options.peer ?? new TextEncoder().encode('miner'),
      Multiaddrs: options.multiaddrs ?? [],
    })
    const result = await this.call(PowerMethod.CreateMiner, params, options.value ?? 0n)
    this.setActor(miner, 'storageminer')
    return result
  }

  /** Creates `miner` as the harness does, expecting success. */
  async createMinerBasic(miner: Address, sealProof?: bigint): Promise<void> {
    expect((await this.createMiner(miner, sealProof === undefined ? {} : { sealProof })).exitCode).toBe(0)
  }

  async updateClaimedPower(miner: Address, raw: bigint, qa: bigint): Promise<number> {
    this.setCaller(miner, 'storageminer')
    return (await this.call(PowerMethod.UpdateClaimedPower, UpdateClaimedPowerParams.encode({ RawByteDelta: raw, QualityAdjustedDelta: qa }))).exitCode
  }

  async updatePledgeTotal(miner: Address, delta: bigint): Promise<number> {
    this.setCaller(miner, 'storageminer')
    return (await this.call(PowerMethod.UpdatePledgeTotal, dagCbor.encode(encodeBigInt(delta)))).exitCode
  }

  async onConsensusFault(miner: Address, pledge: bigint): Promise<number> {
    this.setCaller(miner, 'storageminer')
    return (await this.call(PowerMethod.OnConsensusFault, dagCbor.encode(encodeBigInt(pledge)))).exitCode
  }

  async enrollCronEvent(miner: Address, epoch: bigint, payload: Uint8Array): Promise<number> {
    this.setCaller(miner, 'storageminer')
    return (await this.call(PowerMethod.EnrollCronEvent, EnrollCronEventParams.encode({ EventEpoch: epoch, Payload: payload }))).exitCode
  }

  async submitPoRep(miner: Address, info: SealVerifyInfo): Promise<number> {
    this.setCaller(miner, 'storageminer')
    return (await this.call(PowerMethod.SubmitPoRepForBulkVerify, SealVerifyInfo.encode(info))).exitCode
  }

  /** OnEpochTickEnd from cron at `epoch`; sends are answered by `answer` (all succeed by default). Returns the exit code and the sends made. */
  async onEpochTickEnd(epoch: bigint, answer: (msg: SentMessage) => number = () => 0): Promise<{ exitCode: number; sends: SentMessage[] }> {
    this.currEpoch = epoch
    this.caller = CRON_ACTOR_ADDR
    const before = this.sends.length
    this.onSend = (msg) => ({ exitCode: answer(msg), returnValue: EMPTY })
    const { exitCode } = await this.call(PowerMethod.OnEpochTickEnd, EMPTY)
    return { exitCode, sends: this.sends.slice(before) }
  }

  /** CurrentTotalPower from an account, decoded with the version's return type. */
  async currentTotalPower() {
    this.caller = OWNER
    const { exitCode, ret } = await this.call(PowerMethod.CurrentTotalPower, EMPTY)
    expect(exitCode).toBe(0)
    return this.actorsVersion === 0 ? CurrentTotalPowerReturnV0.decode(ret!) : CurrentTotalPowerReturnV2.decode(ret!)
  }

  async getClaim(miner: Address): Promise<Claim | undefined> {
    const st = await this.state()
    return getClaim(await loadClaims(this.store, st.Claims, this.policy), this.policy, miner)
  }

  /** Removes the claim of `miner` behind the actor's back, as the Go harness's `deleteClaim` does. */
  async deleteClaim(miner: Address): Promise<void> {
    const st = await this.state()
    const claims = await loadClaims(this.store, st.Claims, this.policy)
    expect(await claims.delete(addressToBytes(miner))).toBe(true)
    st.Claims = await claims.flush()
    await this.replaceState(st)
  }

  /** Makes `st` the actor's state (the Go mock's `ReplaceState`). */
  async replaceState(st: PowerState): Promise<void> {
    const bytes = getPowerStateCodec(this.actorsVersion).encode(st)
    const cid = computeCborCid(bytes)
    await this.store.put(cid, bytes)
    this.head = cid
  }

  /** The totals the actor would freeze now (`CurrentTotalPower` of the state). */
  async getTotalPowerEager() {
    return computeCurrentTotalPower(await this.state(), this.policy)
  }
}

/** The sends of a tick that went to the reward actor, with the raw-byte power they reported. */
export function getReportedPower(sends: readonly SentMessage[]): bigint[] {
  return sends.filter((s) => addressToString(s.to) === addressToString(REWARD_ACTOR_ADDR)).map((s) => {
    return decodeBigInt(dagCbor.decode(s.params!) as Uint8Array, 'UpdateNetworkKPI params')
  })
}
