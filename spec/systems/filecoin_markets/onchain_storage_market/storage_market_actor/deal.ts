// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Deals". The deal proposal a
// client signs, the signed proposal a provider publishes, and the state the market keeps of an
// active deal (specs-actors v0.9.13 builtin/market/deal.go; v2.3.2 aliases the v0 types).
//
// The proposal's Label is a Go string, which cbor-gen writes as a CBOR text string of the
// string's bytes, whatever they are: labels that are not UTF-8 exist on chain (pitfalls.md,
// FIP-0027). A proposal is signed, hashed into its CID and stored by its bytes, so the label is
// kept here as the raw bytes of the text string, and the proposal is read and written by the
// tuple codec below rather than through a CBOR library, which would replace invalid bytes.

import type { CID } from 'multiformats/cid'
import { equals } from 'multiformats/bytes'
import { z } from 'zod'
import { address, addressToBytes, type Address } from '../../../../appendix/address/address.ts'
import { SIGNATURE_MAX_LENGTH, type Signature, signature } from '../../../../algorithms/crypto/signatures/signature.ts'
import {
  expectHead,
  readHead,
  readLink,
  readRaw,
  writeHead,
  writeLink,
  writeRaw,
  type CborCursor,
  type CborWriter,
} from '../../../../libraries/ipld/cbor_head.ts'
import { bigInt, encodeBigInt } from '../../../../../src/schema/big_int.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import { defineKind, fail, parseWith, type Infer, type Kind } from '../../../../../src/schema/kind.ts'
import { CBOR_MAX_LENGTH, bool, cid, int64, uint64 } from '../../../../../src/schema/kinds.ts'
import { computeCborCid, defineStruct, field, type Struct } from '../../../../../src/schema/struct.ts'

const UTF8_LOSSY = new TextDecoder('utf-8', { fatal: false })
const UTF8 = new TextEncoder()

const labelJson = z.string({ error: 'expected string' })

/**
 * A deal label: the bytes of a CBOR text string of at most CBOR_MAX_LENGTH (8192) bytes, the
 * bound cbor-gen reads strings with, kept as they are. Its CBOR data-model form is a JS string,
 * exact only for UTF-8 labels (`DealProposal.encode` and `decode` keep any bytes); its Lotus
 * JSON form is a string, invalid bytes shown as U+FFFD as Go's encoding/json writes them.
 */
export const dealLabel: Kind<Uint8Array> = defineKind<Uint8Array>({
  name: 'DealLabel',
  value: z
    .instanceof(Uint8Array, { error: 'expected Uint8Array' })
    .refine((b) => b.length <= CBOR_MAX_LENGTH, { error: `expected at most ${CBOR_MAX_LENGTH} bytes` }),
  json: labelJson,
  toCbor: (v) => UTF8_LOSSY.decode(v),
  fromCbor(data, path) {
    if (typeof data !== 'string') return fail(path, 'text string', data)
    const bytes = UTF8.encode(data)
    if (bytes.length > CBOR_MAX_LENGTH) return fail(path, `text string of at most ${CBOR_MAX_LENGTH} bytes`, data)
    return bytes
  },
  toJson: (v) => UTF8_LOSSY.decode(v),
  fromJson: (json, path) => dealLabel.fromCbor(parseWith(labelJson, json, path), path),
})

const proposalFields = {
  PieceCID: field(cid, 'The piece commitment (CommP): a CIDv1 of codec fil-commitment-unsealed and multihash sha2-256-trunc254-padded.'),
  PieceSize: field(uint64, 'The padded piece size in bytes: a power of two, at least 128.'),
  VerifiedDeal: field(bool, 'Whether the deal uses the client’s DataCap; its space then counts ten times in a sector’s quality.'),
  Client: field(address, 'The client; an ID address once the deal is stored.'),
  Provider: field(address, 'The provider (a miner actor); an ID address once the deal is stored.'),
  Label: field(dealLabel, 'Any label the client chose: the raw bytes of a CBOR text string, not necessarily UTF-8.'),
  StartEpoch: field(int64, 'The epoch by which the deal must be in a proven sector, and from which it is paid.'),
  EndEpoch: field(int64, 'The epoch the deal ends, exclusive of payment.'),
  StoragePricePerEpoch: field(bigInt, 'attoFIL the client pays the provider for each epoch of the deal.'),
  ProviderCollateral: field(bigInt, 'attoFIL of the provider’s escrow locked for the deal, slashed if the provider fails it.'),
  ClientCollateral: field(bigInt, 'attoFIL of the client’s escrow locked for the deal.'),
}

