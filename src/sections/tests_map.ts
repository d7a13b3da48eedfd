// Which section a test file belongs to: test/spec/<section path>/… mirrors spec/<section path>/,
// so a test is attributed to the deepest section whose path prefixes the test file's folder.
import type { SpecTree } from './tree.ts'

export const TEST_SPEC_DIR = 'test/spec'

/** The section id a repo-relative test file belongs to, or undefined for tests of src/. */
export function sectionOfTest(tree: SpecTree, testFile: string): string | undefined {
  if (!testFile.startsWith(`${TEST_SPEC_DIR}/`)) return undefined
  const parts = testFile.slice(TEST_SPEC_DIR.length + 1).split('/').slice(0, -1)
  for (let n = parts.length; n > 0; n--) {
    const id = parts.slice(0, n).join('/')
    if (tree.byId.has(id)) return id
  }
  return undefined
}
