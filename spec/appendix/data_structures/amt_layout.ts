// Spec section: Appendix › Data Structures, AMT. The two layouts of the array mapped trie that
// Filecoin's chain and state are written with, and the numbers that bound them. Rules:
// go-amt-ipld v2 (amt.go constants, LoadAMT: v2.1.0, which specs-actors v0 and v2 require, to
// commit 924ee87, which Lotus selects from v0.9; they write the same blocks) and go-amt-ipld v3
// (v3.0.0–v3.1.1: amt.go LoadAMT, node.go bmapBytes, options.go), whose blocks go-amt-ipld v4
// and ref-fvm's fvm_ipld_amt write unchanged.

import type { CID } from 'multiformats/cid'
import { FilspecError } from '../../../src/schema/errors.ts'

/**
 * The layout an AMT follows, named by the go-amt-ipld major version that writes it. `2`: root
 * `[height, count, node]`, bit width fixed at 3 (actors v0 and v2, and the message and receipt
 * AMTs of every block header; fvm_ipld_amt calls it `Amtv0`). `3`: root
 * `[bitWidth, height, count, node]`, bit width chosen per AMT (actors v3 onwards).
 */
export type AmtVersion = 2 | 3

/** The bit width of every version-2 AMT: 2^3 = 8 slots a node (go-amt-ipld v2 `widthBits`). */
export const AMT_V2_BIT_WIDTH = 3
/** Highest index of a version-2 AMT: 63 bits, 21 levels of 3 bits (go-amt-ipld v2 `MaxIndex`). */
export const AMT_V2_MAX_INDEX = 2n ** 63n - 1n
/** Highest height a version-2 root may state (go-amt-ipld v2 `maxHeight` = 63/3 − 1). */
export const AMT_V2_MAX_HEIGHT = 20
/** Highest index of a version-3 AMT: one below 2^64 − 1, so that a count never overflows (go-amt-ipld v3 `MaxIndex`). */
export const AMT_V3_MAX_INDEX = 2n ** 64n - 2n
/** The bit width of a version-3 AMT when none is given (go-amt-ipld v3 `defaultBitWidth`). */
export const AMT_DEFAULT_BIT_WIDTH = 3
/** Narrowest bit width: 2 slots a node (go-amt-ipld v3 `UseTreeBitWidth`). */
export const AMT_MIN_BIT_WIDTH = 1
/**
 * Widest bit width filspec accepts: 2^18 slots a node. go-amt-ipld sets no bound and tests
 * widths 2 to 18; the actors use 2 to 6. A bound keeps a hostile root from asking for huge nodes.
 */
export const AMT_MAX_BIT_WIDTH = 18

/** Which AMT: its layout's version and, for version 3, its bit width (AMT_DEFAULT_BIT_WIDTH when omitted). */
export interface AmtShape {
  version: AmtVersion
  bitWidth?: number
}

/** The numbers an AMT's operations depend on, fixed by its version and bit width. */
export interface AmtLayout {
  readonly version: AmtVersion
  readonly bitWidth: number
  /** Slots in a node, 2^bitWidth. */
  readonly width: number
  /** Length of a node's bitmap in bytes: one bit a slot, at least one byte (go-amt-ipld v3 `bmapBytes`). */
  readonly bitmapBytes: number
  readonly maxIndex: bigint
  /** Highest height a root may state. */
  readonly maxHeight: number
}

/**
 * What was wrong: a block the store lacks (`missing-block`), a block that is not an AMT node's
 * CBOR (`malformed`), a node or root that breaks the AMT's rules (`layout`), an index out of
 * range, a value that is not one CBOR item, or options out of range.
 */
export type AmtErrorKind = 'missing-block' | 'malformed' | 'layout' | 'index' | 'value' | 'options'

/** An AMT fault; `cid` names the block at fault when there is one. */
export class AmtError extends FilspecError {
  override name = 'AmtError'
  constructor(
    readonly kind: AmtErrorKind,
    readonly cid: CID | undefined,
    readonly reason: string,
  ) {
    super(`amt: ${cid === undefined ? '' : `block ${cid}: `}${reason}`)
  }
}

/**
 * The layout of an AMT of `shape`. Version 2 has one bit width, so any other is an error, as are
 * widths outside AMT_MIN_BIT_WIDTH..AMT_MAX_BIT_WIDTH.
 */
export function getAmtLayout(shape: AmtShape): AmtLayout {
  const { version, bitWidth } = shape
  if (version !== 2 && version !== 3) throw new AmtError('options', undefined, `version expected 2 or 3, got ${String(version)}`)
  const bw = bitWidth ?? (version === 2 ? AMT_V2_BIT_WIDTH : AMT_DEFAULT_BIT_WIDTH)
  if (!Number.isInteger(bw) || bw < AMT_MIN_BIT_WIDTH || bw > AMT_MAX_BIT_WIDTH) {
    throw new AmtError('options', undefined, `bit width expected an integer from ${AMT_MIN_BIT_WIDTH} to ${AMT_MAX_BIT_WIDTH}, got ${String(bw)}`)
  }
  if (version === 2 && bw !== AMT_V2_BIT_WIDTH) throw new AmtError('options', undefined, `bit width expected ${AMT_V2_BIT_WIDTH} for a version-2 AMT, got ${bw}`)
  return {
    version,
    bitWidth: bw,
    width: 2 ** bw,
    bitmapBytes: bw <= 3 ? 1 : 2 ** (bw - 3),
    maxIndex: version === 2 ? AMT_V2_MAX_INDEX : AMT_V3_MAX_INDEX,
    // go-amt-ipld v3 LoadAMT rejects a height whose bitWidth·height bits reach 64, so the
    // highest is ⌊63 / bitWidth⌋ (21 for width 8, as fvm_ipld_amt's out_of_range test shows).
    maxHeight: version === 2 ? AMT_V2_MAX_HEIGHT : Math.floor(63 / bw),
  }
}

/**
 * How many indexes a tree of `height` spans, 2^(bitWidth·(height+1)): a node at `height` covers
 * that many, a child of it 2^(bitWidth·height). go-amt-ipld's `nodesForHeight` saturates at
 * 2^64 − 1; exact arithmetic gives the same answers for every index up to the maximum.
 */
export function computeAmtSpan(layout: AmtLayout, height: number): bigint {
  return 1n << BigInt(layout.bitWidth * (height + 1))
}
