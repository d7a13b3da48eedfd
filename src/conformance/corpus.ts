// The filecoin-project test-vector corpus (../shared/conformance/test-vectors): where it is, and
// what each vector asks for. A vector is run once per variant (network version); conformance
// means every receipt and the post-state root match exactly.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { FilspecError } from '../schema/errors.ts'

/** Where the corpus sits beside a checkout; FILSPEC_VECTORS overrides it. */
export function corpusDir(repoRoot: string): string {
  return resolve(process.env.FILSPEC_VECTORS ?? join(repoRoot, '../shared/conformance/test-vectors/corpus'))
}

const Variant = z.object({ id: z.string(), epoch: z.number().int(), nv: z.number().int() })
/** The fields of the test-vector schema (schema.json beside the corpus) that we read so far. */
export const VectorHeader = z.object({
  class: z.enum(['message', 'tipset', 'block', 'chain']),
  _meta: z.object({ id: z.string() }),
  preconditions: z.object({ variants: z.array(Variant).optional() }),
  apply_messages: z.array(z.object({ bytes: z.string(), epoch_offset: z.number().int().optional() })).optional(),
})
export type VectorHeader = z.infer<typeof VectorHeader>

export interface VectorEntry {
  /** Path relative to the corpus folder. */
  file: string
  header: VectorHeader
}

export class VectorError extends FilspecError {
  override name = 'VectorError'
  constructor(readonly file: string, reason: string) {
    super(`vector ${file}: ${reason}`)
  }
}

/** Every vector of the corpus, sorted by file; a malformed one is a VectorError naming it. */
export function listCorpus(dir: string): VectorEntry[] {
  if (!existsSync(dir)) throw new VectorError(dir, 'corpus folder not found (expected ../shared beside the checkout, or FILSPEC_VECTORS)')
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'))
  return files.sort().map((file) => ({ file, header: parseVectorJson(VectorHeader, file, readFileSync(join(dir, file), 'utf8')) }))
}

/** Parses a vector's JSON text with `schema`; `file` names it in errors, with the path of the first bad field. */
export function parseVectorJson<T>(schema: z.ZodType<T>, file: string, text: string): T {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new VectorError(file, `not JSON: ${(e as Error).message}`)
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new VectorError(file, `${issue.path.join('.') || 'vector'}: ${issue.message}`)
  }
  return parsed.data
}

/** One run per variant; a vector without variants runs once. */
export function countRuns(entries: VectorEntry[]): number {
  return entries.reduce((n, e) => n + Math.max(1, e.header.preconditions.variants?.length ?? 0), 0)
}