type DealProposalValue = Infer<Struct<typeof proposalFields>>

// ---------------------------------------------------------------------------------------------
// The tuple codec: the fields in order, as cbor-gen reads and writes them

function schemaFail(path: string): CborCursor['fail'] {
  return (at, what, rule, got) => new SchemaError(path, `${what} expected ${rule}, got ${got} at byte ${at}`)
}

function readUint64(c: CborCursor, what: string): bigint {
  const at = c.pos
  const { major, arg } = readHead(c, what)
  if (major !== 0) throw c.fail(at, what, 'an unsigned integer (major type 0)', `major type ${major}`)
  return BigInt(arg)
}

/** cbor-gen int64: major type 0 up to 2^63−1, or major type 1 down to −2^63. */
function readInt64(c: CborCursor, what: string): bigint {
  const at = c.pos
  const { major, arg } = readHead(c, what)
  const n = BigInt(arg)
  if (major === 0 && n < 1n << 63n) return n
  if (major === 1 && n < 1n << 63n) return -1n - n
  throw c.fail(at, what, 'an int64 (major type 0 or 1)', major === 0 || major === 1 ? 'an overflow' : `major type ${major}`)
}

function readBool(c: CborCursor, what: string): boolean {
  const b = c.bytes[c.pos]
  if (b !== 0xf4 && b !== 0xf5) throw c.fail(c.pos, what, 'false or true', b === undefined ? 'the end' : `0x${b.toString(16)}`)
  c.pos++
  return b === 0xf5
}

function readBytes(c: CborCursor, what: string, maxLength: number): Uint8Array {
  const at = c.pos
  const length = expectHead(c, 2, what, 'a byte string')
  if (length > maxLength) throw c.fail(at, what, `at most ${maxLength} bytes`, `${length}`)
  return readRaw(c, length, what).slice()
}

function writeInt(w: CborWriter, v: bigint): void {
  if (v >= 0n) writeHead(w, 0, v)
  else writeHead(w, 1, -1n - v)
}

function writeBytes(w: CborWriter, major: 2 | 3, bytes: Uint8Array): void {
  writeHead(w, major, bytes.length)
  writeRaw(w, bytes)
}

/** Reads a DealProposal tuple at the cursor. */
export function readDealProposal(c: CborCursor, path = 'DealProposal'): DealProposalValue {
  const at = c.pos
  const n = expectHead(c, 4, path, 'an array of 11 fields')
  if (n !== 11) throw c.fail(at, path, 'an array of 11 fields', `${n} fields`)
  const PieceCID = readLink(c)
  const PieceSize = readUint64(c, `${path}.PieceSize`)
  const VerifiedDeal = readBool(c, `${path}.VerifiedDeal`)
  // go-address reads an address from a byte string of any length and then checks its form
  const Client = address.fromCbor(readBytes(c, `${path}.Client`, Number.MAX_SAFE_INTEGER), `${path}.Client`)
  const Provider = address.fromCbor(readBytes(c, `${path}.Provider`, Number.MAX_SAFE_INTEGER), `${path}.Provider`)
  const labelAt = c.pos
  const labelLength = expectHead(c, 3, `${path}.Label`, 'a text string')
  if (labelLength > CBOR_MAX_LENGTH) throw c.fail(labelAt, `${path}.Label`, `at most ${CBOR_MAX_LENGTH} bytes`, `${labelLength}`)
  const Label = readRaw(c, labelLength, `${path}.Label`).slice()
  const StartEpoch = readInt64(c, `${path}.StartEpoch`)
  const EndEpoch = readInt64(c, `${path}.EndEpoch`)
  const amount = (name: string) => bigInt.fromCbor(readBytes(c, `${path}.${name}`, Number.MAX_SAFE_INTEGER), `${path}.${name}`)
  const StoragePricePerEpoch = amount('StoragePricePerEpoch')
  const ProviderCollateral = amount('ProviderCollateral')
  const ClientCollateral = amount('ClientCollateral')
  return { PieceCID, PieceSize, VerifiedDeal, Client, Provider, Label, StartEpoch, EndEpoch, StoragePricePerEpoch, ProviderCollateral, ClientCollateral }
}

