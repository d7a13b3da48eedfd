// Spec section: Systems › Filecoin Blockchain › Structures › Block. The block header and the small
// structures it carries (ticket, election proof, WinningPoSt proofs), with the header's CID and
// the bytes its producer signs. Field order and nullability follow Lotus chain/types/blockheader.go
// as cbor-gen serialises it (chain/types/cbor_gen.go: a 16-element tuple; Ticket, ElectionProof,
// BLSAggregate and BlockSig are pointers, written as CBOR null when absent). PoStProof is
// go-state-types proof.PoStProof.

import type { CID } from 'multiformats/cid'
import { defineStruct, field } from '../../../../../src/schema/struct.ts'
import { bytes, cid, int64, list, nullable, uint64 } from '../../../../../src/schema/kinds.ts'
import { bigInt } from '../../../../../src/schema/big_int.ts'
import type { Infer } from '../../../../../src/schema/kind.ts'
import { address } from '../../../../appendix/address/address.ts'
import { signature } from '../../../../algorithms/crypto/signatures/signature.ts'
import { BeaconEntry } from '../../../../libraries/drand/beacon_entry.ts'

export const Ticket = defineStruct(
  'Ticket',
  { VRFProof: field(bytes, "The miner worker's VRF output over the ticket randomness; its digest orders blocks and seeds the next tickets.") },
  { doc: "A block's ticket: the VRF proof that supplies the chain's randomness." },
)
export type Ticket = Infer<typeof Ticket>

export const ElectionProof = defineStruct(
  'ElectionProof',
  {
    WinCount: field(int64, 'How many times the miner won the election at this epoch (each win earns one block reward).'),
    VRFProof: field(bytes, "The miner worker's VRF output over the election randomness."),
  },
  { doc: 'Proof that the block producer won leader election, with its number of wins.' },
)
export type ElectionProof = Infer<typeof ElectionProof>

export const PoStProof = defineStruct(
  'PoStProof',
  {
    PoStProof: field(int64, 'The proof type (abi.RegisteredPoStProof), e.g. 3 for StackedDrgWinning32GiBV1.'),
    ProofBytes: field(bytes, 'The proof itself.'),
  },
  { doc: 'A proof of spacetime; a block carries the WinningPoSt proofs of its miner.' },
)
export type PoStProof = Infer<typeof PoStProof>

export const BlockHeader = defineStruct(
  'BlockHeader',
  {
    Miner: field(address, 'ID address of the miner actor that produced the block.'),
    Ticket: field(nullable(Ticket), "The block's ticket. Null is representable, but a chain block must have one."),
    ElectionProof: field(nullable(ElectionProof), 'The leader election proof. Null is representable, but a chain block must have one.'),
    BeaconEntries: field(list(BeaconEntry), 'drand entries since the parent tipset, in round order; shared by the tipset.'),
    WinPoStProof: field(list(PoStProof), "The miner's WinningPoSt proofs."),
    Parents: field(list(cid), "CIDs of the parent tipset's blocks, in the tipset's order; shared by the tipset."),
    ParentWeight: field(bigInt, 'Chain weight up to and including the parent tipset; shared by the tipset.'),
    Height: field(int64, 'The epoch (ChainEpoch); shared by the tipset.'),
    ParentStateRoot: field(cid, 'State root after executing the parent tipset; shared by the tipset.'),
    ParentMessageReceipts: field(cid, "Root of the parent tipset's receipts; shared by the tipset."),
    Messages: field(cid, 'CID of the MsgMeta listing the BLS and secp256k1 messages.'),
    BLSAggregate: field(nullable(signature), 'Aggregate of the signatures of the BLS messages; null only in the genesis block.'),
    Timestamp: field(uint64, 'Seconds since the Unix epoch; implied by genesis time, block delay and Height; shared by the tipset.'),
    BlockSig: field(nullable(signature), "The miner worker's signature over the header with BlockSig null; null only in the genesis block."),
    ForkSignaling: field(uint64, 'Unused; 0.'),
    ParentBaseFee: field(bigInt, 'Base fee (attoFIL per gas) that results from the parent tipset; shared by the tipset.'),
  },
  { doc: "A block header: one miner's block for one epoch, pointing at its parents, state and messages by CID." },
)
export type BlockHeader = Infer<typeof BlockHeader>

export const MsgMeta = defineStruct(
  'MsgMeta',
  {
    BlsMessages: field(cid, 'Root of the AMT of the CIDs of the BLS messages (unsigned messages).'),
    SecpkMessages: field(cid, 'Root of the AMT of the CIDs of the secp256k1 and delegated signed messages.'),
  },
  { doc: "The block's message lists, by the roots of two AMTs; a header's Messages field is its CID." },
)
export type MsgMeta = Infer<typeof MsgMeta>

/** The header's CID (Lotus `BlockHeader.Cid()`): dag-cbor, blake2b-256 of its encoding. */
export function computeBlockCid(header: BlockHeader): CID {
  return BlockHeader.cid(header)
}

/**
 * The bytes the miner's worker key signs into BlockSig (Lotus `BlockHeader.SigningBytes()`): the
 * header's encoding with BlockSig null, every other field as it is.
 */
export function computeBlockSigningBytes(header: BlockHeader): Uint8Array {
  return BlockHeader.encode({ ...header, BlockSig: null })
}
