import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSpecTree } from '../../../src/sections/tree.ts'
import { fixtureRepo, sectionFile } from '../../support/fixture_repo.ts'

const repoRoot = new URL('../../../', import.meta.url).pathname
const bin = join(repoRoot, 'bin/filspec.js')

function filspec(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/**
 * A copy of this repository's spec tree, machinery and tests, to break on purpose; inside the checkout
 * (under the ignored .filspec/) so that its modules still find node_modules when check loads them.
 */
function specCopy(): string {
  mkdirSync(join(repoRoot, '.filspec'), { recursive: true })
  const root = mkdtempSync(join(repoRoot, '.filspec', 'copy-'))
  for (const dir of ['spec', 'src', 'test']) cpSync(join(repoRoot, dir), join(root, dir), { recursive: true })
  return root
}

describe('filspec check', () => {
  it('exits 0 on this repository', () => {
    const r = filspec(['check', '--root', repoRoot])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^filspec check: \d+ sections, 0 problems$/m)
  })

  it('exits 1 naming file, line and field on a copy with a broken field', () => {
    const root = specCopy()
    const file = join(root, 'spec/systems/filecoin_vm/message/index.md')
    writeFileSync(file, readFileSync(file, 'utf8').replace('dashboardState: reliable', 'dashboardState: solid'))
    const r = filspec(['check', '--root', root])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('spec/systems/filecoin_vm/message/index.md:5: dashboardState: expected one of "stable" | "reliable" | "wip" | "incorrect" | "missing", got "solid"\n')
    expect(r.stdout).toMatch(/1 problem$/m)
    rmSync(root, { recursive: true })
  })
})

describe('filspec dashboard', () => {
  it('lists every section with its fields as JSON', () => {
    const r = filspec(['dashboard', '--format', 'json', '--root', repoRoot])
    expect(r.code).toBe(0)
    const d = JSON.parse(r.stdout)
    const ids = loadSpecTree(repoRoot).sections.map((s) => s.id)
    expect(d.sections.map((s: { id: string }) => s.id)).toEqual(ids)
    expect(d.sections.find((s: { id: string }) => s.id === 'systems/filecoin_vm/sysactors')).toMatchObject({
      title: 'System Actors', state: 'reliable', dashboardWeight: 2,
      audit: { state: 'done', date: '2020-10-19', url: '/appendix/audit_reports#actors' },
    })
  })

  it('rejects an unknown format with exit code 2', () => {
    const r = filspec(['dashboard', '--format', 'pdf', '--root', repoRoot])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('filspec: dashboard: "--format" expected table, json, md or html, got "pdf"\n')
  })

  it('rejects an unknown command and unknown options with exit code 2', () => {
    expect(filspec(['frobnicate']).code).toBe(2)
    expect(filspec(['check', '--bogus']).code).toBe(2)
  })
})

describe('audit staleness and audit-diff, from git', () => {
  const git = (root: string, args: string[], date: string) =>
    execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } })
  const audited = { dashboardAudit: 'done', dashboardAuditURL: '/a', dashboardAuditDate: '2020-10-19' }

  function repo(): string {
    const root = fixtureRepo({ 'spec/a/index.md': sectionFile('A', 'First text.', audited), 'spec/a/b/index.md': sectionFile('B', 'Child.') })
    git(root, ['init', '-q', '-b', 'main'], '2020-01-01T00:00:00Z')
    git(root, ['add', '.'], '2020-01-01T00:00:00Z')
    git(root, ['commit', '-q', '-m', 'before the audit'], '2020-01-01T00:00:00Z')
    return root
  }
  const staleOf = (root: string) => JSON.parse(filspec(['dashboard', '--format', 'json', '--root', root]).stdout).sections[0].audit.stale

  it('is current while nothing changed after the audit, even when a sub-section changes', () => {
    const root = repo()
    writeFileSync(join(root, 'spec/a/b/index.md'), sectionFile('B', 'Child, edited.'))
    git(root, ['commit', '-q', '-am', 'child edit'], '2021-01-01T00:00:00Z')
    expect(staleOf(root)).toBe(false)
    expect(filspec(['audit-diff', 'a', '--root', root]).stdout).toBe('a: unchanged since its audit of 2020-10-19\n')
  })

  it('is stale after a later commit to the section, and audit-diff shows it', () => {
    const root = repo()
    writeFileSync(join(root, 'spec/a/index.md'), sectionFile('A', 'Second text.', audited))
    git(root, ['commit', '-q', '-am', 'rewrite after the audit'], '2021-03-04T00:00:00Z')
    expect(staleOf(root)).toBe(true)
    const out = filspec(['audit-diff', 'a', '--root', root]).stdout
    expect(out).toContain('a: changes since its audit of 2020-10-19')
    expect(out).toContain('rewrite after the audit')
    expect(out).toContain('-First text.')
    expect(out).toContain('+Second text.')
  })

  it('counts an uncommitted change as a change made today', () => {
    const root = repo()
    writeFileSync(join(root, 'spec/a/index.md'), sectionFile('A', 'Edited, not committed.', audited))
    expect(staleOf(root)).toBe(true)
    expect(filspec(['audit-diff', 'a', '--root', root]).stdout).toContain('uncommitted changes:')
  })

  it('names a section that does not exist', () => {
    const r = filspec(['audit-diff', 'nope', '--root', repo()])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('filspec: audit-diff: no section "nope"\n')
  })
})
