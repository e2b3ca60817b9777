// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../src/core/clock'
import { createLongPollTransport } from '../../src/core/transports/long-poll'
import type { LongPollTransportOptions } from '../../src/core/transports/long-poll'
import { RealtimeError } from '../../src/core/types'
import {
  connectorFor,
  flush,
  httpServerPerTest,
  manualClock,
  recordingFetch,
  recordingSink,
} from '../helpers/transport-harness'

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

/**
 * A fetch that answers request n with `answers[n]`; once they run out, requests stay
 * pending (so a test never spins in a hot polling loop).
 */
const scriptedFetch = (answers: (() => Response | Promise<Response>)[]) =>
  recordingFetch((index) => {
    const answer = answers[index]
    return answer === undefined ? new Promise<Response>(() => undefined) : Promise.resolve().then(answer)
  })

const connect = connectorFor(createLongPollTransport, 'http://example.test/poll')

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('long-poll transport: the request', () => {
  it('sends GET without a cursor at first, with Accept JSON, no-store cache, a signal and the user options', async () => {
    const { fetch, requests } = scriptedFetch([])
    const { transport } = connect({ fetch, headers: { 'X-Token': 't' }, credentials: 'include' })
    await vi.waitFor(() => expect(requests).toHaveLength(1))
    const [request] = requests
    expect(request!.url).toBe('http://example.test/poll')
    expect(request!.init.method).toBe('GET')
    expect(request!.init.cache).toBe('no-store')
    expect(request!.init.credentials).toBe('include')
    expect(request!.init.signal).toBeInstanceOf(AbortSignal)
    expect(request!.headers.get('Accept')).toBe('application/json')
    expect(request!.headers.get('X-Token')).toBe('t')
    transport.close()
  })

  it('resumes from the context cursor, merged into the existing query', async () => {
    const { fetch, requests } = scriptedFetch([])
    const { transport } = connect({ fetch }, { url: 'http://example.test/poll?room=a%20b&flag&cursor=old#top', resumeFrom: 'c 1&2' })
    await vi.waitFor(() => expect(requests).toHaveLength(1))
    expect(requests[0]!.url).toBe('http://example.test/poll?room=a%20b&flag&cursor=c%201%262#top')
    transport.close()
  })

  it('uses cursorParam as the parameter name', async () => {
    const { fetch, requests } = scriptedFetch([])
    const { transport } = connect({ fetch, cursorParam: 'since' }, { resumeFrom: '7' })
    await vi.waitFor(() => expect(requests).toHaveLength(1))
    expect(requests[0]!.url).toBe('http://example.test/poll?since=7')
    transport.close()
  })

  it('looks fetch up when connecting and resolves relative URLs against the page', async () => {
    const factory = createLongPollTransport()
    const { fetch, requests } = scriptedFetch([])
    vi.stubGlobal('fetch', fetch)
    vi.stubGlobal('location', { href: 'http://page.test/app/' })
    const rec = recordingSink()
    const transport = factory({ url: 'poll', sink: rec.sink, clock: systemClock, resumeFrom: undefined })
    await vi.waitFor(() => expect(requests).toHaveLength(1))
    expect(requests[0]!.url).toBe('http://page.test/app/poll')
    transport.close()
  })

  it.each([
    ['a relative URL with no page', '/poll'],
    ['an unparsable URL', 'http://'],
    ['a ws: URL', 'ws://example.test/poll'],
  ])('closes with a protocol error and does not fetch for %s', async (_name, url) => {
    const { fetch, implementation } = scriptedFetch([])
    const { calls, until, closeCall } = connect({ fetch }, { url })
    expect(calls).toEqual([])
    await until('close')
    expect(calls).toHaveLength(1)
    expect(closeCall().info.wasClean).toBe(false)
    expect(closeCall().info.error?.kind).toBe('protocol')
    expect(closeCall().info.error?.message).toMatch(/Invalid URL/)
    expect(implementation).not.toHaveBeenCalled()
  })

  it.each<[string, LongPollTransportOptions, RegExp]>([
    ['a negative minIntervalMs', { minIntervalMs: -5 }, /minIntervalMs/],
    ['a zero timeoutMs', { timeoutMs: 0 }, /timeoutMs/],
    ['an empty cursorParam', { cursorParam: '' }, /cursorParam/],
    ['invalid headers', { headers: { 'bad header': 'x' } }, /headers/],
  ])('closes with a protocol error for %s', async (_name, options, message) => {
    const { fetch, implementation } = scriptedFetch([])
    const { until, closeCall } = connect({ fetch, ...options })
    await until('close')
    expect(closeCall().info.error?.kind).toBe('protocol')
    expect(closeCall().info.error?.message).toMatch(message)
    expect(implementation).not.toHaveBeenCalled()
  })

  it('closes with a protocol error when no fetch exists', async () => {
    vi.stubGlobal('fetch', undefined)
    const { until, closeCall } = connect({})
    await until('close')
    expect(closeCall().info.error?.kind).toBe('protocol')
  })
})

