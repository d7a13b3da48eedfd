// Spec section: Libraries › Multiformats, CIDs. Which CIDs Filecoin's chain and state contain,
// and how to read a CID's bytes strictly. The shapes allowed are those ref-fvm accepts in state
// (fvm/src/blockstore/buffered.rs `take_reachable`, fvm/src/ipld/mod.rs `ALLOWED_CODECS`,
// `IGNORED_CODECS`), the commitment pairs of fvm_shared `commcid`, and the one sha2-256 block
// every genesis links to (Lotus chain/gen/genesis/genblock.go). Binary layout: multiformats/cid.

import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { SchemaError, describeValue } from '../../../src/schema/errors.ts'
import {
  BLAKE2B_256,
  CBOR,
  DAG_CBOR,
  FIL_COMMITMENT_SEALED,
  FIL_COMMITMENT_UNSEALED,
  IDENTITY,
  POSEIDON_BLS12_381_A2_FC1,
  RAW,
  SHA2_256,
  SHA2_256_TRUNC254_PADDED,
} from './multicodec.ts'

/** Longest CID in bytes (fvm_shared `MAX_CID_LEN`). */
export const MAX_CID_LEN = 100
/** Longest identity digest: the `cid` crate's multihash holds at most 64 bytes (ref-fvm's bound). */
export const MAX_IDENTITY_DIGEST_LEN = 64

/** One allowed pairing of codec and multihash, with the digest lengths it may have. */
export interface ChainCidRule {
  readonly codec: number
  readonly hash: number
  readonly minDigest: number
  readonly maxDigest: number
  /** Where Filecoin uses it. */
  readonly use: string
}

/** Every CIDv1 shape that appears in Filecoin's chain and state. */
export const CHAIN_CID_RULES: readonly ChainCidRule[] = [
  { codec: DAG_CBOR, hash: BLAKE2B_256, minDigest: 32, maxDigest: 32, use: 'blocks, messages, receipts and actor state (Lotus abi.CidBuilder)' },
  { codec: DAG_CBOR, hash: IDENTITY, minDigest: 0, maxDigest: MAX_IDENTITY_DIGEST_LEN, use: 'small DAG-CBOR blocks inlined in their link (FVM)' },
  { codec: DAG_CBOR, hash: SHA2_256, minDigest: 32, maxDigest: 32, use: "the 2017 \"Filecoin\" block, every genesis block's parent" },
  { codec: RAW, hash: BLAKE2B_256, minDigest: 32, maxDigest: 32, use: 'actor code since actors v8 (WebAssembly bundles)' },
  { codec: RAW, hash: IDENTITY, minDigest: 0, maxDigest: MAX_IDENTITY_DIGEST_LEN, use: 'actor code of actors v0–v7 (names such as fil/1/account)' },
  { codec: CBOR, hash: BLAKE2B_256, minDigest: 32, maxDigest: 32, use: 'FVM blocks that do not link' },
  { codec: CBOR, hash: IDENTITY, minDigest: 0, maxDigest: MAX_IDENTITY_DIGEST_LEN, use: 'FVM blocks that do not link, inlined' },
  { codec: FIL_COMMITMENT_UNSEALED, hash: SHA2_256_TRUNC254_PADDED, minDigest: 32, maxDigest: 32, use: 'piece and unsealed sector commitments (CommP, CommD)' },
  { codec: FIL_COMMITMENT_SEALED, hash: POSEIDON_BLS12_381_A2_FC1, minDigest: 32, maxDigest: 32, use: 'sealed sector commitments (CommR)' },
]

/** The part of a CID at fault. */
export type CidErrorKind = 'encoding' | 'version' | 'codec' | 'multihash' | 'digest-length' | 'length'

