import { describe, expect, it } from 'vitest'
import { checkTree, formatProblem } from '../../../src/sections/check.ts'
import { loadSpecTree } from '../../../src/sections/tree.ts'
import { fixtureRepo, sectionFile } from '../../support/fixture_repo.ts'

const CODE = `/** Adds. */\nexport function add(a: number, b: number): number {\n  return a + b\n}\n\nexport const LIMIT = 3\n`

async function check(files: Record<string, string>): Promise<string[]> {
  const root = fixtureRepo(files)
  return (await checkTree(root, loadSpecTree(root))).map(formatProblem)
}

describe('checkTree', async () => {
  it('passes a well-formed tree', async () => {
    expect(await check({
      'spec/a/index.md': sectionFile('A', '## `add`\n\n{{< listing src="math.ts" symbol="add" >}}\n\nThe bound `LIMIT`. See [b](/a/b#rules) and [the dashboard](/dashboard).'),
      'spec/a/math.ts': CODE,
      'spec/a/b/index.md': sectionFile('B', '## Rules\n\nSee [a](../).'),
    })).toEqual([])
  })

  it('reports a broken link and a missing anchor with their lines', async () => {
    expect(await check({
      'spec/a/index.md': sectionFile('A', 'Intro.\n\n[x](/nowhere) and [y](/a#no-such)'),
    })).toEqual([
      'spec/a/index.md:11: link "/nowhere": no section "nowhere"',
      'spec/a/index.md:11: link "/a#no-such": section "a" has no heading #no-such',
    ])
  })

  it('checks the audit URL of the front matter', async () => {
    const problems = await check({ 'spec/a/index.md': sectionFile('A', 'x', { dashboardAudit: 'done', dashboardAuditURL: '/audits#actors', dashboardAuditDate: '2020-10-19' }) })
    expect(problems).toEqual(['spec/a/index.md:1: dashboardAuditURL: link "/audits#actors": no section "audits"'])
  })

  it('reports listings that do not resolve', async () => {
    expect(await check({
      'spec/a/index.md': sectionFile('A', '{{< listing src="math.ts" symbol="sub" >}}\n{{< listing src="nope.ts" symbol="add" >}}\n`add` `LIMIT`'),
      'spec/a/math.ts': CODE,
    })).toEqual([
      'spec/a/index.md:9: listing: math.ts has no top-level declaration "sub"',
      'spec/a/index.md:10: listing: no file nope.ts in spec/a',
    ])
  })

  it('reports a heading that names another symbol than its listing', async () => {
    expect(await check({
      'spec/a/index.md': sectionFile('A', '## `LIMIT`\n\n{{< listing src="math.ts" symbol="add" >}}'),
      'spec/a/math.ts': CODE,
    })).toEqual(['spec/a/index.md:11: listing: shows "add" under the heading "LIMIT" (line 9)'])
  })

  it('reports exports the prose never shows or names', async () => {
    expect(await check({ 'spec/a/index.md': sectionFile('A', 'Shows `add` only.'), 'spec/a/math.ts': CODE })).toEqual([
      'spec/a/index.md:8: export "LIMIT" of math.ts is neither listed nor named in the prose',
    ])
  })

  it('reports modules outside any section folder', async () => {
    expect(await check({ 'spec/a/index.md': sectionFile('A', 'x'), 'spec/a/loose/util.ts': 'export {}\n' })).toEqual([
      'spec/a/loose/util.ts:1: spec: a .ts module must sit in a section folder (one with an index.md)',
    ])
  })

  it('holds a stable section to no open TODO and to tests for its code', async () => {
    expect(await check({
      'spec/a/index.md': sectionFile('A', 'Names `add` and `LIMIT`.\n\nTODO: finish', { dashboardState: 'stable' }),
      'spec/a/math.ts': CODE.replace('/** Adds. */', '// FIXME overflow'),
    })).toEqual([
      'spec/a/index.md:1: dashboardState: a stable section with code needs tests under test/spec/a/',
      'spec/a/index.md:11: dashboardState: a stable section has no open TODO',
      'spec/a/math.ts:1: a stable section (a) has no open TODO',
    ])
  })

  it('accepts a stable section whose code has tests', async () => {
    expect(await check({
      'spec/a/index.md': sectionFile('A', 'Names `add` and `LIMIT`.', { dashboardState: 'stable' }),
      'spec/a/math.ts': CODE,
      'test/spec/a/math.test.ts': '',
    })).toEqual([])
  })

  it('passes on this repository', async () => {
    const root = new URL('../../../', import.meta.url).pathname
    expect((await checkTree(root, loadSpecTree(root))).map(formatProblem)).toEqual([])
  })

  it('checks constants tables against the code', async () => {
    const table = (value: string) => `\`add\`\n\n| Name | Value | Why |\n| --- | --- | --- |\n| \`LIMIT\` | ${value} | small |\n| \`OTHER\` | 1 | not ours |`
    expect(await check({ 'spec/a/index.md': sectionFile('A', table('`3`')), 'spec/a/math.ts': CODE })).toEqual([])
    expect(await check({ 'spec/a/index.md': sectionFile('A', table('2**1 + 1 = 3')), 'spec/a/math.ts': CODE })).toEqual([])
    expect(await check({ 'spec/a/index.md': sectionFile('A', table('4')), 'spec/a/math.ts': CODE })).toEqual([
      'spec/a/index.md:13: constants table: LIMIT is 3 in math.ts, the table says "4"',
    ])
    const dst = '`add` `LIMIT`\n\n| Name | Value |\n| --- | --- |\n| `DST` | `BLS_SIG_X_NUL_` |'
    expect(await check({ 'spec/a/index.md': sectionFile('A', dst), 'spec/a/math.ts': `${CODE}export const DST = 'BLS_SIG_X_NUL_'\n` })).toEqual([])
    expect(await check({ 'spec/a/index.md': sectionFile('A', dst), 'spec/a/math.ts': `${CODE}export const DST = 'BLS_SIG_X_POP_'\n` })).toEqual([
      'spec/a/index.md:13: constants table: DST is BLS_SIG_X_POP_ in math.ts, the table says "`BLS_SIG_X_NUL_`"',
    ])
    expect(await check({ 'spec/a/index.md': sectionFile('A', table('13')), 'spec/a/math.ts': CODE })).toEqual([
      'spec/a/index.md:13: constants table: LIMIT is 3 in math.ts, the table says "13"',
    ])
  })
})
