import { renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useEventSource } from '../../src/hooks/use-event-source'
import { useLongPoll } from '../../src/hooks/use-long-poll'
import type { RealtimeResult } from '../../src/hooks/types'
import { useWebSocket } from '../../src/hooks/use-web-socket'
import { createTestServer, type TestServer } from '../../src/testing'
import { advance, WRAPPERS } from '../helpers/act-timers'

/*
 * The test server through the real hooks, on fake timers: the mock server's
 * scenarios and faults, and push / drop / refuse / install.
 */

let server: TestServer
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 })
  server = createTestServer()
})
afterEach(() => {
  server.close()
  vi.useRealTimers()
})

const FAST = { initialDelayMs: 100, jitter: 0 } as const
type Numbered = { seq: number }
const json = (raw: unknown): Numbered => (typeof raw === 'string' ? JSON.parse(raw) : raw) as Numbered

describe.each(WRAPPERS)('test server through the hooks (%s)', (_name, wrapper) => {
  const hooks: Record<'websocket' | 'sse' | 'long-poll', (query: string) => () => RealtimeResult<Numbered>> = {
    websocket: (query: string) => () => useWebSocket(`ws://localhost/ws/feed?${query}`, { WebSocket: server.WebSocket, parse: json, history: 50, reconnect: FAST }),
    sse: (query: string) => () => useEventSource(`http://localhost/sse/feed?${query}`, { fetch: server.fetch, parse: json, history: 50, reconnect: FAST }),
    'long-poll': (query: string) => () => useLongPoll(`http://localhost/poll/feed?${query}`, { fetch: server.fetch, parse: json, history: 50, reconnect: FAST }),
  }
  const paths = { websocket: '/ws/feed', sse: '/sse/feed', 'long-poll': '/poll/feed' } as const

  describe.each(Object.keys(hooks) as (keyof typeof hooks)[])('%s', (kind) => {
    it('count=N sends { seq } 1..N, in order, once', async () => {
      const { result } = renderHook(hooks[kind]('count=4'), { wrapper })
      await advance(200)
      expect(result.current.status).toBe('open')
      expect(result.current.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4])
    })

    it('failFirst=2 refuses twice, then the hook is open', async () => {
      const { result } = renderHook(hooks[kind]('failFirst=2&count=1'), { wrapper })
      await advance(50)
      expect(result.current.status).toBe('reconnecting')
      await advance(1000)
      expect(result.current.status).toBe('open')
      expect(result.current.messages.map((m) => m.seq)).toEqual([1])
    })

    it('drop(path) → reconnecting, then open again', async () => {
      const { result } = renderHook(hooks[kind]('count=0&holdMs=60000'), { wrapper })
      // Long-poll's first answer (no cursor yet) is empty and instant: the next poll follows 250 ms later.
      await advance(400)
      expect(result.current.status).toBe('open')
      expect(server.drop(paths[kind])).toBeGreaterThan(0)
      await advance(50)
      expect(result.current.status).toBe('reconnecting')
      // A held long poll counts as open once it has been in flight for a second.
      await advance(1500)
      expect(result.current.status).toBe('open')
    })

    it('push(path, message) reaches the connected client', async () => {
      const { result } = renderHook(hooks[kind]('count=0&holdMs=60000'), { wrapper })
      await advance(200)
      server.push(paths[kind], { seq: 42 })
      await advance(100)
      expect(result.current.lastMessage).toEqual({ seq: 42 })
    })

    it('refuse(path) refuses until accepted again', async () => {
      const accept = server.refuse(paths[kind], { status: 503, closeCode: 4500 })
      const { result } = renderHook(hooks[kind]('count=1'), { wrapper })
      await advance(1000)
      expect(result.current.status).toBe('reconnecting')
      accept()
      await advance(5000)
      expect(result.current.status).toBe('open')
    })

    it('delayMs on a fake clock: connecting until the delay has passed', async () => {
      const { result } = renderHook(hooks[kind]('delayMs=5000&count=1'), { wrapper })
      // Long-poll counts a request in flight for 1000 ms without failing as open (API.md).
      await advance(kind === 'long-poll' ? 900 : 4000)
      expect(result.current.status).toBe('connecting')
      await advance(kind === 'long-poll' ? 200 : 1100)
      expect(result.current.status).toBe('open')
    })
  })
})

describe('test server wire formats and errors', () => {
  it('answers like the mock server: 404 for unknown paths and scenarios, 400 for bad faults, 426 on /ws', async () => {
    expect((await server.fetch('http://localhost/nope')).status).toBe(404)
    expect((await server.fetch('http://localhost/sse/weather')).status).toBe(404)
    const bad = await server.fetch('http://localhost/poll/feed?count=lots')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/count must be a non-negative integer/)
    expect((await server.fetch('http://localhost/ws/feed')).status).toBe(426)
  })

  it('a refusal with 503 and retryAfter carries Retry-After', async () => {
    const response = await server.fetch('http://localhost/sse/feed?failFirst=1&status=503&retryAfter=7')
    expect(response.status).toBe(503)
    expect(response.headers.get('Retry-After')).toBe('7')
  })

  it('long-poll: the body is the wire format, and the cursor resumes', async () => {
    const first = (await (await server.fetch('http://localhost/poll/feed?count=3')).json()) as { messages: unknown[]; cursor: string }
    expect(first).toEqual({ messages: [{ seq: 1 }, { seq: 2 }, { seq: 3 }], cursor: '3' })
  })

  it('a chat message POSTed to /send/chat reaches a WebSocket chat client', async () => {
    const received: unknown[] = []
    const socket = new server.WebSocket('ws://localhost/ws/chat')
    socket.onmessage = (event) => received.push(JSON.parse(String(event.data)))
    await vi.advanceTimersByTimeAsync(10)
    const posted = await server.fetch('http://localhost/send/chat', { method: 'POST', body: JSON.stringify({ user: 'ada', text: 'hi' }) })
    expect(posted.status).toBe(200)
    await vi.advanceTimersByTimeAsync(10)
    expect(received).toEqual([expect.objectContaining({ user: 'ada', text: 'hi', id: 1 })])
    socket.close()
  })

  it('bad input to push, drop and refuse is a clear error', () => {
    expect(() => server.push('/nowhere', 1)).toThrow(/not an endpoint/)
    expect(() => server.drop('/ws/feed', 1006)).toThrow(/cannot be sent/)
    expect(() => server.refuse('/sse/feed', { times: 0 })).toThrow(/times must be/)
    expect(() => server.refuse('/sse/feed', { status: 99 })).toThrow(/status must be/)
  })

  it('install() sets the globals; its cleanup restores them', () => {
    const before = { WebSocket: globalThis.WebSocket, fetch: globalThis.fetch }
    const restore = server.install()
    expect(globalThis.WebSocket).toBe(server.WebSocket)
    expect(globalThis.fetch).toBe(server.fetch)
    restore()
    expect(globalThis.WebSocket).toBe(before.WebSocket)
    expect(globalThis.fetch).toBe(before.fetch)
  })
})
