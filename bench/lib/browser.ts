import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { chromium } from 'playwright'
import type { Browser, Page } from 'playwright'
import { build } from 'vite'
import { startPageServer } from './page-server'
import type { PageServer } from './page-server'

const PAGE_DIR = fileURLToPath(new URL('../browser/page/', import.meta.url))

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]

/**
 * Builds bench/browser/page with vite (production mode, minified) into a temp
 * directory. `react-dom/client` is aliased to `react-dom/profiling` so that
 * <Profiler onRender> works in the production build.
 */
export async function buildBenchPage(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rrk-bench-page-'))
  await build({
    configFile: false,
    root: PAGE_DIR,
    base: './',
    mode: 'production',
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
    build: { outDir: dir, emptyOutDir: true, sourcemap: false, minify: true, reportCompressedSize: false },
  })
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

export interface BrowserBench {
  server: PageServer
  browser: Browser
  chromiumVersion: string
  /** A fresh page in a fresh context. */
  newPage(): Promise<Page>
  close(): Promise<void>
}

/** Builds the page, serves it on 127.0.0.1 and launches Debian's Chromium. */
export async function startBrowserBench(): Promise<BrowserBench> {
  const built = await buildBenchPage()
  const server = await startPageServer(built.dir)
  let browser: Browser
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  } catch (error) {
    await server.close()
    await built.remove()
    throw error
  }
  return {
    server,
    browser,
    chromiumVersion: browser.version(),
    newPage: async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
      return context.newPage()
    },
    close: async () => {
      await browser.close()
      await server.close()
      await built.remove()
    },
  }
}

/** Waits for the page to set window.__bench.done, polling from Node (bounded). */
export async function waitForReport(page: Page, timeoutMs: number): Promise<Record<string, unknown>> {
  await page.waitForFunction(() => window.__bench?.done === true, undefined, { timeout: timeoutMs, polling: 250 })
  const report = await page.evaluate(() => window.__bench)
  if (report.error !== undefined) throw new Error(`bench page: ${report.error}`)
  return report.result ?? {}
}
