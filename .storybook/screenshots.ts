/**
 * Takes the README screenshots from a running Storybook (`npm run storybook`)
 * in Chromium and writes them to docs/. Usage:
 *   node --import tsx .storybook/screenshots.ts [storybook-url]
 * CHROMIUM_PATH overrides the browser (default /usr/bin/chromium); SHOTS=feed.png,chat.png
 * takes only those.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright'

const base = process.argv[2] ?? 'http://127.0.0.1:6006'
const docs = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs')
const mockServer = 'http://127.0.0.1:8787'

interface Shot {
  file: string
  story: string
  theme?: 'light' | 'dark'
  /** Runs in the story before the picture is taken. */
  prepare: (page: Page) => Promise<void>
}

async function live(page: Page, count = 1): Promise<void> {
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('[role="status"]')].filter((el) => el.textContent === 'Live').length >= n,
    count,
    { timeout: 15_000 },
  )
}

async function say(user: string, text: string): Promise<void> {
  const response = await fetch(`${mockServer}/send/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, text, clientId: `screenshot-${user}` }),
  })
  if (!response.ok) throw new Error(`POST /send/chat answered ${response.status}`)
}

const shots: Shot[] = [
  {
    file: 'feed.png',
    story: 'components-feed--web-socket',
    prepare: async (page) => {
      await live(page)
      await page.waitForFunction(() => document.querySelectorAll('.rrk-feed__item').length >= 8, null, { timeout: 15_000 })
    },
  },
  {
    file: 'dashboard.png',
    story: 'components-dashboard--web-socket',
    prepare: async (page) => {
      await live(page)
      // Let the sparklines fill up.
      await page.waitForTimeout(9000)
    },
  },
  {
    file: 'dashboard-dark.png',
    story: 'components-dashboard--dark-theme',
    theme: 'dark',
    prepare: async (page) => {
      await live(page)
      await page.waitForTimeout(9000)
    },
  },
  {
    file: 'chat.png',
    story: 'components-chat--two-people',
    prepare: async (page) => {
      await live(page, 2)
      const ada = page.getByRole('region', { name: "Ada's chat" })
      const grace = page.getByRole('region', { name: "Grace's chat" })
      // The story's play function writes Ada's first message; the conversation goes on from there.
      await grace.getByText('Morning! Is the 2.0 release out?').waitFor({ timeout: 15_000 })
      await grace.getByRole('textbox', { name: 'Message' }).fill('Tagged and published ten minutes ago.')
      await grace.getByRole('textbox', { name: 'Message' }).press('Enter')
      await page.waitForTimeout(400)
      await say('Linus', 'Nice, the changelog reads well.')
      await page.waitForTimeout(400)
      await ada.getByRole('textbox', { name: 'Message' }).fill('Thanks both!')
      await ada.getByRole('textbox', { name: 'Message' }).press('Enter')
      await page.waitForFunction(() => document.querySelectorAll('.rrk-chat__message:not([data-state])').length >= 8, null, {
        timeout: 15_000,
      })
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    },
  },
  {
    file: 'connection-status.png',
    story: 'components-connectionstatus--all-statuses',
    prepare: async (page) => {
      await page.waitForFunction(() => /next try in \d+ s/.test(document.body.textContent ?? ''), null, { timeout: 15_000 })
    },
  },
]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
})
try {
  await mkdir(docs, { recursive: true })
  const only = process.env.SHOTS?.split(',')
  for (const shot of shots.filter((candidate) => !only || only.includes(candidate.file))) {
    const context = await browser.newContext({
      viewport: { width: 760, height: 900 },
      deviceScaleFactor: 2,
      reducedMotion: 'reduce',
      colorScheme: shot.theme ?? 'light',
    })
    const page = await context.newPage()
    await page.goto(`${base}/iframe.html?id=${shot.story}&viewMode=story`)
    await shot.prepare(page)
    await page.locator('.rrk-story').screenshot({ path: path.join(docs, shot.file), animations: 'disabled' })
    console.log(`docs/${shot.file}`)
    await context.close()
  }
} finally {
  await browser.close()
}
