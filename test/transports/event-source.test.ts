// @vitest-environment node
import type http from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../src/core/clock'
import { createEventSourceTransport } from '../../src/core/transports/event-source'
import type { EventSourceTransportOptions } from '../../src/core/transports/event-source'
import { RealtimeError } from '../../src/core/types'
import type { Clock } from '../../src/core/types'
import {
  connectorFor,
  flush,
  httpServerPerTest,
  manualClock,
  realSetTimeout,
  recordingFetch,
  recordingSink,
} from '../helpers/transport-harness'

/** A response body whose chunks, end and failure the test controls. */
function controlledBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const state = { cancelled: false }
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c
    },
    cancel: () => {
      state.cancelled = true
    },
  })
  const encoder = new TextEncoder()
  return {
    stream,
    state,
    push: (chunk: string | Uint8Array) => controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk),
    end: () => controller.close(),
    fail: (error: unknown) => controller.error(error),
  }
}

/** A fetch that answers every request with `respond`. */
const fakeFetch = (respond: () => Response | Promise<Response>) => recordingFetch(() => Promise.resolve().then(respond))

const eventStream = (body: BodyInit | null, init: ResponseInit = {}): Response =>
  new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' }, ...init })

const connect = connectorFor(createEventSourceTransport, 'http://example.test/events')

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('event-source transport: the request', () => {
  it('sends GET with the event-stream headers, no-store cache and an abort signal', async () => {
    const body = controlledBody()
    const { fetch, requests } = fakeFetch(() => eventStream(body.stream))
    const { until, transport } = connect({ fetch })
    await until('open')
    expect(requests).toHaveLength(1)
    const [request] = requests
    expect(request!.url).toBe('http://example.test/events')
    expect(request!.init.method).toBe('GET')
    expect(request!.init.cache).toBe('no-store')
    expect(request!.init.signal).toBeInstanceOf(AbortSignal)
    expect(request!.headers.get('Accept')).toBe('text/event-stream')
    expect(request!.headers.has('Cache-Control')).toBe(false)
    expect(request!.headers.has('Last-Event-ID')).toBe(false)
    transport.close()
  })

  it('adds the user headers, method, body and credentials', async () => {
    const { fetch, requests } = fakeFetch(() => eventStream(controlledBody().stream))
    const { until, transport } = connect({
      fetch,
      headers: [['Authorization', 'Bearer t']],
      method: 'POST',
      body: '{"q":1}',
      credentials: 'include',
    })
    await until('open')
    const [request] = requests
    expect(request!.init.method).toBe('POST')
    expect(request!.init.body).toBe('{"q":1}')
    expect(request!.init.credentials).toBe('include')
    expect(request!.headers.get('Authorization')).toBe('Bearer t')
    expect(request!.headers.get('Accept')).toBe('text/event-stream')
    transport.close()
  })

  it('sends Last-Event-ID when resuming (as UTF-8 bytes), and not for an empty ID', async () => {
    const { fetch, requests } = fakeFetch(() => eventStream(controlledBody().stream))
    const first = connect({ fetch }, { resumeFrom: '42' })
    const second = connect({ fetch }, { resumeFrom: 'é…' })
    const third = connect({ fetch }, { resumeFrom: '' })
    await Promise.all([first.until('open'), second.until('open'), third.until('open')])
    expect(requests[0]!.headers.get('Last-Event-ID')).toBe('42')
    const sent = requests[1]!.headers.get('Last-Event-ID')!
    expect(new TextDecoder().decode(Uint8Array.from(sent, (char) => char.charCodeAt(0)))).toBe('é…')
    expect(requests[2]!.headers.has('Last-Event-ID')).toBe(false)
    for (const attempt of [first, second, third]) attempt.transport.close()
  })

  it('looks fetch up when connecting, not when the factory is made', async () => {
    const factory = createEventSourceTransport()
    const { fetch, requests } = fakeFetch(() => eventStream(controlledBody().stream))
    vi.stubGlobal('fetch', fetch)
    const rec = recordingSink()
    const transport = factory({ url: 'http://example.test/a', sink: rec.sink, clock: systemClock, resumeFrom: undefined })
    await rec.until('open')
    expect(requests).toHaveLength(1)
    transport.close()
  })

  it('resolves a relative URL against the page location', async () => {
    vi.stubGlobal('location', { href: 'http://page.test/app/index.html' })
    const { fetch, requests } = fakeFetch(() => eventStream(controlledBody().stream))
    const { until, transport } = connect({ fetch }, { url: 'stream?x=1' })
    await until('open')
    expect(requests[0]!.url).toBe('http://page.test/app/stream?x=1')
    transport.close()
  })

  it.each([
    ['a relative URL with no page', '/events'],
    ['an unparsable URL', 'http://'],
    ['a ws: URL', 'ws://example.test/events'],
    ['a file: URL', 'file:///etc/passwd'],
  ])('closes with a protocol error and does not fetch for %s', async (_name, url) => {
    const { fetch, implementation } = fakeFetch(() => eventStream(null))
    const { calls, until, closeCall } = connect({ fetch }, { url })
    expect(calls).toEqual([])
    await until('close')
    const { info } = closeCall()
    expect(info.wasClean).toBe(false)
    expect(info.error).toBeInstanceOf(RealtimeError)
    expect(info.error?.kind).toBe('protocol')
    expect(info.error?.message).toMatch(/Invalid URL/)
    expect(implementation).not.toHaveBeenCalled()
    expect(calls).toHaveLength(1)
  })

  it('closes with a protocol error when no fetch exists', async () => {
    vi.stubGlobal('fetch', undefined)
    const { until, closeCall } = connect({})
    await until('close')
    expect(closeCall().info.error?.kind).toBe('protocol')
    expect(closeCall().info.error?.message).toMatch(/fetch/)
  })

  it.each<[string, EventSourceTransportOptions, RegExp]>([
    ['a negative idleTimeoutMs', { idleTimeoutMs: -1 }, /idleTimeoutMs/],
    ['a NaN maxEventBytes', { maxEventBytes: Number.NaN }, /maxEventBytes/],
    ['a body on a GET', { body: 'x' }, /GET request cannot have a body/],
    ['events that are not strings', { events: [1] as unknown as string[] }, /events/],
    ['invalid headers', { headers: { 'bad header': 'x' } }, /headers/],
  ])('closes with a protocol error for %s', async (_name, options, message) => {
    const { fetch, implementation } = fakeFetch(() => eventStream(null))
    const { until, closeCall } = connect({ fetch, ...options })
    await until('close')
    expect(closeCall().info.error?.kind).toBe('protocol')
    expect(closeCall().info.error?.message).toMatch(message)
    expect(implementation).not.toHaveBeenCalled()
  })

  it('never reports synchronously inside the factory call', async () => {
    const { fetch } = fakeFetch(() => eventStream('data: x\n\n'))
    const { calls, until } = connect({ fetch })
    expect(calls).toEqual([])
    await until('close')
  })
})