describe('long-poll transport: responses', () => {
  it('opens on the first 200, delivers messages in order with the cursor, then reports the new cursor and polls again with it', async () => {
    const { fetch, requests } = scriptedFetch([() => json({ messages: [{ n: 1 }, 'two'], cursor: 'c2' })])
    const { calls, until, transport } = connect({ fetch })
    await until('resumeFrom')
    expect(calls).toEqual([
      { kind: 'open' },
      { kind: 'message', data: { n: 1 }, meta: { cursor: 'c2' } },
      { kind: 'message', data: 'two', meta: { cursor: 'c2' } },
      { kind: 'resumeFrom', token: 'c2' },
    ])
    await vi.waitFor(() => expect(requests).toHaveLength(2))
    expect(requests[1]!.url).toBe('http://example.test/poll?cursor=c2')
    transport.close()
  })

  it('opens on a first 204 and polls again with the same cursor; opens only once', async () => {
    const { fetch, requests } = scriptedFetch([
      () => new Response(null, { status: 204 }),
      () => json({ messages: ['a'], cursor: 'c1' }),
      () => new Response(null, { status: 204 }),
    ])
    const { calls, transport } = connect({ fetch }, { resumeFrom: 'c0' })
    await vi.waitFor(() => expect(requests).toHaveLength(4))
    expect(requests.map((r) => r.url)).toEqual([
      'http://example.test/poll?cursor=c0',
      'http://example.test/poll?cursor=c0',
      'http://example.test/poll?cursor=c1',
      'http://example.test/poll?cursor=c1',
    ])
    expect(calls).toEqual([
      { kind: 'open' },
      { kind: 'message', data: 'a', meta: { cursor: 'c1' } },
      { kind: 'resumeFrom', token: 'c1' },
    ])
    transport.close()
  })

  it('keeps the cursor when a response has none (or null) or the same one, and reports no change', async () => {
    const { fetch, requests } = scriptedFetch([
      () => json({ messages: ['a'] }),
      () => json({ messages: ['b'], cursor: 'k' }),
      () => json({ messages: ['c'], cursor: null }),
      () => json({ messages: ['d'], cursor: 'k' }),
    ])
    const { calls, transport } = connect({ fetch })
    await vi.waitFor(() => expect(requests).toHaveLength(5))
    expect(calls).toEqual([
      { kind: 'open' },
      { kind: 'message', data: 'a', meta: undefined },
      { kind: 'message', data: 'b', meta: { cursor: 'k' } },
      { kind: 'resumeFrom', token: 'k' },
      { kind: 'message', data: 'c', meta: { cursor: 'k' } },
      { kind: 'message', data: 'd', meta: { cursor: 'k' } },
    ])
    expect(requests.map((r) => r.url.split('?')[1])).toEqual([undefined, undefined, 'cursor=k', 'cursor=k', 'cursor=k'])
    transport.close()
  })

  it.each<[string, () => Response]>([
    ['a body that is not JSON', () => new Response('<html>', { status: 200 })],
    ['a JSON array', () => json([1, 2])],
    ['no messages field', () => json({ cursor: 'x' })],
    ['messages that are not an array', () => json({ messages: 'hi' })],
    ['a cursor that is not a string', () => json({ messages: [], cursor: 5 })],
    ['JSON null', () => json(null)],
  ])('closes with a protocol error (and does not open) for %s', async (_name, answer) => {
    const { fetch } = scriptedFetch([answer])
    const { until, kinds, closeCall } = connect({ fetch })
    await until('close')
    expect(kinds()).toEqual(['close'])
    const { info } = closeCall()
    expect(info).toMatchObject({ wasClean: false, status: 200 })
    expect(info.error?.kind).toBe('protocol')
    expect(info.error?.message).toMatch(/poll response/)
  })

  it('closes with a network error when the body fails mid-read', async () => {
    const cause = new Error('connection reset')
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"messages": ['))
        controller.error(cause)
      },
    })
    const { fetch } = scriptedFetch([() => json({ messages: [] }), () => new Response(body, { status: 200 })])
    const { until, kinds, closeCall } = connect({ fetch })
    await until('close')
    expect(kinds()).toEqual(['open', 'close'])
    expect(closeCall().info.error?.kind).toBe('network')
    expect(closeCall().info.error?.cause).toBe(cause)
  })

  it.each([400, 404, 410, 500, 502])('closes with an http error for status %i, without a retry hint', async (status) => {
    const { fetch } = scriptedFetch([() => new Response('no', { status, headers: { 'Retry-After': '3' } })])
    const { until, kinds, closeCall } = connect({ fetch })
    await until('close')
    expect(kinds()).toEqual(['close'])
    const { info, hints } = closeCall()
    expect(info).toMatchObject({ wasClean: false, status })
    expect(info.error?.kind).toBe('http')
    expect(info.error?.status).toBe(status)
    expect(hints).toBeUndefined()
  })

  it.each([
    [429, '12', 12_000],
    [503, '1', 1000],
  ])('passes Retry-After on %i as a hint, also after the connection was open', async (status, header, ms) => {
    const { fetch } = scriptedFetch([
      () => new Response(null, { status: 204 }),
      () => new Response(null, { status, headers: { 'Retry-After': header } }),
    ])
    const { until, kinds, closeCall } = connect({ fetch })
    await until('close')
    expect(kinds()).toEqual(['open', 'close'])
    expect(closeCall().hints).toEqual({ retryAfterMs: ms })
  })

  it('reads the clock as a method: a Clock written as a class keeps its `this`', async () => {
    class SystemClockObject {
      readonly #base = systemClock
      now(): number {
        return this.#base.now()
      }
      setTimeout(callback: () => void, ms: number): unknown {
        return this.#base.setTimeout(callback, ms)
      }
      clearTimeout(handle: unknown): void {
        this.#base.clearTimeout(handle)
      }
    }
    const { fetch } = scriptedFetch([() => new Response(null, { status: 503, headers: { 'Retry-After': '2' } })])
    const { until, closeCall } = connect({ fetch }, { clock: new SystemClockObject() })
    await until('close')
    expect(closeCall().info.error?.kind).toBe('http')
    expect(closeCall().hints).toEqual({ retryAfterMs: 2000 })
  })

  it('closes with a network error when fetch rejects', async () => {
    const cause = new TypeError('fetch failed')
    const fetch = vi.fn(() => Promise.reject(cause)) as unknown as typeof globalThis.fetch
    const { until, kinds, closeCall } = connect({ fetch })
    await until('close')
    expect(kinds()).toEqual(['close'])
    expect(closeCall().info.error?.kind).toBe('network')
    expect(closeCall().info.error?.cause).toBe(cause)
  })
})

