// The built docs site (docs/public, made by `make docs`) in a real browser: the dashboard lists
// and sorts every section of generated/dashboard.json and shows its progress figures; section
// pages carry their state and sit in the navigation tree; the API pages load. Nothing the site
// loads may come from anywhere but the site itself.
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type Browser, type Page, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dashboard } from '../../../src/dashboard/dashboard.ts'
import { STATE_RANK } from '../../../src/dashboard/html.ts'
import { type StaticServer, serveStatic } from './static_server.ts'

const ROOT = resolve(import.meta.dirname, '../../..')
const PUBLIC = join(ROOT, 'docs/public')
const CHROMIUM = '/usr/bin/chromium'

let server: StaticServer
let browser: Browser
let dashboard: Dashboard
/** Requests the pages made to anything but the test server. */
const foreign: string[] = []

beforeAll(async () => {
  if (!existsSync(join(PUBLIC, 'index.html')) || !existsSync(join(PUBLIC, 'dashboard/index.html'))) {
    throw new Error('docs/public is missing or incomplete: run `make docs` first to build the site')
  }
  dashboard = JSON.parse(readFileSync(join(ROOT, 'generated/dashboard.json'), 'utf8')) as Dashboard
  server = await serveStatic(PUBLIC)
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function open(path: string): Promise<Page> {
  const page = await browser.newPage()
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(`${server.url}/`) || url.startsWith('data:')) return route.continue()
    foreign.push(url)
    return route.abort()
  })
  const response = await page.goto(`${server.url}${path}`)
  expect(response?.status(), `status of ${path}`).toBe(200)
  return page
}

const rankOf = (state: string) => {
  const rank = STATE_RANK[state]
  if (rank === undefined) throw new Error(`unknown state ${JSON.stringify(state)}`)
  return rank
}

describe('dashboard page', () => {
  it('lists every section of generated/dashboard.json', async () => {
    const page = await open('/dashboard/')
    const ids = await page.locator('table#dashboard tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-section')))
    expect(ids).toHaveLength(dashboard.sections.length)
    expect(new Set(ids)).toEqual(new Set(dashboard.sections.map((s) => s.id)))
    await page.close()
  })

  it('sorts by state when the State header is clicked, and reverses on a second click', async () => {
    const page = await open('/dashboard/')
    const header = page.locator('table#dashboard thead th').filter({ hasText: /^State$/ })
    await expect(header.count()).resolves.toBe(1)
    const states = () => page.locator('table#dashboard tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state') ?? ''))

    await header.click()
    expect(await header.getAttribute('aria-sort')).toBe('ascending')
    const up = (await states()).map(rankOf)
    expect(up).toHaveLength(dashboard.sections.length)
    for (let i = 1; i < up.length; i++) expect(up[i]!, `row ${i + 1} after one click`).toBeGreaterThanOrEqual(up[i - 1]!)

    await header.click()
    expect(await header.getAttribute('aria-sort')).toBe('descending')
    const down = (await states()).map(rankOf)
    for (let i = 1; i < down.length; i++) expect(down[i]!, `row ${i + 1} after two clicks`).toBeLessThanOrEqual(down[i - 1]!)
    expect(new Set(down)).toEqual(new Set(dashboard.sections.map((s) => rankOf(s.state))))
    await page.close()
  })

  it('shows the progress figures of summary.progress', async () => {
    const page = await open('/dashboard/')
    for (const kind of ['unweighted', 'weighted'] as const) {
      const expected = dashboard.summary.progress[kind]
      const bars = page.locator(`.meter[data-progress="${kind}"] .bar`)
      await expect(bars.count()).resolves.toBe(3)
      for (const state of ['stable', 'reliable', 'wip'] as const) {
        const bar = page.locator(`.meter[data-progress="${kind}"] .bar[data-state="${state}"]`)
        expect(Number(await bar.getAttribute('data-value')), `${kind} ${state} data-value`).toBe(expected[state])
        expect((await bar.locator('strong').innerText()).trim(), `${kind} ${state} text`).toBe(`${expected[state]}%`)
      }
    }
    await page.close()
  })

  it('links every section to a page that exists', async () => {
    const page = await open('/dashboard/')
    const hrefs = await page.locator('table#dashboard tbody td.section a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
    expect(hrefs).toHaveLength(dashboard.sections.length)
    for (const href of hrefs) expect((await fetch(`${server.url}${href}`)).status, href).toBe(200)
    await page.close()
  })
})

