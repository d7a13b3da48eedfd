// Spec section: Libraries › IPLD, DAG-CBOR. A strict reader of DAG-CBOR as Filecoin's data uses
// it: every block Lotus (cbor-gen) and the FVM (fvm_ipld_encoding) write reads back, and any other
// spelling of the same value is an error, so that a block read is a block whose bytes, and so CID,
// one encoding determines. Rules: the DAG-CBOR spec (ipld/specs block-layer/codecs/dag-cbor.md),
// minus floats, which no Filecoin structure has (cbor-gen writes none; ref-fvm's link scanner
// fvm/src/ipld/cbor.rs walks the same heads).

import type { CID } from 'multiformats/cid'
import { toHex } from 'multiformats/bytes'
import { SchemaError } from '../../../src/schema/errors.ts'
import { CidError, decodeCid } from '../multiformats/cid.ts'
import { CID_TAG, MAX_CBOR_DEPTH, parseCborHead } from './cbor_head.ts'

/** The IPLD data model as decodeCbor returns it: every integer a bigint, every map a plain object. */
export type CborValue = null | boolean | bigint | string | Uint8Array | CID | CborValue[] | { [key: string]: CborValue }

/** Input that is not strict DAG-CBOR: `offset` is the byte where the fault starts, `what` the item at fault. */
export class CborError extends SchemaError {
  override name = 'CborError'
  constructor(
    readonly offset: number,
    readonly what: string,
    rule: string,
    got: string,
  ) {
    super('cbor', `${what} expected ${rule}, got ${got} at byte ${offset}`)
  }
}

