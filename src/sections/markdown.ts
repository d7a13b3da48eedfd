// The few facts the checker and the site need from a section's Markdown prose: headings and
// their anchors, links, listing directives and the code names the prose mentions. A line
// scanner, not a full Markdown parser: the prose is plain CommonMark, and fenced code is skipped.

export interface Heading {
  line: number
  level: number
  text: string
  /** The anchor Hugo gives the heading (its default "github" style). */
  slug: string
}
export interface Link {
  line: number
  target: string
}
/** `{{< listing src="message.ts" symbol="UnsignedMessage" >}}`: code shown by symbol. */
export interface ListingDirective {
  line: number
  src: string
  symbol: string
  /** The whole directive as written, to be replaced by the listing. */
  raw: string
}
/** A Markdown table: its header cells and, per row, the file line and cells. */
export interface Table {
  line: number
  header: string[]
  rows: Array<{ line: number; cells: string[] }>
}
export interface ProseFacts {
  headings: Heading[]
  links: Link[]
  listings: ListingDirective[]
  /** Every `inline code` span's text. */
  codeNames: Set<string>
  /** Lines that hold an open TODO or FIXME. */
  todoLines: number[]
  tables: Table[]
}

export const LISTING_PATTERN = /\{\{<\s*listing\s+([^>]*?)\s*>\}\}/g
const ATTR = /(\w+)="([^"]*)"/g

/** Hugo's default heading id: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(text: string): string {
  return text
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-')
}

/** Scans prose; `firstLine` is the file line of the prose's first line. */
export function scanProse(prose: string, firstLine = 1): ProseFacts {
  const facts: ProseFacts = { headings: [], links: [], listings: [], codeNames: new Set(), todoLines: [], tables: [] }
  let fence: string | undefined
  let table: Table | undefined
  prose.split('\n').forEach((text, i) => {
    const line = firstLine + i
    const fenceMark = /^\s*(```|~~~)/.exec(text)?.[1]
    if (fenceMark !== undefined) {
      fence = fence === undefined ? fenceMark : fence === fenceMark ? undefined : fence
      return
    }
    if (fence !== undefined) return
    table = scanTableLine(text, line, table, facts.tables)
    if (/\b(TODO|FIXME)\b/.test(text)) facts.todoLines.push(line)
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text)
    if (heading) facts.headings.push({ line, level: heading[1]!.length, text: heading[2]!, slug: slugify(heading[2]!) })
    for (const m of text.matchAll(/`([^`]+)`/g)) facts.codeNames.add(m[1]!.trim())
    for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) facts.links.push({ line, target: m[1]! })
    for (const m of text.matchAll(LISTING_PATTERN)) {
      const attrs = Object.fromEntries([...m[1]!.matchAll(ATTR)].map((a) => [a[1]!, a[2]!]))
      facts.listings.push({ line, src: attrs.src ?? '', symbol: attrs.symbol ?? '', raw: m[0] })
    }
  })
  return facts
}

/** The heading a line falls under, if any. */
export function headingBefore(headings: Heading[], line: number): Heading | undefined {
  let found: Heading | undefined
  for (const h of headings) if (h.line < line) found = h
  return found
}

/** Cells of a `| a | b |` row; `\|` stays inside a cell. */
function cellsOf(row: string): string[] {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim())
}

/** Feeds one line to the table being read; returns the table still open after it. */
function scanTableLine(text: string, line: number, open: Table | undefined, tables: Table[]): Table | undefined {
  if (!text.trim().startsWith('|')) return undefined
  if (open === undefined) {
    const t: Table = { line, header: cellsOf(text), rows: [] }
    tables.push(t)
    return t
  }
  if (open.rows.length === 0 && /^\s*\|?[\s:|-]+\|?\s*$/.test(text) && text.includes('-')) return open // the delimiter row
  open.rows.push({ line, cells: cellsOf(text) })
  return open
}