describe('section page', () => {
  const section = () => dashboard.sections.find((s) => s.id === 'systems/filecoin_vm/message') ?? dashboard.sections.find((s) => s.depth >= 2)!

  it('shows the state badge and the section in the navigation tree', async () => {
    const s = section()
    const page = await open(`/${s.id}/`)
    const badge = page.locator('.page-head .state-badge')
    await expect(badge.getAttribute('data-state')).resolves.toBe(s.state)
    expect((await badge.innerText()).trim()).toBe(s.state)
    expect(await badge.evaluate((el) => el.classList.contains(`bg-${el.getAttribute('data-state')}`))).toBe(true)
    expect(await page.locator('h1').innerText()).toContain(s.number)

    const entry = page.locator(`nav.tree li[data-section="${s.id}"]`)
    await expect(entry.count()).resolves.toBe(1)
    expect(await entry.getAttribute('class')).toContain('current')
    await expect(entry.locator(':scope > a[aria-current="page"]').count()).resolves.toBe(1)
    // The whole tree is there, not just this branch.
    await expect(page.locator('nav.tree li[data-section]').count()).resolves.toBe(dashboard.sections.length)

    const box = page.locator('section.implementation')
    if (s.modules === 0) expect(await box.innerText()).toContain('No code yet: this section is specified in prose only.')
    else await expect(box.locator('dt').count()).resolves.toBe(s.modules)
    await page.close()
  })

  it('links its modules to source and API pages that exist', async () => {
    const page = await open(`/${section().id}/`)
    const hrefs = await page.locator('section.implementation a, figure.listing figcaption a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
    for (const href of new Set(hrefs.map((h) => h.replace(/#.*$/, '')))) expect((await fetch(`${server.url}${href}`)).status, href).toBe(200)
    await page.close()
  })

  it('every section page links only module, listing and API pages that exist', async () => {
    const checked = new Set<string>()
    for (const s of dashboard.sections) {
      const html = await (await fetch(`${server.url}/${s.id}/`)).text()
      const box = /<section class="implementation"[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''
      expect(box, `implementation box of ${s.id}`).not.toBe('')
      const listings = [...html.matchAll(/<figcaption><a href="([^"]+)"/g)].map((m) => m[1]!)
      for (const href of [...[...box.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!), ...listings]) {
        const path = href.replace(/#.*$/, '')
        if (checked.has(path)) continue
        checked.add(path)
        expect((await fetch(`${server.url}${path}`)).status, `${href} on /${s.id}/`).toBe(200)
      }
    }
  })
})

describe('API pages', () => {
  it('serves the typedoc pages at /api/', async () => {
    const page = await open('/api/')
    expect(await page.title()).toContain('filspec API')
    await expect(page.locator('.tsd-page-title, .tsd-navigation').count()).resolves.toBeGreaterThan(0)
    expect(await page.locator('body').innerText()).toMatch(/src\/sections\/tree|spec\//)
    await page.close()
  })

  it('the header links to the dashboard and the API', async () => {
    const page = await open('/')
    await expect(page.locator('header .site-links a[href="/dashboard/"]').count()).resolves.toBe(1)
    await expect(page.locator('header .site-links a[href="/api/"]').count()).resolves.toBe(1)
    await page.close()
  })
})

describe('self-contained', () => {
  it('loaded nothing from outside the site', () => {
    expect(foreign).toEqual([])
  })
})
