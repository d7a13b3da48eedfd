// The conformance runner: applies a vector's messages, variant by variant, with the spec's VM,
// and compares every receipt and the post-state root with the vector's (as Lotus's
// conformance/runner.go `ExecuteMessageVector` does). Each message gets a fresh VM over the
// previous message's flushed root, at the variant's epoch plus the offsets so far.

import { equals } from 'multiformats/bytes'
import { CID } from 'multiformats/cid'
import { addressFromString, addressToString } from '../../spec/appendix/address/address.ts'
import { applyBlocks, type BlockMessages } from '../../spec/systems/filecoin_vm/interpreter/apply_blocks.ts'
import { specSignatureVerifier } from '../../spec/algorithms/crypto/signatures/verifier.ts'
import { importCar } from '../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore, type MemoryBlockstore } from '../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { NotImplementedError } from '../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { VM, type Randomness } from '../../spec/systems/filecoin_vm/interpreter/vm.ts'
import { UnsignedMessage } from '../../spec/systems/filecoin_vm/message/message.ts'
import { SignedMessage } from '../../spec/systems/filecoin_vm/message/signed_message.ts'
import type { MessageReceipt } from '../../spec/systems/filecoin_vm/runtime/receipt.ts'
import { getBuiltinRegistry } from '../../spec/systems/filecoin_vm/sysactors/builtin_actors.ts'
import { FILECOIN_TOTAL_SUPPLY } from '../../spec/systems/filecoin_token/token.ts'
import { CHAOS_ACTOR } from './chaos_actor.ts'
import { decodeVectorCar } from './vector_car.ts'
import type { Vector, VectorReceipt } from './vector.ts'

/** The base fee of a vector that names none (Lotus conformance `DefaultBaseFee`). */
export const DEFAULT_BASE_FEE = 100n

/** What one (vector, variant) run came to. */
export interface RunResult {
  readonly variant: string
  readonly nv: number
  readonly status: 'passed' | 'failed' | 'skipped'
  /** For a failure, the first difference (or the error); for a skip, why. */
  readonly detail?: string
  /** For a failure, the post-state roots, to diff. */
  readonly roots?: { readonly store: MemoryBlockstore; readonly pre: CID; readonly expected: CID; readonly actual: CID }
}

const FIXED_RANDOMNESS = new TextEncoder().encode('i_am_random_____i_am_random_____')

/** Recorded randomness where the vector has it, else Lotus's fixed 32 bytes (conformance `ReplayingRand`). */
function replayingRandomness(vector: Vector): Randomness {
  const lookup = (kind: 'chain' | 'beacon') => async (tag: number, epoch: bigint, entropy: Uint8Array) => {
    for (const r of vector.randomness ?? []) {
      const [k, t, e, ent] = r.on
      if (k === kind && t === tag && BigInt(e) === epoch && equals(Buffer.from(ent, 'base64'), entropy)) return new Uint8Array(Buffer.from(r.ret, 'base64'))
    }
    return FIXED_RANDOMNESS
  }
  return { getChainRandomness: lookup('chain'), getBeaconRandomness: lookup('beacon') }
}

/**
 * A vector message's length on chain: a secp256k1 sender's is a signed message with a 65-byte
 * signature (zeros in Lotus's driver, `toChainMsg`); anyone else's is the unsigned message.
 */
export function getVectorChainLength(msg: UnsignedMessage): number {
  if (msg.From.protocol !== 1) return UnsignedMessage.encode(msg).length
  return SignedMessage.encode({ Message: msg, Signature: { type: 1, data: new Uint8Array(65) } }).length
}

function compareReceipt(index: number, expected: VectorReceipt, actual: MessageReceipt): string | undefined {
  if (BigInt(expected.exit_code) !== actual.ExitCode) return `receipt ${index} exit_code expected ${expected.exit_code}, got ${actual.ExitCode}`
  if (BigInt(expected.gas_used) !== actual.GasUsed) return `receipt ${index} gas_used expected ${expected.gas_used}, got ${actual.GasUsed}`
  const ret = Buffer.from(expected.return, 'base64')
  if (!equals(ret, actual.Return)) return `receipt ${index} return expected ${ret.toString('base64') || '(empty)'}, got ${Buffer.from(actual.Return).toString('base64') || '(empty)'}`
  return undefined
}

/** Runs one variant of a message-class vector. */
async function runMessageVariant(vector: Vector, variant: Vector['preconditions']['variants'][number]): Promise<RunResult> {
  const base = { variant: variant.id, nv: variant.nv }
  if (variant.nv > 5) return { ...base, status: 'skipped', detail: `network version ${variant.nv}: the VM covers 0 to 5` }
  const store = createMemoryBlockstore()
  await importCar(store, decodeVectorCar(vector.car))
  const pre = CID.parse(vector.preconditions.state_tree.root_cid['/'])
  const expected = CID.parse(vector.postconditions.state_tree.root_cid['/'])
  const registry = getBuiltinRegistry(vector.selector?.chaos_actor === 'true' ? [CHAOS_ACTOR] : [])
  const randomness = replayingRandomness(vector)
  let root = pre
  let epoch = BigInt(variant.epoch)
  const messages = vector.apply_messages ?? []
  if (messages.length !== vector.postconditions.receipts.length) return { ...base, status: 'failed', detail: `vector has ${messages.length} messages but ${vector.postconditions.receipts.length} receipts` }
  for (const [i, m] of messages.entries()) {
    const bytes = new Uint8Array(Buffer.from(m.bytes, 'base64'))
    const msg = UnsignedMessage.decode(bytes)
    epoch += BigInt(m.epoch_offset ?? 0)
    const vm = await VM.create({
      store,
      stateRoot: root,
      epoch,
      networkVersion: variant.nv,
      baseFee: BigInt(vector.preconditions.basefee ?? DEFAULT_BASE_FEE),
      circulatingSupply: BigInt(vector.preconditions.circ_supply ?? FILECOIN_TOTAL_SUPPLY),
      randomness,
      registry,
      verifier: specSignatureVerifier,
    })
    let receipt: MessageReceipt
    try {
      receipt = (await vm.applyMessage(msg, getVectorChainLength(msg))).receipt
    } catch (e) {
      if (e instanceof NotImplementedError) return { ...base, status: 'skipped', detail: `message ${i} (to ${addressToString(msg.To)}, method ${msg.Method}) needs ${e.what}` }
      throw e
    }
    const difference = compareReceipt(i, vector.postconditions.receipts[i]!, receipt)
    if (difference !== undefined) return { ...base, status: 'failed', detail: difference }
    root = await vm.flush()
  }
  if (!root.equals(expected)) return { ...base, status: 'failed', detail: `post-state root expected ${expected}, got ${root}`, roots: { store, pre, expected, actual: root } }
  return { ...base, status: 'passed' }
}

