// Spec section: Libraries › Multiformats. The multicodec codes that appear in Filecoin's CIDs:
// content codecs and multihash functions, with the values of the multiformats code table
// (multiformats/multicodec table.csv) and the names ref-fvm gives them (fvm_ipld_encoding,
// fvm_shared `commcid`).

export { BLAKE2B_256 } from '../../../src/schema/struct.ts'

/** Codec of DAG-CBOR blocks: every chain structure and all actor state. */
export const DAG_CBOR = 0x71
/** Codec of raw bytes: actor code (WebAssembly bundles, and the names of the pre-FVM actors). */
export const RAW = 0x55
/** Codec of plain CBOR, whose tag 42 is not a link: FVM blocks that do not link. */
export const CBOR = 0x51
/** Codec of an unsealed sector or piece commitment (CommD, CommP). */
export const FIL_COMMITMENT_UNSEALED = 0xf101
/** Codec of a sealed sector commitment (CommR). */
export const FIL_COMMITMENT_SEALED = 0xf102

/** Multihash "identity": the digest is the data itself (inline blocks, pre-FVM actor code). */
export const IDENTITY = 0x00
/** Multihash sha2-256. */
export const SHA2_256 = 0x12
/** Multihash of CommD/CommP: the root of a sha2-256 binary Merkle tree, top two bits zeroed. */
export const SHA2_256_TRUNC254_PADDED = 0x1012
/**
 * Multihash of CommR: Poseidon over BLS12-381, arity 2. The table's name is
 * poseidon-bls12_381-a2-fc1; ref-fvm calls the same code POSEIDON_BLS12_381_A1_FC1.
 */
export const POSEIDON_BLS12_381_A2_FC1 = 0xb401
