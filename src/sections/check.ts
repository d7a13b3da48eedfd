// `filspec check`: the rules every section must keep (DESIGN.md "A section"). Each finding names
// the file, the line and, where there is one, the field.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, posix, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Problem } from './front_matter.ts'
import { headingBefore } from './markdown.ts'
import { exportedNames, readDeclarations } from './source.ts'
import { type Section, type SpecTree } from './tree.ts'
import { TEST_SPEC_DIR, sectionOfTest } from './tests_map.ts'

/** Pages of the site that are not sections but may be linked to. */
export const SITE_PAGES = ['dashboard', 'api']

export interface CheckOptions {
  /** Outcome per repo-relative test file from the last measured run, if there is one. */
  testOutcomes?: Map<string, { passed: number; total: number }>
}

export async function checkTree(repoRoot: string, tree: SpecTree, options: CheckOptions = {}): Promise<Problem[]> {
  const problems = [...tree.problems]
  const testFiles = listTestFiles(repoRoot)
  for (const section of tree.sections) {
    problems.push(...checkLinks(tree, section), ...checkCode(repoRoot, section), ...checkStable(repoRoot, tree, section, testFiles, options))
    problems.push(...(await checkConstantTables(repoRoot, section)))
  }
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}

/** Formats a problem as `file:line: message`, the form editors and CI logs link from. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`
}

function checkLinks(tree: SpecTree, section: Section): Problem[] {
  const fm = section.frontMatter
  const targets: Array<{ target: string; line: number; field?: string }> = section.prose.links.map((l) => ({ target: l.target, line: l.line }))
  if (fm.dashboardAuditURL) targets.push({ target: fm.dashboardAuditURL, line: 1, field: 'dashboardAuditURL' })
  fm.implRepos?.forEach((r, i) => r.auditURL && targets.push({ target: r.auditURL, line: 1, field: `implRepos.${i}.auditURL` }))
  const out: Problem[] = []
  for (const { target, line, field } of targets) {
    const reason = brokenLinkReason(tree, section, target)
    if (reason) out.push({ file: section.file, line, ...(field ? { field } : {}), message: `${field ? `${field}: ` : ''}link ${JSON.stringify(target)}: ${reason}` })
  }
  return out
}

/** Why an internal link does not resolve, or undefined when it does (or is external). */
export function brokenLinkReason(tree: SpecTree, from: Section, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined // https:, mailto:, …
  const [pathPart = '', anchor] = target.split('#', 2)
  let id: string
  if (pathPart === '') id = from.id
  else if (pathPart.startsWith('/')) id = posix.normalize(pathPart).replace(/^\/+|\/+$/g, '')
  else id = posix.normalize(posix.join(from.id, pathPart)).replace(/\/+$/g, '')
  if (SITE_PAGES.some((p) => id === p || id.startsWith(`${p}/`))) return undefined
  if (tree.unloaded.has(id)) return undefined // its own front matter problem is reported already
  const to = tree.byId.get(id)
  if (!to) return `no section "${id}"`
  if (anchor !== undefined && anchor !== '' && !to.prose.headings.some((h) => h.slug === anchor)) return `section "${id}" has no heading #${anchor}`
  return undefined
}

