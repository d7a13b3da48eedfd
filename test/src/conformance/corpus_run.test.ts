// The shared corpus, run by the spec's VM on every `make test`: a run that passes must keep
// passing. Known failures are listed in known_failures.txt, which may only shrink: a listed run
// that now passes fails this test until it is taken off the list. The results feed the
// dashboard's vectors column (.filspec/measure/vectors.json, written in a fixed order).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { collectVectorFiles, runVectorFiles, type ReportRun } from '../../../src/cli/commands/conformance.ts'
import { corpusDir } from '../../../src/conformance/corpus.ts'
import { getVectorSections } from '../../../src/conformance/sections.ts'
import { VECTORS_REPORT } from '../../../src/dashboard/measure.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..')
const corpus = corpusDir(root)
const KNOWN_FAILURES = join(dirname(fileURLToPath(import.meta.url)), 'known_failures.txt')

/** `category/file.json variant`, the key of one run. */
/** Runs that passed when this floor was last raised; the known-failures list guards each run, this the total. */
const MIN_PASSING = 756

const keyOf = (run: ReportRun) => `${run.vector} ${run.variant}`

function readKnownFailures(): Set<string> {
  return new Set(
    readFileSync(KNOWN_FAILURES, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
  )
}

describe.runIf(existsSync(corpus))('the shared conformance corpus', () => {
  let runs: ReportRun[] = []

  it('runs every vector and variant: 756 runs of 292 vectors', { timeout: 300_000 }, async () => {
    const files = collectVectorFiles([corpus])
    expect(files.length).toBe(292)
    runs = await runVectorFiles(files, corpus, () => {})
    expect(runs.length).toBe(756)
    const report = { runs: runs.map((r) => ({ vector: r.vector, variant: r.variant, sections: getVectorSections(r.vector), ok: r.status === 'passed' })) }
    mkdirSync(join(root, dirname(VECTORS_REPORT)), { recursive: true })
    writeFileSync(join(root, VECTORS_REPORT), `${JSON.stringify(report)}\n`)
  })

  it('no run fails except the known failures, and every known failure still fails', () => {
    const known = readKnownFailures()
    const failing = runs.filter((r) => r.status === 'failed')
    const unexpected = failing.filter((r) => !known.has(keyOf(r))).map((r) => `${keyOf(r)}: ${r.detail}`)
    expect(unexpected).toEqual([])
    const fixed = [...known].filter((k) => !failing.some((r) => keyOf(r) === k))
    expect(fixed, 'these now pass: take them off known_failures.txt').toEqual([])
  })

  it('the passing runs are at least MIN_PASSING, and a skip names the actor or class not built yet', () => {
    expect(runs.filter((r) => r.status === 'passed').length).toBeGreaterThanOrEqual(MIN_PASSING)
    for (const r of runs.filter((x) => x.status === 'skipped')) expect(r.detail).toMatch(/needs |tipset-class vectors need/)
  })
})
