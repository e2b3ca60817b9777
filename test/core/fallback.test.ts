import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFallbackConnection } from '../../src/core/fallback/connection'
import type { FallbackConnectionOptions } from '../../src/core/fallback/connection'
import type { ResetInfo, TransportName } from '../../src/core/fallback/types'
import type { CloseInfo, Status } from '../../src/core/types'
import { fakeEnvironment, fakeTransport } from '../helpers/fake-transport'

/*
 * The fallback engine on fake transports and fake timers: every switch, timeout
 * and upgrade step driven by hand.
 */

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const ENDPOINTS = { websocket: 'ws://127.0.0.1/ws', sse: 'http://127.0.0.1/sse', longPoll: 'http://127.0.0.1/poll' }
const DROP: CloseInfo = { wasClean: false, code: 1006 }

function setup(options: Partial<FallbackConnectionOptions> = {}) {
  const fakes = { websocket: fakeTransport(), sse: fakeTransport(), 'long-poll': fakeTransport() }
  const stored = { value: null as string | null }
  const resets: ResetInfo[] = []
  const { connection, fallback } = createFallbackConnection({
    endpoints: ENDPOINTS,
    factories: { websocket: fakes.websocket.factory, sse: fakes.sse.factory, 'long-poll': fakes['long-poll'].factory },
    environment: fakeEnvironment().environment,
    random: () => 1,
    reconnect: { initialDelayMs: 100, maxDelayMs: 100, jitter: 0 },
    upgradeAfterMs: 1000,
    memory: { read: () => stored.value, write: (name) => (stored.value = name) },
    onReset: (info) => resets.push(info),
    ...options,
  })
  const messages: unknown[] = []
  const closes: CloseInfo[] = []
  const statuses: Status[] = []
  connection.subscribe(() => {
    const { status } = connection.getSnapshot()
    if (statuses.at(-1) !== status) statuses.push(status)
  })
  connection.listen({
    message: (raw) => {
      messages.push(raw)
      // What positionOf does in the hook: a WebSocket message says where it is.
      if (typeof raw === 'string' && raw.includes('@')) fallback.notePosition(raw)
    },
    close: (info) => closes.push(info),
  })
  /** The sink of the latest attempt on `name`. */
  const sink = (name: TransportName) => fakes[name].last().context.sink
  const tries = (name: TransportName) => fakes[name].attempts.length
  return { connection, fallback, fakes, sink, tries, stored, resets, messages, closes, statuses }
}

/**
 * Advances the clock by `ms`, and 1 ms more: an attempt starts on a 0 ms timer of
 * its own after the retry timer, which fake timers schedule 1 ms later when it is
 * set while timers run.
 */
async function after(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms + 1)
}

