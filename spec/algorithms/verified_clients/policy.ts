// Spec section: Algorithms › Verified Clients, "Policy". The one parameter of the verified
// registry actor, the same in actors v0 and v2 (specs-actors v0.9.13 and v2.3.2
// builtin/verifreg/verified_registry_state.go `MinVerifiedDealSize`).

/**
 * The smallest amount of DataCap the registry deals in, in bytes: 2**20 = 1 MiB. A verifier's
 * allowance, a client's allowance, and every deal size used or restored must be at least this,
 * and a client left with less after a deal is removed from the registry. Mainnet's value; Lotus's
 * "2k" development build lowers it to 256 (Lotus v1.2.0 build/params_2k.go).
 */
export const MIN_VERIFIED_DEAL_SIZE = 1n << 20n

/** Whether `size` (an allowance or a deal size) reaches MIN_VERIFIED_DEAL_SIZE. */
export function isVerifiedDealSize(size: bigint): boolean {
  return size >= MIN_VERIFIED_DEAL_SIZE
}
