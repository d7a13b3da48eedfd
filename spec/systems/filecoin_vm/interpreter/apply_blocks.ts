// Spec section: Systems › Filecoin VM › Interpreter, "Applying a tipset". How a tipset's blocks
// turn the parent state into the next one (Lotus v1.2.0 chain/stmgr `ApplyBlocks`): cron for each
// null round since the parent, then block by block its messages (BLS before secp256k1, each
// message once however many blocks carry it) and the reward for the block's miner, then cron for
// the tipset's own epoch; the receipts of the messages go into an AMT whose root the next blocks
// carry.

import type { CID } from 'multiformats/cid'
import { addressToString, type Address } from '../../../appendix/address/address.ts'
import { createAmt } from '../../../appendix/data_structures/amt.ts'
import { BLOCK_GAS_LIMIT } from '../message/validation.ts'
import { computeMessageCid, type UnsignedMessage } from '../message/message.ts'
import { CRON_ACTOR_ADDR, REWARD_ACTOR_ADDR, SYSTEM_ACTOR_ADDR } from '../actor/builtin_code.ts'
import { ExitCode } from '../runtime/exit_code.ts'
import { MessageReceipt } from '../runtime/receipt.ts'
import { AwardBlockRewardParams } from '../../filecoin_token/block_reward_minting/reward_actor.ts'
import { VM, VMError, type ApplyResult, type VMOptions } from './vm.ts'

/** A message as a block carries it: the message and its length on chain (signed or not). */
export interface ChainMessage {
  readonly message: UnsignedMessage
  readonly chainLength: number
}

/** One block's part of a tipset: its miner, its election's win count, and its messages. */
export interface BlockMessages {
  readonly miner: Address
  readonly winCount: bigint
  readonly blsMessages: readonly ChainMessage[]
  readonly secpMessages: readonly ChainMessage[]
}

/** Every message applied, implicit ones included, in order, with its result. */
export interface AppliedMessage {
  readonly message: UnsignedMessage
  readonly result: ApplyResult
  readonly implicit: boolean
}

export interface TipsetResult {
  readonly stateRoot: CID
  readonly receiptsRoot: CID
  readonly applied: readonly AppliedMessage[]
}

/** Cron's EpochTick method number. */
export const CRON_EPOCH_TICK_METHOD = 2n
/** Reward's AwardBlockReward method number. */
export const AWARD_BLOCK_REWARD_METHOD = 2n

const implicitMessage = (to: Address, method: bigint, epoch: bigint, gasLimit: bigint, params: Uint8Array): UnsignedMessage => ({
  Version: 0n,
  To: to,
  From: SYSTEM_ACTOR_ADDR,
  Nonce: epoch,
  Value: 0n,
  GasLimit: gasLimit,
  GasFeeCap: 0n,
  GasPremium: 0n,
  Method: method,
  Params: params,
})

/**
 * Applies a tipset at `epoch` on the state its parent (at `parentEpoch`) left (Lotus
 * `ApplyBlocks`). `options` gives the VM's store, network version, base fee and the rest; its
 * epoch is ignored. A failed implicit message is a VMError: the tipset has no valid successor state.
 */
export async function applyBlocks(options: Omit<VMOptions, 'epoch' | 'stateRoot'>, parentState: CID, parentEpoch: bigint, blocks: readonly BlockMessages[], epoch: bigint): Promise<TipsetResult> {
  const vm = await VM.create({ ...options, stateRoot: parentState, epoch })
  const applied: AppliedMessage[] = []
  const implicit = async (msg: UnsignedMessage, what: string) => {
    const result = await vm.applyImplicitMessage(msg)
    applied.push({ message: msg, result, implicit: true })
    if (result.receipt.ExitCode !== BigInt(ExitCode.Ok)) throw new VMError(`${what} failed with exit code ${result.receipt.ExitCode}: ${result.error?.reason ?? ''}`)
  }
  // Cron runs for each null round between the parent and this tipset, at that round's epoch.
  for (let e = parentEpoch + 1n; e < epoch; e++) {
    vm.epoch = e
    await implicit(implicitMessage(CRON_ACTOR_ADDR, CRON_EPOCH_TICK_METHOD, e, BLOCK_GAS_LIMIT * 10000n, new Uint8Array()), `cron at null round ${e}`)
    await vm.flush()
  }
  vm.epoch = epoch
  const receipts: MessageReceipt[] = []
  const seen = new Set<string>()
  for (const block of blocks) {
    let penalty = 0n
    let gasReward = 0n
    for (const { message, chainLength } of [...block.blsMessages, ...block.secpMessages]) {
      const cid = computeMessageCid(message).toString()
      if (seen.has(cid)) continue
      const result = await vm.applyMessage(message, chainLength)
      receipts.push(result.receipt)
      applied.push({ message, result, implicit: false })
      gasReward += result.gasOutputs.minerTip
      penalty += result.gasOutputs.minerPenalty
      seen.add(cid)
    }
    const params = AwardBlockRewardParams.encode({ Miner: block.miner, Penalty: penalty, GasReward: gasReward, WinCount: block.winCount })
    await implicit(implicitMessage(REWARD_ACTOR_ADDR, AWARD_BLOCK_REWARD_METHOD, epoch, 1n << 30n, params), `reward for miner ${addressToString(block.miner)}`)
  }
  await implicit(implicitMessage(CRON_ACTOR_ADDR, CRON_EPOCH_TICK_METHOD, epoch, BLOCK_GAS_LIMIT * 10000n, new Uint8Array()), `cron at ${epoch}`)
  const amt = createAmt(options.store, { version: 2, codec: MessageReceipt })
  for (const [i, r] of receipts.entries()) await amt.set(i, r)
  const receiptsRoot = await amt.flush()
  return { stateRoot: await vm.flush(), receiptsRoot, applied }
}