describe('long-poll transport: timing (fake timers)', () => {
  it('aborts a request after timeoutMs and closes with a timeout error, leaving no timer', async () => {
    vi.useFakeTimers()
    const { fetch, requests } = scriptedFetch([() => new Response(null, { status: 204 })])
    const { until, kinds, closeCall } = connect({ fetch, timeoutMs: 5000 })
    await until('open')
    // The 204 came back at once: the next poll waits 250 ms (the pacing rule).
    await vi.advanceTimersByTimeAsync(250)
    await vi.waitFor(() => expect(requests).toHaveLength(2), { interval: 0 })
    await vi.advanceTimersByTimeAsync(4999)
    expect(kinds()).toEqual(['open'])
    await vi.advanceTimersByTimeAsync(1)
    expect(kinds()).toEqual(['open', 'close'])
    expect(closeCall().info.wasClean).toBe(false)
    expect(closeCall().info.error?.kind).toBe('timeout')
    expect(requests[1]!.init.signal?.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('times each request separately and uses 35 s by default', async () => {
    vi.useFakeTimers()
    let answer: ((response: Response) => void) | undefined
    const { fetch, requests } = scriptedFetch(
      Array.from({ length: 3 }, () => () => new Promise<Response>((resolve) => (answer = resolve))),
    )
    const { until, kinds } = connect({ fetch })
    for (let n = 1; n <= 3; n++) {
      await vi.waitFor(() => expect(requests).toHaveLength(n), { interval: 0 })
      await vi.advanceTimersByTimeAsync(34_000)
      answer!(new Response(null, { status: 204 }))
    }
    await vi.waitFor(() => expect(requests).toHaveLength(4), { interval: 0 })
    expect(kinds()).toEqual(['open'])
    await vi.advanceTimersByTimeAsync(35_000)
    await until('close')
    expect(kinds()).toEqual(['open', 'close'])
  })

  it('waits minIntervalMs between request starts, and no longer than needed', async () => {
    vi.useFakeTimers()
    let slowAnswer: ((response: Response) => void) | undefined
    const { fetch, requests } = scriptedFetch([
      () => new Response(null, { status: 204 }),
      () => new Promise<Response>((resolve) => (slowAnswer = resolve)),
      () => new Response(null, { status: 204 }),
    ])
    const { transport } = connect({ fetch, minIntervalMs: 1000 })
    await vi.waitFor(() => expect(requests).toHaveLength(1), { interval: 0 })
    const started = Date.now()
    await vi.advanceTimersByTimeAsync(999)
    expect(requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(requests).toHaveLength(2)
    expect(Date.now() - started).toBe(1000)
    // The second answer takes longer than the interval: the third starts at once.
    await vi.advanceTimersByTimeAsync(1500)
    slowAnswer!(new Response(null, { status: 204 }))
    await vi.waitFor(() => expect(requests).toHaveLength(3), { interval: 0 })
    expect(Date.now() - started).toBe(2500)
    transport.close()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('close() during the wait between polls clears the timer and starts nothing', async () => {
    vi.useFakeTimers()
    const { fetch, requests } = scriptedFetch([() => json({ messages: ['m'], cursor: '1' })])
    const { until, kinds, transport } = connect({ fetch, minIntervalMs: 10_000 })
    await until('resumeFrom')
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount()).toBe(1)
    transport.close()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(20_000)
    await flush()
    expect(requests).toHaveLength(1)
    expect(kinds()).toEqual(['open', 'message', 'resumeFrom'])
  })
})

describe('long-poll transport: ending', () => {
  it('close() aborts the request in flight, clears its timer and reports nothing, even when it answers later', async () => {
    vi.useFakeTimers()
    let answer!: (response: Response) => void
    const { fetch, requests } = scriptedFetch([() => new Promise<Response>((resolve) => (answer = resolve))])
    const { calls, transport } = connect({ fetch })
    await vi.waitFor(() => expect(requests).toHaveLength(1), { interval: 0 })
    await vi.waitFor(() => expect(answer).toBeDefined(), { interval: 0 })
    // The request's timeout, and the 1000 ms after which a held poll counts as open.
    expect(vi.getTimerCount()).toBe(2)
    transport.close()
    expect(requests[0]!.init.signal?.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
    answer(json({ messages: ['late'], cursor: 'z' }))
    await flush()
    expect(calls).toEqual([])
    expect(requests).toHaveLength(1)
  })

  it('close() from inside a message callback stops the remaining messages and the next poll', async () => {
    const { fetch, requests } = scriptedFetch([() => json({ messages: [1, 2, 3], cursor: 'c' })])
    const { kinds } = connect(
      { fetch },
      {
        onCall: (call, transport) => {
          if (call.kind === 'message') transport.close()
        },
      },
    )
    await vi.waitFor(() => expect(kinds()).toContain('message'))
    await flush()
    expect(kinds()).toEqual(['open', 'message'])
    expect(requests).toHaveLength(1)
  })

  it('never reports synchronously, and close() before the first microtask means no request', async () => {
    const { fetch, implementation } = scriptedFetch([])
    const { calls, transport } = connect({ fetch })
    expect(calls).toEqual([])
    transport.close()
    await flush()
    expect(implementation).not.toHaveBeenCalled()
    expect(calls).toEqual([])
  })
})

describe('long-poll transport: custom request', () => {
  it('replaces the wire format: gets the cursor and a signal, and the URL is not used', async () => {
    const seen: (string | undefined)[] = []
    const signals: AbortSignal[] = []
    const results = [{ messages: ['a', 'b'], cursor: '2' }, { messages: [] }]
    const request = vi.fn((cursor: string | undefined, signal: AbortSignal) => {
      seen.push(cursor)
      signals.push(signal)
      const result = results.shift()
      return result === undefined ? new Promise<never>(() => undefined) : Promise.resolve(result)
    })
    const fetch = vi.fn()
    const { calls, transport } = connect(
      { request, fetch: fetch as unknown as typeof globalThis.fetch },
      { url: 'not a url at all', resumeFrom: '1' },
    )
    await vi.waitFor(() => expect(request).toHaveBeenCalledTimes(3))
    expect(seen).toEqual(['1', '2', '2'])
    expect(signals[0]).toBeInstanceOf(AbortSignal)
    expect(fetch).not.toHaveBeenCalled()
    expect(calls).toEqual([
      { kind: 'open' },
      { kind: 'message', data: 'a', meta: { cursor: '2' } },
      { kind: 'message', data: 'b', meta: { cursor: '2' } },
      { kind: 'resumeFrom', token: '2' },
    ])
    transport.close()
    expect(signals[2]!.aborted).toBe(true)
  })

  it('passes a thrown RealtimeError through, with its status', async () => {
    const error = new RealtimeError('http', 'gone', { status: 410 })
    const { until, closeCall } = connect({ request: () => Promise.reject(error) })
    await until('close')
    expect(closeCall().info).toEqual({ wasClean: false, status: 410, error })
  })

  it('wraps anything else it throws (even synchronously) as a network error', async () => {
    const cause = new Error('offline')
    const { until, closeCall } = connect({
      request: () => {
        throw cause
      },
    })
    await until('close')
    expect(closeCall().info.error?.kind).toBe('network')
    expect(closeCall().info.error?.cause).toBe(cause)
  })

  it('closes with a protocol error for a result that is not { messages: [...] }', async () => {
    const request = (() => Promise.resolve({ items: [] })) as unknown as LongPollTransportOptions['request']
    const { until, closeCall, kinds } = connect({ request: request! })
    await until('close')
    expect(kinds()).toEqual(['close'])
    expect(closeCall().info.error?.kind).toBe('protocol')
  })

  it('still times out through the signal', async () => {
    vi.useFakeTimers()
    let signal: AbortSignal | undefined
    const { until, closeCall } = connect({
      timeoutMs: 100,
      request: (_cursor, s) => {
        signal = s
        return new Promise<never>(() => undefined)
      },
    })
    await vi.waitFor(() => expect(signal).toBeDefined(), { interval: 0 })
    await vi.advanceTimersByTimeAsync(100)
    await until('close')
    expect(closeCall().info.error?.kind).toBe('timeout')
    expect(signal!.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('long-poll transport: against a real server', () => {
  const { serve } = httpServerPerTest('/poll?room=1')

  it('polls with the cursor the server hands out', async () => {
    const seen: string[] = []
    const url = await serve((req, res) => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams
      seen.push(query.toString())
      const cursor = Number(query.get('cursor') ?? '0')
      if (cursor >= 3) {
        res.writeHead(204).end()
        return
      }
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ messages: [{ seq: cursor + 1 }], cursor: String(cursor + 1) }))
    })
    const { calls, until, transport } = connect({ minIntervalMs: 0 }, { url })
    await until('resumeFrom', 3)
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(5))
    transport.close()
    expect(seen.slice(0, 5)).toEqual(['room=1', 'room=1&cursor=1', 'room=1&cursor=2', 'room=1&cursor=3', 'room=1&cursor=3'])
    expect(calls.slice(0, 4)).toEqual([
      { kind: 'open' },
      { kind: 'message', data: { seq: 1 }, meta: { cursor: '1' } },
      { kind: 'resumeFrom', token: '1' },
      { kind: 'message', data: { seq: 2 }, meta: { cursor: '2' } },
    ])
    expect(calls.filter((call) => call.kind === 'close')).toEqual([])
  })

  it('reports a connection reset as a network error', async () => {
    const url = await serve((req) => {
      req.socket.destroy()
    })
    const { until, kinds, closeCall } = connect({}, { url })
    await until('close')
    expect(kinds()).toEqual(['close'])
    expect(closeCall().info.error?.kind).toBe('network')
  })

  it('times out a server that never answers and drops the request', async () => {
    const time = manualClock()
    let received = false
    let serverSawClose = false
    const url = await serve((req) => {
      received = true
      req.socket.on('close', () => {
        serverSawClose = true
      })
    })
    const { until, kinds, closeCall } = connect({ timeoutMs: 35_000 }, { url, clock: time.clock })
    await vi.waitFor(() => expect(received).toBe(true))
    time.advance(34_999)
    // Held for a second without failing: a live connection, until the request times out.
    expect(kinds()).toEqual(['open'])
    time.advance(1)
    await until('close')
    expect(closeCall().info.error?.kind).toBe('timeout')
    expect(time.pending()).toBe(0)
    await vi.waitFor(() => expect(serverSawClose).toBe(true))
  })
})
