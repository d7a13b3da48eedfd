// Spec section: Systems › Filecoin Blockchain › Structures › Tipset. The tipset key, and the tipset
// built from its blocks and checked as Lotus does it: chain/types/tipset_key.go (the key's byte,
// CBOR and JSON forms, its CID) and chain/types/tipset.go (`NewTipSet`, the ticket order,
// `MinTicketBlock`; its JSON and CBOR form `ExpTipSet`). The section's further agreement rules,
// which Lotus enforces while syncing and Forest in `Tipset::new`, are validateTipSet.

import { z } from 'zod'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { equals } from 'multiformats/bytes'
import { FilspecError, describeValue } from '../../../../../src/schema/errors.ts'
import { defineKind, fail, type Infer, type Kind } from '../../../../../src/schema/kind.ts'
import { bytes, cid, int64, list } from '../../../../../src/schema/kinds.ts'
import { computeCborCid, defineStruct, field } from '../../../../../src/schema/struct.ts'
import { addressToString } from '../../../../appendix/address/address.ts'
import { computeVrfDigest } from '../../../../algorithms/crypto/vrf/vrf.ts'
import { BlockHeader, computeBlockCid, type Ticket } from '../block/block.ts'

/** A tipset's key: the CIDs of its blocks in the tipset's order. Lotus does not check them for duplicates. */
export type TipSetKey = readonly CID[]

/** The key's bytes (Lotus `TipSetKey.Bytes()`): the binary CIDs one after another, nothing between. */
export function encodeTipSetKey(key: TipSetKey): Uint8Array {
  const out = new Uint8Array(key.reduce((n, c) => n + c.bytes.length, 0))
  let at = 0
  for (const c of key) {
    out.set(c.bytes, at)
    at += c.bytes.length
  }
  return out
}

/**
 * Splits key bytes into CIDs (Lotus `TipSetKeyFromBytes`); bytes that are not whole CIDs throw
 * SchemaError. CIDs are read strictly (minimal varints, digests of their stated length), so the
 * CIDs read encode back to the same bytes.
 */
export function decodeTipSetKey(raw: Uint8Array, path = 'TipSetKey'): TipSetKey {
  const out: CID[] = []
  for (let rest = raw; rest.length > 0; ) {
    try {
      const [c, remainder] = CID.decodeFirst(rest)
      out.push(c)
      rest = remainder
    } catch {
      return fail(`${path}[${out.length}]`, 'a binary CID', rest)
    }
  }
  return out
}

const tipSetKeyJson = z.array(cid.json).nullable()

/** The key as a field: CBOR one byte string of the key's bytes; Lotus JSON a list of CIDs, `[]` when empty. */
export const tipSetKey: Kind<TipSetKey> = defineKind<TipSetKey>({
  name: 'TipSetKey',
  value: z.array(cid.value).readonly(),
  json: tipSetKeyJson,
  toCbor: encodeTipSetKey,
  fromCbor: (data, path) => decodeTipSetKey(bytes.fromCbor(data, path), path),
  toJson: (key) => key.map((c) => cid.toJson(c)),
  fromJson(json, path) {
    if (json === null) return []
    if (!Array.isArray(json)) return fail(path, 'list of CIDs', json)
    return json.map((c, i) => cid.fromJson(c, `${path}[${i}]`))
  },
})

/**
 * The key's CID (Lotus `TipSetKey.Cid()`): dag-cbor, blake2b-256 of the key's bytes encoded as one
 * CBOR byte string. The Ethereum JSON-RPC uses its digest as the block hash of a tipset.
 */
export function computeTipSetKeyCid(key: TipSetKey): CID {
  return computeCborCid(dagCbor.encode(encodeTipSetKey(key)))
}

/**
 * A tipset (Lotus `ExpTipSet`, the form of `TipSet` in JSON and CBOR): its key, its blocks in the
 * tipset's order, and its height. Reading one does not check it: as Lotus's `UnmarshalJSON` does,
 * pass the blocks to newTipSet, which recomputes key and height.
 */
export const TipSet = defineStruct(
  'TipSet',
  {
    Cids: field(list(cid), "The tipset's key: its blocks' CIDs, in order."),
    Blocks: field(list(BlockHeader), 'The block headers, sorted by ticket.'),
    Height: field(int64, 'The epoch of every block.'),
  },
  { doc: 'A set of blocks of one epoch with the same parents, in canonical order.' },
)
export type TipSet = Infer<typeof TipSet>

/** Which rule a set of blocks breaks. */
export type TipSetRule = 'empty' | 'ticket' | 'height' | 'parents' | 'parentWeight' | 'parentStateRoot' | 'parentMessageReceipts' | 'miner'

/** Blocks that do not form a valid tipset; `block` is the CID of the first block at fault. */
export class TipSetError extends FilspecError {
  override name = 'TipSetError'
  constructor(
    readonly rule: TipSetRule,
    readonly block: CID | undefined,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`tipset: ${rule}${block === undefined ? '' : ` of block ${block}`} expected ${expected}, got ${describeValue(got)}`)
  }
}

