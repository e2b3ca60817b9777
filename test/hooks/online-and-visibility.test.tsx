import { act, cleanup, renderHook } from '@testing-library/react'
import { WebSocket as MockWebSocket } from 'mock-socket'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Status } from '../../src/core/types'
import type { EventSourceOptions } from '../../src/hooks/types'
import { useEventSource } from '../../src/hooks/use-event-source'
import { useLongPoll } from '../../src/hooks/use-long-poll'
import { useWebSocket } from '../../src/hooks/use-web-socket'
import { advance, changes, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakeOnline, fakeVisibility } from '../helpers/browser-signals'
import { fakePollFetch, fakeSseFetch } from '../helpers/fake-fetch'
import { MOCK_SOCKET_DELAY_MS, startMockWsServer, stopMockWsServers } from '../helpers/mock-ws-server'

/* The browser's online/offline and visibility signals, as the hooks see them. */

const OPEN_MS = MOCK_SOCKET_DELAY_MS + FRAME_MS
const FAST_RETRY = { initialDelayMs: 100, jitter: 0 } as const
// Same-origin, so resumes use the Last-Event-ID header.
const SSE_URL = new URL('/sse/signals', location.href).href
const POLL_URL = 'http://127.0.0.1:9876/poll/signals'

let online: ReturnType<typeof fakeOnline>
let visibility: ReturnType<typeof fakeVisibility>

beforeEach(() => {
  vi.useFakeTimers()
  online = fakeOnline()
  visibility = fakeVisibility()
})
afterEach(() => {
  cleanup()
  stopMockWsServers()
  vi.useRealTimers()
})

describe.each(WRAPPERS)('offline and online (%s)', (_name, wrapper) => {
  function renderWs(url: string) {
    const statuses: Status[] = []
    const hook = renderHook(
      () => {
        // 'sync' so that every status the connection goes through is rendered.
        const result = useWebSocket(url, { WebSocket: MockWebSocket, reconnect: FAST_RETRY, renderRate: 'sync' })
        statuses.push(result.status)
        return result
      },
      { wrapper },
    )
    return { ...hook, statuses }
  }

  it('an open connection stays open when the browser goes offline', async () => {
    const ws = startMockWsServer()
    const { result } = renderWs(ws.url)
    await advance(OPEN_MS)
    online.set(false)
    await advance(10_000)
    expect(result.current.status).toBe('open')
    expect(ws.openClients()).toHaveLength(1)
    act(() => ws.send('still here'))
    expect(result.current.lastMessage).toBe('still here')
  })

  it('a drop while offline → offline with no retry until online, which retries at once', async () => {
    const ws = startMockWsServer()
    const { result, statuses } = renderWs(ws.url)
    await advance(OPEN_MS)
    online.set(false)
    act(() => ws.close(1011))
    await advance(MOCK_SOCKET_DELAY_MS)
    expect(result.current.status).toBe('offline')
    expect(result.current.nextRetryAt).toBeUndefined()
    await advance(120_000)
    expect(ws.connections).toHaveLength(1)
    expect(result.current.status).toBe('offline')

    online.set(true)
    expect(result.current.status).toBe('reconnecting')
    await advance(OPEN_MS)
    expect(ws.connections).toHaveLength(2)
    expect(result.current.status).toBe('open')
    expect(changes(statuses)).toEqual(['connecting', 'open', 'offline', 'reconnecting', 'open'])
  })

  it('send while offline queues, and the queue goes out when the connection is back', async () => {
    const ws = startMockWsServer()
    const { result } = renderWs(ws.url)
    await advance(OPEN_MS)
    online.set(false)
    act(() => ws.close(1011))
    await advance(MOCK_SOCKET_DELAY_MS)
    expect(result.current.status).toBe('offline')
    act(() => {
      expect(result.current.send('queued while offline')).toBe(true)
    })
    online.set(true)
    await advance(OPEN_MS + MOCK_SOCKET_DELAY_MS)
    expect(ws.connections).toHaveLength(2)
    expect(ws.received).toEqual(['queued while offline'])
  })

  it('starting while offline waits for online', async () => {
    online.preset(false)
    const ws = startMockWsServer()
    const { result } = renderWs(ws.url)
    await advance(10_000)
    expect(result.current.status).toBe('offline')
    expect(ws.connections).toHaveLength(0)
    online.set(true)
    await advance(OPEN_MS)
    expect(result.current.status).toBe('open')
    expect(ws.connections).toHaveLength(1)
  })

  it('SSE: a drop while offline waits for online, then resumes with Last-Event-ID', async () => {
    const server = fakeSseFetch()
    const { result } = renderHook(
      () => useEventSource(SSE_URL, { fetch: server.fetch, reconnect: FAST_RETRY }),
      { wrapper },
    )
    await advance(FRAME_MS)
    act(() => server.last().stream.push('id: 4\ndata: x\n\n'))
    online.set(false)
    act(() => server.last().stream.end())
    await advance(60_000)
    expect(result.current.status).toBe('offline')
    expect(server.requests).toHaveLength(1)
    online.set(true)
    await advance(FRAME_MS)
    expect(result.current.status).toBe('open')
    expect(server.requests).toHaveLength(2)
    expect(server.last().headers.get('Last-Event-ID')).toBe('4')
  })
})