/**
 * Runs one variant of a tipset-class vector (Lotus `ExecuteTipsetVector`): each tipset at the
 * variant's epoch plus its offset, on the previous tipset's state; every applied message's receipt,
 * implicit ones included, and each tipset's receipts root must match.
 */
async function runTipsetVariant(vector: Vector, variant: Vector['preconditions']['variants'][number]): Promise<RunResult> {
  const base = { variant: variant.id, nv: variant.nv }
  if (variant.nv > 5) return { ...base, status: 'skipped', detail: `network version ${variant.nv}: the VM covers 0 to 5` }
  const store = createMemoryBlockstore()
  await importCar(store, decodeVectorCar(vector.car))
  const expected = CID.parse(vector.postconditions.state_tree.root_cid['/'])
  const options = {
    store,
    networkVersion: variant.nv,
    circulatingSupply: BigInt(vector.preconditions.circ_supply ?? FILECOIN_TOTAL_SUPPLY),
    randomness: replayingRandomness(vector),
    registry: getBuiltinRegistry(vector.selector?.chaos_actor === 'true' ? [CHAOS_ACTOR] : []),
    verifier: specSignatureVerifier,
  }
  let root = CID.parse(vector.preconditions.state_tree.root_cid['/'])
  let parentEpoch = BigInt(variant.epoch)
  let receiptIndex = 0
  for (const [t, tipset] of (vector.apply_tipsets ?? []).entries()) {
    const epoch = BigInt(variant.epoch) + BigInt(tipset.epoch_offset)
    const blocks: BlockMessages[] = tipset.blocks.map((b) => {
      const messages = b.messages.map((m) => {
        const message = UnsignedMessage.decode(new Uint8Array(Buffer.from(m, 'base64')))
        return { message, chainLength: getVectorChainLength(message) }
      })
      // As Lotus's driver: secp256k1 senders' messages are signed ones, BLS senders' BLS ones; any
      // other sender's message goes in both lists (it fails, and runs once).
      return {
        miner: addressFromString(b.miner_addr),
        winCount: BigInt(b.win_count),
        blsMessages: messages.filter((m) => m.message.From.protocol !== 1),
        secpMessages: messages.filter((m) => m.message.From.protocol !== 3),
      }
    })
    let result
    try {
      result = await applyBlocks({ ...options, baseFee: BigInt(tipset.basefee) }, root, parentEpoch, blocks, epoch)
    } catch (e) {
      if (e instanceof NotImplementedError) return { ...base, status: 'skipped', detail: `tipset ${t} needs ${e.what}` }
      throw e
    }
    for (const [j, applied] of result.applied.entries()) {
      const expectedReceipt = vector.postconditions.receipts[receiptIndex]
      if (expectedReceipt === undefined) return { ...base, status: 'failed', detail: `tipset ${t} applied more messages than the vector has receipts (${receiptIndex + 1})` }
      const difference = compareReceipt(receiptIndex, expectedReceipt, applied.result.receipt)
      if (difference !== undefined) return { ...base, status: 'failed', detail: `tipset ${t} message ${j}: ${difference}` }
      receiptIndex++
    }
    const receiptsRoot = vector.postconditions.receipts_roots?.[t]?.['/']
    if (receiptsRoot !== undefined && receiptsRoot !== result.receiptsRoot.toString()) return { ...base, status: 'failed', detail: `tipset ${t} receipts root expected ${receiptsRoot}, got ${result.receiptsRoot}` }
    parentEpoch = epoch
    root = result.stateRoot
  }
  if (!root.equals(expected)) return { ...base, status: 'failed', detail: `post-state root expected ${expected}, got ${root}`, roots: { store, pre: CID.parse(vector.preconditions.state_tree.root_cid['/']), expected, actual: root } }
  return { ...base, status: 'passed' }
}

/** Runs every variant of a vector; an error inside one run fails that run only. */
export async function runVector(vector: Vector): Promise<RunResult[]> {
  const results: RunResult[] = []
  for (const variant of vector.preconditions.variants) {
    if (vector.class !== 'message' && vector.class !== 'tipset') {
      results.push({ variant: variant.id, nv: variant.nv, status: 'skipped', detail: `${vector.class}-class vectors are not run yet` })
      continue
    }
    try {
      results.push(await (vector.class === 'message' ? runMessageVariant(vector, variant) : runTipsetVariant(vector, variant)))
    } catch (e) {
      results.push({ variant: variant.id, nv: variant.nv, status: 'failed', detail: `${(e as Error).name}: ${(e as Error).message}` })
    }
  }
  return results
}
