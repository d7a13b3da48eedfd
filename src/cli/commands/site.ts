import { assembleSite } from '../../site/assemble.ts'
import type { Command } from '../command.ts'

export const command: Command = {
  name: 'site',
  usage: 'site                           assemble the Hugo content of the docs site (make docs)',
  async run({ root, out }) {
    const site = await assembleSite(root)
    out(`filspec site: ${site.sections} sections, ${site.modules} modules, ${site.files.length} files under docs/\n`)
    return 0
  },
}
