// Deterministic filler bytes for generated vectors: stand-ins for keys, hashes and signatures that
// a vector needs only as bytes of the right length. Labels keep each vector's bytes distinct.

import { blake2b } from '@noble/hashes/blake2.js'

/** `length` bytes derived from `label`: blake2b-512 of `label ‖ counter`, concatenated. */
export function fixedBytes(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0, at = 0; at < length; i++, at += 64) {
    const block = blake2b(new TextEncoder().encode(`${label}#${i}`), { dkLen: 64 })
    out.set(block.subarray(0, Math.min(64, length - at)), at)
  }
  return out
}
