// @vitest-environment node
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { parseArgs } from '../../mock-server/cli-args'
import { startMockServer } from '../../mock-server/index'
import type { MockServer } from '../../mock-server/index'
import { openSse, openWs, until } from './helpers'

const root = fileURLToPath(new URL('../..', import.meta.url))
const started: MockServer[] = []

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()))
})

async function start(): Promise<MockServer> {
  const server = await startMockServer({ port: 0 })
  started.push(server)
  return server
}

/** Resolves true when nothing listens on the port any more. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

describe('startMockServer / close()', () => {
  it('reports its url and port', async () => {
    const server = await start()
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
  })

  it('ends every WebSocket, SSE stream, held poll and hung connection, and frees the port', async () => {
    const server = await start()
    const wsUrl = server.url.replace(/^http/, 'ws')
    const ws = openWs(`${wsUrl}/ws/metrics`)
    const hungWs = openWs(`${wsUrl}/ws/feed?hang=1`)
    const sse = await openSse(`${server.url}/sse/feed?rate=50`)
    const heldPoll = fetch(`${server.url}/poll/chat?cursor=0`).then(
      (r) => r.status,
      () => 'dropped',
    )
    const hungSse = fetch(`${server.url}/sse/feed?hang=1`).then(
      () => 'answered',
      () => 'dropped',
    )
    await ws.opened
    await until(() => sse.events.length > 0)

    await server.close()
    expect((await ws.closed).code).toBe(1006)
    expect(await hungWs.closed).toEqual(expect.objectContaining({ code: 1006 }))
    expect(await sse.ended).toBe('error')
    expect(await heldPoll).toBe('dropped')
    expect(await hungSse).toBe('dropped')
    expect(await portIsFree(server.port)).toBe(true)
    // A second close() is harmless.
    await expect(server.close()).resolves.toBeUndefined()
  })

  it('leaves no timer behind', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    const server = await start()
    const ws = openWs(`${server.url.replace(/^http/, 'ws')}/ws/metrics?rate=100`)
    const sse = await openSse(`${server.url}/sse/feed?rate=10`)
    const delayed = fetch(`${server.url}/poll/chat?delayMs=100000`).catch(() => 'dropped')
    await ws.opened
    await until(() => sse.events.length > 0 && ws.frames.length > 0)
    expect(timers()).toBeGreaterThan(before)
    await server.close()
    await delayed
    expect(timers()).toBeLessThanOrEqual(before)
  })

  it('rejects when the port is taken', async () => {
    const server = await start()
    await expect(startMockServer({ port: server.port })).rejects.toThrow(/EADDRINUSE/)
  })

  it('rejects invalid options', async () => {
    await expect(startMockServer({ port: 70000 })).rejects.toThrow(/port/)
  })
})

describe.concurrent('CLI', () => {
  it('parses flags', () => {
    expect(parseArgs(['--port', '0', '--host=localhost', '--allow-origin', 'http://a.test,http://b.test', '--allow-origin=http://c.test'])).toEqual({
      kind: 'run',
      quiet: false,
      options: { port: 0, host: 'localhost', allowOrigin: ['http://a.test', 'http://b.test', 'http://c.test'] },
    })
    expect(parseArgs(['--port', 'x'])).toEqual({ kind: 'error', message: expect.stringMatching(/--port/) })
    expect(parseArgs(['--port'])).toEqual({ kind: 'error', message: expect.stringMatching(/--port/) })
    expect(parseArgs(['--what'])).toEqual({ kind: 'error', message: expect.stringMatching(/unknown argument/) })
  })

  it('serves until SIGINT, then closes everything and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/cli.ts', '--port', '0', '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      let stdout = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      const url = await until(() => stdout.includes('Ctrl+C') && /listening on (http:\/\/\S+)/.exec(stdout)?.[1], 8000)
      expect(stdout).toMatch(/\/sse\//)
      // An open stream must not keep the process alive.
      const sse = await openSse(`${url}/sse/metrics`)
      await until(() => sse.events.length > 0)
      child.kill('SIGINT')
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 15000)

  it('exits 2 with a message on a bad flag', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/cli.ts', '--port', 'nope'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
    expect(code).toBe(2)
    expect(stderr).toMatch(/--port needs a number/)
  }, 15000)
})