describe('event-source transport: the response', () => {
  it('closes cleanly with status 204 and does not open', async () => {
    const { fetch } = fakeFetch(() => new Response(null, { status: 204 }))
    const { until, kinds, closeCall } = connect({ fetch })
    await until('close')
    expect(kinds()).toEqual(['close'])
    expect(closeCall().info).toEqual({ wasClean: true, status: 204 })
  })

  it.each([400, 401, 404, 500, 502])('closes with an http error for status %i, without a retry hint', async (status) => {
    const { fetch } = fakeFetch(() => new Response('nope', { status, headers: { 'Retry-After': '5' } }))
    const { until, kinds, closeCall } = connect({ fetch })
    await until('close')
    expect(kinds()).toEqual(['close'])
    const { info, hints } = closeCall()
    expect(info.wasClean).toBe(false)
    expect(info.status).toBe(status)
    expect(info.error?.kind).toBe('http')
    expect(info.error?.status).toBe(status)
    expect(hints).toBeUndefined()
  })

  it.each([
    [503, '7', 7000],
    [429, '0', 0],
  ])('passes Retry-After on %i as a hint', async (status, header, ms) => {
    const { fetch } = fakeFetch(() => new Response(null, { status, headers: { 'Retry-After': header } }))
    const { until, closeCall } = connect({ fetch })
    await until('close')
    expect(closeCall().hints).toEqual({ retryAfterMs: ms })
    expect(closeCall().info.status).toBe(status)
  })

  it('reads a Retry-After HTTP date relative to the clock', async () => {
    const now = Date.UTC(2030, 0, 1, 0, 0, 0)
    const clock: Clock = { ...systemClock, now: () => now }
    const { fetch } = fakeFetch(
      () => new Response(null, { status: 503, headers: { 'Retry-After': 'Tue, 01 Jan 2030 00:00:30 GMT' } }),
    )
    const { until, closeCall } = connect({ fetch }, { clock })
    await until('close')
    expect(closeCall().hints).toEqual({ retryAfterMs: 30_000 })
  })

  it('reads the clock as a method: a Clock written as a class keeps its `this`', async () => {
    class FixedClock implements Clock {
      readonly #now = Date.UTC(2030, 0, 1, 0, 0, 0)
      now(): number {
        return this.#now
      }
      setTimeout(callback: () => void, ms: number): unknown {
        return setTimeout(callback, ms)
      }
      clearTimeout(handle: unknown): void {
        clearTimeout(handle as ReturnType<typeof setTimeout>)
      }
    }
    const { fetch } = fakeFetch(
      () => new Response(null, { status: 503, headers: { 'Retry-After': 'Tue, 01 Jan 2030 00:00:30 GMT' } }),
    )
    const { until, closeCall } = connect({ fetch }, { clock: new FixedClock() })
    await until('close')
    expect(closeCall().info.error?.kind).toBe('http')
    expect(closeCall().hints).toEqual({ retryAfterMs: 30_000 })
  })

  it('gives no hint for a 503 with an unreadable Retry-After', async () => {
    const { fetch } = fakeFetch(() => new Response(null, { status: 503, headers: { 'Retry-After': 'soon' } }))
    const { until, closeCall } = connect({ fetch })
    await until('close')
    expect(closeCall().hints).toBeUndefined()
  })

  it.each(['text/html', 'application/json', 'text/event-streams', ''])(
    'closes with a protocol error for Content-Type %j',
    async (contentType) => {
      const body = controlledBody()
      const headers: Record<string, string> = contentType === '' ? {} : { 'Content-Type': contentType }
      const { fetch } = fakeFetch(() => new Response(body.stream, { status: 200, headers }))
      const { until, kinds, closeCall } = connect({ fetch })
      await until('close')
      expect(kinds()).toEqual(['close'])
      const { info } = closeCall()
      expect(info).toMatchObject({ wasClean: false, status: 200 })
      expect(info.error?.kind).toBe('protocol')
      expect(info.error?.status).toBe(200)
      await vi.waitFor(() => expect(body.state.cancelled).toBe(true))
    },
  )

  it.each(['text/event-stream; charset=utf-8', 'Text/Event-Stream', ' text/event-stream ;charset=windows-1252'])(
    'accepts Content-Type %j (and always decodes UTF-8)',
    async (contentType) => {
      const { fetch } = fakeFetch(
        () => new Response('data: ok…\n\n', { status: 200, headers: { 'Content-Type': contentType } }),
      )
      const { until, messages } = connect({ fetch })
      await until('close')
      expect(messages()).toEqual([{ data: 'ok…', meta: { type: 'message', id: '' } }])
    },
  )

  it('closes with a protocol error for a 2xx without a body', async () => {
    const { fetch } = fakeFetch(() => eventStream(null))
    const { until, kinds, closeCall } = connect({ fetch })
    await until('close')
    expect(kinds()).toEqual(['close'])
    expect(closeCall().info.error?.kind).toBe('protocol')
    expect(closeCall().info.status).toBe(200)
  })

  it('closes with a network error when fetch rejects (or throws)', async () => {
    const cause = new TypeError('fetch failed')
    const rejecting = vi.fn(() => Promise.reject(cause)) as unknown as typeof fetch
    const throwing = vi.fn(() => {
      throw cause
    }) as unknown as typeof fetch
    for (const fetch of [rejecting, throwing]) {
      const { until, kinds, closeCall } = connect({ fetch })
      await until('close')
      expect(kinds()).toEqual(['close'])
      expect(closeCall().info.wasClean).toBe(false)
      expect(closeCall().info.error?.kind).toBe('network')
      expect(closeCall().info.error?.cause).toBe(cause)
    }
  })
})

