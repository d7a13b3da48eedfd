import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildDashboard } from '../../../src/dashboard/dashboard.ts'
import { renderJson } from '../../../src/dashboard/render.ts'
import { assembleSite, sourceUrl } from '../../../src/site/assemble.ts'
import { type ListingContext, ListingError, expandListings } from '../../../src/site/listings.ts'
import { loadSpecTree } from '../../../src/sections/tree.ts'
import { fixtureRepo, sectionFile } from '../../support/fixture_repo.ts'

const CODE = [
  '// Arithmetic, for the fixture.',
  '',
  '/** The bound. */',
  'export const LIMIT = 3',
  '',
  '/**',
  ' * Adds, up to `LIMIT`.',
  ' * ```ts',
  ' * add(1, 2) // 3',
  ' * ```',
  ' */',
  'export function add(a: number, b: number): number {',
  '  return Math.min(a + b, LIMIT)',
  '}',
  '',
].join('\n')
const ADD = CODE.split('\n').slice(5, 14).join('\n')

const ctx = (files: Record<string, string>): ListingContext => ({ read: (p) => files[p], sourceUrl })

/** The lines between a fence that opens with `info` and the fence that closes it. */
function fencedBody(markdown: string, info: RegExp): string {
  const lines = markdown.split('\n')
  const open = lines.findIndex((l) => info.test(l))
  expect(open).toBeGreaterThanOrEqual(0)
  const fence = /^\s*(`+)/.exec(lines[open]!)![1]!
  const close = lines.findIndex((l, i) => i > open && l.trim() === fence)
  return lines.slice(open + 1, close).join('\n')
}

describe('expandListings', () => {
  const prose = { file: 'spec/a/index.md', bodyLine: 9, body: '## `add`\n\nBefore.\n\n{{< listing src="math.ts" symbol="add" >}}\n\nAfter `add`.' }

  it('replaces a listing by the declaration, exactly as it is in the file', () => {
    const out = expandListings(prose, ctx({ 'spec/a/math.ts': CODE }))
    expect(fencedBody(out, /^`{4}ts \{linenos=table,linenostart=6\}$/)).toBe(ADD)
    expect(out).toContain('<figcaption><a href="/spec/a/math.ts/#L-6">math.ts, lines 6–14</a></figcaption>')
    expect(out).not.toContain('{{<')
    expect(out.startsWith('## `add`\n\nBefore.\n')).toBe(true)
    expect(out.trimEnd().endsWith('After `add`.')).toBe(true)
  })

  it('uses a fence longer than any backtick run of the code', () => {
    const out = expandListings(prose, ctx({ 'spec/a/math.ts': CODE }))
    expect(out).toMatch(/^````ts /m)
  })

  it('keeps a listing inside a list item indented', () => {
    const out = expandListings({ ...prose, body: '- item\n\n  {{< listing src="math.ts" symbol="LIMIT" >}}' }, ctx({ 'spec/a/math.ts': CODE }))
    expect(out).toContain('\n  ```ts {linenos=table,linenostart=3}\n  /** The bound. */\n  export const LIMIT = 3\n  ```\n')
    expect(out).toContain('math.ts, line')
  })

  it('throws on an unknown symbol, naming file and line', () => {
    const body = 'Intro.\n\n{{< listing src="math.ts" symbol="sub" >}}'
    expect(() => expandListings({ ...prose, body }, ctx({ 'spec/a/math.ts': CODE }))).toThrow(ListingError)
    expect(() => expandListings({ ...prose, body }, ctx({ 'spec/a/math.ts': CODE }))).toThrow('spec/a/index.md:11: listing: math.ts has no top-level declaration "sub"')
  })

  it('throws on a missing file, naming file and line', () => {
    const body = '{{< listing src="nope.ts" symbol="add" >}}'
    expect(() => expandListings({ ...prose, body }, ctx({}))).toThrow('spec/a/index.md:9: listing: no file nope.ts in spec/a')
  })

  it('escapes shortcodes in code, and refuses others', () => {
    const body = 'Use `{{< x >}}` here.\n\n```md\n{{< listing src="m.ts" symbol="y" >}}\n```'
    const out = expandListings({ ...prose, body }, ctx({}))
    expect(out).toContain('`{{</* x */>}}`')
    expect(out).toContain('\n{{</* listing src="m.ts" symbol="y" */>}}\n')
    expect(expandListings({ ...prose, body: 'The form: `{{< listing src="m.ts" symbol="y" >}}`.' }, ctx({}))).toBe('The form: `{{</* listing src="m.ts" symbol="y" */>}}`.')
    expect(() => expandListings({ ...prose, body: 'a\n{{% katex %}}x{{% /katex %}}' }, ctx({}))).toThrow('spec/a/index.md:10: shortcode')
  })
})

