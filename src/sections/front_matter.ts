// The front matter of a section's index.md: the Filecoin spec's own field names (its Hugo
// front matter), validated with zod so that a bad field is reported with its file and line.
import { z } from 'zod'
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml'
import { valueAt } from '../schema/errors.ts'

/** How far a section's text can be relied on (the Filecoin spec's dashboard states). */
export const SECTION_STATES = ['stable', 'reliable', 'wip', 'incorrect', 'missing'] as const
export type SectionState = (typeof SECTION_STATES)[number]

/** Where the theory audit of a section stands. */
export const AUDIT_STATES = ['done', 'wip', 'coming', 'missing', 'n/a'] as const
export type AuditState = (typeof AUDIT_STATES)[number]

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')

/** One repository of an implementation (spec/implementations/*), as the dashboard's table lists it. */
export const ImplRepo = z.strictObject({
  repo: z.string().min(1),
  lang: z.string().min(1),
  auditState: z.enum(AUDIT_STATES).optional(),
  auditURL: z.string().optional(),
  /** This repository itself: its CI and coverage are measured here, not looked up. */
  self: z.boolean().optional(),
})
export type ImplRepo = z.infer<typeof ImplRepo>

export const FrontMatter = z
  .strictObject({
    title: z.string().min(1),
    /** Order among siblings; sections without one come last, by title (as Hugo orders them). */
    weight: z.number().int().optional(),
    /** How critical the section is; weights the stabilization progress. */
    dashboardWeight: z.number().nonnegative(),
    dashboardState: z.enum(SECTION_STATES),
    dashboardAudit: z.enum(AUDIT_STATES),
    dashboardAuditURL: z.string().min(1).optional(),
    dashboardAuditDate: isoDate.optional(),
    /** Left out of the progress bar (the implementations list is not spec text). */
    dashboardHidden: z.boolean().optional(),
    implRepos: z.array(ImplRepo).optional(),
  })
  .superRefine((fm, ctx) => {
    if (fm.dashboardAudit === 'done' && (fm.dashboardAuditURL === undefined || fm.dashboardAuditDate === undefined)) {
      const field = fm.dashboardAuditURL === undefined ? 'dashboardAuditURL' : 'dashboardAuditDate'
      ctx.addIssue({ code: 'custom', path: [field], message: 'required when dashboardAudit is "done"' })
    }
    if (fm.dashboardAuditDate !== undefined && fm.dashboardAudit !== 'done' && fm.dashboardAudit !== 'wip') {
      ctx.addIssue({ code: 'custom', path: ['dashboardAuditDate'], message: `a date needs dashboardAudit "done" or "wip", got "${fm.dashboardAudit}"` })
    }
  })
export type FrontMatter = z.infer<typeof FrontMatter>

/** A problem found in a file, with the 1-based line it is on and the field it concerns. */
export interface Problem {
  file: string
  line: number
  field?: string
  message: string
}

export interface ParsedSectionFile {
  frontMatter?: FrontMatter
  body: string
  /** 1-based line number of the body's first line in the file. */
  bodyLine: number
  /** 1-based line of each top-level front matter key. */
  fieldLines: Record<string, number>
  problems: Problem[]
}

/**
 * Splits `---`-fenced YAML front matter from the body and validates it. Never throws: every
 * defect becomes a Problem naming the file, line and field.
 */
export function parseSectionFile(file: string, text: string): ParsedSectionFile {
  const lines = text.split('\n')
  if (lines[0]?.trimEnd() !== '---') {
    return { body: text, bodyLine: 1, fieldLines: {}, problems: [{ file, line: 1, message: 'front matter: expected the file to start with a "---" line' }] }
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trimEnd() === '---')
  if (end < 0) {
    return { body: '', bodyLine: lines.length + 1, fieldLines: {}, problems: [{ file, line: 1, message: 'front matter: no closing "---" line' }] }
  }
  const yamlText = lines.slice(1, end).join('\n')
  const body = lines.slice(end + 1).join('\n')
  const bodyLine = end + 2
  const lineCounter = new LineCounter()
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number) => lineCounter.linePos(offset).line + 1 // +1: the opening ---
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({ file, line: at(e.pos[0]), message: `front matter: ${e.message.split('\n')[0]}` }))
    return { body, bodyLine, fieldLines: {}, problems }
  }
  const fieldLines: Record<string, number> = {}
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key) && pair.key.range) fieldLines[String(pair.key.value)] = at(pair.key.range[0])
    }
  }
  const input: unknown = doc.toJS()
  const result = FrontMatter.safeParse(input)
  if (result.success) return { frontMatter: result.data, body, bodyLine, fieldLines, problems: [] }
  const problems: Problem[] = []
  for (const issue of result.error.issues) {
    // An unknown key is reported once per key, on its own line.
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path]
    for (const path of paths) {
      const field = path.length > 0 ? path.join('.') : undefined
      const top = path[0]
      const line = typeof top === 'string' && fieldLines[top] !== undefined ? fieldLines[top] : 1
      const message = `${field ?? 'front matter'}: ${describeIssue(issue, valueAt(input, path))}`
      problems.push({ file, line, ...(field ? { field } : {}), message })
    }
  }
  return { body, bodyLine, fieldLines, problems }
}


/** The message form of STYLE.md: what was expected, then what was found. */
function describeIssue(issue: z.core.$ZodIssue, got: unknown): string {
  const shown = got === undefined ? 'nothing' : JSON.stringify(got)
  if (issue.code === 'unrecognized_keys') return 'unknown field'
  if (got === undefined) return 'missing required field'
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, got ${shown}`
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${shown}`
  return `${issue.message}, got ${shown}`
}