describe('event-source transport: the stream', () => {
  it('opens, then delivers messages with their type, the last event ID and the time their chunk arrived', async () => {
    const body = controlledBody()
    const { fetch } = fakeFetch(() => eventStream(body.stream))
    const { until, calls, arrivals, transport } = connect({ fetch })
    await until('open')
    const before = Date.now()
    body.push('data: first\n\nid: 1\ndata: second\n\n')
    await until('message', 2)
    // One chunk, one arrival time for both of its events.
    expect(arrivals).toHaveLength(2)
    expect(arrivals[0]).toBeGreaterThanOrEqual(before)
    expect(arrivals[1]).toBe(arrivals[0])
    expect(calls).toEqual([
      { kind: 'open' },
      { kind: 'message', data: 'first', meta: { type: 'message', id: '' } },
      { kind: 'resumeFrom', token: '1' },
      { kind: 'message', data: 'second', meta: { type: 'message', id: '1' } },
    ])
    transport.close()
  })

  it('reports an id-only block through resumeFrom, and an id reset to the empty string', async () => {
    const body = controlledBody()
    const { fetch } = fakeFetch(() => eventStream(body.stream))
    const { until, calls, transport } = connect({ fetch }, { resumeFrom: '5' })
    await until('open')
    body.push('data: a\n\nid: 6\n\n')
    await until('resumeFrom')
    body.push('id\n\ndata: b\n\n')
    await until('message', 2)
    expect(calls.slice(1)).toEqual([
      { kind: 'message', data: 'a', meta: { type: 'message', id: '5' } },
      { kind: 'resumeFrom', token: '6' },
      { kind: 'resumeFrom', token: '' },
      { kind: 'message', data: 'b', meta: { type: 'message', id: '' } },
    ])
    transport.close()
  })

  it('delivers only the chosen event types (events replaces the default)', async () => {
    const stream = 'data: plain\n\nevent: update\ndata: u\n\nevent: other\ndata: o\n\n'
    const { fetch } = fakeFetch(() => eventStream(stream))
    const defaults = connect({ fetch })
    const updates = connect({ fetch, events: ['update'] })
    const both = connect({ fetch, events: ['update', 'message'] })
    await Promise.all([defaults.until('close'), updates.until('close'), both.until('close')])
    expect(defaults.messages().map((m) => m.data)).toEqual(['plain'])
    expect(updates.messages()).toEqual([{ data: 'u', meta: { type: 'update', id: '' } }])
    expect(both.messages().map((m) => m.data)).toEqual(['plain', 'u'])
  })

  it('reports retry fields through retryDelay', async () => {
    const { fetch } = fakeFetch(() => eventStream('retry: 2500\nretry: x\ndata: a\n\n'))
    const { until, calls } = connect({ fetch })
    await until('close')
    expect(calls.filter((call) => call.kind === 'retryDelay')).toEqual([{ kind: 'retryDelay', ms: 2500 }])
  })

  it('skips an oversized event with a protocol error and goes on', async () => {
    const body = controlledBody()
    const { fetch } = fakeFetch(() => eventStream(body.stream))
    const { until, kinds, calls, messages, transport } = connect({ fetch, maxEventBytes: 8 })
    await until('open')
    body.push('data: small\n\ndata: much too large\n\ndata: again\n\n')
    await until('message', 2)
    expect(kinds()).toEqual(['open', 'message', 'error', 'message'])
    const error = calls[2]
    expect(error?.kind === 'error' && error.error).toBeInstanceOf(RealtimeError)
    expect(error?.kind === 'error' && error.error.kind).toBe('protocol')
    expect(messages().map((m) => m.data)).toEqual(['small', 'again'])
    transport.close()
  })

  it('bounds events at 1 MiB by default', async () => {
    const big = 'x'.repeat(1024 * 1024)
    const { fetch } = fakeFetch(() => eventStream(`data: ${big}\n\ndata: ${big}y\n\n`))
    const { until, kinds, messages } = connect({ fetch })
    await until('close')
    expect(kinds()).toEqual(['open', 'message', 'error', 'close'])
    expect((messages()[0]?.data as string).length).toBe(1024 * 1024)
  })

  it('gives the same result when the bytes arrive one at a time (BOM and multi-byte characters included)', async () => {
    const bytes = new TextEncoder().encode('\uFEFFid: é\r\ndata: 😀 €\r\n\r\n:\rdata: two\r\rdata: never')
    const body = controlledBody()
    const { fetch } = fakeFetch(() => eventStream(body.stream))
    const { until, calls } = connect({ fetch })
    await until('open')
    for (const byte of bytes) body.push(Uint8Array.of(byte))
    body.end()
    await until('close')
    expect(calls).toEqual([
      { kind: 'open' },
      { kind: 'resumeFrom', token: 'é' },
      { kind: 'message', data: '😀 €', meta: { type: 'message', id: 'é' } },
      { kind: 'message', data: 'two', meta: { type: 'message', id: 'é' } },
      { kind: 'close', info: { wasClean: true }, hints: undefined },
    ])
  })

  it('strips exactly one BOM from the bytes, as the spec says (a second one spoils the first line)', async () => {
    const { fetch } = fakeFetch(() => eventStream(new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...new TextEncoder().encode('data: 1\n\ndata: 2\n\n')])))
    const { until, messages } = connect({ fetch })
    await until('close')
    expect(messages().map((m) => m.data)).toEqual(['2'])
  })

  it('closes cleanly when the server ends the stream, discarding an unfinished event', async () => {
    const body = controlledBody()
    const { fetch } = fakeFetch(() => eventStream(body.stream))
    const { until, kinds, closeCall } = connect({ fetch })
    await until('open')
    body.push('data: done\n\ndata: cut')
    body.end()
    await until('close')
    expect(kinds()).toEqual(['open', 'message', 'close'])
    expect(closeCall()).toEqual({ info: { wasClean: true }, hints: undefined })
  })

  it('closes with a network error when the stream fails mid-way', async () => {
    const body = controlledBody()
    const { fetch } = fakeFetch(() => eventStream(body.stream))
    const { until, kinds, closeCall } = connect({ fetch })
    await until('open')
    body.push('data: a\n\n')
    await until('message')
    const cause = new Error('socket hang up')
    body.fail(cause)
    await until('close')
    expect(kinds()).toEqual(['open', 'message', 'close'])
    expect(closeCall().info.wasClean).toBe(false)
    expect(closeCall().info.error?.kind).toBe('network')
    expect(closeCall().info.error?.cause).toBe(cause)
  })
})

