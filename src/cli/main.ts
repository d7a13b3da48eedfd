// The filspec command line. Exit codes: 0 success, 1 the checked thing is wrong (check
// findings, stale generated files), 2 bad usage or bad input.
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { corpusDir, countRuns, listCorpus } from '../conformance/corpus.ts'
import { summaryLine } from '../dashboard/dashboard.ts'
import { FilspecError } from '../schema/errors.ts'
import { auditDiff } from '../dashboard/git.ts'
import { renderDashboardPage } from '../dashboard/html.ts'
import { readMeasurements } from '../dashboard/measure.ts'
import { renderJson, renderMarkdown, renderTable } from '../dashboard/render.ts'
import { currentDashboard, staleGenerated, writeGenerated } from '../generate.ts'
import { checkTree, formatProblem } from '../sections/check.ts'
import { loadSpecTree } from '../sections/tree.ts'
import { assembleSite } from '../site/assemble.ts'

const USAGE = `usage: filspec <command> [options]

commands:
  check                          lint the spec tree (front matter, links, listings, exports)
  dashboard [--format F] [--out FILE]
                                 print the dashboard; F is table (default), json, md or html
  generate [--check]             write generated/ (with --check: fail if it is stale)
  audit-diff <section>           what changed in a section since its audit date
  site                           assemble the docs site's content (docs/content, docs/data)
  conformance                    inventory the test-vector corpus and report what is checked

options:
  --root DIR                     the repository (default: the current directory)
`

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { root: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  })
  const [command, ...rest] = positionals
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(USAGE)
    return command === undefined && !values.help ? 2 : 0
  }
  const root = resolve(values.root ?? '.')
  switch (command) {
    case 'check': {
      const tree = loadSpecTree(root)
      const outcomes = readMeasurements(root).tests
      const problems = await checkTree(root, tree, outcomes ? { testOutcomes: outcomes } : {})
      for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`)
      process.stdout.write(`filspec check: ${tree.sections.length} sections, ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`)
      return problems.length === 0 ? 0 : 1
    }
    case 'dashboard': {
      const d = currentDashboard(root)
      const format = values.format ?? 'table'
      const render = { table: renderTable, json: renderJson, md: renderMarkdown, html: (x: typeof d) => renderDashboardPage(x) }[format]
      if (!render) throw new UsageError(`dashboard: "--format" expected table, json, md or html, got ${JSON.stringify(format)}`)
      const text = render(d)
      if (values.out) {
        writeFileSync(values.out, text)
        process.stdout.write(`${summaryLine(d)}\nwrote ${values.out}\n`)
      } else process.stdout.write(text)
      return 0
    }
    case 'generate': {
      if (values.check) {
        const stale = await staleGenerated(root)
        for (const f of stale) process.stderr.write(`${f}: stale; run \`make generate\` and commit it\n`)
        process.stdout.write(`filspec generate --check: ${stale.length === 0 ? 'generated/ is fresh' : `${stale.length} stale file(s)`}\n`)
        return stale.length === 0 ? 0 : 1
      }
      for (const f of await writeGenerated(root)) process.stdout.write(`wrote ${f}\n`)
      return 0
    }
    case 'audit-diff': {
      const id = rest[0]?.replace(/^\/+|\/+$/g, '').replace(/^spec\//, '')
      if (!id) throw new UsageError('audit-diff: expected a section path, e.g. systems/filecoin_vm/sysactors')
      const section = loadSpecTree(root).byId.get(id)
      if (!section) throw new UsageError(`audit-diff: no section "${id}"`)
      const date = section.frontMatter.dashboardAuditDate
      if (!date) {
        process.stdout.write(`${id}: no audit date (audit: ${section.frontMatter.dashboardAudit}); nothing to compare against\n`)
        return 0
      }
      const diff = auditDiff(root, section, date)
      process.stdout.write(diff === '' ? `${id}: unchanged since its audit of ${date}\n` : `${id}: changes since its audit of ${date}\n\n${diff}\n`)
      return 0
    }
    case 'conformance': {
      const dir = corpusDir(root)
      const entries = listCorpus(dir)
      const byClass = new Map<string, number>()
      for (const e of entries) byClass.set(e.header.class, (byClass.get(e.header.class) ?? 0) + 1)
      const classes = [...byClass].map(([c, n]) => `${n} ${c}`).join(', ')
      process.stdout.write(`corpus ${dir}: ${entries.length} vectors (${classes}), ${countRuns(entries)} runs\n`)
      // Honest until the VM exists: nothing below claims a receipt or state root was matched.
      process.stdout.write('receipts and post-state roots: 0 runs checked; the VM and its runner are not built yet\n')
      return 0
    }
    case 'site': {
      const site = await assembleSite(root)
      process.stdout.write(`filspec site: ${site.sections} sections, ${site.modules} modules, ${site.files.length} files under docs/\n`)
      return 0
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`)
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code },
  (err: unknown) => {
    // Bad usage and bad input (any FilspecError: a malformed vector, listing, …) get one line.
    const usage = err instanceof UsageError || err instanceof FilspecError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    process.stderr.write(`filspec: ${err instanceof Error ? err.message : String(err)}\n`)
    if (!usage && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`)
    process.exitCode = usage ? 2 : 1
  },
)
