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

/** A section's own files: its index.md and modules, not its sub-folders' files. */
function ownsFile(section: Section, file: string): boolean {
  const dir = section.file.slice(0, -'index.md'.length)
  return file.startsWith(dir) && !file.slice(dir.length).includes('/') && /\.(md|ts)$/.test(file)
}

/**
 * The day (YYYY-MM-DD) each section's files last changed: today when the working tree has
 * uncommitted changes to them, else the date of the last commit touching them. Empty outside a
 * git checkout. Two git calls for the whole tree, whatever its size.
 */
export function lastChangeDates(repoRoot: string, sections: Section[], today: string): Map<string, string> {
  const dates = new Map<string, string>()
  const status = git(repoRoot, ['status', '--porcelain', '--untracked-files=all', '--', 'spec'])
  const log = git(repoRoot, ['log', '--format=%x00%cs', '--name-only', '--', 'spec'])
  if (status === undefined || log === undefined) return dates
  const note = (file: string, date: string) => {
    for (const s of sections) if (!dates.has(s.id) && ownsFile(s, file)) dates.set(s.id, date)
  }
  // Porcelain lines are "XY path" (or "XY old -> new" for renames): the path is after the arrow.
  for (const line of status.split('\n').filter((l) => l.length > 3)) note(line.slice(3).split(' -> ').pop()!, today)
  // Newest commit first: the first date seen for a section is its last change.
  for (const entry of log.split('\0').slice(1)) {
    const [date = '', ...files] = entry.split('\n').filter((l) => l !== '')
    for (const f of files) note(f, date)
  }
  return dates
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
