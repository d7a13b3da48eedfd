// The section tree carries over the Filecoin spec's facts: one section per published section
// of ../shared/reference/filecoin-specs/content, with its title, weight and dashboard fields.
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { loadSpecTree } from '../../src/sections/tree.ts'

const repoRoot = new URL('../../', import.meta.url).pathname
const content = join(repoRoot, '../shared/reference/filecoin-specs/content')
const TREES = ['intro', 'systems', 'algorithms', 'libraries', 'appendix', 'glossary', 'implementations']

interface Original { path: string; fm: Record<string, unknown> }

/** Published sections of the original: not drafts, not hidden, nor below one. */
function originals(): Original[] {
  const all: Original[] = []
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.md')) {
        const fm = parse(/^---\n([\s\S]*?)\n---/.exec(readFileSync(p, 'utf8'))![1]!) as Record<string, unknown>
        all.push({ path: relative(content, p).replace(/\.md$/, '').replace(/\/_?index$/, ''), fm })
      }
    }
  }
  for (const t of TREES) walk(join(content, t))
  const hidden = all.filter((o) => o.fm.draft || o.fm.bookhidden).map((o) => o.path)
  return all.filter((o) => !hidden.some((h) => o.path === h || o.path.startsWith(`${h}/`)))
}

/** Our folders are snake_case where the original used hyphens; audit links point at our pages. */
const ourId = (path: string) => path.replace(/-/g, '_')
const ourUrl = (url: unknown) => (typeof url === 'string' ? url.replace(/^\/#section-appendix\.audit_reports\.(\w+)$/, '/appendix/audit_reports#$1') : url)

describe('the spec tree', () => {
  const tree = loadSpecTree(repoRoot)
  const refs = originals()

  it('has one section per published section of the Filecoin spec, plus filspec itself', () => {
    const ours = tree.sections.map((s) => s.id).sort()
    expect(ours).toEqual([...refs.map((o) => ourId(o.path)), 'implementations/filspec'].sort())
    expect(ours.length).toBe(109)
  })

  it.each(originals().map((o) => [ourId(o.path), o] as const))('%s carries the original facts', (id, o) => {
    const fm = tree.byId.get(id)!.frontMatter
    expect(fm.title).toBe(o.fm.title)
    expect(fm.weight).toBe(o.fm.weight)
    expect(fm.dashboardWeight).toBe(o.fm.dashboardWeight)
    expect(fm.dashboardState).toBe(o.fm.dashboardState)
    expect(fm.dashboardAudit).toBe(o.fm.dashboardAudit)
    expect(fm.dashboardHidden ?? false).toBe(o.fm.dashboardhidden ?? false)
    expect(fm.dashboardAuditURL).toBe(ourUrl(o.fm.dashboardAuditURL))
    expect(fm.dashboardAuditDate).toBe(o.fm.dashboardAuditDate)
    expect(fm.implRepos?.map((r) => [r.repo, r.lang, r.auditState, r.auditURL])).toEqual(
      (o.fm.implRepos as Array<Record<string, unknown>> | undefined)?.map((r) => [r.repo, r.lang, r.auditState, ourUrl(r.auditURL)]),
    )
  })

  it('has prose in every section', () => {
    for (const s of tree.sections) expect(s.body.trim().length, s.id).toBeGreaterThan(200)
  })
})
