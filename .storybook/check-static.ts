/**
 * Opens a static Storybook build (`npm run build-storybook`) the way a reader
 * would without a mock server: served on 127.0.0.1, loaded in headless
 * Chromium, with 127.0.0.1:8787 unreachable. Checks that the docs pages render
 * and the inspector goes live on the in-browser stand-in, and saves a
 * screenshot of each page. Usage:
 *   npm run check:storybook-static -- [storybook-static] [screenshot-dir]
 */
import { createReadStream } from 'node:fs'
import { mkdir, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { chromium, type Page } from 'playwright'

const root = path.resolve(process.argv[2] ?? 'storybook-static')
const shots = path.resolve(process.argv[3] ?? 'storybook-static-check')

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

const server = createServer((req, res) => {
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
  const file = path.join(root, pathname === '/' ? 'index.html' : pathname)
  if (!file.startsWith(root)) {
    res.writeHead(403).end()
    return
  }
  stat(file).then(
    (info) => {
      if (!info.isFile()) throw new Error('not a file')
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
      createReadStream(file).pipe(res)
    },
    () => res.writeHead(404).end(),
  )
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

/** Each docs page and a heading that shows it rendered. */
const pages = [
  { id: 'introduction--docs', expect: 'Everything on one screen' },
  { id: 'hooks-usewebsocket--docs', expect: 'Breaking it', live: true },
  { id: 'hooks-useeventsource--docs', expect: 'Breaking it', live: true },
  { id: 'hooks-uselongpoll--docs', expect: 'Breaking it', live: true },
  { id: 'guides-choosing-a-transport--docs', expect: 'Measured' },
  { id: 'guides-reconnection--docs', expect: 'Every transition' },
]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
})
const problems: string[] = []
const report = (problem: string): void => {
  problems.push(problem)
  console.error(problem)
}

async function check(
  name: string,
  url: string,
  ready: (page: Page) => Promise<void>,
  screenshot: { fullPage: boolean },
): Promise<void> {
  const page = await context.newPage()
  page.on('pageerror', (error) => report(`${name}: page error: ${error.message}`))
  try {
    await page.goto(url)
    await ready(page)
  } catch (error) {
    report(`${name}: ${(error as Error).message.split('\n')[0] ?? ''}`)
  }
  const file = path.join(shots, `${name}.png`)
  await page.screenshot({ path: file, ...screenshot })
  console.log(file)
  await page.close()
}

await mkdir(shots, { recursive: true })
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
// No mock server: the stories' one probe of it fails, so they use the in-browser stand-in.
await context.route('http://127.0.0.1:8787/**', (route) => route.abort())
try {
  // The whole site once, for the sidebar: Introduction first.
  await check(
    'sidebar',
    `${base}/?path=/docs/introduction--docs`,
    (page) => page.frameLocator('#storybook-preview-iframe').getByRole('heading', { name: 'Everything on one screen' }).waitFor({ timeout: 60_000 }),
    { fullPage: false },
  )
  // Then each docs page on its own, full length.
  for (const { id, expect, live } of pages) {
    await check(
      id,
      `${base}/iframe.html?id=${id}&viewMode=docs`,
      async (page) => {
        await page.getByRole('heading', { name: expect }).waitFor({ timeout: 60_000 })
        // Every live story on a hook page reaches `open` (Bad JSON stays open; the others recover).
        if (live) await page.getByRole('status').filter({ hasText: /^open$/ }).first().waitFor({ timeout: 20_000 })
      },
      { fullPage: true },
    )
  }
} finally {
  await browser.close()
  server.close()
}
console.log(problems.length === 0 ? `All ${pages.length} docs pages render; screenshots in ${shots}` : `${problems.length} problems`)
process.exitCode = problems.length === 0 ? 0 : 1
