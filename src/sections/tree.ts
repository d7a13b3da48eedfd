// The spec tree: every folder under spec/ that holds an index.md is a section; its .ts files
// (not those of its sub-folders) are its code. Loading never throws on bad content: each defect
// is returned as a Problem for `filspec check` to report.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { type FrontMatter, type Problem, parseSectionFile } from './front_matter.ts'
import { type ProseFacts, scanProse } from './markdown.ts'

export interface Section {
  /** Path under spec/ with forward slashes, e.g. `systems/filecoin_vm/message`; also its URL path. */
  id: string
  /** Repo-relative path of its index.md. */
  file: string
  frontMatter: FrontMatter
  body: string
  bodyLine: number
  prose: ProseFacts
  /** Repo-relative paths of the section's own .ts modules, sorted. */
  codeFiles: string[]
  /** Dotted position in the tree, e.g. `2.3.4`, from the sibling order. */
  number: string
  depth: number
  parent?: string
  children: string[]
}

export interface SpecTree {
  /** Sections in reading order (depth first, siblings by weight then title). */
  sections: Section[]
  byId: Map<string, Section>
  /** Ids of section folders whose index.md could not be loaded (their problems say why). */
  unloaded: Set<string>
  problems: Problem[]
}

export const SPEC_DIR = 'spec'

export function loadSpecTree(repoRoot: string): SpecTree {
  const problems: Problem[] = []
  const found: Section[] = []
  const unloaded = new Set<string>()
  const walk = (dir: string, parent: string | undefined) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    const rel = relative(join(repoRoot, SPEC_DIR), dir).split(sep).join('/')
    const hasIndex = entries.some((e) => e.isFile() && e.name === 'index.md')
    let here = parent
    if (hasIndex) {
      const file = relative(repoRoot, join(dir, 'index.md')).split(sep).join('/')
      const parsed = parseSectionFile(file, readFileSync(join(dir, 'index.md'), 'utf8'))
      problems.push(...parsed.problems)
      if (parsed.frontMatter) {
        const codeFiles = entries.filter((e) => e.isFile() && isModule(e.name)).map((e) => `${relative(repoRoot, dir).split(sep).join('/')}/${e.name}`)
        found.push({
          id: rel, file, frontMatter: parsed.frontMatter, body: parsed.body, bodyLine: parsed.bodyLine,
          prose: scanProse(parsed.body, parsed.bodyLine), codeFiles, number: '', depth: rel.split('/').length,
          ...(parent !== undefined ? { parent } : {}), children: [],
        })
        here = rel
      } else unloaded.add(rel)
    } else {
      for (const e of entries) {
        if (e.isFile() && isModule(e.name)) {
          const file = relative(repoRoot, join(dir, e.name)).split(sep).join('/')
          problems.push({ file, line: 1, message: 'spec: a .ts module must sit in a section folder (one with an index.md)' })
        }
      }
    }
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name), here)
  }
  const specRoot = join(repoRoot, SPEC_DIR)
  if (statSync(specRoot, { throwIfNoEntry: false })?.isDirectory()) walk(specRoot, undefined)
  const sections = order(found)
  return { sections, byId: new Map(sections.map((s) => [s.id, s])), unloaded, problems }
}

function isModule(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.d.ts')
}

/** Hugo's page order: by weight, unweighted pages last, then by title. */
function compareSiblings(a: Section, b: Section): number {
  const wa = a.frontMatter.weight ?? Number.POSITIVE_INFINITY
  const wb = b.frontMatter.weight ?? Number.POSITIVE_INFINITY
  return wa !== wb ? (wa < wb ? -1 : 1) : a.frontMatter.title.localeCompare(b.frontMatter.title)
}

/** Puts sections in reading order and numbers them. */
function order(found: Section[]): Section[] {
  const byParent = new Map<string | undefined, Section[]>()
  for (const s of found) byParent.set(s.parent, [...(byParent.get(s.parent) ?? []), s])
  const out: Section[] = []
  const visit = (parent: string | undefined, prefix: string) => {
    const kids = (byParent.get(parent) ?? []).sort(compareSiblings)
    kids.forEach((s, i) => {
      s.number = prefix === '' ? `${i + 1}` : `${prefix}.${i + 1}`
      s.depth = s.number.split('.').length
      out.push(s)
      visit(s.id, s.number)
    })
    const p = found.find((s) => s.id === parent)
    if (p) p.children = kids.map((s) => s.id)
  }
  visit(undefined, '')
  return out
}
