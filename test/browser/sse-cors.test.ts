// @vitest-environment node
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright'
import type { Browser } from 'playwright'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { serveBundlePage } from './serve-bundle'
import type { BundlePage } from './serve-bundle'
import { startSimpleCorsSseServer } from './simple-cors-sse-server'
import type { SimpleCorsSseServer } from './simple-cors-sse-server'

/*
 * In Debian's Chromium: useEventSource against a cross-origin SSE server that only
 * sends `Access-Control-Allow-Origin: *` and refuses OPTIONS. With no custom
 * headers it connects with zero preflights and resumes through every drop via
 * `?lastEventId=`; with a custom header it fails, and the error names CORS.
 */

let sse: SimpleCorsSseServer
let page: BundlePage
let browser: Browser

beforeAll(async () => {
  sse = await startSimpleCorsSseServer({ dropEvery: 3, total: 9 })
  page = await serveBundlePage(fileURLToPath(new URL('./sse-cors-page.tsx', import.meta.url)))
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await page?.close()
  await sse?.close()
})

it('connects cross-origin with no preflight and resumes through drops with ?lastEventId=', { timeout: 60_000 }, async () => {
  const tab = await browser.newPage()
  await tab.goto(`${page.url}?sse=${encodeURIComponent(sse.url)}`)

  await tab.locator('[data-testid="simple"][data-status="open"]', { hasText: /^9$/ }).waitFor({ timeout: 20_000 })
  expect(await tab.evaluate(() => window.received)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'])

  const streams = sse.requests.filter((request) => request.url.startsWith('/events/simple'))
  const urls = streams.map((request) => `${request.method} ${request.url}`)
  // Each resume carried the position in the query (a drop that beat the events to the
  // page would add a bare retry, which is why this is not an exact list).
  expect(urls).toContain('GET /events/simple?lastEventId=3')
  expect(urls).toContain('GET /events/simple?lastEventId=6')
  for (const url of urls) expect(url).toMatch(/^GET \/events\/simple(\?lastEventId=[36])?$/)
  for (const { headers } of streams) {
    expect(headers['last-event-id']).toBeUndefined()
    // (Chromium itself adds Cache-Control: no-cache for `cache: 'no-store'`; headers the
    // browser adds cost no preflight, which the count below shows.)
    expect(headers.accept).toBe('text/event-stream')
  }
  expect(sse.preflights('/events/simple')).toBe(0)

  // The counter does see preflights: the customised stream needs one, which this server refuses.
  const custom = tab.locator('[data-testid="custom"][data-status="failed"]')
  await custom.waitFor({ timeout: 20_000 })
  expect(sse.preflights('/events/custom')).toBeGreaterThanOrEqual(1)
  expect(sse.requests.some((request) => request.method === 'GET' && request.url.startsWith('/events/custom'))).toBe(false)
  expect(await custom.textContent()).toMatch(/Failed to fetch.*CORS/)
})
