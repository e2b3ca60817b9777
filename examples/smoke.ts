/*
 * The Chromium smoke test of one example app: with the mock server started through
 * the package's bin, every component reaches `open`, a chat message round-trips
 * (sent over WebSocket, seen by the long-poll chat too), and after the mock server
 * is restarted every component recovers and chat works again.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import { chromium } from 'playwright'
import type { Page } from 'playwright'

export interface SmokeApp {
  name: string
  dir: string
  /** The command (in node_modules/.bin) and arguments that serve the built app on `port`. */
  serve(port: number): [string, string[]]
  /** Extra checks on the loaded page (e.g. server-rendered text). */
  check?(page: Page): Promise<void>
}

const SECTIONS = ['status', 'feed', 'dashboard', 'chat', 'long-poll-chat']
const STEP_TIMEOUT_MS = 30_000

export async function smokeTest(app: SmokeApp, log: (line: string) => void): Promise<void> {
  const mockPort = await freePort()
  const appPort = await freePort()
  const children: ChildProcess[] = []
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  })
  try {
    let mock = await startMockServer(app.dir, mockPort)
    children.push(mock)
    const [command, args] = app.serve(appPort)
    const appServer = spawnBin(app.dir, command, args)
    children.push(appServer)
    await waitForHttp(`http://127.0.0.1:${appPort}/`, appServer)

    const page = await browser.newPage()
    page.setDefaultTimeout(STEP_TIMEOUT_MS)
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    log('app server ready')
    await page.goto(`http://127.0.0.1:${appPort}/?server=${encodeURIComponent(`http://127.0.0.1:${mockPort}`)}`)
    await app.check?.(page)
    await everySection(page, 'open')
    log('every component is open')
    await chatRoundTrip(page, 'hello before the restart')
    log('a chat message round-tripped')

    await stop(mock)
    await page.locator(statusOf('feed')).and(page.locator(':not([data-status="open"])')).waitFor()
    log('mock server stopped; the components noticed')
    mock = await startMockServer(app.dir, mockPort)
    children.push(mock)
    log('mock server restarted')
    await everySection(page, 'open', log)
    log('every component is open again')
    await chatRoundTrip(page, 'hello after the restart')
    log('chat round-trips again')
    if (pageErrors.length > 0) throw new Error(`errors on the page: ${pageErrors.join('; ')}`)
  } finally {
    await browser.close()
    await Promise.all(children.map(stop))
  }
}

/** The root element (the first with data-status) of the component in a section. */
function statusOf(section: string): string {
  return `[data-testid="${section}"] [data-status] >> nth=0`
}

async function everySection(page: Page, status: string, log?: (line: string) => void): Promise<void> {
  for (const section of SECTIONS) {
    await page.locator(`[data-testid="${section}"] [data-status="${status}"]`).first().waitFor()
    log?.(`${section} is ${status}`)
  }
  for (const section of SECTIONS) {
    const actual = await page.locator(statusOf(section)).getAttribute('data-status')
    if (actual !== status) throw new Error(`${section} is ${actual ?? 'without a status'}, expected ${status}`)
  }
}

/** Ada sends over WebSocket; her message is acknowledged (echoed) and reaches the long-poll chat. */
async function chatRoundTrip(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid="chat"] form input').fill(text)
  await page.locator('[data-testid="chat"] form').press('Enter')
  await page.locator('[data-testid="chat"] li[data-own="true"]:not([data-state])', { hasText: text }).waitFor()
  await page.locator('[data-testid="long-poll-chat"] li', { hasText: text }).waitFor()
}

function spawnBin(dir: string, command: string, args: string[]): ChildProcess {
  const child = spawn(path.join(dir, 'node_modules', '.bin', command), args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  })
  let output = ''
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.on('exit', (code) => {
    // 143: ended by our SIGTERM.
    if (code !== 0 && code !== null && code !== 143) console.error(`${command} exited with ${code}:\n${output}`)
  })
  return child
}

/** Starts `react-realtime-kit-mock-server` from the app's install; resolves once it listens. */
async function startMockServer(dir: string, port: number): Promise<ChildProcess> {
  const child = spawnBin(dir, 'react-realtime-kit-mock-server', ['--port', String(port), '--quiet'])
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the mock server did not start within 15 s')), 15_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the mock server exited with ${String(code)}`))
    })
  })
  return child
}

async function waitForHttp(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the app server exited with ${server.exitCode}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${url} did not answer within 60 s`)
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
