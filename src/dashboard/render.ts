// Text renderings of the dashboard: a terminal table, Markdown, and the canonical JSON.
import type { Tally } from './measure.ts'
import { type Dashboard, type DashboardSection, summaryLine } from './dashboard.ts'

/** Stable JSON: the same dashboard always gives the same bytes (generated/ is checked in CI). */
export function renderJson(d: Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`
}

const tally = (t: Tally | null) => (t ? `${t.passed}/${t.total}` : '—')
const pct = (s: DashboardSection) => (s.coverage ? `${s.coverage.pct}%` : '—')
const audit = (s: DashboardSection) => `${s.audit.state}${s.audit.date ? ` ${s.audit.date}` : ''}${s.audit.stale ? ' (stale)' : ''}`

function rows(d: Dashboard): string[][] {
  return d.sections.map((s) => [s.number, `${'  '.repeat(s.depth - 1)}${s.title}`, s.state, audit(s), String(s.dashboardWeight), String(s.modules), tally(s.tests), tally(s.vectors), pct(s)])
}
const HEADER = ['#', 'Section', 'State', 'Theory audit', 'Weight', 'Modules', 'Tests', 'Vectors', 'Coverage']

export function renderTable(d: Dashboard): string {
  const all = [HEADER, ...rows(d)]
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => [...r[i]!].length)))
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd()
  const impl = d.implementations.map((i) => `  ${i.repo} (${i.lang}): CI ${i.ci ?? 'unknown'}, coverage ${i.coverage === null ? 'unknown' : `${i.coverage}%`}, audit ${i.audit.state}`)
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...rows(d).map(line), '', 'Implementations:', ...impl, '', summaryLine(d), ''].join('\n')
}

export function renderMarkdown(d: Dashboard): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|')
  const md = (r: string[]) => `| ${r.map(esc).join(' | ')} |`
  const sectionRows = d.sections.map((s) => {
    const r = rows({ ...d, sections: [s] })[0]!
    r[1] = `[${s.title}](${s.url})`
    return md(r)
  })
  const implRows = d.implementations.map((i) => md([i.implementation, i.url ? `[${i.repo}](${i.url})` : i.repo, i.lang, i.ci ?? 'unknown', i.coverage === null ? 'unknown' : `${i.coverage}%`, i.audit.state]))
  return [
    '# filspec dashboard', '', summaryLine(d), '',
    md(HEADER), md(HEADER.map(() => '---')), ...sectionRows, '',
    '## Implementations', '', md(['Implementation', 'Repo', 'Language', 'CI', 'Coverage', 'Audit']), md(['---', '---', '---', '---', '---', '---']), ...implRows, '',
  ].join('\n')
}