describe('assembleSite', () => {
  const repo = (prose: string) => {
    const root = fixtureRepo({
      'spec/a/index.md': sectionFile('Alpha', prose),
      'spec/a/math.ts': CODE,
      'spec/a/b/index.md': sectionFile('Beta', 'Prose only.', { dashboardState: 'stable' }),
      'src/tool.ts': 'export const TOOL = 1\n',
    })
    const dashboard = buildDashboard(loadSpecTree(root), { measurements: {}, auditStale: () => null })
    mkdirSync(join(root, 'generated'))
    writeFileSync(join(root, 'generated', 'dashboard.json'), renderJson(dashboard))
    return root
  }

  it('writes section pages, source pages, the dashboard and the home page', async () => {
    const root = repo('## `add`\n\n{{< listing src="math.ts" symbol="add" >}}\n\n`LIMIT`')
    const site = await assembleSite(root)
    expect(site.sections).toBe(2)
    expect(site.modules).toBe(2)
    const a = readFileSync(join(root, 'docs/content/a/_index.md'), 'utf8')
    expect(fencedBody(a, /linenostart=6/)).toBe(ADD)
    expect(a).toMatch(/^number: "?1"?$/m)
    expect(a).toContain('state: wip')
    expect(a).toContain('url: /spec/a/math.ts/#L-3')
    const b = readFileSync(join(root, 'docs/content/a/b/_index.md'), 'utf8')
    expect(b).toContain('modules: []')
    expect(b).toContain('number: "1.1"')
    expect(readFileSync(join(root, 'docs/content/a/math.ts.md'), 'utf8')).toContain('url: /spec/a/math.ts/')
    expect(existsSync(join(root, 'docs/content/src__tool.ts.md'))).toBe(true)
    expect(readFileSync(join(root, 'docs/content/dashboard.md'), 'utf8')).toContain('<tr data-section="a/b" data-state="stable">')
    expect(readFileSync(join(root, 'docs/content/_index.md'), 'utf8')).toContain('[Alpha](/a/)')
  })

  it('fails on an unresolved listing, naming file and line', async () => {
    const root = repo('Intro.\n\n{{< listing src="math.ts" symbol="mul" >}}')
    await expect(assembleSite(root)).rejects.toThrow('spec/a/index.md:11: listing: math.ts has no top-level declaration "mul"')
  })

  it('asks for `make generate` when there is no dashboard', async () => {
    const root = fixtureRepo({ 'spec/a/index.md': sectionFile('Alpha', 'x') })
    await expect(assembleSite(root)).rejects.toThrow('generated/dashboard.json not found; run `make generate`')
  })

  it('tables the fields of a structure under its listing, from its one definition', async () => {
    const schema = new URL('../../../src/schema/', import.meta.url).pathname
    const root = repo('`add` `LIMIT`')
    writeFileSync(join(root, 'spec/a/b/pair.ts'), [
      `import { defineStruct, field } from '${schema}struct.ts'`,
      `import { uint64, bytes } from '${schema}kinds.ts'`,
      `export const Pair = defineStruct('Pair', { Left: field(uint64, 'the left | one'), Right: bytes })`,
      '',
    ].join('\n'))
    writeFileSync(join(root, 'spec/a/b/index.md'), sectionFile('Beta', '{{< listing src="pair.ts" symbol="Pair" >}}'))
    await assembleSite(root)
    const b = readFileSync(join(root, 'docs/content/a/b/_index.md'), 'utf8')
    expect(b).toContain('| # | Field | Kind | Meaning |\n| --- | --- | --- | --- |\n| 0 | `Left` | uint64 | the left \\| one |\n| 1 | `Right` | bytes |  |\n')
  })
})
