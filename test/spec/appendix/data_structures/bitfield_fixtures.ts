// Shared by the bitfield tests: packing a bit list the way ref-fvm's tests write one.

/** Packs a bit list, least significant bit of each byte first, keeping the last partial byte even when zero (ref-fvm `BitWriter::finish_test`). */
export function packStream(bits: readonly number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8))
  bits.forEach((bit, i) => {
    if (bit) out[i >> 3]! |= 1 << (i & 7)
  })
  return out
}