describe.each(WRAPPERS)('pauseWhenHidden (%s)', (_name, wrapper) => {
  function renderSse(options: EventSourceOptions<unknown> = {}) {
    const server = fakeSseFetch()
    const hook = renderHook(
      () =>
        useEventSource(SSE_URL, { fetch: server.fetch, reconnect: FAST_RETRY, pauseWhenHidden: true, ...options }),
      { wrapper },
    )
    return { ...hook, server }
  }

  it('SSE: hidden → idle with the request aborted and the attempt count kept; visible → resumes with Last-Event-ID', async () => {
    const { result, server } = renderSse()
    await advance(FRAME_MS)
    // One drop, so that the attempt count is not 0 (it resets only after stableAfterMs).
    act(() => server.last().stream.end())
    await advance(100 + FRAME_MS)
    expect(result.current).toMatchObject({ status: 'open', attempt: 1 })
    act(() => server.last().stream.push('id: 9\ndata: x\n\n'))
    await advance(FRAME_MS)
    expect(result.current.lastEventId).toBe('9')

    visibility.set(false)
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'idle', attempt: 1, lastEventId: '9' })
    expect(server.last().signal?.aborted).toBe(true)
    await advance(60_000)
    expect(server.requests).toHaveLength(2)
    expect(result.current.status).toBe('idle')

    visibility.set(true)
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'open', attempt: 1 })
    expect(server.requests).toHaveLength(3)
    expect(server.last().headers.get('Last-Event-ID')).toBe('9')
  })

  it('SSE: a retry pending while the page turns hidden does not fire until visible', async () => {
    const { result, server } = renderSse({ reconnect: { initialDelayMs: 1000, jitter: 0 } })
    await advance(FRAME_MS)
    act(() => server.last().stream.end())
    await advance(FRAME_MS)
    expect(result.current.status).toBe('reconnecting')
    visibility.set(false)
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'idle', nextRetryAt: undefined })
    await advance(10_000)
    expect(server.requests).toHaveLength(1)
    visibility.set(true)
    await advance(FRAME_MS)
    expect(server.requests).toHaveLength(2)
    expect(result.current.status).toBe('open')
  })

  it('SSE: mounting while hidden waits for visible', async () => {
    visibility.preset(false)
    const { result, server } = renderSse()
    await advance(10_000)
    expect(result.current.status).toBe('idle')
    expect(server.requests).toHaveLength(0)
    visibility.set(true)
    await advance(FRAME_MS)
    expect(result.current.status).toBe('open')
    expect(server.requests).toHaveLength(1)
  })

  it('SSE: without pauseWhenHidden, hiding the page changes nothing', async () => {
    const { result, server } = renderSse({ pauseWhenHidden: false })
    await advance(FRAME_MS)
    visibility.set(false)
    await advance(10_000)
    expect(result.current.status).toBe('open')
    expect(server.last().signal?.aborted).toBe(false)
  })

  it('long-poll: hidden aborts the pending poll; visible resumes from the cursor', async () => {
    const server = fakePollFetch()
    const { result } = renderHook(
      () => useLongPoll(POLL_URL, { fetch: server.fetch, pauseWhenHidden: true }),
      { wrapper },
    )
    await advance(0)
    server.last().reply(['a'], 'c1')
    await advance(FRAME_MS)
    expect(server.requests).toHaveLength(2)
    visibility.set(false)
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'idle', cursor: 'c1' })
    expect(server.last().signal?.aborted).toBe(true)
    visibility.set(true)
    await advance(0)
    expect(server.requests).toHaveLength(3)
    expect(server.last().url).toBe(`${POLL_URL}?cursor=c1`)
  })
})