/** Writes a DealProposal tuple; the label's bytes go into the text string as they are. */
export function writeDealProposal(w: CborWriter, p: DealProposalValue): void {
  writeHead(w, 4, 11)
  writeLink(w, p.PieceCID)
  writeHead(w, 0, p.PieceSize)
  writeRaw(w, Uint8Array.of(p.VerifiedDeal ? 0xf5 : 0xf4))
  writeBytes(w, 2, addressToBytes(p.Client))
  writeBytes(w, 2, addressToBytes(p.Provider))
  writeBytes(w, 3, p.Label)
  writeInt(w, p.StartEpoch)
  writeInt(w, p.EndEpoch)
  writeBytes(w, 2, encodeBigInt(p.StoragePricePerEpoch))
  writeBytes(w, 2, encodeBigInt(p.ProviderCollateral))
  writeBytes(w, 2, encodeBigInt(p.ClientCollateral))
}

/**
 * The signature of a deal proposal as go-state-types read it in 2020 (actors v0 and v2): a byte
 * string of 1 to SIGNATURE_MAX_LENGTH (200) bytes in all, whose first byte is 1 (secp256k1) or 2
 * (BLS); the delegated type came later.
 */
function readProposalSignature(c: CborCursor, path: string): Signature {
  const at = c.pos
  const raw = readBytes(c, path, SIGNATURE_MAX_LENGTH)
  if (raw.length === 0) throw c.fail(at, path, 'a signature type byte', 'an empty byte string')
  if (raw[0] !== 1 && raw[0] !== 2) throw c.fail(at, path, 'signature type 1 (secp256k1) or 2 (BLS)', `type ${raw[0]}`)
  return signature.fromCbor(raw, path)
}

// ---------------------------------------------------------------------------------------------
// The structures

/**
 * Gives a struct a hand-written tuple codec, `read` at a cursor and `write` to a writer, for
 * structures that hold a deal label; `decode` wants exactly one item, in canonical form.
 */
export function withTupleCodec<F extends Record<string, Kind<unknown>>>(
  base: Struct<F>,
  read: (c: CborCursor) => Infer<Struct<F>>,
  write: (w: CborWriter, v: Infer<Struct<F>>) => void,
): Struct<F> {
  const encode = (v: Infer<Struct<F>>): Uint8Array => {
    parseWith(base.value, v, base.name)
    const w: CborWriter = { buf: new Uint8Array(256), len: 0 }
    write(w, v)
    return w.buf.slice(0, w.len)
  }
  const decode = (bytes: Uint8Array): Infer<Struct<F>> => {
    const c: CborCursor = { bytes, pos: 0, fail: schemaFail(base.name) }
    const v = read(c)
    if (c.pos !== bytes.length) throw new SchemaError(base.name, `expected one data item, got ${bytes.length - c.pos} more byte(s)`)
    // every head was read in its shortest form and every field checked, so this holds; kept as the struct layer keeps it
    if (!equals(encode(v), bytes)) throw new SchemaError(base.name, 'expected canonical dag-cbor, got bytes that re-encode differently')
    return v
  }
  return { ...base, encode, decode, cid: (v) => computeCborCid(encode(v)) }
}

export const DealProposal = withTupleCodec(
  defineStruct('DealProposal', proposalFields, {
    doc: 'A storage deal as the client proposes and signs it (the same in actors v0 and v2). Its CID, over these bytes, keys the pending proposals.',
  }),
  (c) => readDealProposal(c),
  writeDealProposal,
)
export type DealProposal = Infer<typeof DealProposal>

const clientDealProposalFields = {
  Proposal: field(DealProposal, 'The proposal, as the client signed it.'),
  ClientSignature: field(signature, 'The client’s signature over the proposal’s CBOR bytes.'),
}

interface ClientDealProposalValue {
  Proposal: DealProposal
  ClientSignature: Signature
}

