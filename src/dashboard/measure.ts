// The measurements the dashboard reports, read from the files the last measured test run wrote
// (`make generate` and `make test` write them): vitest's JSON report, the V8 coverage summary,
// and the conformance runner's results. Nothing here is typed by hand.
import { existsSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

export const MEASURE_DIR = '.filspec/measure'
export const TESTS_REPORT = `${MEASURE_DIR}/tests.json`
export const COVERAGE_SUMMARY = `${MEASURE_DIR}/coverage/coverage-summary.json`
/** Written by the conformance runner: `{ runs: [{ vector, variant, sections: [id], ok }] }`. */
export const VECTORS_REPORT = `${MEASURE_DIR}/vectors.json`

export interface Tally {
  passed: number
  total: number
}
export interface LineCoverage {
  covered: number
  total: number
}
export interface Measurements {
  /** Per repo-relative test file; undefined when no measured run has been made. */
  tests?: Map<string, Tally>
  /** Per repo-relative source file. */
  coverage?: Map<string, LineCoverage>
  /** Per section id. */
  vectors?: Map<string, Tally>
}

export function readMeasurements(repoRoot: string): Measurements {
  const m: Measurements = {}
  const tests = readJson(repoRoot, TESTS_REPORT) as VitestReport | undefined
  if (tests) {
    m.tests = new Map()
    for (const r of tests.testResults) {
      const counted = r.assertionResults.filter((a) => a.status === 'passed' || a.status === 'failed')
      m.tests.set(toRepoPath(repoRoot, r.name), { passed: counted.filter((a) => a.status === 'passed').length, total: counted.length })
    }
  }
  const cov = readJson(repoRoot, COVERAGE_SUMMARY) as Record<string, { lines: LineCoverage }> | undefined
  if (cov) {
    m.coverage = new Map()
    for (const [file, v] of Object.entries(cov)) {
      if (file !== 'total') m.coverage.set(toRepoPath(repoRoot, file), { covered: v.lines.covered, total: v.lines.total })
    }
  }
  const vectors = readJson(repoRoot, VECTORS_REPORT) as { runs: Array<{ sections: string[]; ok: boolean }> } | undefined
  if (vectors) {
    m.vectors = new Map()
    for (const run of vectors.runs) {
      for (const id of run.sections) {
        const t = m.vectors.get(id) ?? { passed: 0, total: 0 }
        m.vectors.set(id, { passed: t.passed + (run.ok ? 1 : 0), total: t.total + 1 })
      }
    }
  }
  return m
}

interface VitestReport {
  testResults: Array<{ name: string; assertionResults: Array<{ status: string }> }>
}

function readJson(repoRoot: string, file: string): unknown {
  const path = join(repoRoot, file)
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined
}

function toRepoPath(repoRoot: string, file: string): string {
  return (file.startsWith('/') ? relative(repoRoot, file) : file).split(sep).join('/')
}

export function addTally(a: Tally, b: Tally): Tally {
  return { passed: a.passed + b.passed, total: a.total + b.total }
}
