import { readMeasurements } from '../../dashboard/measure.ts'
import { checkTree, formatProblem } from '../../sections/check.ts'
import { loadSpecTree } from '../../sections/tree.ts'
import type { Command } from '../command.ts'

export const command: Command = {
  name: 'check',
  usage: 'check                          lint the spec tree (front matter, links, listings, exports, constants)',
  async run({ root, out, err }) {
    const tree = loadSpecTree(root)
    const outcomes = readMeasurements(root).tests
    const problems = await checkTree(root, tree, outcomes ? { testOutcomes: outcomes } : {})
    for (const p of problems) err(`${formatProblem(p)}\n`)
    out(`filspec check: ${tree.sections.length} sections, ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`)
    return problems.length === 0 ? 0 : 1
  },
}
