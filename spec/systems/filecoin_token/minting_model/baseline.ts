// Spec section: Systems › Filecoin Token › Minting Model, "The baseline and the split". The
// network baseline b(t) = b0 · e^(g·t) as the reward actor computes it, one epoch at a time in
// Q.128, and the amounts the simple and the baseline minting release over all time
// (specs-actors v0.9 / v2 builtin/reward/reward_logic.go).

/** Fractional bits of the Q.128 exponents below. */
const PRECISION_128 = 128n

/**
 * floor(e^(ln 3 / 1,051,200) · 2^128): the per-epoch factor of a baseline that triples in a year
 * of 1,051,200 epochs (actors v0 before network version 3, `BaselineExponentV0`).
 */
export const BASELINE_EXPONENT_V0 = 340282722551251692435795578557183609728n
/**
 * floor(e^(ln 2 / 1,051,200) · 2^128): the per-epoch factor of a baseline that doubles in a year
 * (actors v0 from network version 3, `BaselineExponentV3`; actors v2 `BaselineExponent`).
 */
export const BASELINE_EXPONENT = 340282591298641078465964189926313473653n

/** The baseline at epoch 0 in actors v0 (`BaselineInitialValueV0`): 2^60 bytes, 1 EiB. */
export const BASELINE_INITIAL_VALUE_V0 = 1n << 60n
/** The baseline at epoch 0 in actors v2 (`BaselineInitialValue`): 2.88888888 × 10^18 bytes, about 2.5 EiB. */
export const BASELINE_INITIAL_VALUE = 2_888_888_880_000_000_000n

/** attoFIL in one FIL. */
const ATTO_FIL_PER_FIL = 10n ** 18n
/** What the simple minting releases over all time, attoFIL: 30% of the 1.1 × 10^9 FIL of storage mining. */
export const SIMPLE_TOTAL = 330_000_000n * ATTO_FIL_PER_FIL
/** What the baseline minting releases over all time, attoFIL: the other 70%. */
export const BASELINE_TOTAL = 770_000_000n * ATTO_FIL_PER_FIL

/**
 * The per-epoch baseline factor a reward actor uses: actors v0 switched from the 200% to the
 * 100% growth rate at network version 3 (specs-actors v0.9.13 `BaselinePowerFromPrev`); actors
 * v2 has only the 100% rate.
 */
export function getBaselineExponent(actorsVersion: number, networkVersion: number): bigint {
  return actorsVersion === 0 && networkVersion < 3 ? BASELINE_EXPONENT_V0 : BASELINE_EXPONENT
}

/** b(t) from b(t − 1): one multiplication by the Q.128 factor, rounded down to whole bytes. */
export function computeBaselinePowerFromPrev(prevEpochBaselinePower: bigint, exponent: bigint): bigint {
  return (prevEpochBaselinePower * exponent) >> PRECISION_128
}

/**
 * b(−1) = b(0) / factor, rounded down (specs-actors `InitBaselinePower`), so that the first step
 * gives the initial value back: one byte short of it, since both steps round down.
 */
export function computeInitBaselinePower(initialValue: bigint, exponent: bigint): bigint {
  return ((initialValue << (2n * PRECISION_128)) / exponent) >> PRECISION_128
}
