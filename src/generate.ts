// `filspec generate`: the committed outputs derived from the tree and the last measured run.
// Each is a pure function of its inputs, so `make generate` then `git diff --exit-code` is clean
// unless something really changed (no timestamps, stable key order).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { type Dashboard, buildDashboard } from './dashboard/dashboard.ts'
import { isAuditStale, lastChangeDates } from './dashboard/git.ts'
import { readMeasurements } from './dashboard/measure.ts'
import { renderJson } from './dashboard/render.ts'
import { allSchemas } from './schema/registry.ts'
import { exportedNames } from './sections/source.ts'
import { allVectorFiles } from './vectors/registry.ts'
import { type SpecTree, loadSpecTree } from './sections/tree.ts'

export const GENERATED_DIR = 'generated'
export const VECTORS_DIR = 'vectors'

export function today(): string {
  return new Date().toISOString().slice(0, 10)
}

/** The dashboard of the working tree as it is now. */
export function currentDashboard(repoRoot: string, tree: SpecTree = loadSpecTree(repoRoot)): Dashboard {
  const changed = lastChangeDates(repoRoot, tree.sections, today())
  return buildDashboard(tree, {
    measurements: readMeasurements(repoRoot),
    auditStale: (s) => isAuditStale(s.frontMatter.dashboardAuditDate, changed.get(s.id)),
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
  for (const v of await allVectorFiles()) files.set(`${VECTORS_DIR}/${v.path}`, v.content)
  return files
}

/** Generated files on disk that no generator produces any more (hand-written READMEs stay). */
function leftOvers(repoRoot: string, files: Map<string, string>): string[] {
  const generatedJson = (dir: string) =>
    existsSync(join(repoRoot, dir)) ? readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).map((f) => `${dir}/${f.split(sep).join('/')}`) : []
  return [...generatedJson(`${GENERATED_DIR}/schemas`), ...generatedJson(VECTORS_DIR)].filter((f) => !files.has(f))
}

/** Writes the generated files, removing those no generator produces any more. */
export async function writeGenerated(repoRoot: string): Promise<string[]> {
  const files = await generatedFiles(repoRoot)
  for (const f of leftOvers(repoRoot, files)) rmSync(join(repoRoot, f))
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
  return [...stale, ...leftOvers(repoRoot, files)].sort()
}
