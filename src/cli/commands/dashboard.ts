import { writeFileSync } from 'node:fs'
import { type Dashboard, summaryLine } from '../../dashboard/dashboard.ts'
import { renderDashboardPage } from '../../dashboard/html.ts'
import { renderJson, renderMarkdown, renderTable } from '../../dashboard/render.ts'
import { currentDashboard } from '../../generate.ts'
import { type Command, UsageError } from '../command.ts'

const RENDERERS: Record<string, (d: Dashboard) => string> = { table: renderTable, json: renderJson, md: renderMarkdown, html: (d) => renderDashboardPage(d) }

export const command: Command = {
  name: 'dashboard',
  usage: 'dashboard [--format F] [--out FILE]\n                                 print the dashboard; F is table (default), json, md or html',
  options: { format: { type: 'string' }, out: { type: 'string' } },
  async run({ root, values, out }) {
    const format = String(values.format ?? 'table')
    const render = RENDERERS[format]
    if (!render) throw new UsageError(`dashboard: "--format" expected table, json, md or html, got ${JSON.stringify(format)}`)
    const d = currentDashboard(root)
    const text = render(d)
    if (typeof values.out === 'string') {
      writeFileSync(values.out, text)
      out(`${summaryLine(d)}\nwrote ${values.out}\n`)
    } else out(text)
    return 0
  },
}