describe('event-source transport: ending', () => {
  it('close() aborts the request, cancels the stream and reports nothing more', async () => {
    const body = controlledBody()
    const { fetch, requests } = fakeFetch(() => eventStream(body.stream))
    const { until, kinds, transport } = connect({ fetch })
    await until('open')
    transport.close()
    expect(requests[0]!.init.signal?.aborted).toBe(true)
    await vi.waitFor(() => expect(body.state.cancelled).toBe(true))
    await flush()
    expect(kinds()).toEqual(['open'])
  })

  it('close() while fetch is pending reports nothing and cancels the late response', async () => {
    const body = controlledBody()
    let answer!: (response: Response) => void
    const { fetch, requests } = fakeFetch(() => new Promise<Response>((resolve) => (answer = resolve)))
    const { calls, transport } = connect({ fetch })
    await vi.waitFor(() => expect(requests).toHaveLength(1))
    transport.close()
    expect(requests[0]!.init.signal?.aborted).toBe(true)
    answer(eventStream(body.stream))
    await vi.waitFor(() => expect(body.state.cancelled).toBe(true))
    await flush()
    expect(calls).toEqual([])
  })

  it('close() before the first microtask means no request at all', async () => {
    const { fetch, implementation } = fakeFetch(() => eventStream(null))
    const { calls, transport } = connect({ fetch })
    transport.close()
    await flush()
    expect(implementation).not.toHaveBeenCalled()
    expect(calls).toEqual([])
  })

  it('close() from inside a message callback stops the rest of the chunk', async () => {
    const body = controlledBody()
    const { fetch } = fakeFetch(() => eventStream(body.stream))
    const { until, kinds } = connect(
      { fetch },
      {
        onCall: (call, transport) => {
          if (call.kind === 'message') transport.close()
        },
      },
    )
    await until('open')
    body.push('data: 1\n\nid: 2\ndata: 2\n\nretry: 5\n')
    await vi.waitFor(() => expect(body.state.cancelled).toBe(true))
    await flush()
    expect(kinds()).toEqual(['open', 'message'])
  })

  it('a close reported by the transport is the last report, and a later close() is harmless', async () => {
    const body = controlledBody()
    const { fetch } = fakeFetch(() => eventStream(body.stream))
    const { until, kinds, transport } = connect({ fetch })
    await until('open')
    body.fail(new Error('reset'))
    await until('close')
    transport.close()
    await flush()
    expect(kinds()).toEqual(['open', 'close'])
  })
})

