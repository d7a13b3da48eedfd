// The multisig against the shared conformance corpus: the multisig and nested vectors run with
// exact receipts and state roots, and the structures they carry — parameters in their messages,
// returns in their receipts, multisig states in their post-state trees — decode with our schemas
// to the values Lotus wrote. Each assertion names its vector.

import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { blake2b } from '@noble/hashes/blake2.js'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import * as dagCbor from '@ipld/dag-cbor'
import { addressToBytes, newIdAddress } from '../../../../../spec/appendix/address/address.ts'
import { importCar } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore } from '../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { UnsignedMessage } from '../../../../../spec/systems/filecoin_vm/message/message.ts'
import { StateTree } from '../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { ExecParams, ExecReturn } from '../../../../../spec/systems/filecoin_vm/sysactors/init_actor.ts'
import { MultisigState } from '../../../../../spec/systems/filecoin_token/multisig/multisig_state.ts'
import { ApproveReturn, MultisigConstructorParamsV0, MultisigConstructorParamsV2, ProposeParams, ProposeReturn, TxnIDParams } from '../../../../../spec/systems/filecoin_token/multisig/multisig_types.ts'
import { computeProposalHash, createEmptyPendingTxns } from '../../../../../spec/systems/filecoin_token/multisig/pending_txns.ts'
import { corpusDir } from '../../../../../src/conformance/corpus.ts'
import { runVector } from '../../../../../src/conformance/runner.ts'
import { decodeVectorCar } from '../../../../../src/conformance/vector_car.ts'
import { parseVector, type Vector } from '../../../../../src/conformance/vector.ts'

const corpus = corpusDir(join(dirname(fileURLToPath(import.meta.url)), '../../../../..'))
const read = (file: string): Vector => parseVector(file, readFileSync(join(corpus, file), 'utf8'))
const filesOf = (category: string) => (existsSync(join(corpus, category)) ? readdirSync(join(corpus, category)).filter((f) => f.endsWith('.json')).map((f) => `${category}/${f}`) : [])
const message = (v: Vector, i: number) => UnsignedMessage.decode(Buffer.from(v.apply_messages![i]!.bytes, 'base64'))
const receiptReturn = (v: Vector, i: number) => new Uint8Array(Buffer.from(v.postconditions.receipts[i]!.return, 'base64'))
const EMPTY: Uint8Array = new Uint8Array()

/** Runs the skipped for want of another actor name it; everything else passes. */
const WAITING_FOR = /needs the (paymentchannel|reward) actor of actors v[02]/