/** Lexicographic order of byte strings, as Go's `bytes.Compare`. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0)
  return a.length - b.length
}

/**
 * Orders two tickets (Lotus `Ticket.Less`): by the VRF outputs of their proofs (blake2b-256 of
 * the VRFProof), compared as bytes. Returns a negative number, zero or a positive number.
 */
export function compareTickets(a: Ticket, b: Ticket): number {
  return compareBytes(computeVrfDigest(a.VRFProof), computeVrfDigest(b.VRFProof))
}

interface TicketedBlock {
  readonly header: BlockHeader
  readonly ticket: Ticket
  readonly cid: CID
}

/** The block with its ticket and CID; a block without a ticket cannot be in a tipset. */
function ticketed(header: BlockHeader, blockCid: CID = computeBlockCid(header)): TicketedBlock {
  if (header.Ticket === null) throw new TipSetError('ticket', blockCid, 'a ticket', null)
  return { header, ticket: header.Ticket, cid: blockCid }
}

/** The tipset order (Lotus `tipsetSortFunc`): by ticket; equal tickets (same VRF proof) by CID bytes. */
function compareBlocks(a: TicketedBlock, b: TicketedBlock): number {
  if (equals(a.ticket.VRFProof, b.ticket.VRFProof)) return compareBytes(a.cid.bytes, b.cid.bytes)
  return compareTickets(a.ticket, b.ticket)
}

function sameCids(a: readonly CID[], b: readonly CID[]): boolean {
  return a.length === b.length && a.every((c, i) => c.equals(b[i]))
}

/**
 * Builds a tipset from its blocks (Lotus `types.NewTipSet`): at least one block, every block with a
 * ticket; sorted into the tipset order; then every block at the first block's height and with
 * the same parents, same number and same CIDs in the same order. Lotus checks nothing more here.
 */
export function newTipSet(headers: readonly BlockHeader[]): TipSet {
  if (headers.length === 0) throw new TipSetError('empty', undefined, 'at least one block', 'no blocks')
  const blocks = headers.map((header) => ticketed(header))
  blocks.sort(compareBlocks)
  const first = blocks[0]!.header
  for (const b of blocks.slice(1)) {
    if (b.header.Height !== first.Height) throw new TipSetError('height', b.cid, `${first.Height}`, b.header.Height)
    if (b.header.Parents.length !== first.Parents.length) throw new TipSetError('parents', b.cid, `${first.Parents.length} parents`, `${b.header.Parents.length} parents`)
    if (!sameCids(b.header.Parents, first.Parents)) throw new TipSetError('parents', b.cid, "the first block's parents", 'other CIDs')
  }
  return { Cids: blocks.map((b) => b.cid), Blocks: blocks.map((b) => b.header), Height: first.Height }
}

/** The parent tipset's key (Lotus `TipSet.Parents()`): the first block's parents, which all share. */
export function getTipSetParents(ts: TipSet): TipSetKey {
  return ts.Blocks[0]?.Parents ?? []
}

/**
 * The block with the smallest ticket (Lotus `MinTicketBlock`), the first among equals: it supplies
 * the randomness for the next epoch. In a tipset from newTipSet it is the first block.
 */
export function getMinTicketBlock(ts: TipSet): BlockHeader {
  const blocks = ts.Blocks.map((header, i) => ticketed(header, ts.Cids[i]))
  let min = blocks[0]
  if (min === undefined) throw new TipSetError('empty', undefined, 'at least one block', 'no blocks')
  for (const b of blocks.slice(1)) if (compareTickets(b.ticket, min.ticket) < 0) min = b
  return min.header
}

/**
 * The section's rules beyond newTipSet: the blocks agree on parent weight, parent state root and
 * parent receipts root, and come from distinct miners. Lotus reaches the first three while
 * syncing (each block is checked against the state computed from its parents) and keeps one block
 * per miner when it assembles tipsets; Forest's `Tipset::new` checks state roots and miners.
 */
export function validateTipSet(ts: TipSet): void {
  const first = ts.Blocks[0]
  if (first === undefined) throw new TipSetError('empty', undefined, 'at least one block', 'no blocks')
  const miners = new Set<string>()
  for (const [i, b] of ts.Blocks.entries()) {
    const at = ts.Cids[i]
    if (b.ParentWeight !== first.ParentWeight) throw new TipSetError('parentWeight', at, `${first.ParentWeight}`, b.ParentWeight)
    if (!b.ParentStateRoot.equals(first.ParentStateRoot)) throw new TipSetError('parentStateRoot', at, `${first.ParentStateRoot}`, `${b.ParentStateRoot}`)
    if (!b.ParentMessageReceipts.equals(first.ParentMessageReceipts)) {
      throw new TipSetError('parentMessageReceipts', at, `${first.ParentMessageReceipts}`, `${b.ParentMessageReceipts}`)
    }
    const miner = addressToString(b.Miner)
    if (miners.has(miner)) throw new TipSetError('miner', at, 'a miner with no other block in the tipset', miner)
    miners.add(miner)
  }
}
