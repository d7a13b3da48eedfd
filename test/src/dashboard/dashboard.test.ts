import { describe, expect, it } from 'vitest'
import { buildDashboard, percent, summaryLine } from '../../../src/dashboard/dashboard.ts'
import { renderDashboardPage } from '../../../src/dashboard/html.ts'
import { renderJson, renderMarkdown, renderTable } from '../../../src/dashboard/render.ts'
import { loadSpecTree } from '../../../src/sections/tree.ts'
import { fixtureRepo, sectionFile } from '../../support/fixture_repo.ts'

const root = fixtureRepo({
  'spec/a/index.md': sectionFile('Alpha', '`f`', { dashboardState: 'stable', dashboardWeight: 3 }),
  'spec/a/f.ts': 'export const f = 1\n',
  'spec/a/b/index.md': sectionFile('Beta', 'x', { weight: 2, dashboardState: 'reliable', dashboardAudit: 'done', dashboardAuditURL: '/a', dashboardAuditDate: '2020-10-19' }),
  'spec/a/c/index.md': sectionFile('Gamma', 'x', { weight: 1, dashboardState: 'wip' }),
  'spec/impls/index.md': sectionFile('Impls', 'x', { weight: 9, dashboardState: 'reliable', dashboardHidden: 'true' }),
  'spec/impls/me/index.md': `---\ntitle: Me\ndashboardWeight: 1\ndashboardState: reliable\ndashboardAudit: n/a\nimplRepos:\n  - { repo: me, lang: ts, self: true }\n  - { repo: https://github.com/x/y, lang: go, auditState: done, auditURL: /a }\n---\n`,
})
const tree = loadSpecTree(root)
// With no impls parent named "implementations", rows come only from that folder: rename for the test.
const treeWithImpls = { ...tree, sections: tree.sections.map((s) => (s.parent === 'impls' ? { ...s, parent: 'implementations' } : s)) }

const dashboard = buildDashboard(treeWithImpls, {
  measurements: {
    tests: new Map([
      ['test/spec/a/f.test.ts', { passed: 3, total: 4 }],
      ['test/spec/a/b/deeper/x.test.ts', { passed: 2, total: 2 }],
      ['test/src/cli.test.ts', { passed: 5, total: 5 }],
    ]),
    coverage: new Map([['spec/a/f.ts', { covered: 2, total: 3 }], ['src/x.ts', { covered: 1, total: 1 }]]),
    vectors: new Map([['a/b', { passed: 7, total: 8 }]]),
  },
  auditStale: (s) => (s.id === 'a/b' ? true : null),
})

describe('buildDashboard', () => {
  it('orders and numbers sections by weight, unweighted last', () => {
    expect(dashboard.sections.map((s) => `${s.number} ${s.title}`)).toEqual(['1 Alpha', '1.1 Gamma', '1.2 Beta', '2 Impls', '2.1 Me'])
  })

  it('attributes tests by mirrored path, and vectors and coverage per section', () => {
    const [alpha, gamma, beta] = dashboard.sections
    expect(alpha).toMatchObject({ tests: { passed: 3, total: 4 }, modules: 1, coverage: { covered: 2, total: 3, pct: 66.7 } })
    expect(beta).toMatchObject({ tests: { passed: 2, total: 2 }, vectors: { passed: 7, total: 8 }, coverage: null })
    expect(beta?.audit).toEqual({ state: 'done', date: '2020-10-19', url: '/a', stale: true })
    expect(gamma).toMatchObject({ tests: null, vectors: null })
  })

  it('computes the progress bar, weighted and not, leaving hidden sections out', () => {
    const { summary } = dashboard
    expect(summary.counted).toBe(4)
    expect(summary.states).toEqual({ stable: 1, reliable: 2, wip: 1, incorrect: 0, missing: 0 })
    expect(summary.progress.unweighted).toEqual({ stable: 25, reliable: 50, wip: 25 })
    // weights: Alpha 3 (stable), Gamma 1 (wip), Beta 1 (reliable), Me 1 (reliable) → 6
    expect(summary.progress.weighted).toEqual({ stable: 50, reliable: 33.3, wip: 16.7 })
    expect(summary.tests).toEqual({ passed: 10, total: 11 })
    expect(summary.audits).toEqual({ done: 1, stale: 1 })
  })

  it('measures its own implementation row and leaves others unknown', () => {
    expect(dashboard.implementations).toEqual([
      { implementation: 'Me', section: 'impls/me', repo: 'me', url: null, lang: 'ts', ci: 'failed', coverage: 75, audit: { state: 'missing', url: null } },
      { implementation: 'Me', section: 'impls/me', repo: 'x/y', url: 'https://github.com/x/y', lang: 'go', ci: null, coverage: null, audit: { state: 'done', url: '/a' } },
    ])
  })

  it('renders every format with every section', () => {
    for (const text of [renderTable(dashboard), renderMarkdown(dashboard), renderDashboardPage(dashboard)]) {
      for (const s of dashboard.sections) expect(text).toContain(s.title)
      expect(text).toContain(summaryLine(dashboard).slice(0, 20))
    }
    expect(JSON.parse(renderJson(dashboard))).toEqual(dashboard)
    expect(summaryLine(dashboard)).toBe('5 sections — stable 25% · reliable 50% · wip 25% (weighted: stable 50% · reliable 33.3% · wip 16.7%) — tests 10/11 — vectors 7/8 — spec coverage 66.7% — audits 1 done, 1 stale')
  })

  it('rounds percentages to one decimal and counts nothing-of-nothing as complete', () => {
    expect(percent(1, 3)).toBe(33.3)
    expect(percent(0, 0)).toBe(100)
  })
})
