// @vitest-environment node
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { readFaults } from '../../mock-server/faults'
import { openWs, mockServerPerTest } from './helpers'

const ctx = mockServerPerTest({ allowOrigin: ['https://app.example.test'] })

/** Sends raw bytes and returns what the server answered before closing. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request))
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (answer += chunk))
    socket.on('close', () => resolve(answer))
    socket.on('error', reject)
  })
}

describe('routing', () => {
  it('answers 404 for unknown paths and scenarios, naming what exists', async () => {
    const unknownPath = await fetch(`${ctx.url}/nope`)
    expect(unknownPath.status).toBe(404)
    expect(await unknownPath.text()).toMatch(/\/sse\//)
    for (const path of ['/sse/weather', '/poll/weather', '/ws/weather', '/sse/feed/extra', '/']) {
      expect((await fetch(`${ctx.url}${path}`)).status, path).toBe(404)
    }
    const unknownScenario = await fetch(`${ctx.url}/send/weather`, { method: 'POST', body: '{}' })
    expect(unknownScenario.status).toBe(404)
    expect(await unknownScenario.text()).toMatch(/chat, feed, metrics/)
  })

  it('answers 405 with Allow for the wrong method, 426 for /ws without an upgrade', async () => {
    const postSse = await fetch(`${ctx.url}/sse/feed`, { method: 'POST', body: 'x' })
    expect(postSse.status).toBe(405)
    expect(postSse.headers.get('allow')).toBe('GET, OPTIONS')
    expect((await fetch(`${ctx.url}/poll/feed`, { method: 'DELETE' })).status).toBe(405)
    const getSend = await fetch(`${ctx.url}/send/chat`)
    expect(getSend.status).toBe(405)
    expect(getSend.headers.get('allow')).toBe('POST, OPTIONS')
    expect((await fetch(`${ctx.url}/ws/chat`)).status).toBe(426)
  })

  it('answers 400 with a clear message for bad switch values on every endpoint', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/sse/feed?failFirst=x', /failFirst must be a non-negative integer/],
      ['/poll/feed?rate=0', /rate must be/],
      ['/poll/feed?count=1.5', /count must be a non-negative integer/],
      ['/sse/feed?status=99', /status must be between 200 and 599/],
      ['/poll/chat?delayMs=99999999999', /delayMs must be between/],
      ['/sse/feed?closeCode=1006', /closeCode 1006 cannot be sent/],
      ['/sse/feed?hang=maybe', /hang must be 1 or 0/],
      ['/poll/feed?count=1&count=2', /count is given 2 times/],
      ['/sse/feed?contentType=%0Abad', /contentType/],
    ]
    for (const [path, message] of cases) {
      const res = await fetch(`${ctx.url}${path}`)
      expect(res.status, path).toBe(400)
      expect(await res.text(), path).toMatch(message)
    }
    const post = await fetch(`${ctx.url}/send/chat?dropAfter=-1`, { method: 'POST', body: '{"text":"x"}' })
    expect(post.status).toBe(400)
  })

  it('survives malformed request lines and a client that vanishes mid-stream', async () => {
    const answer = await rawRequest(ctx.server.port, 'GET http://[bad/ HTTP/1.1\r\nHost: x\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 400/)
    const garbage = await rawRequest(ctx.server.port, 'NOT HTTP AT ALL\r\n\r\n')
    expect(garbage).toMatch(/^HTTP\/1\.1 400/)
    const controller = new AbortController()
    const res = await fetch(`${ctx.url}/sse/metrics?rate=1000`, { signal: controller.signal })
    expect(res.status).toBe(200)
    controller.abort()
    expect((await fetch(`${ctx.url}/poll/feed?count=1`)).status).toBe(200)
  })
})

describe('CORS', () => {
  it('echoes allowed origins with Vary and exposes Retry-After', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:6006', 'http://[::1]:3000', 'https://app.example.test']) {
      const res = await fetch(`${ctx.url}/poll/feed?count=1`, { headers: { Origin: origin } })
      expect(res.headers.get('access-control-allow-origin'), origin).toBe(origin)
      expect(res.headers.get('vary')).toMatch(/Origin/)
      expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After')
    }
    const refused = await fetch(`${ctx.url}/poll/feed?failFirst=1`, { headers: { Origin: 'http://localhost:5173' } })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })

  it('answers preflights for allowed origins', async () => {
    const res = await fetch(`${ctx.url}/send/chat`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, x-token' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS')
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type, x-token')
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0)
  })

  it('gives other origins no CORS headers, 403 on preflight, POST and WebSocket', async () => {
    const origin = 'http://evil.example.test'
    const get = await fetch(`${ctx.url}/poll/feed?count=1`, { headers: { Origin: origin } })
    expect(get.status).toBe(200)
    expect(get.headers.get('access-control-allow-origin')).toBeNull()
    expect(get.headers.get('access-control-expose-headers')).toBeNull()
    const preflight = await fetch(`${ctx.url}/send/chat`, { method: 'OPTIONS', headers: { Origin: origin } })
    expect(preflight.status).toBe(403)
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    const post = await fetch(`${ctx.url}/send/chat`, { method: 'POST', headers: { Origin: origin }, body: '{"text":"x"}' })
    expect(post.status).toBe(403)
    expect(await openWs(`${ctx.wsUrl}/ws/chat`, { origin }).rejected).toBe(403)
  })

  it('serves requests without Origin normally', async () => {
    const res = await fetch(`${ctx.url}/poll/feed?count=1`)
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('readFaults', () => {
  it('fills defaults and ignores unknown parameters', () => {
    const faults = readFaults(new URLSearchParams('token=abc&cursor=4'))
    expect(faults).toEqual(
      expect.objectContaining({ failFirst: 0, status: 503, delayMs: 0, holdMs: 20000, hang: false, count: undefined, closeCode: undefined }),
    )
  })

  it('accepts fractional rates', () => {
    expect(readFaults(new URLSearchParams('rate=0.5')).rate).toBe(0.5)
  })
})
