import { staleGenerated, writeGenerated } from '../../generate.ts'
import type { Command } from '../command.ts'

export const command: Command = {
  name: 'generate',
  usage: 'generate [--check]             write generated/ and vectors/ (with --check: fail if stale)',
  options: { check: { type: 'boolean' } },
  async run({ root, values, out, err }) {
    if (values.check) {
      const stale = await staleGenerated(root)
      for (const f of stale) err(`${f}: stale; run \`make generate\` and commit it\n`)
      out(`filspec generate --check: ${stale.length === 0 ? 'generated files are fresh' : `${stale.length} stale file(s)`}\n`)
      return stale.length === 0 ? 0 : 1
    }
    for (const f of await writeGenerated(root)) out(`wrote ${f}\n`)
    return 0
  },
}
