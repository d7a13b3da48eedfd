// The dashboard as HTML: one fragment (progress bar, sortable section table, implementations
// table) that both the self-contained page of `filspec dashboard --format html` and the docs
// site's dashboard page use, so the two cannot drift apart.
import type { Tally } from './measure.ts'
import { type Dashboard, type DashboardSection, type Progress, summaryLine } from './dashboard.ts'

/** Sort keys of states, as the Filecoin spec's dashboard orders them (best first). */
export const STATE_RANK: Record<string, number> = { stable: 1, done: 1, reliable: 2, wip: 3, incorrect: 4, missing: 5, coming: 6, 'n/a': 7 }

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`)
}
const escape = escapeHtml
const tallyCell = (t: Tally | null) => (t ? `<td data-sort="${t.total === 0 ? -1 : t.passed / t.total}">${t.passed}/${t.total}</td>` : '<td data-sort="-1">—</td>')

function progressBar(p: Progress, label: string): string {
  const bar = (state: keyof Progress, name: string) => `<span class="bar bg-${state}" data-state="${state}" data-value="${p[state]}" style="width:${p[state]}%">${name} <strong>${p[state]}%</strong></span>`
  return `<div class="meter" data-progress="${label}">${bar('wip', 'WIP')}${bar('reliable', 'Reliable')}${bar('stable', 'Stable')}</div>`
}

function sectionRow(s: DashboardSection, base: string): string {
  const audit = s.audit.url
    ? `<a href="${escape(base + s.audit.url.replace(/^\//, ''))}">${escape(s.audit.date ?? s.audit.state)}</a>`
    : escape(s.audit.state === 'n/a' ? '' : s.audit.state)
  const stale = s.audit.stale === null ? '<td data-sort="-1">—</td>' : `<td data-sort="${s.audit.stale ? 1 : 0}" class="${s.audit.stale ? 'bg-incorrect' : ''}">${s.audit.stale ? 'stale' : 'current'}</td>`
  return `<tr data-section="${escape(s.id)}" data-state="${s.state}">`
    + `<td class="section depth-${s.depth}" data-sort="${escape(s.number.split('.').map((n) => n.padStart(3, '0')).join('.'))}">${s.number} <a href="${escape(base + s.id)}/">${escape(s.title)}</a></td>`
    + `<td data-sort="${STATE_RANK[s.state]}" class="bg-${s.state}">${s.state}</td>`
    + `<td data-sort="${STATE_RANK[s.audit.state]}" class="bg-${s.audit.state === 'n/a' ? 'na' : s.audit.state}">${audit}</td>`
    + stale
    + `<td data-sort="${s.dashboardWeight}">${s.dashboardWeight}</td>`
    + `<td data-sort="${s.modules}">${s.modules}</td>`
    + tallyCell(s.tests) + tallyCell(s.vectors)
    + `<td data-sort="${s.coverage ? s.coverage.pct : -1}">${s.coverage ? `${s.coverage.pct}%` : '—'}</td></tr>`
}

/** The dashboard's body; `base` is the site root that section links hang from (e.g. "/"). */
export function renderDashboardFragment(d: Dashboard, base = '/'): string {
  const heads = ['Section', 'State', 'Theory audit', 'Audit stale', 'Weight', 'Modules', 'Tests', 'Vectors', 'Coverage']
  const implRows = d.implementations.map((i) => `<tr><td>${escape(i.implementation)}</td><td>${i.url ? `<a href="${escape(i.url)}">${escape(i.repo)}</a>` : escape(i.repo)}</td><td>${escape(i.lang)}</td>`
    + `<td class="bg-${i.ci === 'passed' ? 'reliable' : i.ci === 'failed' ? 'incorrect' : 'na'}">${i.ci ?? 'unknown'}</td>`
    + `<td>${i.coverage === null ? 'unknown' : `${i.coverage}%`}</td>`
    + `<td class="bg-${i.audit.state === 'n/a' ? 'na' : i.audit.state}">${i.audit.url ? `<a href="${escape(base + i.audit.url.replace(/^\//, ''))}">${i.audit.state}</a>` : i.audit.state}</td></tr>`)
  return [
    `<p class="dashboard-summary">${escape(summaryLine(d))}</p>`,
    '<h2 id="progress">Stabilization progress</h2>',
    '<p>By number of sections:</p>', progressBar(d.summary.progress.unweighted, 'unweighted'),
    '<p>Weighted by each section\'s dashboardWeight:</p>', progressBar(d.summary.progress.weighted, 'weighted'),
    '<h2 id="sections">Sections</h2>',
    '<table id="dashboard" class="dashboard sortable"><thead><tr>',
    heads.map((h) => `<th scope="col" tabindex="0">${h}</th>`).join(''),
    '</tr></thead><tbody>', ...d.sections.map((s) => sectionRow(s, base)), '</tbody></table>',
    '<h2 id="implementations">Implementations</h2>',
    '<table id="dashboard-impls" class="dashboard"><thead><tr><th>Implementation</th><th>Repo</th><th>Language</th><th>CI</th><th>Test coverage</th><th>Security audit</th></tr></thead><tbody>',
    ...implRows, '</tbody></table>',
  ].join('\n')
}

/** Click (or Enter on) a header to sort by its column's data-sort; again to reverse. */
export const SORT_SCRIPT = `document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, col) {
    function sort() {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(r) { var v = r.cells[col].getAttribute('data-sort'); var n = Number(v); return v !== '' && !isNaN(n) ? n : v; }
      rows.map(function (r, i) { return [r, i]; }).sort(function (a, b) {
        var x = key(a[0]), y = key(b[0]);
        return (x < y ? -dir : x > y ? dir : 0) || a[1] - b[1];
      }).forEach(function (p) { body.appendChild(p[0]); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sort(); });
  });
});`

export const DASHBOARD_CSS = `.meter{display:flex;width:100%;height:1.6em;background:#eee;border-radius:4px;overflow:hidden;margin:.3em 0 1em}
.meter .bar{display:inline-block;white-space:nowrap;overflow:hidden;font-size:.8em;line-height:2em;padding-left:.3em;color:#000}
table.dashboard{border-collapse:collapse;width:100%;font-size:.9em}
table.dashboard th,table.dashboard td{border:1px solid #ddd;padding:.25em .5em;text-align:center}
table.dashboard td.section{text-align:left}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" ▲"}
table.sortable th[aria-sort=descending]::after{content:" ▼"}
td.depth-2{padding-left:1.5em}td.depth-3{padding-left:2.5em}td.depth-4{padding-left:3.5em}td.depth-5{padding-left:4.5em}
.bg-stable,.bg-done{background:#8fd19e}.bg-reliable{background:#c3e6cb}.bg-wip{background:#ffeeba}
.bg-incorrect{background:#f5c6cb}.bg-missing{background:#e2a0a8}.bg-coming{background:#bee5eb}.bg-na{background:#f4f4f4}`

/** A self-contained page: no external assets, so it can be mailed or opened from disk. */
export function renderDashboardPage(d: Dashboard, base = '/'): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>filspec dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}${DASHBOARD_CSS}</style></head>
<body><h1>filspec dashboard</h1>
${renderDashboardFragment(d, base)}
<script>${SORT_SCRIPT}</script>
</body></html>
`
}
