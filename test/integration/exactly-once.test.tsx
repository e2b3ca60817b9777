import { describe, expect, it } from 'vitest'
import { KINDS, range, renderRealtime, seqs, until, WRAPPERS } from './support/hook-harness'
import type { Kind } from './support/hook-harness'
import { networkLedgerPerTest } from './support/network-ledger'
import { between, seededRandom } from './support/seeded-random'
import { mockServerForFile, tag } from './support/server'

/*
 * 1000 numbered messages through connections that the server drops after a
 * "random" (seeded, so repeatable) number of messages, a different one for every
 * connection. SSE resumes with its last event ID and long-poll with its cursor on
 * their own; a WebSocket has no resume of its own, so the client puts the last
 * seq it saw into the URL (`url` is a function, called before every attempt).
 */

const mock = mockServerForFile()
const net = networkLedgerPerTest()

const COUNT = 1000
/** About 20 reconnects per run: keep each wait short. */
const QUICK_RECONNECT = { initialDelayMs: 5, maxDelayMs: 15, jitter: 0 }

/** Drops after 20–80 messages: about 20 drops per run. */
function dropSchedule(seed: number): { next: () => number; used: number[] } {
  const random = seededRandom(seed)
  const used: number[] = []
  return {
    next: () => {
      const value = between(random, 20, 80)
      used.push(value)
      return value
    },
    used,
  }
}

describe.each(WRAPPERS)('exactly once across drops (%s)', (_name, wrapper) => {
  describe.each(KINDS)('%s', (kind: Kind, prefix) => {
    it(`count=${COUNT} with a random dropAfter per connection: every seq 1..${COUNT} reaches onMessage once, in order`, async () => {
      const base = `${mock.url}/${prefix}/feed?count=${COUNT}&${tag()}`
      const drops = dropSchedule(37)
      // What the client saw, read by the url function before every attempt.
      const lastSeen = { current: 0 }
      const url = (): string => {
        const resume = kind === 'websocket' && lastSeen.current > 0 ? `&cursor=${lastSeen.current}` : ''
        return `${base}&dropAfter=${drops.next()}${resume}`
      }
      const hook = renderRealtime(
        kind,
        url,
        { reconnect: QUICK_RECONNECT, onMessage: (message) => (lastSeen.current = message.seq as number) },
        net,
        wrapper,
      )
      await until(() => expect(hook.messages.length).toBeGreaterThanOrEqual(COUNT), 8000)
      expect(seqs(hook.messages)).toEqual(range(COUNT))
      // It really was dropped, many times, at the seeded points.
      expect(hook.closes.length).toBeGreaterThanOrEqual(10)
      expect(hook.errors.every((error) => error.kind === 'network' || error.kind === 'close')).toBe(true)
      expect(drops.used.length).toBe(hook.closes.length + 1)
      if (kind === 'websocket') {
        // The cursor in the URL is what made the server resume after the first drop.
        expect(net.sockets[1]?.url).toContain(`cursor=${drops.used[0]}`)
      }
      if (kind === 'sse') {
        // jsdom's page (localhost) is another origin than the server (127.0.0.1), so the
        // position goes in the query, keeping the request CORS-simple.
        expect(new URL(net.requests[1]?.url ?? '').searchParams.get('lastEventId')).toBe(String(drops.used[0]))
        expect(net.requests[1]?.headers.has('Last-Event-ID')).toBe(false)
      }
      await until(() => expect(hook.result.current.status).toBe('open'))
    }, 15_000)
  })

  it('WebSocket WITHOUT a url function: a plain reconnect restarts the stream from seq 1 (no built-in resume, duplicates)', async () => {
    const hook = renderRealtime('websocket', `${mock.wsUrl}/ws/feed?count=100&dropAfter=37&${tag()}`, {}, net, wrapper)
    await until(() => expect(hook.messages.length).toBeGreaterThanOrEqual(40))
    const received = seqs(hook.messages)
    expect(received.slice(0, 37)).toEqual(range(37))
    // After the drop the server starts over: 1, 2, 3... again.
    expect(received.slice(37, 40)).toEqual([1, 2, 3])
    expect(hook.closes[0]?.info).toMatchObject({ wasClean: false, code: 1006 })
  })
})
