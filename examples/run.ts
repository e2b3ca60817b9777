/*
 * `npm run examples [-- NAME...]`: packs the package as it would be published, then
 * for each example app installs that tarball, type-checks strictly, builds, and runs
 * the Chromium smoke test (smoke.ts). Reuses each app's node_modules between runs;
 * only the packed package is reinstalled. Needs the build in dist/ (npm run build).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { smokeTest } from './smoke'
import type { SmokeApp } from './smoke'

const EXAMPLES = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.dirname(EXAMPLES)
const PACK_DIR = path.join(EXAMPLES, '.pack')

const APPS: SmokeApp[] = [
  {
    name: 'vite-react-19',
    dir: path.join(EXAMPLES, 'vite-react-19'),
    serve: (port) => ['vite', ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1']],
  },
  {
    name: 'vite-react-18',
    dir: path.join(EXAMPLES, 'vite-react-18'),
    serve: (port) => ['vite', ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1']],
  },
  {
    name: 'next-app-router',
    dir: path.join(EXAMPLES, 'next-app-router'),
    serve: (port) => ['next', ['start', '--port', String(port), '--hostname', '127.0.0.1']],
    // Rendered by the Server Component with the package's server-safe exports.
    check: async (page) => {
      const text = await page.locator('[data-testid="server-helpers"]').textContent()
      const expected = 'Rendered on the server · Live · http 503 true'
      if (text !== expected) throw new Error(`server helpers rendered ${JSON.stringify(text)}, expected ${JSON.stringify(expected)}`)
    },
  },
]

function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', NEXT_TELEMETRY_DISABLED: '1' },
  })
}

function pack(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'index.js'))) run('npm', ['run', 'build'], ROOT)
  rmSync(PACK_DIR, { recursive: true, force: true })
  mkdirSync(PACK_DIR)
  run('npm', ['pack', '--silent', '--pack-destination', PACK_DIR], ROOT)
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
  renameSync(path.join(PACK_DIR, `react-realtime-kit-${version}.tgz`), path.join(PACK_DIR, 'react-realtime-kit.tgz'))
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2)
  const unknown = wanted.filter((name) => !APPS.some((app) => app.name === name))
  if (unknown.length > 0) throw new Error(`unknown example ${unknown.join(', ')}; examples: ${APPS.map((app) => app.name).join(', ')}`)
  const apps = wanted.length === 0 ? APPS : APPS.filter((app) => wanted.includes(app.name))

  pack()
  for (const app of apps) {
    const started = Date.now()
    const log = (line: string): void => console.log(`[${app.name}] ${line} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    // The tarball's contents change with every build, so it is always installed afresh.
    rmSync(path.join(app.dir, 'node_modules', 'react-realtime-kit'), { recursive: true, force: true })
    rmSync(path.join(app.dir, 'package-lock.json'), { force: true })
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app.dir)
    log('installed the packed package')
    run('npm', ['run', '--silent', 'typecheck'], app.dir)
    log('type-checked')
    run('npm', ['run', '--silent', 'build'], app.dir)
    log('built')
    await smokeTest(app, log)
    log('smoke test passed')
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
