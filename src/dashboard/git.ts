// What git knows about a section: whether its files changed after its audit, and what changed.
// A section's own files are its index.md and its modules, not its sub-sections' folders, so that
// an audit of a parent is not made stale by a child's edit.
import { execFileSync } from 'node:child_process'
import type { Section } from '../sections/tree.ts'

function git(repoRoot: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 })
  } catch {
    return undefined
  }
}

/** Pathspecs of a section's own files; `:(glob)` so that `*` does not reach into sub-folders. */
export function sectionPathspecs(section: Section): string[] {
  const dir = section.file.slice(0, -'/index.md'.length)
  return [`:(glob)${dir}/*.md`, `:(glob)${dir}/*.ts`]
}

/**
 * The day (YYYY-MM-DD) the section's files last changed: today when the working tree has
 * uncommitted changes to them, else the last commit's date; undefined outside a git checkout.
 */
export function lastChangeDate(repoRoot: string, section: Section, today: string): string | undefined {
  const specs = sectionPathspecs(section)
  const dirty = git(repoRoot, ['status', '--porcelain', '--', ...specs])
  if (dirty === undefined) return undefined
  if (dirty.trim() !== '') return today
  const date = git(repoRoot, ['log', '-1', '--format=%cs', '--', ...specs])?.trim()
  return date === '' ? undefined : date
}

/** The section's audit is stale when its files changed after the audit's day. */
export function isAuditStale(auditDate: string | undefined, lastChange: string | undefined): boolean | null {
  if (auditDate === undefined) return null
  if (lastChange === undefined) return null
  return lastChange > auditDate
}

/** The commits (with patches) since the audit's day, then any uncommitted change. */
export function auditDiff(repoRoot: string, section: Section, auditDate: string): string {
  const specs = sectionPathspecs(section)
  const log = git(repoRoot, ['log', '--patch', '--format=commit %H%nDate:   %cs%n%n    %s%n', `--since=${auditDate}T23:59:59Z`, '--', ...specs]) ?? ''
  const uncommitted = git(repoRoot, ['diff', 'HEAD', '--', ...specs]) ?? ''
  const untracked = git(repoRoot, ['ls-files', '--others', '--exclude-standard', '--', ...specs]) ?? ''
  const parts = [log.trim()]
  if (uncommitted.trim() !== '') parts.push(`uncommitted changes:\n${uncommitted.trim()}`)
  if (untracked.trim() !== '') parts.push(`untracked files:\n${untracked.trim()}`)
  return parts.filter((p) => p !== '').join('\n\n')
}
