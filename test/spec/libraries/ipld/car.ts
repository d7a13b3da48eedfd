// A minimal CARv1 reader for the conformance corpus (ipld/specs block-layer/content-addressable-archives):
// varint header length, DAG-CBOR header, then sections of varint length ‖ CID ‖ block. The
// corpus stores each CAR gzipped and base64-encoded in the vector's `car` field.
import { gunzipSync } from 'node:zlib'
import { decodeCid } from '../../../../spec/libraries/multiformats/cid.ts'
import type { CID } from 'multiformats/cid'

export interface CarBlock {
  cid: CID
  bytes: Uint8Array
}

function readVarint(b: Uint8Array, at: number): [number, number] {
  let value = 0
  let shift = 0
  for (let i = at; i < b.length; i++) {
    value += (b[i]! & 0x7f) * 2 ** shift
    if (b[i]! < 0x80) return [value, i + 1]
    shift += 7
  }
  throw new Error('car: varint runs past the end')
}

/** The length of the CID at the start of `b` (a CIDv1: four varints, then the digest). */
function cidLength(b: Uint8Array): number {
  let at = 0
  for (let i = 0; i < 3; i++) at = readVarint(b, at)[1]
  const [digest, next] = readVarint(b, at)
  return next + digest
}

/** The header's bytes and every block of a CAR given as the corpus stores it. */
export function readCorpusCar(base64Gzip: string): { header: Uint8Array; blocks: CarBlock[] } {
  const car = new Uint8Array(gunzipSync(Buffer.from(base64Gzip, 'base64')))
  const [headerLength, headerStart] = readVarint(car, 0)
  const header = car.subarray(headerStart, headerStart + headerLength)
  const blocks: CarBlock[] = []
  for (let at = headerStart + headerLength; at < car.length; ) {
    const [length, start] = readVarint(car, at)
    const section = car.subarray(start, start + length)
    const n = cidLength(section)
    blocks.push({ cid: decodeCid(section.subarray(0, n)), bytes: section.subarray(n) })
    at = start + length
  }
  return { header, blocks }
}
