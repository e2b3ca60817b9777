import { act } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { MessageMeta, UrlSource } from '../../src/core/types'
import type { EventSourceOptions } from '../../src/hooks/types'
import { useEventSource } from '../../src/hooks/use-event-source'
import { advance, changes, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakeSseFetch } from '../helpers/fake-fetch'
import { fakeTimersForEachTest } from '../helpers/hook-lifecycle'
import { renderRecordingStatuses } from '../helpers/render-hook'

// Same-origin, so resumes use the Last-Event-ID header (cross-origin: the query, below).
const URL = new globalThis.URL('/sse/feed', location.href).href
const CROSS_ORIGIN_URL = 'http://127.0.0.1:9876/sse/feed'
const FAST_RETRY = { initialDelayMs: 100, jitter: 0 } as const

fakeTimersForEachTest()

describe.each(WRAPPERS)('useEventSource (%s)', (_name, wrapper) => {
  function renderSse<In = unknown>(options: EventSourceOptions<In> = {}, url: UrlSource | null = URL) {
    const server = fakeSseFetch()
    const useWithFakeServer = (hookUrl: UrlSource | null, hookOptions: EventSourceOptions<In>) =>
      useEventSource<In>(hookUrl, { fetch: server.fetch, ...hookOptions })
    return { ...renderRecordingStatuses(useWithFakeServer, { wrapper, url, options }), server }
  }

  it('makes one request per mount and goes connecting → open', async () => {
    const { result, server, statuses } = renderSse()
    expect(result.current.status).toBe('connecting')
    await advance(FRAME_MS)
    expect(result.current.status).toBe('open')
    expect(changes(statuses)).toEqual(['connecting', 'open'])
    expect(server.requests).toHaveLength(1)
    expect(server.last().url).toBe(URL)
    expect(server.last().headers.get('Accept')).toBe('text/event-stream')
    expect(server.last().headers.get('Last-Event-ID')).toBeNull()
  })

  it('delivers each event once with meta { type, id, receivedAt } and exposes lastEventId', async () => {
    const received: [unknown, MessageMeta][] = []
    const { result, server } = renderSse({ onMessage: (message, meta) => received.push([message, meta]) })
    await advance(FRAME_MS)
    expect(result.current.lastEventId).toBeUndefined()
    const before = Date.now()
    act(() => server.last().stream.push('id: 7\ndata: a\n\nevent: message\ndata: b\n\n'))
    await advance(FRAME_MS)
    expect(received.map(([message]) => message)).toEqual(['a', 'b'])
    for (const [, meta] of received) {
      expect(meta).toMatchObject({ type: 'message', id: '7' })
      expect(meta.receivedAt).toBeGreaterThanOrEqual(before)
      expect(meta.receivedAt).toBeLessThanOrEqual(Date.now())
    }
    expect(result.current.lastMessage).toBe('b')
    expect(result.current.lastEventId).toBe('7')
  })

  it('parses with parse', async () => {
    const { result, server } = renderSse<{ n: number }>({ parse: (raw) => JSON.parse(String(raw)) as { n: number } })
    await advance(FRAME_MS)
    act(() => server.last().stream.push('data: {"n":1}\n\n'))
    await advance(FRAME_MS)
    expect(result.current.lastMessage).toEqual({ n: 1 })
  })

  it('sends Last-Event-ID when it reconnects', async () => {
    const { result, server } = renderSse({ reconnect: FAST_RETRY })
    await advance(FRAME_MS)
    act(() => server.last().stream.push('id: 7\ndata: a\n\n'))
    act(() => server.last().stream.end())
    await advance(FRAME_MS)
    expect(result.current.status).toBe('reconnecting')
    await advance(100 + FRAME_MS)
    expect(result.current.status).toBe('open')
    expect(server.requests).toHaveLength(2)
    expect(server.requests[0]?.headers.get('Last-Event-ID')).toBeNull()
    expect(server.last().headers.get('Last-Event-ID')).toBe('7')
    expect(result.current.lastEventId).toBe('7')
  })

  it('resumes a cross-origin stream with ?lastEventId= instead of the header, keeping it CORS-simple', async () => {
    const { result, server } = renderSse({ reconnect: FAST_RETRY }, CROSS_ORIGIN_URL)
    await advance(FRAME_MS)
    act(() => server.last().stream.push('id: 7\ndata: a\n\n'))
    act(() => server.last().stream.end())
    await advance(100 + 2 * FRAME_MS)
    expect(result.current.status).toBe('open')
    expect(server.requests.map((request) => request.url)).toEqual([CROSS_ORIGIN_URL, `${CROSS_ORIGIN_URL}?lastEventId=7`])
    for (const request of server.requests) expect([...request.headers.keys()]).toEqual(['accept'])
  })

  it("events: ['update'] delivers only update events and drops unnamed ones", async () => {
    const onMessage = vi.fn()
    const { server } = renderSse({ events: ['update'], onMessage })
    await advance(FRAME_MS)
    act(() => server.last().stream.push('data: plain\n\nevent: update\ndata: u\n\nevent: other\ndata: o\n\n'))
    await advance(FRAME_MS)
    expect(onMessage).toHaveBeenCalledTimes(1)
    expect(onMessage).toHaveBeenCalledWith('u', expect.objectContaining({ type: 'update' }))
  })

  it.each([
    [404, 'failed', 1],
    [401, 'failed', 1],
    [503, 'reconnecting', 2],
    [500, 'reconnecting', 2],
  ] as const)('HTTP %i → %s', async (status, expected, requests) => {
    const onError = vi.fn()
    const { result, server } = renderSse({ reconnect: { initialDelayMs: 500, jitter: 0 }, onError })
    server.respondNext(() => new Response(null, { status }))
    await advance(FRAME_MS)
    expect(result.current.status).toBe(expected)
    expect(result.current.error).toMatchObject({ kind: 'http', status })
    expect(onError).toHaveBeenCalledWith(result.current.error)
    await advance(500)
    expect(server.requests).toHaveLength(requests)
  })

  it('HTTP 204 → closed, without error or retry', async () => {
    const onClose = vi.fn()
    const { result, server } = renderSse({ reconnect: FAST_RETRY, onClose })
    server.respondNext(() => new Response(null, { status: 204 }))
    await advance(FRAME_MS)
    expect(result.current.status).toBe('closed')
    expect(result.current.error).toBeUndefined()
    expect(onClose).toHaveBeenCalledWith(expect.objectContaining({ status: 204 }))
    await advance(10_000)
    expect(server.requests).toHaveLength(1)
  })

  it('a response that is not text/event-stream → failed with a protocol error', async () => {
    const { result, server } = renderSse({ reconnect: FAST_RETRY })
    server.respondNext((body) => new Response(body, { headers: { 'Content-Type': 'text/html' } }))
    await advance(FRAME_MS)
    expect(result.current.status).toBe('failed')
    expect(result.current.error?.kind).toBe('protocol')
    await advance(10_000)
    expect(server.requests).toHaveLength(1)
  })

  it('503 with Retry-After waits at least that long', async () => {
    const { result, server } = renderSse({ reconnect: FAST_RETRY })
    server.respondNext(() => new Response(null, { status: 503, headers: { 'Retry-After': '3' } }))
    await advance(0)
    const failedAt = Date.now()
    await advance(FRAME_MS)
    expect(result.current.status).toBe('reconnecting')
    expect(result.current.nextRetryAt).toBe(failedAt + 3000)
    await advance(2000)
    expect(server.requests).toHaveLength(1)
    await advance(1000)
    expect(server.requests).toHaveLength(2)
  })

  it('close() aborts the request; reconnect() opens a new one with Last-Event-ID', async () => {
    const { result, server } = renderSse()
    await advance(FRAME_MS)
    act(() => server.last().stream.push('id: 3\ndata: a\n\n'))
    await advance(FRAME_MS)
    act(() => result.current.close())
    expect(result.current.status).toBe('closed')
    expect(server.last().signal?.aborted).toBe(true)
    act(() => result.current.reconnect())
    await advance(FRAME_MS)
    expect(result.current.status).toBe('open')
    expect(server.requests).toHaveLength(2)
    expect(server.last().headers.get('Last-Event-ID')).toBe('3')
  })
})
