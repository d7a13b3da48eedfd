// Listings on the site: each `{{< listing src="x.ts" symbol="Name" >}}` of a section's prose is
// replaced, when the site is assembled, by the declaration's source text as it is in the file
// (read with the TypeScript parser, src/sections/source.ts), so the site shows the code that runs.
// Also keeps Hugo from reading code as shortcodes: the prose is Hugo content, and Hugo expands
// `{{< … >}}` even inside code blocks.
import { posix } from 'node:path'
import { escapeHtml } from '../dashboard/html.ts'
import { FilspecError } from '../schema/errors.ts'
import { LISTING_PATTERN, scanProse } from '../sections/markdown.ts'
import type { FieldInfo } from '../schema/struct.ts'
import { type Declaration, readDeclarations } from '../sections/source.ts'

/** A listing or shortcode the site cannot render; names the index.md line it is on. */
export class ListingError extends FilspecError {
  override name = 'ListingError'
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`)
  }
}

export interface Prose {
  /** Repo-relative path of the index.md; listing sources resolve against its folder. */
  file: string
  body: string
  /** File line of the body's first line. */
  bodyLine: number
}

export interface ListingContext {
  /** A repo-relative file's text, or undefined when there is no such file. */
  read: (repoPath: string) => string | undefined
  /** The site URL that shows a repo-relative module at a line. */
  sourceUrl: (repoPath: string, line: number) => string
  /** The fields of a structure defined with the schema layer, to table under its listing. */
  fieldsOf?: (repoPath: string, symbol: string) => readonly FieldInfo[] | undefined
}

const FENCE = /^(\s*)(`{3,}|~{3,})/

/** The prose with every listing directive replaced by a captioned, fenced block of its code. */
export function expandListings(prose: Prose, ctx: ListingContext): string {
  const facts = scanProse(prose.body, prose.bodyLine)
  const declsByFile = new Map<string, Declaration[]>()
  // Line for line, so the i-th line is still the file's line bodyLine + i.
  const lines = protectCode(prose).split('\n')
  const out: string[] = []
  lines.forEach((text, i) => {
    const line = prose.bodyLine + i
    const listings = facts.listings.filter((l) => l.line === line)
    if (listings.length === 0) {
      out.push(text)
      return
    }
    const indent = /^\s*/.exec(text)![0]
    let rest = text
    let expanded = false
    for (const listing of listings) {
      const at = rest.indexOf(listing.raw)
      if (at < 0) continue // inside a code span: shown as code, escaped
      const before = rest.slice(0, at)
      if (before.trim() !== '') out.push(before.trimEnd(), '')
      if (!listing.src || !listing.symbol) throw new ListingError(prose.file, line, 'listing: expected src="<file>.ts" and symbol="<name>"')
      const file = posix.join(posix.dirname(prose.file), listing.src)
      if (!declsByFile.has(file)) {
        const source = ctx.read(file)
        if (source === undefined) throw new ListingError(prose.file, line, `listing: no file ${listing.src} in ${posix.dirname(prose.file)}`)
        declsByFile.set(file, readDeclarations(file, source))
      }
      const decl = declsByFile.get(file)!.find((d) => d.name === listing.symbol)
      if (!decl) throw new ListingError(prose.file, line, `listing: ${listing.src} has no top-level declaration "${listing.symbol}"`)
      const block = [...listingBlock(file, decl, ctx.sourceUrl(file, decl.startLine)), ...fieldTable(ctx.fieldsOf?.(file, decl.name))]
      out.push(...block.map((l) => (l === '' ? '' : indent + l)))
      rest = rest.slice(at + listing.raw.length)
      expanded = true
    }
    if (!expanded) out.push(text)
    else if (rest.trim() !== '') out.push('', indent + rest.trim())
  })
  return out.join('\n')
}

/**
 * One listing: a figure whose caption links the module's page at the declaration, then the code
 * fenced with the file's own line numbers. Blank lines keep the Markdown fence out of the HTML.
 */
export function listingBlock(file: string, decl: Declaration, href: string): string[] {
  const lines = decl.startLine === decl.endLine ? `line ${decl.startLine}` : `lines ${decl.startLine}–${decl.endLine}`
  const caption = `${posix.basename(file)}, ${lines}`
  return [
    '',
    `<figure class="listing" data-symbol="${escapeHtml(decl.name)}"><figcaption><a href="${escapeHtml(href)}">${escapeHtml(caption)}</a></figcaption>`,
    '',
    ...fenced(escapeShortcodes(decl.text), `ts {linenos=table,linenostart=${decl.startLine}}`),
    '',
    '</figure>',
    '',
  ]
}

/**
 * The field table of a structure, made from its one definition (DESIGN.md "Schemas"): the
 * position is the CBOR tuple index, the name the Lotus JSON key.
 */
export function fieldTable(fields: readonly FieldInfo[] | undefined): string[] {
  if (fields === undefined) return []
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  return [
    '| # | Field | Kind | Meaning |',
    '| --- | --- | --- | --- |',
    ...fields.map((f, i) => `| ${i} | \`${f.name}\` | ${cell(f.kind)} | ${cell(f.doc ?? '')} |`),
    '',
  ]
}

/** Code in a fence longer than any backtick run inside it, so the code cannot close it early. */
export function fenced(code: string, info: string): string[] {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return [`${fence}${info}`, ...code.replace(/\n+$/, '').split('\n'), fence]
}

const SHORTCODE = /\{\{([<%])(?!\/\*)([\s\S]*?)([>%])\}\}/g
const SHORTCODE_START = /\{\{[<%]/
const CODE_SPAN = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g

// Hugo expands shortcodes everywhere, code included. Inside fences and code spans this escapes
// them (Hugo shows `{{</* x */>}}` as `{{< x >}}`); anywhere else, one that is not a listing is an
// error, as the site defines no shortcodes of its own. Keeps the prose's lines as they are.
export function protectCode(prose: Prose): string {
  let fence: string | undefined
  return prose.body
    .split('\n')
    .map((text, i) => {
      const mark = FENCE.exec(text)?.[2]
      if (fence !== undefined) {
        if (mark !== undefined && mark[0] === fence[0] && mark.length >= fence.length && text.trim() === mark) fence = undefined
        return escapeShortcodes(text)
      }
      if (mark !== undefined) {
        fence = mark
        return text
      }
      const outsideCode = text.replace(CODE_SPAN, '').replace(LISTING_PATTERN, '')
      if (SHORTCODE_START.test(outsideCode)) {
        throw new ListingError(prose.file, prose.bodyLine + i, 'shortcode: the site has no shortcodes besides listing; to show one, put it in `code`')
      }
      return text.replace(CODE_SPAN, (span) => escapeShortcodes(span))
    })
    .join('\n')
}

// Hugo's escaped form of every shortcode in a text: `{{</* x */>}}` renders as `{{< x >}}`.
export function escapeShortcodes(text: string): string {
  return text.replace(SHORTCODE, (_m, open: string, inner: string, close: string) => `{{${open}/*${inner}*/${close}}}`)
}