describe.runIf(existsSync(corpus))('multisig and nested vectors of the shared corpus', () => {
  for (const category of ['multisig', 'nested']) {
    it.each(filesOf(category))('%s passes', { timeout: 60_000 }, async (file) => {
      for (const run of await runVector(read(file))) {
        if (run.status === 'skipped') expect(run.detail, `${file} ${run.variant}`).toMatch(WAITING_FOR)
        else expect(run.status, `${file} ${run.variant}: ${run.detail}`).toBe('passed')
      }
    })
  }

  it('basic--ok-propose-and-approve--genesis: the messages’ parameters and the receipts’ returns', () => {
    const id = 'multisig/basic--ok-propose-and-approve--genesis.json'
    const v = read(id)
    const exec = ExecParams.decode(message(v, 0).Params)
    expect(MultisigConstructorParamsV0.decode(exec.ConstructorParams), id).toEqual({ Signers: [newIdAddress(100n), newIdAddress(101n)], NumApprovalsThreshold: 2n, UnlockDuration: 10n })
    expect(ExecReturn.decode(receiptReturn(v, 0)).IDAddress, id).toEqual(newIdAddress(103n))
    expect(ProposeParams.decode(message(v, 1).Params), id).toEqual({ To: newIdAddress(102n), Value: 10n, Method: 0n, Params: EMPTY })
    expect(ProposeReturn.decode(receiptReturn(v, 1)), id).toEqual({ TxnID: 0n, Applied: false, Code: 0n, Ret: EMPTY })
    expect(ApproveReturn.decode(receiptReturn(v, 4)), id).toEqual({ Applied: true, Code: 0n, Ret: EMPTY })
  })

  it('basic--ok-propose-and-approve--genesis: the ProposalHash Lotus sent is our proposal hash', () => {
    const id = 'multisig/basic--ok-propose-and-approve--genesis.json'
    const v = read(id)
    const approve = TxnIDParams.decode(message(v, 3).Params)
    const proposal = ProposeParams.decode(message(v, 1).Params)
    const hash = computeProposalHash({ ...proposal, Approved: [message(v, 1).From] }, (d) => blake2b(d, { dkLen: 32 }))
    expect(approve.ID, id).toBe(0n)
    expect(Buffer.from(approve.ProposalHash).toString('hex'), id).toBe('4e816e958a40aaa515930c92e12dbc302b00dcbefe48e7f7aa2e990ba30e189d')
    expect(hash, id).toEqual(approve.ProposalHash)
  })

  it('basic--ok-create--actorsv2: v2 constructor parameters and the state Lotus wrote', async () => {
    const id = 'multisig/basic--ok-create--actorsv2.json'
    const v = read(id)
    const msg = message(v, 0)
    const params = MultisigConstructorParamsV2.decode(ExecParams.decode(msg.Params).ConstructorParams)
    expect(params, id).toEqual({ Signers: [newIdAddress(100n)], NumApprovalsThreshold: 1n, UnlockDuration: 10n, StartEpoch: 138721n })
    const store = createMemoryBlockstore()
    await importCar(store, decodeVectorCar(v.car))
    const tree = await StateTree.load(store, CID.parse(v.postconditions.state_tree.root_cid['/']))
    const actor = await tree.getActor(ExecReturn.decode(receiptReturn(v, 0)).IDAddress)
    const bytes = await store.get(actor!.Head)
    const st = MultisigState.decode(bytes)
    expect(st, id).toEqual({
      Signers: [newIdAddress(100n)],
      NumApprovalsThreshold: 1n,
      NextTxnID: 0n,
      InitialBalance: msg.Value,
      StartEpoch: 138721n,
      UnlockDuration: 10n,
      PendingTxns: await createEmptyPendingTxns(createMemoryBlockstore(), 2),
    })
    expect(MultisigState.encode(st), id).toEqual(bytes)
  })

  it('basic--ok-propose-and-cancel--genesis: after the cancel, the pending map is empty again and NextTxnID is 1', async () => {
    const id = 'multisig/basic--ok-propose-and-cancel--genesis.json'
    const v = read(id)
    const store = createMemoryBlockstore()
    await importCar(store, decodeVectorCar(v.car))
    const tree = await StateTree.load(store, CID.parse(v.postconditions.state_tree.root_cid['/']))
    const actor = await tree.getActor(ExecReturn.decode(receiptReturn(v, 0)).IDAddress)
    const st = MultisigState.decode(await store.get(actor!.Head))
    expect(st.NextTxnID, id).toBe(1n)
    expect(st.PendingTxns.equals(await createEmptyPendingTxns(createMemoryBlockstore(), 0)), id).toBe(true)
  })

  it('nested_sends--ok-to-new-actor-with-invoke--genesis: a successful send’s return bytes pass through', () => {
    const id = 'nested/nested_sends--ok-to-new-actor-with-invoke--genesis.json'
    const v = read(id)
    const proposal = ProposeParams.decode(message(v, 1).Params)
    const ret = ProposeReturn.decode(receiptReturn(v, 1))
    expect(proposal.Method, id).toBe(2n) // the new account's PubkeyAddress
    expect(ret.Applied && ret.Code === 0n, id).toBe(true)
    // PubkeyAddress's return, the CBOR of the account's key address, unread and unwrapped
    expect(ret.Ret, id).toEqual(dagCbor.encode(addressToBytes(proposal.To)))
  })

  it.each([
    ['nested/nested_sends--fail-non-existent-id-address--genesis.json', 5n],
    ['nested/nested_sends--fail-invalid-method-num-for-actor--genesis.json', 3n],
    ['nested/x--nested_sends--fail-missing-params--genesis.json', 1n],
    ['nested/x--nested_sends--fail-mismatch-params--genesis.json', 1n],
  ])('%s: a failed inner send is Applied with its exit code and no return bytes', (id, code) => {
    expect(ProposeReturn.decode(receiptReturn(read(id), 1)), id).toEqual({ TxnID: 0n, Applied: true, Code: code, Ret: EMPTY })
  })
})
