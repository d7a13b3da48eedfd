// `filspec generate`: the committed outputs derived from the tree and the last measured run.
// Each is a pure function of its inputs, so `make generate` then `git diff --exit-code` is clean
// unless something really changed (no timestamps, stable key order).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { type Dashboard, buildDashboard } from './dashboard/dashboard.ts'
import { isAuditStale, lastChangeDate } from './dashboard/git.ts'
import { readMeasurements } from './dashboard/measure.ts'
import { renderJson } from './dashboard/render.ts'
import { allSchemas } from './schema/registry.ts'
import { exportedNames } from './sections/source.ts'
import { type SpecTree, loadSpecTree } from './sections/tree.ts'

export const GENERATED_DIR = 'generated'

export function today(): string {
  return new Date().toISOString().slice(0, 10)
}

/** The dashboard of the working tree as it is now. */
export function currentDashboard(repoRoot: string, tree: SpecTree = loadSpecTree(repoRoot)): Dashboard {
  const day = today()
  return buildDashboard(tree, {
    measurements: readMeasurements(repoRoot),
    auditStale: (s) => isAuditStale(s.frontMatter.dashboardAuditDate, lastChangeDate(repoRoot, s, day)),
  })
}

/** The section index: the tree's facts, for the site and for other tools. */
export function sectionsIndex(repoRoot: string, tree: SpecTree): unknown {
  return tree.sections.map((s) => ({
    number: s.number,
    id: s.id,
    file: s.file,
    parent: s.parent ?? null,
    children: s.children,
    frontMatter: s.frontMatter,
    modules: s.codeFiles.map((f) => ({ file: f, exports: exportedNames(f, readFileSync(join(repoRoot, f), 'utf8')).sort() })),
  }))
}

/** Every generated file, repo-relative path → content. */
export async function generatedFiles(repoRoot: string): Promise<Map<string, string>> {
  const tree = loadSpecTree(repoRoot)
  const files = new Map<string, string>()
  files.set(`${GENERATED_DIR}/sections.json`, `${JSON.stringify(sectionsIndex(repoRoot, tree), null, 2)}\n`)
  files.set(`${GENERATED_DIR}/dashboard.json`, renderJson(currentDashboard(repoRoot, tree)))
  for (const { name, jsonSchema } of await allSchemas()) {
    files.set(`${GENERATED_DIR}/schemas/${name}.json`, `${JSON.stringify(jsonSchema, null, 2)}\n`)
  }
  return files
}

/** Writes the generated files, removing schema files no definition produces any more. */
export async function writeGenerated(repoRoot: string): Promise<string[]> {
  const files = await generatedFiles(repoRoot)
  const schemaDir = join(repoRoot, GENERATED_DIR, 'schemas')
  if (existsSync(schemaDir)) rmSync(schemaDir, { recursive: true })
  for (const [file, content] of files) {
    mkdirSync(dirname(join(repoRoot, file)), { recursive: true })
    writeFileSync(join(repoRoot, file), content)
  }
  return [...files.keys()]
}

/** The generated files that differ from what is on disk (stale, missing or left over). */
export async function staleGenerated(repoRoot: string): Promise<string[]> {
  const files = await generatedFiles(repoRoot)
  const stale = [...files].filter(([file, content]) => !existsSync(join(repoRoot, file)) || readFileSync(join(repoRoot, file), 'utf8') !== content).map(([f]) => f)
  const schemaDir = join(repoRoot, GENERATED_DIR, 'schemas')
  const leftOver = existsSync(schemaDir) ? readdirSync(schemaDir).map((f) => `${GENERATED_DIR}/schemas/${f}`).filter((f) => !files.has(f)) : []
  return [...stale, ...leftOver].sort()
}
