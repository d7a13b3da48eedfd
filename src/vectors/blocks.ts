// vectors/blocks/: block headers (Lotus JSON, CBOR, CID, signing bytes), MsgMeta CIDs, and tipsets
// (the canonical order of their blocks, the key's bytes and CID). Inputs are fixed: null and
// present optional parts, empty and full lists, integer edge values. Tickets, proofs and
// signatures are fixed filler bytes of the right length, not real proofs.

import { toHex } from 'multiformats/bytes'
import type { CID } from 'multiformats/cid'
import { newIdAddress } from '../../spec/appendix/address/address.ts'
import { SIG_TYPE_BLS, SIG_TYPE_SECP256K1 } from '../../spec/algorithms/crypto/signatures/signature.ts'
import { BlockHeader, MsgMeta, computeBlockCid, computeBlockSigningBytes } from '../../spec/systems/filecoin_blockchain/struct/block/block.ts'
import { computeTipSetKeyCid, encodeTipSetKey, newTipSet, tipSetKey } from '../../spec/systems/filecoin_blockchain/struct/tipset/tipset.ts'
import { computeCborCid } from '../schema/struct.ts'
import { fixedBytes } from './fixed_bytes.ts'
import { type VectorFile, vectorJson } from './registry.ts'

const cidOf = (label: string): CID => computeCborCid(new TextEncoder().encode(label))

/** The parents, state and receipts every tipset vector's blocks share. */
const SHARED = {
  Parents: [cidOf('parent block 1'), cidOf('parent block 2'), cidOf('parent block 3')],
  ParentWeight: 123_456_789_012_345_678_901n,
  Height: 4_000_000n,
  ParentStateRoot: cidOf('parent state root'),
  ParentMessageReceipts: cidOf('parent receipts root'),
  Timestamp: 1598306400n + 4_000_000n * 30n,
  ParentBaseFee: 100n,
}

/** A complete block of the shared tipset from miner `id`, its filler bytes labelled by `label`. */
function fullBlock(id: bigint, label: string): BlockHeader {
  return {
    Miner: newIdAddress(id),
    Ticket: { VRFProof: fixedBytes(`${label} ticket`, 96) },
    ElectionProof: { WinCount: 1n, VRFProof: fixedBytes(`${label} election`, 96) },
    BeaconEntries: [{ Round: 30_000_000n, Data: fixedBytes('beacon 30000000', 48) }],
    WinPoStProof: [{ PoStProof: 3n, ProofBytes: fixedBytes(`${label} winning post`, 192) }],
    Messages: MsgMeta.cid({ BlsMessages: cidOf(`${label} bls messages`), SecpkMessages: cidOf(`${label} secpk messages`) }),
    BLSAggregate: { type: SIG_TYPE_BLS, data: fixedBytes(`${label} bls aggregate`, 96) },
    BlockSig: { type: SIG_TYPE_BLS, data: fixedBytes(`${label} block signature`, 96) },
    ForkSignaling: 0n,
    ...SHARED,
  }
}

const HEADERS: Array<{ id: string; description: string; header: BlockHeader }> = [
  { id: 'full', description: 'every part present: ticket, election proof, one quicknet beacon entry, one WinningPoSt proof, three parents, BLS signatures', header: fullBlock(1000n, 'full') },
  {
    id: 'minimal',
    description: 'every optional part null and every list empty, integers zero, miner f00',
    header: {
      Miner: newIdAddress(0n),
      Ticket: null,
      ElectionProof: null,
      BeaconEntries: [],
      WinPoStProof: [],
      Parents: [],
      ParentWeight: 0n,
      Height: 0n,
      ParentStateRoot: cidOf('empty state'),
      ParentMessageReceipts: cidOf('empty receipts'),
      Messages: cidOf('empty msgmeta'),
      BLSAggregate: null,
      Timestamp: 0n,
      BlockSig: null,
      ForkSignaling: 0n,
      ParentBaseFee: 0n,
    },
  },
  {
    id: 'integer-edges',
    description: 'Height −2^63, Timestamp and ForkSignaling 2^64−1, WinCount 2^63−1, beacon round 2^64−1, ParentWeight 2^1000, negative ParentBaseFee (encodable, not valid)',
    header: {
      ...fullBlock(2n ** 63n - 1n, 'integer edges'),
      ElectionProof: { WinCount: 2n ** 63n - 1n, VRFProof: new Uint8Array(0) },
      BeaconEntries: [{ Round: 2n ** 64n - 1n, Data: new Uint8Array(0) }],
      WinPoStProof: [{ PoStProof: -(2n ** 63n), ProofBytes: new Uint8Array(0) }],
      ParentWeight: 2n ** 1000n,
      Height: -(2n ** 63n),
      Timestamp: 2n ** 64n - 1n,
      ForkSignaling: 2n ** 64n - 1n,
      ParentBaseFee: -1n,
    },
  },
  {
    id: 'chained-beacon-switch',
    description: 'two 96-byte chained drand entries (a block at a beacon switch carries round−1 and round) and two WinningPoSt proofs',
    header: {
      ...fullBlock(1001n, 'beacon switch'),
      BeaconEntries: [
        { Round: 2_634_944n, Data: fixedBytes('beacon 2634944', 96) },
        { Round: 2_634_945n, Data: fixedBytes('beacon 2634945', 96) },
      ],
      WinPoStProof: [
        { PoStProof: 3n, ProofBytes: fixedBytes('post a', 192) },
        { PoStProof: 4n, ProofBytes: fixedBytes('post b', 192) },
      ],
    },
  },
  {
    id: 'secp-block-signature',
    description: 'a 65-byte secp256k1 BlockSig and a null BLSAggregate (encodable; Lotus block validation refuses a null aggregate)',
    header: { ...fullBlock(1002n, 'secp signed'), BLSAggregate: null, BlockSig: { type: SIG_TYPE_SECP256K1, data: fixedBytes('secp block signature', 65) } },
  },
  {
    id: 'unsigned-genesis-like',
    description: 'a genesis-like header: one parent, empty election proof, one all-zero beacon entry, no signatures',
    header: {
      ...fullBlock(0n, 'genesis like'),
      ElectionProof: { WinCount: 0n, VRFProof: new Uint8Array(0) },
      BeaconEntries: [{ Round: 0n, Data: new Uint8Array(32) }],
      WinPoStProof: [],
      Parents: [cidOf('genesis parent')],
      ParentWeight: 0n,
      Height: 0n,
      BLSAggregate: null,
      BlockSig: null,
    },
  },
]

