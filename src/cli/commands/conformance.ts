import { corpusDir, countRuns, listCorpus } from '../../conformance/corpus.ts'
import type { Command } from '../command.ts'

export const command: Command = {
  name: 'conformance',
  usage: 'conformance                    inventory the test-vector corpus and report what is checked',
  async run({ root, out }) {
    const dir = corpusDir(root)
    const entries = listCorpus(dir)
    const byClass = new Map<string, number>()
    for (const e of entries) byClass.set(e.header.class, (byClass.get(e.header.class) ?? 0) + 1)
    const classes = [...byClass].map(([c, n]) => `${n} ${c}`).join(', ')
    out(`corpus ${dir}: ${entries.length} vectors (${classes}), ${countRuns(entries)} runs\n`)
    // Honest until the VM exists: nothing here claims a receipt or state root was matched.
    out('receipts and post-state roots: 0 runs checked; the VM and its runner are not built yet\n')
    return 0
  },
}
