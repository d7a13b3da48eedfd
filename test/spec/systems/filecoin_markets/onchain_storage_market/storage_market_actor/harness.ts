// The mock runtime as storage market unit tests use it, after specs-actors' market_test.go
// `marketActorTestHarness`: the market at f05, constructed by the system actor; a provider (a
// miner actor) with its owner, worker and control accounts answering ControlAddresses; a client
// account; the reward and power actors answering the baseline and network power; beacon
// randomness fixed; every block read and written recorded (with its size), since the VM charges
// gas for each and specs-actors' order of reads and writes is consensus; and the state
// invariants checked at the end of each test.

import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { expect } from 'vitest'
import { addressToString, newIdAddress, newSecp256k1Address, type Address } from '../../../../../../spec/appendix/address/address.ts'
import type { Signature } from '../../../../../../spec/algorithms/crypto/signatures/signature.ts'
import { createMemoryBlockstore, type MemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import {
  BURNT_FUNDS_ACTOR_ADDR,
  CRON_ACTOR_ADDR,
  REWARD_ACTOR_ADDR,
  STORAGE_MARKET_ACTOR_ADDR,
  STORAGE_POWER_ACTOR_ADDR,
  SYSTEM_ACTOR_ADDR,
  VERIFIED_REGISTRY_ACTOR_ADDR,
  type ActorsVersion,
} from '../../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { loadBalanceTable } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/balance_table.ts'
import { DealProposal, FIL_COMMITMENT_UNSEALED, SHA2_256_TRUNC254_PADDED, type ClientDealProposal, type DealState } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/deal.ts'
import {
  CurrentTotalPowerReturnV0,
  CurrentTotalPowerReturnV2,
  MINER_CONTROL_ADDRESSES_METHOD,
  MinerAddrs,
  POWER_CURRENT_TOTAL_POWER_METHOD,
  REWARD_THIS_EPOCH_REWARD_METHOD,
  ThisEpochRewardReturnV0,
  ThisEpochRewardReturnV2,
} from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/ext.ts'
import { checkMarketStateInvariants } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/invariants.ts'
import { MarketMethod, getMarketActor } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/methods.ts'
import { DEAL_MIN_DURATION, EPOCHS_IN_DAY } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/policy.ts'
import { MarketState } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/state.ts'
import { loadDealProposals, loadDealStates } from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/state_mutation.ts'
import {
  ActivateDealsParams,
  ComputeDataCommitmentParams,
  OnMinerSectorsTerminateParams,
  PublishStorageDealsParams,
  PublishStorageDealsReturn,
  VerifyDealsForActivationParams,
  WithdrawBalanceParams,
} from '../../../../../../spec/systems/filecoin_markets/onchain_storage_market/storage_market_actor/types.ts'
import { address } from '../../../../../../spec/appendix/address/address.ts'
import { MockRuntime, type SentMessage } from '../../../../../support/mock_runtime.ts'

export const OWNER = newIdAddress(101n)
export const WORKER = newIdAddress(102n)
export const PROVIDER = newIdAddress(103n)
export const CLIENT = newIdAddress(104n)
export const CONTROL = newIdAddress(105n)
export const OTHER_PROVIDER = newIdAddress(106n)
export const OTHER_CLIENT = newIdAddress(107n)
/** A key address the client also answers to. */
export const CLIENT_KEY = newSecp256k1Address(new Uint8Array(65).fill(4))
/** A robust (actor) address of the provider. */
export const PROVIDER_ROBUST: Address = { protocol: 2, payload: new Uint8Array(20).fill(3) }
export const EMPTY = new Uint8Array()
export const SIG: Signature = { type: 1, data: new Uint8Array(65).fill(9) }

/** A piece CID (CommP) whose digest is `seed` repeated. */
export function makePieceCid(seed: number): CID {
  return CID.createV1(FIL_COMMITMENT_UNSEALED, createDigest(SHA2_256_TRUNC254_PADDED, new Uint8Array(32).fill(seed)))
}

/** The parameters of AddBalance: a bare address. */
export const encodeAddress = (a: Address): Uint8Array => dagCbor.encode(address.toCbor(a))

export interface BlockAccess {
  readonly op: 'get' | 'put'
  readonly size: number
}

/** A memory block store that records each block read and written, with its size, in order. */
export interface RecordingBlockstore extends MemoryBlockstore {
  readonly log: BlockAccess[]
}

function createRecordingBlockstore(): RecordingBlockstore {
  const inner = createMemoryBlockstore()
  const log: BlockAccess[] = []
  return {
    log,
    get size() {
      return inner.size
    },
    has: (cid) => inner.has(cid),
    async get(cid) {
      const bytes = await inner.get(cid)
      log.push({ op: 'get', size: bytes.length })
      return bytes
    },
    async put(cid, bytes) {
      log.push({ op: 'put', size: bytes.length })
      return inner.put(cid, bytes)
    },
    async putMany(blocks) {
      const all = [...blocks]
      for (const b of all) log.push({ op: 'put', size: b.bytes.length })
      return inner.putMany(all)
    },
  }
}

/** What a call did: its exit code, its return, the blocks it read and wrote, and the sends it made. */
export interface MarketCallResult {
  readonly exitCode: number
  readonly ret: Uint8Array | undefined
  readonly access: BlockAccess[]
  readonly sends: SentMessage[]
}

const same = (a: Address, b: Address) => addressToString(a) === addressToString(b)

export class MarketRuntime extends MockRuntime<MarketState> {
  override readonly store = createRecordingBlockstore()
  /** What each miner answers to ControlAddresses. */
  readonly minerAddrs = new Map<string, MinerAddrs>()
  /** What the reward and power actors answer. */
  baselinePower = 0n
  rawBytePower = 0n
  qualityAdjPower = 0n
  /** The beacon randomness every draw gets; its first 8 bytes pick the deal's first cron epoch. */
  randomness = new Uint8Array(32)
  /** Exit codes to answer sends with, by `<to>/<method>`; others succeed. */
  readonly failSends = new Map<string, number>()

  constructor(version: ActorsVersion) {
    super(version, getMarketActor(version), MarketState, STORAGE_MARKET_ACTOR_ADDR)
    this.setActor(SYSTEM_ACTOR_ADDR, 'system')
    this.setActor(CRON_ACTOR_ADDR, 'cron')
    for (const a of [OWNER, WORKER, CLIENT, CONTROL, OTHER_CLIENT]) this.setActor(a, 'account')
    this.addIdAddress(CLIENT_KEY, CLIENT)
    this.addIdAddress(PROVIDER_ROBUST, PROVIDER)
    this.addMiner(PROVIDER, { Owner: OWNER, Worker: WORKER, ControlAddrs: [CONTROL] })
    this.addMiner(OTHER_PROVIDER, { Owner: OWNER, Worker: WORKER, ControlAddrs: [] })
    this.onSend = (msg) => this.answer(msg)
    this.onBeaconRandomness = () => this.randomness
  }

  addMiner(miner: Address, addrs: MinerAddrs): void {
    this.setActor(miner, 'storageminer')
    this.minerAddrs.set(addressToString(miner), addrs)
  }

  private answer(msg: SentMessage): { exitCode: number; returnValue: Uint8Array } {
    const failed = this.failSends.get(`${addressToString(msg.to)}/${msg.method}`)
    if (failed !== undefined) return { exitCode: failed, returnValue: EMPTY }
    if (msg.method === MINER_CONTROL_ADDRESSES_METHOD) {
      const addrs = this.minerAddrs.get(addressToString(msg.to))
      if (addrs !== undefined) return { exitCode: 0, returnValue: MinerAddrs.encode(addrs) }
    }
    if (same(msg.to, REWARD_ACTOR_ADDR) && msg.method === REWARD_THIS_EPOCH_REWARD_METHOD) {
      const smoothed = { PositionEstimate: 0n, VelocityEstimate: 0n }
      const returnValue =
        this.actorsVersion === 0
          ? ThisEpochRewardReturnV0.encode({ ThisEpochReward: 0n, ThisEpochRewardSmoothed: smoothed, ThisEpochBaselinePower: this.baselinePower })
          : ThisEpochRewardReturnV2.encode({ ThisEpochRewardSmoothed: smoothed, ThisEpochBaselinePower: this.baselinePower })
      return { exitCode: 0, returnValue }
    }
    if (same(msg.to, STORAGE_POWER_ACTOR_ADDR) && msg.method === POWER_CURRENT_TOTAL_POWER_METHOD) {
      const totals = { RawBytePower: this.rawBytePower, QualityAdjPower: this.qualityAdjPower, PledgeCollateral: 0n }
      const smoothed = { PositionEstimate: 0n, VelocityEstimate: 0n }
      const returnValue =
        this.actorsVersion === 0 ? CurrentTotalPowerReturnV0.encode({ ...totals, QualityAdjPowerSmoothed: smoothed }) : CurrentTotalPowerReturnV2.encode({ ...totals, QualityAdjPowerSmoothed: smoothed })
      return { exitCode: 0, returnValue }
    }
    return { exitCode: 0, returnValue: EMPTY }
  }

  /** Calls `method` as `caller` with `value`; what it did. */
  async invoke(caller: Address, method: bigint, params: Uint8Array, value = 0n): Promise<MarketCallResult> {
    this.caller = caller
    const from = this.store.log.length
    const sentFrom = this.sends.length
    const { exitCode, ret } = await this.call(method, params, value)
    return { exitCode, ret, access: this.store.log.slice(from), sends: this.sends.slice(sentFrom) }
  }

  construct(): Promise<MarketCallResult> {
    return this.invoke(SYSTEM_ACTOR_ADDR, MarketMethod.Constructor, EMPTY)
  }

  addBalance(caller: Address, forWhom: Address, value: bigint): Promise<MarketCallResult> {
    return this.invoke(caller, MarketMethod.AddBalance, encodeAddress(forWhom), value)
  }

  withdrawBalance(caller: Address, from: Address, amount: bigint): Promise<MarketCallResult> {
    return this.invoke(caller, MarketMethod.WithdrawBalance, WithdrawBalanceParams.encode({ ProviderOrClientAddress: from, Amount: amount }))
  }

  publish(deals: readonly DealProposal[], caller: Address = WORKER): Promise<MarketCallResult> {
    const signed: ClientDealProposal[] = deals.map((Proposal) => ({ Proposal, ClientSignature: SIG }))
    return this.invoke(caller, MarketMethod.PublishStorageDeals, PublishStorageDealsParams.encode({ Deals: signed }))
  }

  /** Publishes the deals, which must succeed; their IDs. */
  async publishOk(deals: readonly DealProposal[]): Promise<bigint[]> {
    const r = await this.publish(deals)
    expect(r.exitCode).toBe(0)
    return PublishStorageDealsReturn.decode(r.ret!).IDs
  }

  verifyDeals(miner: Address, dealIds: bigint[], sectorExpiry: bigint, sectorStart: bigint): Promise<MarketCallResult> {
    return this.invoke(miner, MarketMethod.VerifyDealsForActivation, VerifyDealsForActivationParams.encode({ DealIDs: dealIds, SectorExpiry: sectorExpiry, SectorStart: sectorStart }))
  }

  activate(miner: Address, dealIds: bigint[], sectorExpiry: bigint): Promise<MarketCallResult> {
    return this.invoke(miner, MarketMethod.ActivateDeals, ActivateDealsParams.encode({ DealIDs: dealIds, SectorExpiry: sectorExpiry }))
  }

  terminate(miner: Address, epoch: bigint, dealIds: bigint[]): Promise<MarketCallResult> {
    return this.invoke(miner, MarketMethod.OnMinerSectorsTerminate, OnMinerSectorsTerminateParams.encode({ Epoch: epoch, DealIDs: dealIds }))
  }

  computeDataCommitment(miner: Address, dealIds: bigint[], sectorType: bigint): Promise<MarketCallResult> {
    return this.invoke(miner, MarketMethod.ComputeDataCommitment, ComputeDataCommitmentParams.encode({ DealIDs: dealIds, SectorType: sectorType }))
  }

  /** CronTick at `epoch`. */
  cronTick(epoch: bigint): Promise<MarketCallResult> {
    this.currEpoch = epoch
    return this.invoke(CRON_ACTOR_ADDR, MarketMethod.CronTick, EMPTY)
  }

  /** A valid proposal of PROVIDER with CLIENT (specs-actors tests' `generateDealProposal`), starting a day from now and lasting the minimum. */
  makeProposal(overrides: Partial<DealProposal> = {}): DealProposal {
    const start = this.currEpoch + EPOCHS_IN_DAY
    return {
      PieceCID: makePieceCid(1),
      PieceSize: 2048n,
      VerifiedDeal: false,
      Client: CLIENT,
      Provider: PROVIDER,
      Label: new TextEncoder().encode('label'),
      StartEpoch: start,
      EndEpoch: start + DEAL_MIN_DURATION,
      StoragePricePerEpoch: 10n,
      ProviderCollateral: 1000n,
      ClientCollateral: 500n,
      ...overrides,
    }
  }

  /** Adds enough escrow for the client and the provider of `p` (each from its own account / the owner). */
  async fundDeal(p: DealProposal, extra = 0n): Promise<void> {
    const clientNeed = p.ClientCollateral + p.StoragePricePerEpoch * (p.EndEpoch - p.StartEpoch) + extra
    const client = p.Client.protocol === 0 ? p.Client : CLIENT
    if (clientNeed > 0n) expect((await this.addBalance(client, p.Client, clientNeed)).exitCode).toBe(0)
    if (p.ProviderCollateral + extra > 0n) expect((await this.addBalance(OWNER, p.Provider, p.ProviderCollateral + extra)).exitCode).toBe(0)
  }

  async getEscrow(addr: Address): Promise<bigint> {
    return (await loadBalanceTable(this.store, (await this.state()).EscrowTable, this.actorsVersion)).get(addr)
  }

  async getLocked(addr: Address): Promise<bigint> {
    return (await loadBalanceTable(this.store, (await this.state()).LockedTable, this.actorsVersion)).get(addr)
  }

  async getProposal(id: bigint): Promise<DealProposal | undefined> {
    return (await loadDealProposals(this.store, (await this.state()).Proposals)).get(id)
  }

  async getDealState(id: bigint): Promise<DealState | undefined> {
    return (await loadDealStates(this.store, (await this.state()).States)).get(id)
  }

  /** Makes `st` the actor's state (for tests that store what the actor never writes). */
  async writeState(st: MarketState): Promise<void> {
    const bytes = MarketState.encode(st)
    const cid = MarketState.cid(st)
    await this.store.put(cid, bytes)
    this.head = cid
  }

  /** Publishes `p` (funded) and activates it in a sector expiring at its end; its DealID. */
  async publishAndActivate(p: DealProposal, activationEpoch = this.currEpoch): Promise<bigint> {
    await this.fundDeal(p)
    const [id] = await this.publishOk([p])
    const epoch = this.currEpoch
    this.currEpoch = activationEpoch
    expect((await this.activate(PROVIDER, [id!], p.EndEpoch)).exitCode).toBe(0)
    this.currEpoch = epoch
    return id!
  }

  /** The state invariants, which every test checks at its end (`checkState`). */
  async expectInvariants(): Promise<void> {
    const { broken } = await checkMarketStateInvariants(this.store, await this.state(), this.actorsVersion, this.balance, this.currEpoch)
    expect(broken).toEqual([])
  }
}

/** A constructed market of `version` (`constructAndVerify`). */
export async function setupMarket(version: ActorsVersion): Promise<MarketRuntime> {
  const rt = new MarketRuntime(version)
  expect((await rt.construct()).exitCode).toBe(0)
  return rt
}

export { BURNT_FUNDS_ACTOR_ADDR, VERIFIED_REGISTRY_ACTOR_ADDR }
