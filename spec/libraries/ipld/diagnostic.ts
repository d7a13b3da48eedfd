// Spec section: Libraries › IPLD, diagnostic notation. A decoded DAG-CBOR value as people read
// it, in CBOR's diagnostic notation (RFC 8949 §8, with the h'…' byte strings and /…/ comments of
// RFC 8610 appendix G): what `filspec cbor decode` prints.

import { CID } from 'multiformats/cid'
import { toHex } from 'multiformats/bytes'
import { CID_TAG } from './cbor_head.ts'
import type { CborValue } from './dag_cbor.ts'

/** A container that fits on one line within this many characters (indent included) stays on one line. */
export const DIAGNOSTIC_LINE_WIDTH = 80

/** One line: integers in decimal, text as JSON strings, bytes as h'hex', a link as 42(h'00…') with its CID string in a comment. */
function inline(v: CborValue): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  if (typeof v === 'string') return JSON.stringify(v)
  if (v instanceof Uint8Array) return `h'${toHex(v)}'`
  // instanceof, not CID.asCID: asCID also takes a map with equal "/" and "bytes" entries for a CID.
  if (v instanceof CID) return `${CID_TAG}(h'00${toHex(v.bytes)}') /${v.toString()}/`
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')}}`
}

function render(v: CborValue, indent: string): string {
  const line = inline(v)
  const isContainer = Array.isArray(v) || (v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && !(v instanceof CID))
  if (!isContainer || indent.length + line.length <= DIAGNOSTIC_LINE_WIDTH) return line
  const inner = `${indent}  `
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + render(x, inner)).join(',\n')}\n${indent}]`
  const entries = Object.entries(v as { [key: string]: CborValue })
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${render(x, inner)}`).join(',\n')}\n${indent}}`
}

/** The diagnostic notation of `v`, containers split one item a line where a line would be too long. */
export function formatCbor(v: CborValue): string {
  return render(v, '')
}