describe('TransportFallback', () => {
  it('moves to the next transport after fallbackAfter failed attempts, and on at once for a non-retryable close', async () => {
    const f = setup()
    f.connection.start()
    await after(0)
    f.sink('websocket').close(DROP)
    await after(100)
    expect(f.tries('websocket')).toBe(2)
    f.sink('websocket').close(DROP)
    await after(100)
    expect([f.tries('websocket'), f.tries('sse')]).toEqual([2, 1])
    expect(f.fallback.getSnapshot().transport).toBe('sse')
    f.sink('sse').close({ wasClean: false, status: 403 })
    await after(100)
    expect(f.tries('long-poll')).toBe(1)
    f.sink('long-poll').close({ wasClean: false, status: 403 })
    await after(1000)
    expect(f.connection.getSnapshot().status).toBe('failed')
    expect(f.statuses).toEqual(['connecting', 'reconnecting', 'failed'])
  })

  it('an attempt that delivered retries the same transport after a drop (its failures start again)', async () => {
    const f = setup()
    f.connection.start()
    await after(0)
    f.sink('websocket').open()
    f.sink('websocket').message('x')
    f.sink('websocket').close(DROP)
    await after(100)
    f.sink('websocket').close(DROP)
    await after(100)
    expect([f.tries('websocket'), f.tries('sse')]).toEqual([3, 0])
    expect(f.stored.value).toBe('websocket')
  })

  it('a transport that hangs fails by connectTimeoutMs; a throwing url function is a failed attempt (network)', async () => {
    const f = setup({
      connectTimeoutMs: 500,
      endpoints: { ...ENDPOINTS, sse: () => Promise.reject(new Error('no token')) },
    })
    f.connection.start()
    await after(500)
    expect(f.connection.getSnapshot().error?.kind).toBe('timeout')
    await after(100 + 500 + 100)
    expect(f.fallback.getSnapshot().transport).toBe('sse')
    expect(f.connection.getSnapshot().error).toMatchObject({ kind: 'network', message: expect.stringMatching(/no token/) })
    // Its second failure (fallbackAfter 2) moves on to long-poll.
    await after(250)
    expect(f.tries('sse')).toBe(0)
    expect(f.tries('long-poll')).toBe(1)
  })

  it('upgrade: closes the fallback at its position, opens the WebSocket with ?cursor= there; stays open, nothing lost or doubled', async () => {
    const f = setup()
    f.connection.start()
    await after(0)
    f.sink('websocket').close(DROP)
    await after(100)
    f.sink('websocket').close(DROP)
    await after(100)
    const sse = f.sink('sse')
    sse.open()
    for (const id of ['e@1', 'e@2']) {
      sse.resumeFrom(id)
      sse.message(`sse ${id}`, { type: 'message', id })
    }
    await after(1000)
    expect(f.fakes.sse.last().closedByClient).toBe(true)
    expect(f.fakes.websocket.last().context.url).toBe('ws://127.0.0.1/ws?cursor=e%402')
    // Late reports of the closed SSE stream are ignored.
    sse.message('late', { type: 'message', id: 'e@3' })
    f.sink('websocket').open()
    f.sink('websocket').message('e@3')
    expect(f.messages).toEqual(['sse e@1', 'sse e@2', 'e@3'])
    expect(f.connection.getSnapshot()).toMatchObject({ status: 'open', resumeFrom: 'e@3' })
    expect(f.fallback.getSnapshot().transport).toBe('websocket')
    expect(f.closes).toHaveLength(2)
    expect(f.statuses).toEqual(['connecting', 'reconnecting', 'open'])
  })

  it('a failed upgrade goes back to the fallback from the same position without leaving open, and tries again later', async () => {
    const f = setup({ memory: undefined, transports: ['websocket', 'long-poll'] })
    f.stored.value = null
    f.connection.start()
    await after(0)
    f.sink('websocket').close({ wasClean: false, code: 1008 })
    await after(100)
    const poll = f.sink('long-poll')
    poll.open()
    poll.message('m1', { cursor: 'e@7' })
    poll.resumeFrom('e@7')
    await after(1000)
    expect(f.fakes.websocket.last().context.url).toContain('cursor=e%407')
    f.sink('websocket').close(DROP)
    await after(0)
    expect(f.tries('long-poll')).toBe(2)
    expect(f.fakes['long-poll'].last().context.resumeFrom).toBe('e@7')
    f.sink('long-poll').open()
    expect(f.statuses).toEqual(['connecting', 'reconnecting', 'open'])
    expect(f.closes).toHaveLength(1)
    await after(1000)
    expect(f.tries('websocket')).toBe(3)
  })

  it('starts with the remembered transport', async () => {
    const f = setup()
    f.stored.value = 'long-poll'
    f.connection.start()
    await after(0)
    expect([f.tries('websocket'), f.tries('sse'), f.tries('long-poll')]).toEqual([0, 0, 1])
  })

  it('a resume that lands in another epoch calls onReset before the first message of the new stream', async () => {
    const f = setup({ transports: ['sse'] })
    f.connection.start()
    await after(0)
    f.sink('sse').open()
    f.sink('sse').resumeFrom('old@5')
    f.sink('sse').message('five', { type: 'message', id: 'old@5' })
    f.sink('sse').close(DROP)
    await after(100)
    expect(f.fakes.sse.last().context.resumeFrom).toBe('old@5')
    f.sink('sse').open()
    f.sink('sse').resumeFrom('new@1')
    expect(f.resets).toEqual([{ from: 'old@5', to: 'new@1' }])
    expect(f.messages).toEqual(['five'])
    f.sink('sse').message('one', { type: 'message', id: 'new@1' })
    expect(f.resets).toHaveLength(1)
  })
})