/** A CID that is malformed, or well formed but of a shape Filecoin does not use. */
export class CidError extends SchemaError {
  override name = 'CidError'
  constructor(
    readonly kind: CidErrorKind,
    path: string,
    readonly what: string,
    rule: string,
    got: unknown,
  ) {
    super(path, `${what} expected ${rule}, got ${typeof got === 'number' ? `0x${got.toString(16)}` : describeValue(got)}`)
  }
}

/** Checks that `cid` has one of the shapes of CHAIN_CID_RULES, as CIDv1 of at most MAX_CID_LEN bytes. */
export function validateChainCid(cid: CID, path = 'cid'): void {
  if (cid.version !== 1) throw new CidError('version', path, 'version', 'CIDv1', cid.version)
  if (cid.bytes.length > MAX_CID_LEN) throw new CidError('length', path, 'cid', `at most ${MAX_CID_LEN} bytes`, cid.bytes)
  const forCodec = CHAIN_CID_RULES.filter((r) => r.codec === cid.code)
  if (forCodec.length === 0) throw new CidError('codec', path, 'codec', 'dag-cbor, raw, cbor or a Filecoin commitment codec', cid.code)
  const rule = forCodec.find((r) => r.hash === cid.multihash.code)
  if (rule === undefined) throw new CidError('multihash', path, 'multihash', `one of ${forCodec.map((r) => `0x${r.hash.toString(16)}`).join(', ')} for codec 0x${cid.code.toString(16)}`, cid.multihash.code)
  const n = cid.multihash.size
  if (n < rule.minDigest || n > rule.maxDigest) {
    throw new CidError('digest-length', path, 'digest', rule.minDigest === rule.maxDigest ? `${rule.minDigest} bytes` : `at most ${rule.maxDigest} bytes`, cid.multihash.digest)
  }
}

/** Reads an unsigned varint (multiformats/unsigned-varint): minimal, at most 9 bytes, a safe JS integer. */
function readVarint(b: Uint8Array, at: number, what: string, path: string): { value: number; next: number } {
  let value = 0n
  for (let i = 0; i < 9; i++) {
    const byte = b[at + i]
    if (byte === undefined) throw new CidError('encoding', path, what, 'a complete varint', b)
    value |= BigInt(byte & 0x7f) << BigInt(7 * i)
    if (byte < 0x80) {
      if (byte === 0 && i > 0) throw new CidError('encoding', path, what, 'a minimal varint', b)
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new CidError('encoding', path, what, 'a code below 2^53', b)
      return { value: Number(value), next: at + i + 1 }
    }
  }
  throw new CidError('encoding', path, what, 'a varint of at most 9 bytes', b)
}

/**
 * Reads the binary form of a CID, all of `bytes` and nothing else: CIDv0 (a bare sha2-256
 * multihash, 0x12 0x20 ‖ 32 bytes) or CIDv1 (varints version 1, codec, hash code, digest length,
 * then the digest). Only well-formed CIDs are read; validateChainCid says whether Filecoin uses it.
 */
export function decodeCid(bytes: Uint8Array, path = 'cid'): CID {
  if (bytes[0] === SHA2_256 && bytes[1] === 32) {
    if (bytes.length !== 34) throw new CidError('encoding', path, 'CIDv0', '34 bytes', bytes)
    return CID.createV0(createDigest(SHA2_256, bytes.subarray(2)))
  }
  const version = readVarint(bytes, 0, 'version', path)
  if (version.value !== 1) throw new CidError('version', path, 'version', 'CIDv1 (or a CIDv0 multihash)', version.value)
  const codec = readVarint(bytes, version.next, 'codec', path)
  const hash = readVarint(bytes, codec.next, 'multihash code', path)
  const size = readVarint(bytes, hash.next, 'digest length', path)
  if (bytes.length - size.next !== size.value) throw new CidError('encoding', path, 'digest', `exactly ${size.value} bytes to the end`, bytes.subarray(size.next))
  return CID.createV1(codec.value, createDigest(hash.value, bytes.slice(size.next)))
}