interface Reader {
  readonly bytes: Uint8Array
  pos: number
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The bytes [from, to) in hex, shortened, for error messages. */
function shown(r: Reader, from: number, to: number): string {
  const hex = toHex(r.bytes.subarray(from, Math.min(to, from + 16)))
  return `0x${hex}${to > from + 16 ? '…' : ''}`
}

/**
 * Reads the argument of the head at r.pos (RFC 8949 §3): the low 5 bits, or the 1, 2, 4 or 8
 * bytes after them. DAG-CBOR wants the shortest form and no indefinite length (31).
 */
function readArgument(r: Reader): bigint {
  const at = r.pos
  const head = parseCborHead(r.bytes, at)
  switch (head.fault) {
    case 'end': // the callers look at the first byte before they come here
      throw new CborError(at, 'item', 'a data item', 'the end of the input')
    case 'indefinite':
      throw new CborError(at, 'length', 'definite (DAG-CBOR has no indefinite lengths)', shown(r, at, at + 1))
    case 'reserved':
      throw new CborError(at, 'head', 'additional information 0–27 (28–30 are reserved)', shown(r, at, at + 1))
    case 'truncated':
      throw new CborError(at, 'head', `${head.size} argument bytes`, 'the end of the input')
    case 'not-shortest':
      throw new CborError(at, 'head', 'the shortest encoding of its argument', shown(r, at, at + 1 + head.size))
  }
  r.pos = at + 1 + head.size
  return BigInt(head.arg)
}

/** Reads `length` bytes, which must be there. */
function readRaw(r: Reader, length: bigint, at: number, what: string): Uint8Array {
  if (length > BigInt(r.bytes.length - r.pos)) throw new CborError(at, what, `${length} bytes`, `${r.bytes.length - r.pos} left`)
  const out = r.bytes.slice(r.pos, r.pos + Number(length))
  r.pos += Number(length)
  return out
}

/** Map keys in DAG-CBOR order: shorter encoded key first, then bytewise. */
function compareKeys(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length - b.length
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

function readMap(r: Reader, count: bigint, at: number, depth: number): { [key: string]: CborValue } {
  if (2n * count > BigInt(r.bytes.length - r.pos)) throw new CborError(at, 'map', `room for ${count} entries`, `${r.bytes.length - r.pos} bytes left`)
  const entries: [string, CborValue][] = []
  let previous: Uint8Array | undefined
  for (let i = 0n; i < count; i++) {
    const keyAt = r.pos
    const head = r.bytes[keyAt]
    if (head !== undefined && head >> 5 !== 3) throw new CborError(keyAt, 'map key', 'a text string', shown(r, keyAt, keyAt + 1))
    const key = readItem(r, depth + 1) as string
    const encoded = r.bytes.subarray(keyAt, r.pos)
    if (previous !== undefined && compareKeys(previous, encoded) >= 0) {
      throw new CborError(keyAt, 'map key', compareKeys(previous, encoded) === 0 ? 'no duplicate' : 'keys sorted shortest first, then bytewise', JSON.stringify(key))
    }
    previous = encoded
    entries.push([key, readItem(r, depth + 1)])
  }
  return Object.fromEntries(entries)
}

/** Tag 42: a byte string holding 0x00 (the identity multibase prefix) then a CID's bytes. */
function readLink(r: Reader, at: number): CID {
  const contentAt = r.pos
  if (r.bytes[contentAt] === undefined || r.bytes[contentAt]! >> 5 !== 2) throw new CborError(contentAt, 'link', 'a byte string after tag 42', shown(r, contentAt, contentAt + 1))
  const content = readRaw(r, readArgument(r), contentAt, 'link')
  if (content[0] !== 0) throw new CborError(contentAt, 'link', 'the 0x00 multibase prefix before the CID', shown(r, contentAt, r.pos))
  try {
    return decodeCid(content.subarray(1))
  } catch (e) {
    if (e instanceof CidError) throw new CborError(at, 'link', 'a well-formed CID', `an invalid one (${e.reason})`)
    throw e
  }
}

/** Major type 7: only false, true and null; no floats, no other simple value, no break. */
function readSimple(r: Reader): boolean | null {
  const at = r.pos
  const info = r.bytes[r.pos++]! & 0x1f
  if (info === 20) return false
  if (info === 21) return true
  if (info === 22) return null
  if (info >= 25 && info <= 27) throw new CborError(at, 'item', 'no floats (Filecoin data has none)', shown(r, at, at + 1))
  if (info === 31) throw new CborError(at, 'item', 'no break (DAG-CBOR has no indefinite lengths)', shown(r, at, at + 1))
  throw new CborError(at, 'simple value', 'false, true or null', shown(r, at, at + (info === 24 ? 2 : 1)))
}

function readItem(r: Reader, depth: number): CborValue {
  const at = r.pos
  const first = r.bytes[at]
  if (first === undefined) throw new CborError(at, 'item', 'a data item', 'the end of the input')
  if (depth > MAX_CBOR_DEPTH) throw new CborError(at, 'item', `at most ${MAX_CBOR_DEPTH} levels of nesting`, 'deeper nesting')
  const major = first >> 5
  if (major === 7) return readSimple(r)
  const arg = readArgument(r)
  switch (major) {
    case 0:
      return arg
    case 1:
      return -1n - arg
    case 2:
      return readRaw(r, arg, at, 'byte string')
    case 3:
      try {
        return UTF8.decode(readRaw(r, arg, at, 'text string'))
      } catch (e) {
        if (e instanceof CborError) throw e
        throw new CborError(at, 'text string', 'valid UTF-8', shown(r, at, r.pos))
      }
    case 4: {
      if (arg > BigInt(r.bytes.length - r.pos)) throw new CborError(at, 'array', `room for ${arg} items`, `${r.bytes.length - r.pos} bytes left`)
      const items: CborValue[] = []
      for (let i = 0n; i < arg; i++) items.push(readItem(r, depth + 1))
      return items
    }
    case 5:
      return readMap(r, arg, at, depth)
    default: // 6, a tag
      if (arg !== BigInt(CID_TAG)) throw new CborError(at, 'tag', `only ${CID_TAG} (a link)`, `tag ${arg}`)
      return readLink(r, at)
  }
}

/** Reads one strict DAG-CBOR item that fills `bytes`; anything else is a CborError naming the byte. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const r: Reader = { bytes, pos: 0 }
  const value = readItem(r, 0)
  if (r.pos !== bytes.length) throw new CborError(r.pos, 'input', 'one data item and nothing after it', `${bytes.length - r.pos} more byte(s)`)
  return value
}
