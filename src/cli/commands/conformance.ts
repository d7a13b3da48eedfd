// `filspec conformance [--json FILE] [--diff] [<file|dir>...]`: runs conformance vectors of the
// filecoin-project test-vectors schema (default: the shared corpus) with the spec's VM, every
// variant of each. One line per failure with the first difference; a progress line on stderr
// while it runs; last, `N passed, N failed, N skipped`, counting each (vector, variant) once.
// A malformed file is one failure naming the file and field, and the run goes on. Exit 1 when
// anything failed.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { corpusDir } from '../../conformance/corpus.ts'
import { diffStates } from '../../conformance/state_diff.ts'
import { runVector, type RunResult } from '../../conformance/runner.ts'
import { parseVector } from '../../conformance/vector.ts'
import { type Command, UsageError } from '../command.ts'

/** The vector files under each path, sorted. */
export function collectVectorFiles(paths: readonly string[]): string[] {
  const files: string[] = []
  for (const p of paths) {
    if (!existsSync(p)) throw new UsageError(`conformance: ${p}: no such file or folder`)
    if (statSync(p).isDirectory()) {
      files.push(...readdirSync(p, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort().map((f) => join(p, f)))
    } else files.push(p)
  }
  return files
}

/** One (vector, variant) run in the JSON report. */
export interface ReportRun {
  readonly vector: string
  readonly variant: string
  readonly nv: number
  readonly status: RunResult['status']
  readonly detail?: string
}

/** Runs the files, calling `onRun` for each run as it finishes. */
export async function runVectorFiles(files: readonly string[], base: string, onRun: (run: ReportRun, result: RunResult | undefined) => Promise<void> | void): Promise<ReportRun[]> {
  const report: ReportRun[] = []
  for (const file of files) {
    const name = relative(base, file) || file
    let results: RunResult[]
    try {
      results = await runVector(parseVector(name, readFileSync(file, 'utf8')))
    } catch (e) {
      const run: ReportRun = { vector: name, variant: '*', nv: -1, status: 'failed', detail: (e as Error).message }
      report.push(run)
      await onRun(run, undefined)
      continue
    }
    for (const r of results) {
      const run: ReportRun = { vector: name, variant: r.variant, nv: r.nv, status: r.status, ...(r.detail === undefined ? {} : { detail: r.detail }) }
      report.push(run)
      await onRun(run, r)
    }
  }
  return report
}

export const command: Command = {
  name: 'conformance',
  usage: 'conformance [--json FILE] [--diff] [<file|dir>...]   run test vectors (default: the shared corpus)',
  options: { json: { type: 'string' }, diff: { type: 'boolean' } },
  async run({ root, args, values, out, err }) {
    const paths = args.length > 0 ? args.map((a) => resolve(a)) : [corpusDir(root)]
    const files = collectVectorFiles(paths)
    if (files.length === 0) throw new UsageError('conformance: no vector files found')
    const base = paths.length === 1 && statSync(paths[0]!).isDirectory() ? paths[0]! : process.cwd()
    const counts = { passed: 0, failed: 0, skipped: 0 }
    const progress = process.stderr.isTTY
    let done = 0
    const report = await runVectorFiles(files, base, async (run, result) => {
      counts[run.status]++
      done++
      if (progress) process.stderr.write(`\r${done} runs: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
      if (run.status !== 'failed') return
      if (progress) process.stderr.write('\r\x1b[K')
      out(`FAIL ${run.vector} [${run.variant}]: ${run.detail}\n`)
      if (values.diff === true && result?.roots !== undefined) {
        const { store, expected, actual } = result.roots
        for (const line of await diffStates(store, expected, actual)) out(`  ${line}\n`)
      }
    })
    if (progress) process.stderr.write('\r\x1b[K')
    if (typeof values.json === 'string') writeFileSync(values.json, `${JSON.stringify({ runs: report }, null, 1)}\n`)
    out(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`)
    void err
    return counts.failed > 0 ? 1 : 0
  },
}
