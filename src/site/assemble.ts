// `filspec site`: assembles the Hugo content of the docs site from the spec tree and the committed
// dashboard. Everything it writes (docs/content, docs/data) is regenerated on each run and not
// committed; docs/hugo.toml and docs/layouts render it (`make docs`).
//
// Each section becomes a Hugo section at its own path (docs/content/<id>/_index.md, so its URL is
// /<id>/): its front matter carries the dashboard facts the layouts show (number, state, audit,
// modules and their exports), its body is the prose with listings expanded. Each module, of spec/
// and of src/, gets a page of its whole source with line anchors at its repo path
// (/spec/<id>/<file>.ts/#L-12), which listing captions, export names and the API link to.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, posix, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { stringify } from 'yaml'
import type { Dashboard, DashboardSection } from '../dashboard/dashboard.ts'
import { DASHBOARD_CSS, SORT_SCRIPT, renderDashboardFragment } from '../dashboard/html.ts'
import type { Tally } from '../dashboard/measure.ts'
import { FilspecError } from '../schema/errors.ts'
import type { FieldInfo } from '../schema/struct.ts'
import { exportedNames, readDeclarations } from '../sections/source.ts'
import { type Section, loadSpecTree } from '../sections/tree.ts'
import { type ListingContext, escapeShortcodes, expandListings, fenced } from './listings.ts'

export const DOCS_DIR = 'docs'
export const DASHBOARD_JSON = 'generated/dashboard.json'
/** Top-level paths the site uses itself; a section there would be hidden by them. */
const RESERVED = new Set(['api', 'dashboard', 'css', 'js'])

export class SiteError extends FilspecError {
  override name = 'SiteError'
}

/** A module of a section as its Implementation box and source page show it. */
export interface ModuleInfo {
  file: string
  name: string
  /** Its source page on the site. */
  url: string
  /** Its typedoc page (typedoc.json's structure router: the module's path). */
  api: string
  exports: { name: string; url: string }[]
}

export interface AssembledSite {
  sections: number
  modules: number
  /** Repo-relative paths written. */
  files: string[]
}

/**
 * Where a module's source page is: its repo path, e.g. /spec/systems/filecoin_vm/message/message.ts/
 * (typedoc.json's sourceLinkTemplate links the API's "Defined in" to the same pages).
 */
export function sourceUrl(repoPath: string, line?: number): string {
  return `/${repoPath}/${line === undefined ? '' : `#L-${line}`}`
}

export function moduleInfo(repoPath: string, source: string): ModuleInfo {
  // A name can be declared twice (a schema value and its type): link the first.
  const lines = new Map<string, number>()
  for (const d of readDeclarations(repoPath, source)) if (!lines.has(d.name)) lines.set(d.name, d.startLine)
  return {
    file: repoPath,
    name: posix.basename(repoPath),
    url: sourceUrl(repoPath),
    api: `/api/${repoPath.replace(/\.ts$/, '')}.html`,
    exports: exportedNames(repoPath, source).map((name) => ({ name, url: sourceUrl(repoPath, lines.get(name)) })),
  }
}

/** Hugo's front matter block. */
function page(frontMatter: Record<string, unknown>, body: string): string {
  return `---\n${stringify(frontMatter, { lineWidth: 0 })}---\n\n${body.replace(/^\n+/, '').replace(/\n*$/, '\n')}`
}

const tally = (t: Tally | null) => (t ? `${t.passed}/${t.total}` : null)

/** The section page: facts for the layouts in front matter, the expanded prose as body. */
export function sectionPage(section: Section, position: number, modules: ModuleInfo[], measured: DashboardSection | undefined, ctx: ListingContext): string {
  const fm = section.frontMatter
  return page(
    {
      title: fm.title,
      // Hugo orders siblings by weight: the tree's own order, so the nav and the numbers agree.
      weight: position,
      number: section.number,
      id: section.id,
      state: fm.dashboardState,
      audit: fm.dashboardAudit,
      auditURL: fm.dashboardAuditURL ?? null,
      auditDate: fm.dashboardAuditDate ?? null,
      auditStale: measured?.audit.stale ?? null,
      dashboardWeight: fm.dashboardWeight,
      specFile: section.file,
      measured: measured ? { tests: tally(measured.tests), vectors: tally(measured.vectors), coverage: measured.coverage ? `${measured.coverage.pct}%` : null } : null,
      modules,
    },
    expandListings(section, ctx),
  )
}

/** A module's whole source, with line numbers that are anchors (`#L-12`); `section` for spec/ modules. */
export function sourcePage(mod: ModuleInfo, source: string, section?: Section): string {
  const of = section ? { sectionId: section.id, number: section.number, sectionTitle: section.frontMatter.title } : {}
  return page(
    { title: mod.name, url: mod.url, layout: 'source', sourceFile: mod.file, api: mod.api, ...of },
    escapeShortcodes(fenced(source, 'ts {linenos=table,anchorlinenos=true,lineanchors=L}').join('\n')),
  )
}