/** Reads a ClientDealProposal tuple at the cursor. */
export function readClientDealProposal(c: CborCursor, path = 'ClientDealProposal'): ClientDealProposalValue {
  const at = c.pos
  const n = expectHead(c, 4, path, 'an array of 2 fields')
  if (n !== 2) throw c.fail(at, path, 'an array of 2 fields', `${n} fields`)
  return { Proposal: readDealProposal(c, `${path}.Proposal`), ClientSignature: readProposalSignature(c, `${path}.ClientSignature`) }
}

/** Writes a ClientDealProposal tuple. */
export function writeClientDealProposal(w: CborWriter, p: ClientDealProposalValue): void {
  writeHead(w, 4, 2)
  writeDealProposal(w, p.Proposal)
  writeBytes(w, 2, signature.toCbor(p.ClientSignature) as Uint8Array)
}

export const ClientDealProposal = withTupleCodec(
  defineStruct('ClientDealProposal', clientDealProposalFields, { doc: 'A deal proposal with the client’s signature, as a provider publishes it.' }),
  (c) => readClientDealProposal(c),
  writeClientDealProposal,
)
export type ClientDealProposal = Infer<typeof ClientDealProposal>

export const DealState = defineStruct(
  'DealState',
  {
    SectorStartEpoch: field(int64, 'The epoch the deal was activated in a proven sector.'),
    LastUpdatedEpoch: field(int64, 'The epoch cron last paid the deal, or −1 (EPOCH_UNDEFINED) before its first payment.'),
    SlashEpoch: field(int64, 'The epoch the deal’s sector was terminated, or −1 (EPOCH_UNDEFINED) while it was not.'),
  },
  { doc: 'What the market keeps of a deal once it is active (the same in actors v0 and v2).' },
)
export type DealState = Infer<typeof DealState>

/** An epoch not set: a deal not yet paid or never slashed (specs-actors `epochUndefined`). */
export const EPOCH_UNDEFINED = -1n

// ---------------------------------------------------------------------------------------------
// What follows from a proposal

/** Its length in epochs, EndEpoch − StartEpoch (`DealProposal.Duration`). */
export function getDealDuration(p: DealProposal): bigint {
  return p.EndEpoch - p.StartEpoch
}

/** What the client pays over the whole deal: price × duration (`TotalStorageFee`). */
export function getTotalStorageFee(p: DealProposal): bigint {
  return p.StoragePricePerEpoch * getDealDuration(p)
}

/** What the client must have unlocked in escrow to publish it: its collateral and the whole fee. */
export function getClientBalanceRequirement(p: DealProposal): bigint {
  return p.ClientCollateral + getTotalStorageFee(p)
}

/** What the provider must have unlocked in escrow to publish it: its collateral. */
export function getProviderBalanceRequirement(p: DealProposal): bigint {
  return p.ProviderCollateral
}

/** The proposal's CID: CIDv1, dag-cbor, blake2b-256 over its bytes (`DealProposal.Cid`, `abi.CidBuilder`). */
export function computeProposalCid(p: DealProposal): CID {
  return DealProposal.cid(p)
}

/** Whether `size` is a padded piece size: a power of two of at least 128 bytes (`PaddedPieceSize.Validate`). */
export function isValidPaddedPieceSize(size: bigint): boolean {
  return size >= 128n && (size & (size - 1n)) === 0n
}

/** The multicodec of a piece commitment CID (`cid.FilCommitmentUnsealed`). */
export const FIL_COMMITMENT_UNSEALED = 0xf101
/** The multihash of a piece commitment (`mh.SHA2_256_TRUNC254_PADDED`). */
export const SHA2_256_TRUNC254_PADDED = 0x1012

/** Whether `c` has the prefix of a piece CID: v1, fil-commitment-unsealed, sha2-256-trunc254-padded, 32 bytes (`PieceCIDPrefix`). */
export function isPieceCid(c: CID): boolean {
  return c.version === 1 && c.code === FIL_COMMITMENT_UNSEALED && c.multihash.code === SHA2_256_TRUNC254_PADDED && c.multihash.size === 32
}

/** Whether two addresses are the same (Go's `==` on go-address values: the same bytes). */
export function isSameAddress(a: Address, b: Address): boolean {
  return a.protocol === b.protocol && equals(a.payload, b.payload)
}
