// A throwaway repository on disk for tests of the tree loader, checker and generators.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export function fixtureRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'filspec-'))
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), content)
  }
  return root
}

/** A section's index.md with valid front matter and the given prose. */
export function sectionFile(title: string, prose: string, extra: Record<string, string | number> = {}): string {
  const fm = { title, weight: 1, dashboardWeight: 1, dashboardState: 'wip', dashboardAudit: 'n/a', ...extra }
  return `---\n${Object.entries(fm).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n\n${prose}\n`
}