function homePage(sections: Section[], dashboard: Dashboard): string {
  const top = sections.filter((s) => s.parent === undefined)
  const p = dashboard.summary.progress.unweighted
  return page({ title: 'filspec' }, [
    'filspec is an executable specification of Filecoin, in TypeScript. Each section below is the prose of the',
    'protocol with the code that implements it, side by side: the listings on these pages are the modules',
    'that run, and every section carries its stability and audit status.',
    '',
    `The [dashboard](/dashboard/) shows every section's state, audit and measured tests, vectors and coverage:`,
    `${dashboard.summary.sections} sections, ${p.stable}% stable, ${p.reliable}% reliable, ${p.wip}% work in progress.`,
    'The [API reference](/api/) documents every module.',
    '',
    '## Sections',
    '',
    ...top.map((s) => `- ${s.number} [${s.frontMatter.title.replace(/[[\]]/g, '\\$&')}](/${s.id}/)`),
  ].join('\n'))
}

function dashboardPage(dashboard: Dashboard): string {
  return page({ title: 'Dashboard', layout: 'dashboard', sortable: true }, renderDashboardFragment(dashboard, '/'))
}

function readDashboard(repoRoot: string): Dashboard {
  const file = join(repoRoot, DASHBOARD_JSON)
  if (!existsSync(file)) throw new SiteError(`site: ${DASHBOARD_JSON} not found; run \`make generate\` first`)
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Dashboard
  } catch (err) {
    throw new SiteError(`site: ${DASHBOARD_JSON} is not valid JSON (${err instanceof Error ? err.message : String(err)}); run \`make generate\``)
  }
}

/** The .ts modules under src/ that typedoc documents (typedoc.json excludes tests and .d.ts). */
function machineryModules(repoRoot: string): string[] {
  if (!existsSync(join(repoRoot, 'src'))) return []
  const files = readdirSync(join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' }).map((f) => `src/${f.split(sep).join('/')}`)
  return files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts')).sort()
}

/** The structures (schema-layer structs) that modules export, by `file#symbol`, with their fields. */
async function structsOf(repoRoot: string, files: string[]): Promise<Map<string, readonly FieldInfo[]>> {
  const out = new Map<string, readonly FieldInfo[]>()
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(repoRoot, file)).href)) as Record<string, unknown>
    for (const [name, value] of Object.entries(mod)) {
      if (isStruct(value)) out.set(`${file}#${name}`, value.fields)
    }
  }
  return out
}

function isStruct(v: unknown): v is { fields: readonly FieldInfo[] } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { fields?: unknown }).fields) && typeof (v as { encode?: unknown }).encode === 'function'
}

/** Writes docs/content and docs/data afresh. Throws on a section that cannot be rendered. */
export async function assembleSite(repoRoot: string): Promise<AssembledSite> {
  const tree = loadSpecTree(repoRoot)
  const broken = tree.problems.filter((p) => p.file.endsWith('/index.md'))
  if (broken.length > 0) {
    throw new SiteError(`site: ${broken.length} section(s) cannot be loaded; run \`filspec check\`\n${broken.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`)
  }
  for (const s of tree.sections) {
    if (s.parent === undefined && RESERVED.has(s.id)) throw new SiteError(`site: section "${s.id}" (${s.file}) would clash with the site's own /${s.id}/ path`)
  }
  const dashboard = readDashboard(repoRoot)
  const measured = new Map(dashboard.sections.map((s) => [s.id, s]))

  const content = join(repoRoot, DOCS_DIR, 'content')
  const data = join(repoRoot, DOCS_DIR, 'data')
  rmSync(content, { recursive: true, force: true })
  rmSync(data, { recursive: true, force: true })
  const files: string[] = []
  const write = (rel: string, text: string) => {
    const path = join(repoRoot, DOCS_DIR, rel)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
    files.push(`${DOCS_DIR}/${rel}`)
  }

  const sources = new Map<string, string | undefined>()
  const read = (repoPath: string) => {
    if (!sources.has(repoPath)) {
      const path = join(repoRoot, repoPath)
      sources.set(repoPath, existsSync(path) ? readFileSync(path, 'utf8') : undefined)
    }
    return sources.get(repoPath)
  }
  const structs = await structsOf(repoRoot, tree.sections.flatMap((s) => s.codeFiles))
  const ctx: ListingContext = { read, sourceUrl, fieldsOf: (file, symbol) => structs.get(`${file}#${symbol}`) }
  let modules = 0
  for (const s of tree.sections) {
    const siblings = s.parent === undefined ? tree.sections.filter((x) => x.parent === undefined).map((x) => x.id) : tree.byId.get(s.parent)!.children
    const mods = s.codeFiles.map((f) => moduleInfo(f, read(f)!))
    write(`content/${s.id}/_index.md`, sectionPage(s, siblings.indexOf(s.id) + 1, mods, measured.get(s.id), ctx))
    for (const m of mods) write(`content/${s.id}/${m.name}.md`, sourcePage(m, read(m.file)!, s))
    modules += mods.length
  }
  // The machinery's modules have source pages too, for the API's links; they belong to no
  // section, so they sit at the top as plain pages (their URL is still their repo path).
  for (const file of machineryModules(repoRoot)) {
    write(`content/${file.replace(/\//g, '__')}.md`, sourcePage(moduleInfo(file, read(file)!), read(file)!))
    modules++
  }
  write('content/_index.md', homePage(tree.sections, dashboard))
  write('content/dashboard.md', dashboardPage(dashboard))
  write('data/dashboard.json', `${JSON.stringify(dashboard, null, 2)}\n`)
  write('data/site.json', `${JSON.stringify({ dashboardCSS: DASHBOARD_CSS, sortScript: SORT_SCRIPT }, null, 2)}\n`)
  return { sections: tree.sections.length, modules, files }
}
