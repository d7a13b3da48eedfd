// Spec section: Systems › Filecoin Nodes › Repository › IPLD Store, CAR files. How a store takes in
// and gives out a DAG as a CAR v1 file (ipld/specs block-layer/content-addressable-archives.md):
// a varint-framed DAG-CBOR header {roots, version: 1}, then one section per block, varint length ‖
// CID ‖ bytes. Import follows go-car's LoadCar (every block checked against its CID, written in a
// batch); export follows go-car's WriteCar, which Lotus uses for state and test vectors: the blocks
// in the order of `walkDag` from the roots, each once. The framing itself is @ipld/car's.

import { CarBufferReader } from '@ipld/car/buffer-reader'
import { addBlock, blockLength, close, createWriter, headerLength } from '@ipld/car/buffer-writer'
import type { CID } from 'multiformats/cid'
import { FilspecError } from '../../../../../src/schema/errors.ts'
import { type Block, type Blockstore, BlockNotFoundError, validateBlock } from './blockstore.ts'
import { walkDag } from './walk.ts'

/** The only CAR version read and written. */
export const CAR_VERSION = 1

/** Bytes that are not a CAR v1 file: `reason` says what was wrong. */
export class CarError extends FilspecError {
  override name = 'CarError'
  constructor(readonly reason: string) {
    super(`car: ${reason}`)
  }
}

/** The contents of a CAR file: its roots, and its blocks in file order. */
export interface Car {
  readonly roots: readonly CID[]
  readonly blocks: readonly Block[]
}

/** Reads a CAR v1 file; bytes that are not one are a CarError. Blocks are not checked here. */
export function readCar(bytes: Uint8Array): Car {
  let reader: CarBufferReader
  try {
    reader = CarBufferReader.fromBytes(bytes)
  } catch (e) {
    throw new CarError(`file expected a CAR, got unreadable bytes (${e instanceof Error ? e.message : String(e)})`)
  }
  if (reader.version !== CAR_VERSION) throw new CarError(`version expected ${CAR_VERSION}, got ${reader.version}`)
  return { roots: reader.getRoots(), blocks: reader.blocks() }
}

/** Writes a CAR v1 file of `roots` and `blocks`, in the order given. */
export function writeCar(roots: readonly CID[], blocks: readonly Block[]): Uint8Array {
  let size = headerLength({ roots: [...roots] })
  for (const block of blocks) size += blockLength(block)
  const writer = createWriter(new ArrayBuffer(size), { roots: [...roots] })
  for (const block of blocks) addBlock(writer, block)
  return close(writer)
}

/** What an import stored: the CAR's roots and its number of blocks. */
export interface CarImport {
  readonly roots: readonly CID[]
  readonly blocks: number
}

/**
 * Imports a CAR file into `store`: every block is checked against its CID (a BlockError names the
 * first that fails), then all are written in one batch, so a bad file stores nothing.
 */
export async function importCar(store: Blockstore, bytes: Uint8Array): Promise<CarImport> {
  const car = readCar(bytes)
  for (const block of car.blocks) validateBlock(block)
  await store.putMany(car.blocks)
  return { roots: car.roots, blocks: car.blocks.length }
}

/**
 * Exports the DAG under `roots` from `store` as a CAR file, blocks in `walkDag` order (inline
 * blocks included, as go-car writes them). Every block must be there: the first missing one is a
 * BlockNotFoundError.
 */
export async function exportCar(store: Blockstore, roots: readonly CID[]): Promise<Uint8Array> {
  const blocks: Block[] = []
  const { missing } = await walkDag(store, roots, ({ cid, bytes }) => void blocks.push({ cid, bytes }))
  if (missing.length > 0) throw new BlockNotFoundError(missing[0]!)
  return writeCar(roots, blocks)
}
