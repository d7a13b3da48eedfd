// Spec section: Appendix › Data Structures, "Integer keys". How actors key a HAMT by a signed
// integer (go-state-types `abi.IntKey`, Go `binary.PutVarint`): the int64 in zigzag form
// (0 → 0, −1 → 1, 1 → 2, …) written as an unsigned LEB128 varint.

const U64_MASK = 2n ** 64n - 1n

/** The HAMT key of an int64 (multisig transaction IDs, power cron epochs). */
export function getIntKey(value: bigint): Uint8Array {
  let ux = BigInt.asUintN(64, value << 1n)
  if (value < 0n) ux ^= U64_MASK
  const out: number[] = []
  while (ux >= 0x80n) {
    out.push(Number(ux & 0x7fn) | 0x80)
    ux >>= 7n
  }
  out.push(Number(ux))
  return Uint8Array.from(out)
}
