// Every storage miner actor in the conformance corpus (the miners of the 49 reward vectors and of
// 14 message-application vectors, in pre- and post-states, actors v0 and v2): its state, and every block and
// collection it refers to (info, vesting table, allocated sectors, pre-commits and their expiry
// queue, sectors, deadlines, partitions and their queues), decoded and encoded again to Lotus's
// bytes, with every bitfield among them read by go-bitfield's rules.
import { readFileSync } from 'node:fs'
import type { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { loadAmt } from '../../../../../../spec/appendix/data_structures/amt.ts'
import { bitFieldCodec, getBitCount, validateBitField, type BitField } from '../../../../../../spec/appendix/data_structures/bitfield.ts'
import { getHamtVersionForActors, loadHamt } from '../../../../../../spec/appendix/data_structures/hamt.ts'
import { importCar } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { createMemoryBlockstore, type MemoryBlockstore } from '../../../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { parseBuiltinCode, type ActorsVersion } from '../../../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { decodeActor, loadActorsHamt } from '../../../../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { Deadline, Deadlines, ExpirationSet, getPartitionCodec } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/deadlines.ts'
import { WPOST_PERIOD_DEADLINES } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/policy.ts'
import { SectorPreCommitOnChainInfo, getSectorNumberKey, getSectorOnChainInfoCodec } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/sectors.ts'
import { VestingFunds, getMinerInfoCodec, getMinerStateCodec, type MinerInfoV2 } from '../../../../../../spec/systems/filecoin_mining/storage_mining/storage_miner_actor/state.ts'
import { collectVectorFiles } from '../../../../../../src/cli/commands/conformance.ts'
import { corpusDir } from '../../../../../../src/conformance/corpus.ts'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../../../../../src/conformance/vector_car.ts'
import { computeCborCid } from '../../../../../../src/schema/struct.ts'

const dir = corpusDir(new URL('../../../../../../', import.meta.url).pathname)

const tally = { states: 0, distinct: new Set<string>(), v0: 0, v2: 0, bitfields: 0, setBits: 0n, deadlineBlocks: 0, linkedDeadline: 0, partitions: 0, sectors: 0, precommits: 0, vesting: 0, files: new Set<string>() }

/** Reads a block with `codec` and checks it writes back to the same bytes under the same CID. */
async function roundTrip<T>(store: MemoryBlockstore, cid: CID, codec: { decode(b: Uint8Array): T; encode(v: T): Uint8Array }, what: string): Promise<T> {
  const bytes = await store.get(cid)
  const value = codec.decode(bytes)
  expect(codec.encode(value), what).toEqual(bytes)
  expect(String(computeCborCid(codec.encode(value))), what).toBe(String(cid))
  return value
}

function checkBitField(bf: BitField): void {
  validateBitField(bf)
  tally.bitfields++
  tally.setBits += getBitCount(bf)
}

/** Every value of an AMT (version 2) read with `codec` and written back to its bytes. */
async function amtValues<T>(store: MemoryBlockstore, root: CID, codec: { decode(b: Uint8Array): T; encode(v: T): Uint8Array }, what: string): Promise<[bigint, T][]> {
  const out: [bigint, T][] = []
  for await (const [i, bytes] of (await loadAmt(store, root, { version: 2 })).entries()) {
    const v = codec.decode(bytes)
    expect(codec.encode(v), `${what}[${i}]`).toEqual(bytes)
    out.push([i, v])
  }
  return out
}

async function checkDeadline(store: MemoryBlockstore, deadline: Deadline, version: ActorsVersion, what: string): Promise<void> {
  checkBitField(deadline.PostSubmissions)
  checkBitField(deadline.EarlyTerminations)
  for (const [, bf] of await amtValues(store, deadline.ExpirationsEpochs, bitFieldCodec, `${what}.ExpirationsEpochs`)) checkBitField(bf)
  const partitions = await amtValues(store, deadline.Partitions, getPartitionCodec(version), `${what}.Partitions`)
  partitions.forEach(([i], n) => expect(i, 'partitions are numbered from 0 without gaps').toBe(BigInt(n)))
  for (const [i, p] of partitions) {
    tally.partitions++
    for (const bf of [p.Sectors, p.Faults, p.Recoveries, p.Terminated, ...('Unproven' in p ? [p.Unproven] : [])]) checkBitField(bf)
    for (const [, set] of await amtValues(store, p.ExpirationsEpochs, ExpirationSet, `${what}.Partitions[${i}].ExpirationsEpochs`)) {
      checkBitField(set.OnTimeSectors)
      checkBitField(set.EarlySectors)
    }
    for (const [, bf] of await amtValues(store, p.EarlyTerminated, bitFieldCodec, `${what}.Partitions[${i}].EarlyTerminated`)) checkBitField(bf)
  }
}

async function checkMiner(store: MemoryBlockstore, head: CID, version: ActorsVersion, what: string): Promise<void> {
  const st = await roundTrip(store, head, getMinerStateCodec(version), what)
  expect(Object.keys(st).length).toBe(version === 0 ? 13 : 14)
  checkBitField(st.EarlyTerminations)
  const info = await roundTrip(store, st.Info, getMinerInfoCodec(version), `${what}.Info`)
  expect(info.Owner.protocol, 'the owner is an ID address').toBe(0)
  expect(info.Worker.protocol, 'the worker is an ID address').toBe(0)
  if (version === 2) expect((info as MinerInfoV2).ConsensusFaultElapsed).toBeGreaterThanOrEqual(-1n)
  const vesting = await roundTrip(store, st.VestingFunds, VestingFunds, `${what}.VestingFunds`)
  tally.vesting += vesting.Funds.length
  expect(vesting.Funds.reduce((sum, f) => sum + f.Amount, 0n), 'LockedFunds is the sum of the vesting table').toBe(st.LockedFunds)
  checkBitField(await roundTrip(store, st.AllocatedSectors, bitFieldCodec, `${what}.AllocatedSectors`))
  for await (const { key, value } of (await loadHamt(store, st.PreCommittedSectors, { version: getHamtVersionForActors(version) })).entries()) {
    const pc = SectorPreCommitOnChainInfo.decode(value)
    expect(SectorPreCommitOnChainInfo.encode(pc)).toEqual(value)
    expect(key).toEqual(getSectorNumberKey(pc.Info.SectorNumber))
    tally.precommits++
  }
  for (const [, bf] of await amtValues(store, st.PreCommittedSectorsExpiry, bitFieldCodec, `${what}.PreCommittedSectorsExpiry`)) checkBitField(bf)
  for (const [i, sector] of await amtValues(store, st.Sectors, getSectorOnChainInfoCodec(version), `${what}.Sectors`)) {
    expect(sector.SectorNumber).toBe(i)
    tally.sectors++
  }
  // The corpus's genesis builder (test-vectors gen/builders/state_zero.go) links one empty Deadline
  // where the Deadlines block belongs; read such a block as the Deadline it is.
  const bytes = await store.get(st.Deadlines)
  let due: CID[]
  try {
    due = (await roundTrip(store, st.Deadlines, Deadlines, `${what}.Deadlines`)).Due
    expect(due.length).toBe(WPOST_PERIOD_DEADLINES)
  } catch {
    const deadline = Deadline.decode(bytes)
    expect(Deadline.encode(deadline)).toEqual(bytes)
    tally.linkedDeadline++
    due = [st.Deadlines]
  }
  for (const [n, c] of due.entries()) {
    tally.deadlineBlocks++
    await checkDeadline(store, await roundTrip(store, c, Deadline, `${what}.Deadlines.Due[${n}]`), version, `${what}.Deadline ${n}`)
  }
}

describe('storage miner actors in the corpus', () => {
  it('every miner state, v0 and v2, and everything it links, decodes and re-encodes byte for byte', async () => {
    for (const file of collectVectorFiles([dir])) {
      const vector = VectorDag.parse(JSON.parse(readFileSync(file, 'utf8')))
      const store = createMemoryBlockstore()
      await importCar(store, decodeVectorCar(vector.car))
      for (const root of getVectorStateRoots(vector)) {
        const { version: treeVersion, hamt } = await loadActorsHamt(store, root)
        for await (const { key, value } of hamt.entries()) {
          const actor = decodeActor(value, treeVersion)
          const code = parseBuiltinCode(actor.Code)
          if (code?.name !== 'storageminer') continue
          tally.states++
          tally[code.version === 0 ? 'v0' : 'v2']++
          tally.files.add(file)
          if (tally.distinct.has(String(actor.Head))) continue
          tally.distinct.add(String(actor.Head))
          await checkMiner(store, actor.Head, code.version, `${file.split('/').slice(-2).join('/')} miner ${Buffer.from(key).toString('hex')}`)
        }
      }
    }
    // Every miner of the corpus was made by the vectors' genesis builder: none has a sector yet, and
    // each links a Deadline where its Deadlines belong.
    expect(tally.files.size).toBe(63)
    expect(tally.v0).toBeGreaterThan(50)
    expect(tally.v2).toBeGreaterThan(30)
    expect(tally.distinct.size).toBe(89)
    expect(tally.linkedDeadline).toBe(89)
    expect(tally.bitfields).toBe(4 * 89)
    console.log(
      `miner states: ${tally.states} (${tally.v0} v0, ${tally.v2} v2) in ${tally.files.size} vectors, ${tally.distinct.size} distinct; ${tally.deadlineBlocks} deadline blocks ` +
        `(${tally.linkedDeadline} miners link a Deadline as their Deadlines), ${tally.partitions} partitions, ${tally.sectors} sectors, ${tally.precommits} pre-commits, ` +
        `${tally.vesting} vesting steps; ${tally.bitfields} bitfields read, ${tally.setBits} bits set`,
    )
  })
})
