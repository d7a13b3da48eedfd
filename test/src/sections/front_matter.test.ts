import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { AUDIT_STATES, SECTION_STATES, parseSectionFile } from '../../../src/sections/front_matter.ts'

const good = ['---', 'title: Message', 'weight: 4', 'dashboardWeight: 1.5', 'dashboardState: reliable', 'dashboardAudit: wip', '---', '', 'Prose.', '']

describe('parseSectionFile', () => {
  it('reads a valid section file', () => {
    const parsed = parseSectionFile('spec/x/index.md', good.join('\n'))
    expect(parsed.problems).toEqual([])
    expect(parsed.frontMatter).toEqual({ title: 'Message', weight: 4, dashboardWeight: 1.5, dashboardState: 'reliable', dashboardAudit: 'wip' })
    expect(parsed.bodyLine).toBe(8)
    expect(parsed.body.trim()).toBe('Prose.')
  })

  it('names file, line and field of an unknown state', () => {
    const text = good.join('\n').replace('dashboardState: reliable', 'dashboardState: stabel')
    expect(parseSectionFile('spec/x/index.md', text).problems).toEqual([
      { file: 'spec/x/index.md', line: 5, field: 'dashboardState', message: 'dashboardState: expected one of "stable" | "reliable" | "wip" | "incorrect" | "missing", got "stabel"' },
    ])
  })

  it('reports unknown and missing fields', () => {
    const text = good.join('\n').replace('title: Message\n', '').replace('weight: 4', 'wieght: 4')
    const problems = parseSectionFile('f.md', text).problems
    expect(problems).toContainEqual({ file: 'f.md', line: 2, field: 'wieght', message: 'wieght: unknown field' })
    expect(problems).toContainEqual({ file: 'f.md', line: 1, field: 'title', message: 'title: missing required field' })
  })

  it('requires the URL and date of a done audit', () => {
    const text = good.join('\n').replace('dashboardAudit: wip', 'dashboardAudit: done\ndashboardAuditDate: 2020-10-19')
    expect(parseSectionFile('f.md', text).problems).toEqual([
      { file: 'f.md', line: 1, field: 'dashboardAuditURL', message: 'dashboardAuditURL: missing required field' },
    ])
  })

  it('rejects a malformed date with its line', () => {
    const text = good.join('\n').replace('dashboardAudit: wip', 'dashboardAudit: wip\ndashboardAuditDate: 19/10/2020')
    const [p] = parseSectionFile('f.md', text).problems
    expect(p).toMatchObject({ line: 7, field: 'dashboardAuditDate' })
    expect(p?.message).toContain('got "19/10/2020"')
  })

  it('reports files without front matter or without its closing line', () => {
    expect(parseSectionFile('f.md', '# hi').problems[0]?.message).toBe('front matter: expected the file to start with a "---" line')
    expect(parseSectionFile('f.md', '---\ntitle: x\n').problems[0]?.message).toBe('front matter: no closing "---" line')
  })

  it('reports YAML syntax errors with their line', () => {
    const [p] = parseSectionFile('f.md', '---\ntitle: A\nweight: [\n---\n').problems
    expect(p?.line).toBeGreaterThanOrEqual(3)
    expect(p?.message).toMatch(/^front matter: /)
  })
})

const frontMatter = fc.record(
  {
    title: fc.string({ minLength: 1 }),
    weight: fc.integer(),
    dashboardWeight: fc.double({ min: 0, max: 10, noNaN: true }),
    dashboardState: fc.constantFrom(...SECTION_STATES),
    dashboardAudit: fc.constantFrom(...AUDIT_STATES.filter((a) => a !== 'done')),
  },
  { requiredKeys: ['title', 'dashboardWeight', 'dashboardState', 'dashboardAudit'] },
)

describe('parseSectionFile properties', () => {
  it('round-trips any valid front matter through YAML', () => {
    fc.assert(
      fc.property(frontMatter, fc.string(), (fm, body) => {
        const parsed = parseSectionFile('f.md', `---\n${stringify(fm)}---\n${body}`)
        expect(parsed.problems).toEqual([])
        expect(parsed.frontMatter).toEqual(fm)
        expect(parsed.body).toBe(body)
      }),
    )
  })

  it('returns problems, never throws, on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const parsed = parseSectionFile('f.md', text)
        expect(parsed.frontMatter !== undefined || parsed.problems.length > 0).toBe(true)
        for (const p of parsed.problems) expect(p.line).toBeGreaterThanOrEqual(1)
      }),
    )
  })

  it('returns problems, never throws, on arbitrary YAML values as front matter', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseSectionFile('f.md', `---\n${stringify(value)}---\n`)
        expect(parsed.frontMatter !== undefined || parsed.problems.length > 0).toBe(true)
      }),
    )
  })
})
