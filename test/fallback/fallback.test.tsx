import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { range, seqs, until, WRAPPERS } from '../integration/support/hook-harness'
import { networkLedgerPerTest } from '../integration/support/network-ledger'
import { mockServerForFile, tag } from '../integration/support/server'
import { endpointsOf, renderFallback } from './support'

/*
 * Every ordering of failure of issue 12, against the real mock server: 1000
 * numbered messages (`count=1000`, positions `<epoch>@<seq>`), each delivered
 * exactly once and in order across every switch of transport.
 */

const mock = mockServerForFile()
const net = networkLedgerPerTest()
const COUNT = 1000

beforeEach(() => sessionStorage.clear())
afterEach(() => sessionStorage.clear())

/** The stream every test reads; `rate` keeps it running long enough for the switches to happen mid-stream. */
function stream(rate: number): Record<string, string | number> {
  return { count: COUNT, rate, epoch: 1, t: tag() }
}

const socketUrls = (): string[] => net.sockets.map((socket) => socket.url)
const requestUrls = (path: string): string[] => net.requests.filter((r) => r.url.includes(path)).map((r) => r.url)

describe.each(WRAPPERS)('useRealtime fallback (%s)', (_name, wrapper) => {
  it('WebSocket refused → SSE: after fallbackAfter (2) failed WebSocket attempts, all 1000 arrive over SSE once, in order', async () => {
    const hook = renderFallback(endpointsOf(mock, { ...stream(4000), block: 'websocket' }), {}, net, wrapper)
    await until(() => expect(hook.messages.length).toBeGreaterThanOrEqual(COUNT), 8000)
    expect(seqs(hook.messages)).toEqual(range(COUNT))
    expect(hook.result.current.transport).toBe('sse')
    expect(hook.result.current.status).toBe('open')
    expect(net.sockets).toHaveLength(2)
    expect(net.sockets.every((socket) => socket.openedAt === undefined)).toBe(true)
    expect(new Set(hook.carriers)).toEqual(new Set(['sse']))
    expect(hook.transports).toEqual(['websocket', 'sse'])
  })

  it('WebSocket and SSE refused → long-poll: all 1000 arrive over long-poll once, in order', async () => {
    const hook = renderFallback(endpointsOf(mock, { ...stream(4000), block: 'websocket,sse' }), {}, net, wrapper)
    await until(() => expect(hook.messages.length).toBeGreaterThanOrEqual(COUNT), 8000)
    expect(seqs(hook.messages)).toEqual(range(COUNT))
    expect(hook.result.current.transport).toBe('long-poll')
    expect(net.sockets).toHaveLength(2)
    expect(requestUrls('/sse/')).toHaveLength(2)
    expect(hook.transports).toEqual(['websocket', 'sse', 'long-poll'])
  })

  it('a non-retryable refusal moves on at once (WS close 1008, SSE 403), without waiting for fallbackAfter', async () => {
    const refuse = { failFirst: 100 }
    const endpoints = endpointsOf(mock, stream(4000), {
      websocket: { ...refuse, closeCode: 1008 },
      sse: { ...refuse, status: 403 },
    })
    const hook = renderFallback(endpoints, { fallbackAfter: 5 }, net, wrapper)
    await until(() => expect(hook.messages.length).toBeGreaterThanOrEqual(COUNT), 8000)
    expect(seqs(hook.messages)).toEqual(range(COUNT))
    expect(net.sockets).toHaveLength(1)
    expect(requestUrls('/sse/')).toHaveLength(1)
    expect(hook.result.current.transport).toBe('long-poll')
  })

  it('WebSocket drops mid-stream and stays refused → SSE resumes from the last WebSocket position', async () => {
    const endpoints = endpointsOf(mock, stream(1000), {
      websocket: { dropAfter: 300, block: 'websocket', blockAfter: 1 },
    })
    const hook = renderFallback(endpoints, {}, net, wrapper)
    await until(() => expect(hook.messages.length).toBeGreaterThanOrEqual(COUNT), 8000)
    expect(seqs(hook.messages)).toEqual(range(COUNT))
    expect(hook.carriers.slice(0, 300).every((carrier) => carrier === 'websocket')).toBe(true)
    expect(hook.carriers.slice(300).every((carrier) => carrier === 'sse')).toBe(true)
    // SSE resumed from the WebSocket's position (the mock server's `<epoch>@<seq>`).
    const resumedSse = net.requests.find((request) => request.url.includes('/sse/'))
    const resumedFrom = resumedSse?.headers.get('Last-Event-ID') ?? new URL(resumedSse?.url ?? 'http://x').searchParams.get('lastEventId')
    expect(resumedFrom).toMatch(/@300$/)
    // The drop, then two refused WebSocket attempts, then SSE.
    expect(net.sockets).toHaveLength(3)
    expect(socketUrls()[1]).toContain(`cursor=${encodeURIComponent(resumedFrom ?? '')}`)
  })

  it('fallback, then upgrade back to WebSocket: nothing lost or repeated across both switches', async () => {
    const endpoints = endpointsOf(mock, stream(400), {
      websocket: { block: 'websocket', blockMs: 500 },
    })
    const hook = renderFallback(endpoints, { upgradeAfterMs: 300 }, net, wrapper)
    await until(() => expect(hook.messages.length).toBeGreaterThanOrEqual(COUNT), 10_000)
    expect(seqs(hook.messages)).toEqual(range(COUNT))
    expect(hook.result.current.transport).toBe('websocket')
    expect(hook.transports).toContain('sse')
    const firstWs = hook.carriers.indexOf('websocket')
    expect(hook.carriers.indexOf('sse')).toBe(0)
    expect(firstWs).toBeGreaterThan(0)
    expect(hook.carriers.slice(firstWs).every((carrier) => carrier === 'websocket')).toBe(true)
    // The WebSocket that took over resumed where SSE stopped.
    const upgraded = net.sockets.find((socket) => socket.openedAt !== undefined)
    expect(upgraded?.url).toMatch(new RegExp(`cursor=[^&]*%40${firstWs}(&|$)`))
    // The status never left `open` for the upgrade.
    expect(hook.closes.filter((info) => info.wasClean === false).length).toBe(2)
  })

  it('all transports refused → failed once every one is exhausted by the retry rules (maxAttempts over all of them)', async () => {
    const endpoints = endpointsOf(mock, stream(4000), {
      websocket: { dropAfter: COUNT, block: 'websocket', blockAfter: 1 },
      sse: { block: 'sse' },
      'long-poll': { block: 'long-poll' },
    })
    const hook = renderFallback(endpoints, { reconnect: { initialDelayMs: 10, maxDelayMs: 20, jitter: 0, maxAttempts: 5 } }, net, wrapper)
    await until(() => expect(hook.result.current.status).toBe('failed'), 8000)
    expect(seqs(hook.messages)).toEqual(range(COUNT))
    // 1 working + 2 refused WebSocket attempts, 2 SSE, then long-poll until the 5 retries are used up.
    expect(net.sockets).toHaveLength(3)
    expect(requestUrls('/sse/')).toHaveLength(2)
    expect(requestUrls('/poll/')).toHaveLength(1)
    expect(hook.result.current.transport).toBe('long-poll')
    expect(hook.result.current.error?.status).toBe(503)
  })

  it('a non-retryable refusal on every transport → failed after one attempt each, with the last error', async () => {
    const refuse = { failFirst: 100, status: 403 }
    const endpoints = endpointsOf(mock, { ...stream(4000), ...refuse }, { websocket: { closeCode: 4003 } })
    const hook = renderFallback(endpoints, {}, net, wrapper)
    await until(() => expect(hook.result.current.status).toBe('failed'), 8000)
    expect(hook.messages).toEqual([])
    expect(net.sockets).toHaveLength(1)
    expect(requestUrls('/sse/')).toHaveLength(1)
    expect(requestUrls('/poll/')).toHaveLength(1)
    expect(hook.result.current.error?.status).toBe(403)
  })

  it('remember: a remount starts with the transport that last worked (no WebSocket attempt); remember: false does not', async () => {
    const endpoints = endpointsOf(mock, { ...stream(4000), block: 'websocket' })
    const first = renderFallback(endpoints, {}, net, wrapper)
    await until(() => expect(first.messages.length).toBeGreaterThanOrEqual(COUNT), 8000)
    expect(first.result.current.transport).toBe('sse')
    first.unmount()
    const socketsBefore = net.sockets.length

    const second = renderFallback(endpoints, {}, net, wrapper)
    await until(() => expect(second.messages.length).toBeGreaterThanOrEqual(COUNT), 8000)
    expect(seqs(second.messages)).toEqual(range(COUNT))
    expect(second.transports).toEqual(['sse'])
    expect(net.sockets.length).toBe(socketsBefore)
    second.unmount()

    const forgetful = renderFallback(endpoints, { remember: false }, net, wrapper)
    await until(() => expect(forgetful.result.current.transport).toBe('sse'), 8000)
    expect(forgetful.transports).toEqual(['websocket', 'sse'])
    expect(net.sockets.length).toBe(socketsBefore + 2)
  })
})
