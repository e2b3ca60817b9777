/**
 * Opens a static Storybook build (`npm run build-storybook`) the way a reader
 * would without a mock server: served on 127.0.0.1, loaded in headless
 * Chromium, with 127.0.0.1:8787 unreachable. Checks that the docs pages render
 * and the inspector goes live on the in-browser stand-in, and saves a
 * screenshot of each page. Usage:
 *   node --import tsx .storybook/check-static.ts [storybook-static] [screenshot-dir]
 */
import { createReadStream } from 'node:fs'
import { mkdir, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { chromium } from 'playwright'

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

const pages = [
  { name: 'introduction', path: '/docs/introduction--docs', expect: 'Everything on one screen' },
  { name: 'use-web-socket', path: '/docs/hooks-usewebsocket--docs', expect: 'Breaking it' },
  { name: 'use-event-source', path: '/docs/hooks-useeventsource--docs', expect: 'Breaking it' },
  { name: 'use-long-poll', path: '/docs/hooks-uselongpoll--docs', expect: 'Breaking it' },
  { name: 'choosing-a-transport', path: '/docs/guides-choosing-a-transport--docs', expect: 'max sustained msg/s' },
  { name: 'reconnection', path: '/docs/guides-reconnection--docs', expect: 'Every transition' },
]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
})
const problems: string[] = []
try {
  await mkdir(shots, { recursive: true })
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } })
  // No mock server: the stories' one probe of it fails, so they use the in-browser stand-in.
  await context.route('http://127.0.0.1:8787/**', (route) => route.abort())
  for (const page of pages) {
    const tab = await context.newPage()
    tab.on('pageerror', (error) => problems.push(`${page.name}: page error: ${error.message}`))
    await tab.goto(`${base}/?path=${page.path}`)
    const frame = tab.frameLocator('#storybook-preview-iframe')
    try {
      await frame.getByText(page.expect).first().waitFor({ timeout: 30_000 })
      if (page.name.startsWith('use-')) {
        await frame.getByRole('status').filter({ hasText: /^open$/ }).first().waitFor({ timeout: 15_000 })
      }
    } catch (error) {
      problems.push(`${page.name}: ${(error as Error).message.split('\n')[0] ?? ''}`)
    }
    await tab.screenshot({ path: path.join(shots, `${page.name}.png`), fullPage: true })
    await tab.close()
  }
} finally {
  await browser.close()
  server.close()
}
console.log(problems.length === 0 ? `All ${pages.length} pages render; screenshots in ${shots}` : problems.join('\n'))
process.exitCode = problems.length === 0 ? 0 : 1
