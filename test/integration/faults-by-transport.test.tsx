import { describe, expect, it } from 'vitest'
import { KINDS, range, renderRealtime, seqs, until, WRAPPERS } from './support/hook-harness'
import { networkLedgerPerTest } from './support/network-ledger'
import { mockServerForFile, tag } from './support/server'

/*
 * Fault switches whose outcome depends on the transport: WebSocket close codes
 * (and the HTTP status a WebSocket cannot see), HTTP statuses and Retry-After for
 * SSE and long-poll, SSE's Content-Type, retry field and Last-Event-ID, and a
 * long-poll request that the server holds.
 */

const mock = mockServerForFile()
const net = networkLedgerPerTest()

describe.each(WRAPPERS)('faults by transport (%s)', (_name, wrapper) => {
  describe.each(KINDS)('%s', (kind, prefix) => {
    const url = (query: string, scenario = 'feed'): string => `${mock.url}/${prefix}/${scenario}?${query}&${tag()}`

    if (kind === 'websocket') {
      it('closeCode=4001 on a refusal: failed, error kind close with code 4001, no retry', async () => {
        const hook = renderRealtime(kind, url('failFirst=1&closeCode=4001'), {}, net, wrapper)
        await until(() => expect(hook.result.current.status).toBe('failed'))
        expect(hook.result.current.error).toMatchObject({ kind: 'close', code: 4001 })
        expect(hook.closes[0]?.info).toMatchObject({ code: 4001 })
        expect(net.sockets).toHaveLength(1)
      })

      it('closeCode=1011 on a refusal: reconnects, then open', async () => {
        const hook = renderRealtime(kind, url('failFirst=1&closeCode=1011&count=2'), {}, net, wrapper)
        await until(() => expect(seqs(hook.messages)).toEqual([1, 2]))
        expect(hook.closes[0]?.info).toMatchObject({ code: 1011, error: { kind: 'close', code: 1011 } })
        expect(net.sockets).toHaveLength(2)
        await until(() => expect(hook.result.current.status).toBe('open'))
      })

      it('an unknown scenario is refused with HTTP 404, which a WebSocket cannot see: it is retried like any failed upgrade', async () => {
        const hook = renderRealtime(kind, url('x=1', 'nope'), { reconnect: { initialDelayMs: 10, jitter: 0, maxAttempts: 2 } }, net, wrapper)
        await until(() => expect(hook.result.current.status).toBe('failed'))
        expect(net.sockets).toHaveLength(3)
        expect(hook.result.current.error?.kind).toBe('network')
      })
    } else {
      it('failFirst=1&status=404: failed, error kind http with status 404, no retry', async () => {
        const hook = renderRealtime(kind, url('failFirst=1&status=404'), {}, net, wrapper)
        await until(() => expect(hook.result.current.status).toBe('failed'))
        expect(hook.result.current.error).toMatchObject({ kind: 'http', status: 404 })
        expect(hook.closes[0]?.info).toMatchObject({ wasClean: false, status: 404 })
        expect(net.requests).toHaveLength(1)
      })

      it('an unknown scenario: 404, failed', async () => {
        const hook = renderRealtime(kind, url('x=1', 'nope'), {}, net, wrapper)
        await until(() => expect(hook.result.current.status).toBe('failed'))
        expect(hook.result.current.error).toMatchObject({ kind: 'http', status: 404 })
        expect(net.requests).toHaveLength(1)
      })
    }

    if (kind === 'sse') {
      it('contentType=text/plain: failed with a protocol error, no retry', async () => {
        const hook = renderRealtime(kind, url('contentType=text/plain'), {}, net, wrapper)
        await until(() => expect(hook.result.current.status).toBe('failed'))
        expect(hook.result.current.error?.kind).toBe('protocol')
        expect(net.requests).toHaveLength(1)
        await until(() => expect(net.liveRequests()).toBe(0))
      })

      it('retry=300 replaces initialDelayMs (factor still applies): waits of 300 ms, then 600 ms', async () => {
        // maxDelayMs still caps the delay, so it is raised here.
        const reconnect = { initialDelayMs: 10, maxDelayMs: 5000, jitter: 0 }
        const hook = renderRealtime(kind, url('retry=300&count=6&dropAfter=3'), { reconnect }, net, wrapper)
        const waits: number[] = []
        await until(() => expect(hook.closes).toHaveLength(1))
        await until(() => expect(hook.result.current.nextRetryAt).toBeDefined())
        waits.push((hook.result.current.nextRetryAt ?? 0) - (hook.closes[0]?.at ?? 0))
        await until(() => expect(hook.closes).toHaveLength(2))
        await until(() => expect(hook.result.current.nextRetryAt).toBeGreaterThan(hook.closes[1]?.at ?? Infinity))
        waits.push((hook.result.current.nextRetryAt ?? 0) - (hook.closes[1]?.at ?? 0))
        // Measured from onClose, which runs just after the machine computed nextRetryAt.
        expect(waits[0]).toBeGreaterThan(250)
        expect(waits[0]).toBeLessThanOrEqual(300)
        expect(waits[1]).toBeGreaterThan(550)
        expect(waits[1]).toBeLessThanOrEqual(600)
        await until(() => expect(seqs(hook.messages)).toEqual(range(6)))
      })

      it('dropAfter=7: the last event ID resumes every drop without loss or duplicate', async () => {
        const hook = renderRealtime(kind, url('count=30&dropAfter=7'), {}, net, wrapper)
        await until(() => expect(seqs(hook.messages)).toEqual(range(30)))
        // Cross-origin from jsdom's page (localhost vs 127.0.0.1): the position goes in the query.
        expect(net.requests.map((request) => new URL(request.url).searchParams.get('lastEventId'))).toEqual([null, '7', '14', '21', '28'])
        expect(net.requests.some((request) => request.headers.has('Last-Event-ID'))).toBe(false)
        await until(() => expect(hook.result.current).toMatchObject({ status: 'open', lastEventId: '30' }))
        expect(hook.metas.at(-1)).toMatchObject({ type: 'message', id: '30' })
      })
    }

    if (kind === 'long-poll') {
      it('resuming from a saved cursor on a quiet stream: a first poll held longer than connectTimeoutMs is not a timeout, the hook opens on 204', async () => {
        // Nothing is ever posted to this server's chat room: a poll after cursor 0 is
        // held for holdMs (600 ms), three times connectTimeoutMs (200 ms).
        const hook = renderRealtime(kind, url('holdMs=600&cursor=0', 'chat'), { connectTimeoutMs: 200 }, net, wrapper)
        await until(() => expect(hook.result.current.status === 'open' || hook.errors.length > 0).toBe(true))
        expect(hook.errors.map((error) => error.message)).toEqual([])
        expect(hook.result.current.status).toBe('open')
        expect(net.requests[0]?.status).toBe(204)
      })
    }
  })

  // SSE and long-poll side by side in one test: the 1 s wait is paid once.
  it('SSE and long-poll, failFirst=1&status=503&retryAfter=1: the retry waits at least 1 s, not the 10 ms backoff', async () => {
    const query = `failFirst=1&status=503&retryAfter=1&count=1&${tag()}`
    const hooks = [
      { path: '/sse/', hook: renderRealtime('sse', `${mock.url}/sse/feed?${query}`, {}, net, wrapper) },
      { path: '/poll/', hook: renderRealtime('long-poll', `${mock.url}/poll/feed?${query}`, {}, net, wrapper) },
    ]
    await until(() => {
      for (const { hook } of hooks) expect(hook.result.current.status).toBe('reconnecting')
    })
    for (const { path, hook } of hooks) {
      const refused = net.requests.find((request) => request.url.includes(path))
      // Retry-After is counted from the response; the 10 ms backoff is far shorter.
      expect((hook.result.current.nextRetryAt ?? 0) - (refused?.respondedAt ?? Number.NaN)).toBeGreaterThanOrEqual(1000)
      expect(hook.closes[0]?.info).toMatchObject({ status: 503, error: { kind: 'http', status: 503 } })
    }
    await until(() => {
      for (const { hook } of hooks) expect(seqs(hook.messages)).toEqual([1])
    })
    for (const { path } of hooks) {
      const [refused, retried] = net.requests.filter((request) => request.url.includes(path))
      expect(refused?.status).toBe(503)
      // Node may fire a timer up to a millisecond early.
      expect((retried?.startedAt ?? 0) - (refused?.respondedAt ?? Number.NaN)).toBeGreaterThanOrEqual(999)
    }
  })
})