function checkCode(repoRoot: string, section: Section): Problem[] {
  const out: Problem[] = []
  const dir = dirname(section.file)
  const declsByFile = new Map<string, ReturnType<typeof readDeclarations>>()
  const declsOf = (file: string) => {
    if (!declsByFile.has(file)) declsByFile.set(file, readDeclarations(file, readFileSync(join(repoRoot, file), 'utf8')))
    return declsByFile.get(file)!
  }
  const shown = new Set<string>()
  for (const listing of section.prose.listings) {
    const at = { file: section.file, line: listing.line }
    if (!listing.src || !listing.symbol) {
      out.push({ ...at, message: 'listing: expected src="<file>.ts" and symbol="<name>"' })
      continue
    }
    const file = posix.join(dir, listing.src)
    if (!existsSync(join(repoRoot, file))) {
      out.push({ ...at, message: `listing: no file ${listing.src} in ${dir}` })
      continue
    }
    if (!declsOf(file).some((d) => d.name === listing.symbol)) {
      out.push({ ...at, message: `listing: ${listing.src} has no top-level declaration "${listing.symbol}"` })
      continue
    }
    shown.add(listing.symbol)
    // A heading that names one symbol must name the one listed under it (CS md_to_spec's rule).
    const heading = headingBefore(section.prose.headings, listing.line)
    const named = heading && /^`([^`]+)`$/.exec(heading.text)?.[1]
    if (named && named !== listing.symbol) out.push({ ...at, message: `listing: shows "${listing.symbol}" under the heading "${named}" (line ${heading.line})` })
  }
  for (const file of section.codeFiles) {
    for (const name of exportedNames(file, readFileSync(join(repoRoot, file), 'utf8'))) {
      if (!shown.has(name) && !section.prose.codeNames.has(name)) {
        out.push({ file: section.file, line: section.bodyLine, message: `export "${name}" of ${posix.basename(file)} is neither listed nor named in the prose` })
      }
    }
  }
  return out
}

/**
 * A table with a Name (or Constant) and a Value column is checked against the code (CS's preset
 * tables): where the name is an exported constant of the section's modules, the value cell must
 * contain its value in decimal (digit separators and the expansion around it are allowed, as in
 * `2**11 = 2048`).
 */
async function checkConstantTables(repoRoot: string, section: Section): Promise<Problem[]> {
  const tables = section.prose.tables.filter((t) => columnOf(t.header, ['name', 'constant']) >= 0 && columnOf(t.header, ['value']) >= 0)
  if (tables.length === 0 || section.codeFiles.length === 0) return []
  const out: Problem[] = []
  const constants = new Map<string, { value: unknown; file: string }>()
  for (const file of section.codeFiles) {
    try {
      const mod = (await import(pathToFileURL(join(repoRoot, file)).href)) as Record<string, unknown>
      for (const [name, value] of Object.entries(mod)) constants.set(name, { value, file })
    } catch (e) {
      out.push({ file, line: 1, message: `module does not load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` })
    }
  }
  for (const t of tables) {
    const nameCol = columnOf(t.header, ['name', 'constant'])
    const valueCol = columnOf(t.header, ['value'])
    for (const row of t.rows) {
      const name = /^`([A-Za-z_$][\w$]*)`$/.exec(row.cells[nameCol] ?? '')?.[1]
      const c = name === undefined ? undefined : constants.get(name)
      if (c === undefined || !['number', 'bigint', 'string', 'boolean'].includes(typeof c.value)) continue
      const cell = row.cells[valueCol] ?? ''
      if (!cellShowsValue(cell, c.value)) {
        out.push({ file: section.file, line: row.line, message: `constants table: ${name} is ${String(c.value)} in ${posix.basename(c.file)}, the table says ${JSON.stringify(cell)}` })
      }
    }
  }
  return out
}

/** A string must appear as written; a number in decimal, digit separators allowed around it. */
function cellShowsValue(cell: string, value: unknown): boolean {
  if (typeof value === 'string') return cell.replace(/`/g, '').includes(value)
  const digits = cell.replace(/[`,_\s\u2009\u202f]/g, '')
  const shown = String(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^0-9])${shown}($|[^0-9])`).test(digits)
}

function columnOf(header: string[], names: string[]): number {
  return header.findIndex((h) => names.includes(h.replace(/[`*]/g, '').trim().toLowerCase()))
}

function checkStable(repoRoot: string, tree: SpecTree, section: Section, testFiles: string[], options: CheckOptions): Problem[] {
  if (section.frontMatter.dashboardState !== 'stable') return []
  const out: Problem[] = section.prose.todoLines.map((line) => ({ file: section.file, line, field: 'dashboardState', message: 'dashboardState: a stable section has no open TODO' }))
  for (const file of section.codeFiles) {
    readFileSync(join(repoRoot, file), 'utf8').split('\n').forEach((text, i) => {
      if (/\b(TODO|FIXME)\b/.test(text)) out.push({ file, line: i + 1, message: `a stable section (${section.id}) has no open TODO` })
    })
  }
  if (section.codeFiles.length === 0) return out // a stable text with no code yet: nothing to test
  const mine = testFiles.filter((t) => sectionOfTest(tree, t) === section.id)
  if (mine.length === 0) {
    out.push({ file: section.file, line: 1, field: 'dashboardState', message: `dashboardState: a stable section with code needs tests under ${TEST_SPEC_DIR}/${section.id}/` })
  }
  for (const t of mine) {
    const o = options.testOutcomes?.get(t)
    if (o && o.passed < o.total) out.push({ file: section.file, line: 1, field: 'dashboardState', message: `dashboardState: stable, but ${t} passed ${o.passed} of ${o.total} in the last run` })
  }
  return out
}

function listTestFiles(repoRoot: string): string[] {
  const abs = join(repoRoot, TEST_SPEC_DIR)
  if (!existsSync(abs)) return []
  const files = readdirSync(abs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts'))
  return files.map((f) => `${TEST_SPEC_DIR}/${f.split(sep).join('/')}`).sort()
}
