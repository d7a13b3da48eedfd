// Every generator of the vectors filspec publishes under vectors/ for other implementations.
// `filspec generate` writes what they return and CI fails when the committed files are stale,
// so each generator must be deterministic (fixed keys and seeds, no clocks). A family of vectors
// adds its generator to GENERATORS; its folder's README.md is written by hand.

import { generateAddressVectors } from './addresses.ts'
import { generateBlockVectors } from './blocks.ts'
import { generateMessageApplicationVectors } from './message_application.ts'
import { generateMessageVectors } from './messages.ts'
import { generateSignatureVectors } from './signatures.ts'

/** One generated file: its path under vectors/ and its content. */
export interface VectorFile {
  path: string
  content: string
}

export type VectorGenerator = () => VectorFile[] | Promise<VectorFile[]>

const GENERATORS: VectorGenerator[] = [generateMessageVectors, generateMessageApplicationVectors, generateBlockVectors, generateAddressVectors, generateSignatureVectors]

/** Every generated vector file, sorted by path; two generators writing one path is an error. */
export async function allVectorFiles(): Promise<VectorFile[]> {
  const files = (await Promise.all(GENERATORS.map((g) => g()))).flat()
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  for (let i = 1; i < files.length; i++) {
    if (files[i]!.path === files[i - 1]!.path) throw new Error(`vectors: two generators write ${files[i]!.path}`)
  }
  return files
}

/** Stable JSON for vector files: two-space indent, trailing newline. */
export function vectorJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