describe('event-source transport: idle timeout (fake timers)', () => {
  it('times out when nothing, not even a comment, arrives for idleTimeoutMs', async () => {
    vi.useFakeTimers()
    const body = controlledBody()
    const { fetch, requests } = fakeFetch(() => eventStream(body.stream))
    const { until, kinds, closeCall } = connect({ fetch, idleTimeoutMs: 1000 })
    await until('open')
    await vi.advanceTimersByTimeAsync(900)
    body.push(': keep-alive\n')
    await flush()
    await vi.advanceTimersByTimeAsync(900)
    expect(kinds()).toEqual(['open'])
    await vi.advanceTimersByTimeAsync(100)
    expect(kinds()).toEqual(['open', 'close'])
    expect(closeCall().info.wasClean).toBe(false)
    expect(closeCall().info.error?.kind).toBe('timeout')
    expect(requests[0]!.init.signal?.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
    await vi.waitFor(() => expect(body.state.cancelled).toBe(true))
  })

  it('leaves no timer behind after close()', async () => {
    vi.useFakeTimers()
    const body = controlledBody()
    const { fetch } = fakeFetch(() => eventStream(body.stream))
    const { until, kinds, transport } = connect({ fetch, idleTimeoutMs: 1000 })
    await until('open')
    expect(vi.getTimerCount()).toBe(1)
    transport.close()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(5000)
    expect(kinds()).toEqual(['open'])
  })

  it('leaves no timer behind after the stream ends or fails', async () => {
    vi.useFakeTimers()
    for (const finish of ['end', 'fail'] as const) {
      const body = controlledBody()
      const { fetch } = fakeFetch(() => eventStream(body.stream))
      const { until } = connect({ fetch, idleTimeoutMs: 1000 })
      await until('open')
      if (finish === 'end') body.end()
      else body.fail(new Error('x'))
      await until('close')
      expect(vi.getTimerCount()).toBe(0)
    }
  })

  it('sets no timer when idleTimeoutMs is off', async () => {
    vi.useFakeTimers()
    const body = controlledBody()
    const { fetch } = fakeFetch(() => eventStream(body.stream))
    const { until, transport } = connect({ fetch, idleTimeoutMs: 0 })
    await until('open')
    expect(vi.getTimerCount()).toBe(0)
    transport.close()
  })
})

describe('event-source transport: against a real server', () => {
  const { serve, stop } = httpServerPerTest('/events')

  it('streams events as they are written and sends Last-Event-ID', async () => {
    const seen: (string | undefined)[] = []
    let response: http.ServerResponse | undefined
    const url = await serve((req, res) => {
      seen.push(req.headers['last-event-id'] as string | undefined)
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.write(': hello\n\n')
      res.write('id: 11\ndata: one\n\n')
      response = res
    })
    const { until, calls, messages } = connect({}, { url, resumeFrom: '10' })
    await until('message')
    expect(seen).toEqual(['10'])
    response!.write('event: message\ndata: two\n')
    response!.write('\n')
    await until('message', 2)
    response!.end()
    await until('close')
    expect(messages()).toEqual([
      { data: 'one', meta: { type: 'message', id: '11' } },
      { data: 'two', meta: { type: 'message', id: '11' } },
    ])
    expect(calls.at(-1)).toEqual({ kind: 'close', info: { wasClean: true }, hints: undefined })
  })

  it('reports a connection reset mid-stream as a network error', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.write('data: before\n\n', () => {
        // Once the event is on the wire, drop the connection without ending the response.
        realSetTimeout(() => res.destroy(), 10)
      })
    })
    const { until, kinds, closeCall } = connect({}, { url })
    await until('close')
    expect(kinds()).toEqual(['open', 'message', 'close'])
    expect(closeCall().info.wasClean).toBe(false)
    expect(closeCall().info.error?.kind).toBe('network')
  })

  it('times out a silent stream and drops the connection', async () => {
    const time = manualClock()
    let serverSawClose = false
    const url = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.flushHeaders()
      req.socket.on('close', () => {
        serverSawClose = true
      })
    })
    const { until, kinds, closeCall } = connect({ idleTimeoutMs: 30_000 }, { url, clock: time.clock })
    await until('open')
    time.advance(29_999)
    expect(kinds()).toEqual(['open'])
    time.advance(1)
    expect(kinds()).toEqual(['open', 'close'])
    expect(closeCall().info.error?.kind).toBe('timeout')
    expect(time.pending()).toBe(0)
    await vi.waitFor(() => expect(serverSawClose).toBe(true))
  })

  it('reports a refused connection as a network error', async () => {
    const url = await serve(() => undefined)
    await stop()
    const { until, closeCall } = connect({}, { url })
    await until('close')
    expect(closeCall().info.error?.kind).toBe('network')
  })
})
