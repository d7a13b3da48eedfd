import { auditDiff } from '../../dashboard/git.ts'
import { loadSpecTree } from '../../sections/tree.ts'
import { type Command, UsageError } from '../command.ts'

export const command: Command = {
  name: 'audit-diff',
  usage: 'audit-diff <section>           what changed in a section since its audit date',
  async run({ root, args, out }) {
    const id = args[0]?.replace(/^\/+|\/+$/g, '').replace(/^spec\//, '')
    if (!id) throw new UsageError('audit-diff: expected a section path, e.g. systems/filecoin_vm/sysactors')
    const section = loadSpecTree(root).byId.get(id)
    if (!section) throw new UsageError(`audit-diff: no section "${id}"`)
    const date = section.frontMatter.dashboardAuditDate
    if (!date) {
      out(`${id}: no audit date (audit: ${section.frontMatter.dashboardAudit}); nothing to compare against\n`)
      return 0
    }
    const diff = auditDiff(root, section, date)
    out(diff === '' ? `${id}: unchanged since its audit of ${date}\n` : `${id}: changes since its audit of ${date}\n\n${diff}\n`)
    return 0
  },
}
