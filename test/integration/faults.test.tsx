import { cleanup, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KINDS, range, renderRealtime, seqs, WRAPPERS } from './support/hook-harness'
import type { RenderRecord } from './support/hook-harness'
import { networkLedger } from './support/network-ledger'
import type { NetworkLedger } from './support/network-ledger'
import { mockServerForFile, tag } from './support/server'

/*
 * The mock server's fault switches against each hook: refusals, HTTP errors,
 * Retry-After, close codes, drops, hangs, malformed messages and bad URLs, each
 * ending in the status, error and retry behaviour API.md promises.
 */

const mock = mockServerForFile()
let net: NetworkLedger

beforeEach(() => {
  net = networkLedger()
})
afterEach(() => {
  cleanup()
  net.destroy()
})

const WAIT = { timeout: 4000 }

/** Connections the hook made: sockets for WebSocket, requests otherwise (long-poll: one per poll). */
function connections(kind: string): number {
  return kind === 'websocket' ? net.sockets.length : net.requests.length
}

function reconnectingRenders(renders: readonly RenderRecord[]): RenderRecord[] {
  return renders.filter((render) => render.status === 'reconnecting')
}

describe.each(WRAPPERS)('faults (%s)', (_name, wrapper) => {
  describe.each(KINDS)('%s', (kind, prefix) => {
    const url = (query: string, scenario = 'feed'): string => `${mock.http}/${prefix}/${scenario}?${query}&${tag()}`

    it('failFirst=2: reconnecting twice (attempt 1, then 2, with a countdown), then open', async () => {
      // Long enough waits that a frame-batched render shows each reconnecting phase.
      const hook = renderRealtime(kind, url('failFirst=2&count=3'), { reconnect: { initialDelayMs: 100, factor: 1, jitter: 0 } }, net, wrapper)
      await waitFor(() => expect(hook.messages).toHaveLength(3), WAIT)
      await waitFor(() => expect(hook.result.current.status).toBe('open'))
      const waiting = reconnectingRenders(hook.renders)
      expect(waiting.map((render) => render.attempt)).toEqual(expect.arrayContaining([1, 2]))
      expect(waiting.findIndex((render) => render.attempt === 1)).toBeLessThan(waiting.findIndex((render) => render.attempt === 2))
      // While waiting for the timer, nextRetryAt counts down to it (once the retry starts it is cleared).
      for (const attempt of [1, 2]) {
        const countdown = waiting.find((render) => render.attempt === attempt && render.nextRetryAt !== undefined)
        expect(countdown?.nextRetryAt).toBeGreaterThan(countdown?.at ?? Infinity)
      }
      expect(hook.closes).toHaveLength(2)
      if (kind === 'websocket') expect(net.sockets).toHaveLength(3)
      else expect(net.requests.slice(0, 3).map((request) => request.status)).toEqual([503, 503, 200])
      // A WebSocket refusal is an accepted upgrade closed at once: it opens, briefly.
      expect(hook.opens).toHaveLength(kind === 'websocket' ? 3 : 1)
      // The attempt count only resets after stableAfterMs (5 s).
      expect(hook.result.current.attempt).toBe(2)
      expect(hook.result.current.error).toBeUndefined()
      expect(seqs(hook.messages)).toEqual([1, 2, 3])
    })

    it('hang=1 with connectTimeoutMs 200: a timeout error, then another attempt', async () => {
      const hook = renderRealtime(kind, url('hang=1'), { connectTimeoutMs: 200 }, net, wrapper)
      await waitFor(() => expect(connections(kind)).toBeGreaterThanOrEqual(2), WAIT)
      expect(hook.errors[0]?.kind).toBe('timeout')
      expect(hook.closes[0]?.info).toMatchObject({ wasClean: false, error: { kind: 'timeout' } })
      const first = kind === 'websocket' ? net.sockets[0] : net.requests[0]
      // The abandoned attempt is really abandoned.
      await waitFor(() => expect(first?.live).toBe(false))
      expect(['connecting', 'reconnecting']).toContain(hook.result.current.status)
    })

    it('badJsonEvery=3 with a JSON parse: every 3rd message is a parse error, the stream goes on', async () => {
      const hook = renderRealtime(kind, url('count=10&badJsonEvery=3'), {}, net, wrapper)
      await waitFor(() => expect(seqs(hook.messages)).toEqual([1, 2, 4, 5, 7, 8, 10]), WAIT)
      expect(hook.errors.map((error) => error.kind)).toEqual(['parse', 'parse', 'parse'])
      await waitFor(() => expect(hook.result.current.error?.kind).toBe('parse'))
      expect(hook.result.current.status).toBe('open')
      expect(hook.closes).toEqual([])
      expect(connections(kind)).toBe(kind === 'long-poll' ? connections(kind) : 1)
    })

    it('dropAfter=5: the connection drops, reconnects, and messages go on', async () => {
      const hook = renderRealtime(kind, url('count=12&dropAfter=5'), {}, net, wrapper)
      await waitFor(() => expect(hook.messages.length).toBeGreaterThanOrEqual(12), WAIT)
      expect(hook.closes.length).toBeGreaterThanOrEqual(2)
      expect(hook.opens.length).toBeGreaterThanOrEqual(kind === 'long-poll' ? 2 : 3)
      for (const { info } of hook.closes) expect(info.wasClean).toBe(false)
      // SSE and long-poll resume on their own; a plain WebSocket restarts (see exactly-once.test.tsx).
      if (kind !== 'websocket') {
        expect(seqs(hook.messages)).toEqual(range(12))
        await waitFor(() => expect(hook.result.current.status).toBe('open'))
      }
    })

    it('an invalid URL fails at once with a protocol error, and makes no connection', async () => {
      const hook = renderRealtime(kind, 'http://[::1', {}, net, wrapper)
      await waitFor(() => expect(hook.result.current.status).toBe('failed'), WAIT)
      expect(hook.result.current.error?.kind).toBe('protocol')
      expect(hook.errors).toHaveLength(1)
      expect(net.sockets.length + net.requests.length).toBe(0)
    })

    if (kind === 'websocket') {
      it('closeCode=4001 on a refusal: failed, error kind close with code 4001, no retry', async () => {
        const hook = renderRealtime(kind, url('failFirst=1&closeCode=4001'), {}, net, wrapper)
        await waitFor(() => expect(hook.result.current.status).toBe('failed'), WAIT)
        expect(hook.result.current.error).toMatchObject({ kind: 'close', code: 4001 })
        expect(hook.closes[0]?.info).toMatchObject({ code: 4001 })
        expect(net.sockets).toHaveLength(1)
      })

      it('closeCode=1011 on a refusal: reconnects, then open', async () => {
        const hook = renderRealtime(kind, url('failFirst=1&closeCode=1011&count=2'), {}, net, wrapper)
        await waitFor(() => expect(seqs(hook.messages)).toEqual([1, 2]), WAIT)
        expect(hook.closes[0]?.info).toMatchObject({ code: 1011, error: { kind: 'close', code: 1011 } })
        expect(net.sockets).toHaveLength(2)
        await waitFor(() => expect(hook.result.current.status).toBe('open'))
      })

      it('an unknown scenario is refused with HTTP 404, which a WebSocket cannot see: it is retried like any failed upgrade', async () => {
        const hook = renderRealtime(kind, url('x=1', 'nope'), { reconnect: { initialDelayMs: 10, jitter: 0, maxAttempts: 2 } }, net, wrapper)
        await waitFor(() => expect(hook.result.current.status).toBe('failed'), WAIT)
        expect(net.sockets).toHaveLength(3)
        expect(hook.result.current.error?.kind).toBe('network')
      })
    } else {
      it('failFirst=1&status=404: failed, error kind http with status 404, no retry', async () => {
        const hook = renderRealtime(kind, url('failFirst=1&status=404'), {}, net, wrapper)
        await waitFor(() => expect(hook.result.current.status).toBe('failed'), WAIT)
        expect(hook.result.current.error).toMatchObject({ kind: 'http', status: 404 })
        expect(hook.closes[0]?.info).toMatchObject({ wasClean: false, status: 404 })
        expect(net.requests).toHaveLength(1)
      })

      it('an unknown scenario: 404, failed', async () => {
        const hook = renderRealtime(kind, url('x=1', 'nope'), {}, net, wrapper)
        await waitFor(() => expect(hook.result.current.status).toBe('failed'), WAIT)
        expect(hook.result.current.error).toMatchObject({ kind: 'http', status: 404 })
        expect(net.requests).toHaveLength(1)
      })

      it('failFirst=1&status=503&retryAfter=1: the retry waits at least 1 s, not the 10 ms backoff', async () => {
        const hook = renderRealtime(kind, url('failFirst=1&status=503&retryAfter=1&count=1'), {}, net, wrapper)
        await waitFor(() => expect(hook.result.current.status).toBe('reconnecting'), WAIT)
        const refused = net.requests[0]
        // Retry-After is counted from the response; the 10 ms backoff is far shorter.
        expect((hook.result.current.nextRetryAt ?? 0) - (refused?.respondedAt ?? Number.NaN)).toBeGreaterThanOrEqual(1000)
        expect(hook.closes[0]?.info).toMatchObject({ status: 503, error: { kind: 'http', status: 503 } })
        await waitFor(() => expect(seqs(hook.messages)).toEqual([1]), WAIT)
        const retried = net.requests[1]
        // Node may fire a timer up to a millisecond early.
        expect((retried?.startedAt ?? 0) - (refused?.respondedAt ?? Number.NaN)).toBeGreaterThanOrEqual(999)
      })
    }

    if (kind === 'sse') {
      it('contentType=text/plain: failed with a protocol error, no retry', async () => {
        const hook = renderRealtime(kind, url('contentType=text/plain'), {}, net, wrapper)
        await waitFor(() => expect(hook.result.current.status).toBe('failed'), WAIT)
        expect(hook.result.current.error?.kind).toBe('protocol')
        expect(net.requests).toHaveLength(1)
        await waitFor(() => expect(net.liveRequests()).toBe(0))
      })

      it('retry=300 replaces initialDelayMs (factor still applies): waits of 300 ms, then 600 ms', async () => {
        // maxDelayMs still caps the delay, so it is raised here.
        const reconnect = { initialDelayMs: 10, maxDelayMs: 5000, jitter: 0 }
        const hook = renderRealtime(kind, url('retry=300&count=6&dropAfter=3'), { reconnect }, net, wrapper)
        const waits: number[] = []
        await waitFor(() => expect(hook.closes).toHaveLength(1), WAIT)
        await waitFor(() => expect(hook.result.current.nextRetryAt).toBeDefined())
        waits.push((hook.result.current.nextRetryAt ?? 0) - (hook.closes[0]?.at ?? 0))
        await waitFor(() => expect(hook.closes).toHaveLength(2), WAIT)
        await waitFor(() => expect(hook.result.current.nextRetryAt).toBeGreaterThan(hook.closes[1]?.at ?? Infinity))
        waits.push((hook.result.current.nextRetryAt ?? 0) - (hook.closes[1]?.at ?? 0))
        // Measured from onClose, which runs just after the machine computed nextRetryAt.
        expect(waits[0]).toBeGreaterThan(250)
        expect(waits[0]).toBeLessThanOrEqual(300)
        expect(waits[1]).toBeGreaterThan(550)
        expect(waits[1]).toBeLessThanOrEqual(600)
        await waitFor(() => expect(seqs(hook.messages)).toEqual(range(6)), WAIT)
      })

      it('dropAfter=7: Last-Event-ID resumes every drop without loss or duplicate', async () => {
        const hook = renderRealtime(kind, url('count=30&dropAfter=7'), {}, net, wrapper)
        await waitFor(() => expect(seqs(hook.messages)).toEqual(range(30)), WAIT)
        expect(net.requests.map((request) => request.headers.get('Last-Event-ID'))).toEqual([null, '7', '14', '21', '28'])
        await waitFor(() => expect(hook.result.current).toMatchObject({ status: 'open', lastEventId: '30' }))
        expect(hook.metas.at(-1)).toMatchObject({ type: 'message', id: '30' })
      })
    }

    if (kind === 'long-poll') {
      it('a first poll that the server holds longer than connectTimeoutMs is not a timeout: a quiet stream opens on 204', async () => {
        const hook = renderRealtime(kind, url('holdMs=600', 'chat'), { connectTimeoutMs: 200 }, net, wrapper)
        await waitFor(() => expect(hook.result.current.status === 'open' || hook.errors.length > 0).toBe(true), WAIT)
        expect(hook.errors.map((error) => error.message)).toEqual([])
        expect(hook.result.current.status).toBe('open')
        expect(net.requests[0]?.status).toBe(204)
      })
    }
  })
})
