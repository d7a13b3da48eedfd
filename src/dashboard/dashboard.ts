// The dashboard: every section's declared state and audit beside the figures measured for it
// (tests, conformance vectors, coverage, audit staleness), the stabilization progress, and the
// implementations table. Built from the spec tree and the measurements; rendered elsewhere.
import type { AuditState, SectionState } from '../sections/front_matter.ts'
import { sectionOfTest } from '../sections/tests_map.ts'
import type { Section, SpecTree } from '../sections/tree.ts'
import { type LineCoverage, type Measurements, type Tally, addTally } from './measure.ts'

export interface DashboardSection {
  number: string
  id: string
  title: string
  url: string
  depth: number
  dashboardWeight: number
  state: SectionState
  /** Not counted in the progress bar. */
  hidden: boolean
  audit: { state: AuditState; date: string | null; url: string | null; stale: boolean | null }
  /** The section's own .ts modules. */
  modules: number
  tests: Tally | null
  vectors: Tally | null
  coverage: (LineCoverage & { pct: number }) | null
}

export interface Progress {
  stable: number
  reliable: number
  wip: number
}

export interface DashboardImplementation {
  implementation: string
  section: string
  repo: string
  url: string | null
  lang: string
  ci: 'passed' | 'failed' | null
  coverage: number | null
  audit: { state: AuditState; url: string | null }
}

export interface Dashboard {
  summary: {
    sections: number
    counted: number
    states: Record<SectionState, number>
    progress: { unweighted: Progress; weighted: Progress }
    tests: Tally | null
    coverage: number | null
    vectors: Tally | null
    audits: { done: number; stale: number }
  }
  sections: DashboardSection[]
  implementations: DashboardImplementation[]
}

/** Inputs that come from outside the tree. */
export interface DashboardInputs {
  measurements: Measurements
  /** Audit staleness per section id, from git (see git.ts). */
  auditStale: (section: Section) => boolean | null
}

export function buildDashboard(tree: SpecTree, inputs: DashboardInputs): Dashboard {
  const { measurements } = inputs
  const testsBySection = new Map<string, Tally>()
  for (const [file, tally] of measurements.tests ?? []) {
    const id = sectionOfTest(tree, file)
    if (id !== undefined) testsBySection.set(id, addTally(testsBySection.get(id) ?? { passed: 0, total: 0 }, tally))
  }
  const sections = tree.sections.map((s): DashboardSection => {
    const fm = s.frontMatter
    return {
      number: s.number,
      id: s.id,
      title: fm.title,
      url: `/${s.id}/`,
      depth: s.depth,
      dashboardWeight: fm.dashboardWeight,
      state: fm.dashboardState,
      hidden: fm.dashboardHidden === true,
      audit: { state: fm.dashboardAudit, date: fm.dashboardAuditDate ?? null, url: fm.dashboardAuditURL ?? null, stale: inputs.auditStale(s) },
      modules: s.codeFiles.length,
      tests: testsBySection.get(s.id) ?? null,
      vectors: measurements.vectors?.get(s.id) ?? null,
      coverage: coverageOf(s.codeFiles, measurements.coverage),
    }
  })
  return { summary: summarize(sections, measurements), sections, implementations: implementationRows(tree, measurements) }
}

function coverageOf(files: string[], coverage: Map<string, LineCoverage> | undefined): DashboardSection['coverage'] {
  if (files.length === 0 || coverage === undefined) return null
  const sum = files.reduce((acc, f) => {
    const c = coverage.get(f) ?? { covered: 0, total: 0 }
    return { covered: acc.covered + c.covered, total: acc.total + c.total }
  }, { covered: 0, total: 0 })
  return { ...sum, pct: percent(sum.covered, sum.total) }
}

/** A percentage with one decimal; 0 of 0 counts as 100 (nothing left uncovered). */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10
}

function summarize(sections: DashboardSection[], m: Measurements): Dashboard['summary'] {
  const counted = sections.filter((s) => !s.hidden)
  const states = { stable: 0, reliable: 0, wip: 0, incorrect: 0, missing: 0 }
  for (const s of counted) states[s.state]++
  const share = (weightOf: (s: DashboardSection) => number): Progress => {
    const whole = counted.reduce((a, s) => a + weightOf(s), 0)
    const part = (state: SectionState) => counted.filter((s) => s.state === state).reduce((a, s) => a + weightOf(s), 0)
    return { stable: percent(part('stable'), whole), reliable: percent(part('reliable'), whole), wip: percent(part('wip'), whole) }
  }
  const tests = m.tests ? [...m.tests.values()].reduce(addTally, { passed: 0, total: 0 }) : null
  const vectors = m.vectors ? [...m.vectors.values()].reduce(addTally, { passed: 0, total: 0 }) : null
  const code = sections.flatMap((s) => (s.coverage ? [s.coverage] : []))
  const coverage = m.coverage ? percent(code.reduce((a, c) => a + c.covered, 0), code.reduce((a, c) => a + c.total, 0)) : null
  return {
    sections: sections.length,
    counted: counted.length,
    states,
    progress: { unweighted: share(() => 1), weighted: share((s) => s.dashboardWeight) },
    tests,
    coverage,
    vectors,
    audits: { done: sections.filter((s) => s.audit.state === 'done').length, stale: sections.filter((s) => s.audit.stale === true).length },
  }
}

function implementationRows(tree: SpecTree, m: Measurements): DashboardImplementation[] {
  const impls = tree.sections.filter((s) => s.parent === 'implementations')
  return impls.flatMap((s) =>
    (s.frontMatter.implRepos ?? []).map((r): DashboardImplementation => {
      const tests = m.tests ? [...m.tests.values()].reduce(addTally, { passed: 0, total: 0 }) : undefined
      let coverage: number | null = null
      if (r.self && m.coverage) {
        const all = [...m.coverage.values()]
        coverage = percent(all.reduce((a, c) => a + c.covered, 0), all.reduce((a, c) => a + c.total, 0))
      }
      return {
        implementation: s.frontMatter.title,
        section: s.id,
        repo: r.self ? r.repo : r.repo.replace(/^https?:\/\/github\.com\//, ''),
        url: r.self ? null : r.repo,
        lang: r.lang,
        ci: r.self && tests ? (tests.passed === tests.total ? 'passed' : 'failed') : null,
        coverage,
        audit: { state: r.auditState ?? 'missing', url: r.auditURL ?? null },
      }
    }),
  )
}

/** One line for terminals and notes. */
export function summaryLine(d: Dashboard): string {
  const { summary: s } = d
  const p = (x: Progress) => `stable ${x.stable}% · reliable ${x.reliable}% · wip ${x.wip}%`
  const tally = (t: Tally | null) => (t ? `${t.passed}/${t.total}` : 'not run')
  return [
    `${s.sections} sections`,
    `${p(s.progress.unweighted)} (weighted: ${p(s.progress.weighted)})`,
    `tests ${tally(s.tests)}`,
    `vectors ${tally(s.vectors)}`,
    `spec coverage ${s.coverage === null ? 'not measured' : `${s.coverage}%`}`,
    `audits ${s.audits.done} done, ${s.audits.stale} stale`,
  ].join(' — ')
}
