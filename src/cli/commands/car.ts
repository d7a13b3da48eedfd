// `filspec car verify <file.car|vector.json>`: loads a DAG (a CAR v1 file, or a conformance
// vector's gzipped base64 CAR), walks every block reachable from its roots
// (spec/systems/filecoin_nodes/repository/ipldstore/walk.ts), decodes each DAG-CBOR block strictly,
// encodes it again with @ipld/dag-cbor, and checks that the bytes and so the CID are the same.
// Prints `blocks=N identical=N missing=N`; exit 0 when every block is identical and none missing,
// 1 when not (the CIDs at fault on stderr), 2 for input that is not a CAR or a vector.
import { readFileSync } from 'node:fs'
import * as dagCbor from '@ipld/dag-cbor'
import type { CID } from 'multiformats/cid'
import { equals } from 'multiformats/bytes'
import { BlockError, validateBlock } from '../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { readCar } from '../../../spec/systems/filecoin_nodes/repository/ipldstore/car.ts'
import { type MemoryBlockstore, createMemoryBlockstore } from '../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { type WalkedBlock, walkDag } from '../../../spec/systems/filecoin_nodes/repository/ipldstore/walk.ts'
import { VectorDag, decodeVectorCar, getVectorStateRoots } from '../../conformance/vector_car.ts'
import { FilspecError } from '../../schema/errors.ts'
import { type Command, UsageError } from '../command.ts'

/** A DAG loaded from a file: its blocks in memory (unchecked) and the roots to walk from. */
export interface LoadedDag {
  store: MemoryBlockstore
  roots: CID[]
}

/** The DAG of a vector: its CAR's roots, then its pre- and post-state roots not among them. */
function vectorDag(path: string, text: string): { car: Uint8Array; extraRoots: CID[] } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new FilspecError(`${path}: expected a CAR file or a JSON vector, got invalid JSON (${(e as Error).message})`)
  }
  const parsed = VectorDag.safeParse(json)
  if (!parsed.success) throw new FilspecError(`${path}: vector expected a car field and both state roots, got ${parsed.error.issues[0]!.path.join('.') || 'another shape'} missing or malformed`)
  return { car: decodeVectorCar(parsed.data.car), extraRoots: getVectorStateRoots(parsed.data) }
}

/**
 * Loads `path`: a JSON file is read as a conformance vector, anything else as a CAR v1 file. The
 * blocks go into a memory store as they are, unchecked, so that a bad block is reported by the
 * command that reads it rather than refused here.
 */
export async function loadDagFile(path: string): Promise<LoadedDag> {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(path)
  } catch (e) {
    throw new FilspecError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  const isJson = bytes[0] === 0x7b // '{'
  const { car, extraRoots } = isJson ? vectorDag(path, new TextDecoder().decode(bytes)) : { car: bytes, extraRoots: [] }
  const { roots, blocks } = readCar(car)
  const store = createMemoryBlockstore()
  await store.putMany(blocks)
  const all = [...roots]
  for (const r of extraRoots) if (!all.some((x) => x.equals(r))) all.push(r)
  return { store, roots: all }
}

/** Whether a block's bytes hash to its CID and, for DAG-CBOR, encode again to the same bytes. */
export function isIdentical(block: WalkedBlock): boolean {
  try {
    validateBlock(block)
  } catch (e) {
    if (e instanceof BlockError) return false
    throw e
  }
  return block.value === undefined || equals(dagCbor.encode(block.value), block.bytes)
}

/** The report's lines on stderr: each CID at fault, at most `limit` of each kind. */
function faults(kind: string, cids: CID[], limit = 20): string {
  const lines = cids.slice(0, limit).map((c) => `${kind} ${c}\n`)
  if (cids.length > limit) lines.push(`${kind}: ${cids.length - limit} more\n`)
  return lines.join('')
}

export const command: Command = {
  name: 'car',
  usage: 'car verify <file.car|vector.json>\n                                 re-encode every block reachable from the roots; prints blocks=N identical=N missing=N',
  async run({ args, out, err }) {
    const [sub, file, ...rest] = args
    if (sub !== 'verify') throw new UsageError(`car: expected subcommand "verify", got ${JSON.stringify(sub ?? '')}`)
    if (file === undefined || rest.length > 0) throw new UsageError('car verify: expected one argument <file.car|vector.json>')
    const { store, roots } = await loadDagFile(file)
    const different: CID[] = []
    let identical = 0
    let result
    try {
      result = await walkDag(store, roots, (block) => {
        if (isIdentical(block)) identical++
        else different.push(block.cid)
      })
    } catch (e) {
      // A block that is not strict DAG-CBOR: its links are unknown, so the walk cannot go on.
      if (e instanceof BlockError) {
        err(`filspec: ${e.message}\n`)
        return 1
      }
      throw e
    }
    out(`blocks=${result.blocks} identical=${identical} missing=${result.missing.length}\n`)
    err(faults('different', different) + faults('missing', [...result.missing]))
    return identical === result.blocks && result.missing.length === 0 ? 0 : 1
  },
}
