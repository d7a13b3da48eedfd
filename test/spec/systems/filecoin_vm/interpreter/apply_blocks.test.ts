// applyBlocks against the corpus's tipset vectors, before the power, market and miner actors
// exist: those three are replaced by stand-ins that accept any call, so the state root cannot
// match, but everything the interpreter itself decides can: which messages run and in what order
// (BLS before secp256k1, duplicates once), each message's receipt, where the implicit reward and
// cron calls fall among them, and the receipts root the next blocks would carry.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { addressFromString } from '../../../../../spec/appendix/address/address.ts'
import { specSignatureVerifier } from '../../../../../spec/algorithms/crypto/signatures/verifier.ts'
import { importCar } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { EMPTY_PARAMS, defineMethod, type ActorCode } from '../../../../../spec/systems/filecoin_vm/actor/actor_code.ts'
import { getBuiltinCode } from '../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { applyBlocks } from '../../../../../spec/systems/filecoin_vm/interpreter/apply_blocks.ts'
import { UnsignedMessage } from '../../../../../spec/systems/filecoin_vm/message/message.ts'
import { getBuiltinRegistry } from '../../../../../spec/systems/filecoin_vm/sysactors/builtin_actors.ts'
import { corpusDir } from '../../../../../src/conformance/corpus.ts'
import { getVectorChainLength } from '../../../../../src/conformance/runner.ts'
import { decodeVectorCar } from '../../../../../src/conformance/vector_car.ts'
import { parseVector } from '../../../../../src/conformance/vector.ts'

const dir = corpusDir(new URL('../../../../../', import.meta.url).pathname)

/** A stand-in for a builtin actor not implemented yet: every method accepts any caller and does nothing. */
function standIn(name: string, version: 0 | 2): ActorCode {
  const accept = defineMethod(EMPTY_PARAMS, async (rt) => {
    rt.validateImmediateCallerAcceptAny()
    return undefined
  })
  return { code: getBuiltinCode(name, version), singleton: false, actorsVersion: version, methods: Array.from({ length: 30 }, (_, i) => (i === 0 ? undefined : accept)) }
}

const FILES = [
  'msg_application/duplicates--messages-deduplicated--genesis.json',
  'msg_application/duplicates--messages-deduplicated--actorsv2.json',
  'reward/penalties--penalize-bad-nonce-multiple-miners--genesis.json',
  'reward/penalties--penalize-non-account-sender-multiple-miners--actorsv2.json',
  'reward/penalties--penalize-inexistent-sender-multiple-miners--genesis.json',
]

describe.each(FILES)('applyBlocks on %s (power, market, miner stood in)', (file) => {
  it('gives every message the vector’s receipt, in the vector’s order, and the same receipts roots', async () => {
    const vector = parseVector(file, readFileSync(join(dir, file), 'utf8'))
    const variant = vector.preconditions.variants[0]!
    const version = variant.nv >= 4 ? 2 : 0
    const store = createMemoryBlockstore()
    await importCar(store, decodeVectorCar(vector.car))
    const registry = getBuiltinRegistry(['storagepower', 'storagemarket', 'storageminer'].map((n) => standIn(n, version)))
    const randomness = { getChainRandomness: async () => new Uint8Array(32), getBeaconRandomness: async () => new Uint8Array(32) }
    const options = { store, networkVersion: variant.nv, circulatingSupply: 0n, randomness, registry, verifier: specSignatureVerifier }
    let stateRoot = CID.parse(vector.preconditions.state_tree.root_cid['/'])
    let parent = BigInt(variant.epoch)
    let at = 0
    for (const [t, tipset] of vector.apply_tipsets!.entries()) {
      const epoch = BigInt(variant.epoch) + BigInt(tipset.epoch_offset)
      const blocks = tipset.blocks.map((b) => {
        const msgs = b.messages.map((m) => UnsignedMessage.decode(new Uint8Array(Buffer.from(m, 'base64')))).map((message) => ({ message, chainLength: getVectorChainLength(message) }))
        return { miner: addressFromString(b.miner_addr), winCount: BigInt(b.win_count), blsMessages: msgs.filter((m) => m.message.From.protocol !== 1), secpMessages: msgs.filter((m) => m.message.From.protocol !== 3) }
      })
      const result = await applyBlocks({ ...options, baseFee: BigInt(tipset.basefee) }, stateRoot, parent, blocks, epoch)
      for (const applied of result.applied) {
        const expected = vector.postconditions.receipts[at++]!
        const { ExitCode, GasUsed, Return } = applied.result.receipt
        expect([Number(ExitCode), Number(GasUsed), Buffer.from(Return).toString('base64')]).toEqual([expected.exit_code, expected.gas_used, expected.return])
      }
      expect(String(result.receiptsRoot)).toBe(vector.postconditions.receipts_roots![t]!['/'])
      stateRoot = result.stateRoot
      parent = epoch
    }
    expect(at).toBe(vector.postconditions.receipts.length)
  })
})
