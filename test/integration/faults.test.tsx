import { describe, expect, it } from 'vitest'
import { KINDS, range, renderRealtime, seqs, until, WRAPPERS } from './support/hook-harness'
import type { RenderRecord } from './support/hook-harness'
import { networkLedgerPerTest } from './support/network-ledger'
import { mockServerForFile, tag } from './support/server'

/*
 * The mock server's fault switches that every transport meets alike: refusals,
 * hangs, malformed messages, drops and bad URLs, each ending in the status, error
 * and retry behaviour API.md promises. (Per-transport faults: faults-by-transport.)
 */

const mock = mockServerForFile()
const net = networkLedgerPerTest()

/** Connections the hook made: sockets for WebSocket, requests otherwise (long-poll: one per poll). */
function connections(kind: string): number {
  return kind === 'websocket' ? net.sockets.length : net.requests.length
}

function reconnectingRenders(renders: readonly RenderRecord[]): RenderRecord[] {
  return renders.filter((render) => render.status === 'reconnecting')
}

describe.each(WRAPPERS)('faults (%s)', (_name, wrapper) => {
  describe.each(KINDS)('%s', (kind, prefix) => {
    const url = (query: string, scenario = 'feed'): string => `${mock.url}/${prefix}/${scenario}?${query}&${tag()}`

    it('failFirst=2: reconnecting twice (attempt 1, then 2, with a countdown), then open', async () => {
      // Long enough waits that a frame-batched render shows each reconnecting phase.
      const hook = renderRealtime(kind, url('failFirst=2&count=3'), { reconnect: { initialDelayMs: 100, factor: 1, jitter: 0 } }, net, wrapper)
      await until(() => expect(hook.messages).toHaveLength(3))
      await until(() => expect(hook.result.current.status).toBe('open'))
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

    it('hang=1 with connectTimeoutMs 200 (long-poll: timeoutMs 200): a timeout error, then another attempt', async () => {
      // A long poll is bounded by its own per-request timeoutMs as well.
      const hook = renderRealtime(kind, url('hang=1'), { connectTimeoutMs: 200, timeoutMs: 200 }, net, wrapper)
      await until(() => expect(connections(kind)).toBeGreaterThanOrEqual(2))
      expect(hook.errors[0]?.kind).toBe('timeout')
      expect(hook.closes[0]?.info).toMatchObject({ wasClean: false, error: { kind: 'timeout' } })
      const first = kind === 'websocket' ? net.sockets[0] : net.requests[0]
      // The abandoned attempt is really abandoned.
      await until(() => expect(first?.live).toBe(false))
      expect(['connecting', 'reconnecting']).toContain(hook.result.current.status)
    })

    it('badJsonEvery=3 with a JSON parse: every 3rd message is a parse error, the stream goes on', async () => {
      const hook = renderRealtime(kind, url('count=10&badJsonEvery=3'), {}, net, wrapper)
      await until(() => expect(seqs(hook.messages)).toEqual([1, 2, 4, 5, 7, 8, 10]))
      expect(hook.errors.map((error) => error.kind)).toEqual(['parse', 'parse', 'parse'])
      await until(() => expect(hook.result.current.error?.kind).toBe('parse'))
      expect(hook.result.current.status).toBe('open')
      expect(hook.closes).toEqual([])
      // Same connection throughout (long-poll: every poll answered 200, none failed).
      if (kind === 'long-poll') for (const request of net.requests.filter((r) => !r.live)) expect(request.status).toBe(200)
      else expect(connections(kind)).toBe(1)
    })

    it('dropAfter=5: the connection drops, reconnects, and messages go on', async () => {
      const hook = renderRealtime(kind, url('count=12&dropAfter=5'), {}, net, wrapper)
      await until(() => expect(hook.messages.length).toBeGreaterThanOrEqual(12))
      expect(hook.closes.length).toBeGreaterThanOrEqual(2)
      expect(hook.opens.length).toBeGreaterThanOrEqual(kind === 'long-poll' ? 2 : 3)
      for (const { info } of hook.closes) expect(info.wasClean).toBe(false)
      // SSE and long-poll resume on their own; a plain WebSocket restarts (see exactly-once.test.tsx).
      if (kind !== 'websocket') {
        expect(seqs(hook.messages)).toEqual(range(12))
        await until(() => expect(hook.result.current.status).toBe('open'))
      }
    })

    it('an invalid URL fails at once with a protocol error, and makes no connection', async () => {
      const hook = renderRealtime(kind, 'http://[::1', {}, net, wrapper)
      await until(() => expect(hook.result.current.status).toBe('failed'))
      expect(hook.result.current.error?.kind).toBe('protocol')
      expect(hook.errors).toHaveLength(1)
      expect(net.sockets.length + net.requests.length).toBe(0)
    })
  })
})