function headerVector(v: (typeof HEADERS)[number]) {
  return {
    id: v.id,
    description: v.description,
    lotusJson: BlockHeader.toJson(v.header),
    cborHex: toHex(BlockHeader.encode(v.header)),
    cid: computeBlockCid(v.header).toString(),
    signingBytesHex: toHex(computeBlockSigningBytes(v.header)),
  }
}

const MSG_METAS = [
  { id: 'distinct-roots', value: { BlsMessages: cidOf('bls messages root'), SecpkMessages: cidOf('secpk messages root') } },
  { id: 'same-root', value: { BlsMessages: cidOf('one root'), SecpkMessages: cidOf('one root') } },
]

/** Tipsets: blocks in a given order, the order newTipSet puts them in, and the key. */
const TIPSETS: Array<{ id: string; description: string; blocks: BlockHeader[] }> = [
  { id: 'one-block', description: 'a tipset of one block', blocks: [fullBlock(1000n, 'full')] },
  {
    id: 'five-blocks',
    description: 'five blocks from five miners, given in miner order; sorted by the blake2b-256 of their tickets',
    blocks: [1000n, 1001n, 1002n, 1003n, 1004n].map((id) => fullBlock(id, `miner ${id}`)),
  },
  {
    id: 'equal-tickets',
    description: 'three blocks with the same ticket (as two blocks of one miner would have): ordered by CID bytes',
    blocks: [1000n, 1001n, 1002n].map((id) => ({ ...fullBlock(id, `tie ${id}`), Ticket: { VRFProof: fixedBytes('shared ticket', 96) } })),
  },
]

function tipSetVector(v: (typeof TIPSETS)[number]) {
  const ts = newTipSet(v.blocks)
  return {
    id: v.id,
    description: v.description,
    blocks: v.blocks.map((b) => ({ cid: computeBlockCid(b).toString(), ticket: toHex(b.Ticket!.VRFProof), cborHex: toHex(BlockHeader.encode(b)) })),
    key: tipSetKey.toJson(ts.Cids),
    keyBytesHex: toHex(encodeTipSetKey(ts.Cids)),
    keyCid: computeTipSetKeyCid(ts.Cids).toString(),
    height: Number(ts.Height),
  }
}

/** The generator registered in registry.ts. */
export function generateBlockVectors(): VectorFile[] {
  const common = { generator: 'src/vectors/blocks.ts', format: 'vectors/blocks/README.md' }
  return [
    { path: 'blocks/headers.json', content: vectorJson({ description: 'BlockHeader encodings, CIDs and signing bytes', ...common, vectors: HEADERS.map(headerVector) }) },
    {
      path: 'blocks/msg_meta.json',
      content: vectorJson({
        description: 'MsgMeta encodings and CIDs (a header’s Messages field)',
        ...common,
        vectors: MSG_METAS.map((m) => ({ id: m.id, lotusJson: MsgMeta.toJson(m.value), cborHex: toHex(MsgMeta.encode(m.value)), cid: MsgMeta.cid(m.value).toString() })),
      }),
    },
    { path: 'blocks/tipsets.json', content: vectorJson({ description: 'Tipset order and keys', ...common, vectors: TIPSETS.map(tipSetVector) }) },
  ]
}
