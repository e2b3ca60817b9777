// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Connection } from '../../src/core/connection'
import type { ConnectionConfig } from '../../src/core/connection'
import { createEventSourceTransport } from '../../src/core/transports/event-source'
import { createLongPollTransport } from '../../src/core/transports/long-poll'
import { createWebSocketTransport } from '../../src/core/transports/websocket'
import type { CloseInfo, MessageMeta, RealtimeError, TransportFactory, UrlSource } from '../../src/core/types'
import { KINDS, range } from './support/hook-harness'
import type { Kind } from './support/hook-harness'
import { networkLedger } from './support/network-ledger'
import type { NetworkLedger } from './support/network-ledger'
import { between, seededRandom } from './support/seeded-random'
import { mockServerForFile, tag } from './support/server'
import { countingClock } from './support/timer-ledger'
import type { CountingClock } from './support/timer-ledger'

/*
 * The core Connection, without React, against the real mock server: exactly-once
 * delivery across drops, and nothing left behind after close() or stop() — no
 * socket, no request, no timer of its clock.
 */

const mock = mockServerForFile()
let net: NetworkLedger
let clock: CountingClock
const connections: Connection[] = []

beforeEach(() => {
  net = networkLedger()
  clock = countingClock()
})
afterEach(() => {
  for (const connection of connections.splice(0)) connection.close()
  net.destroy()
})

const WAIT = { timeout: 8000, interval: 5 }

function transportFor(kind: Kind): TransportFactory {
  if (kind === 'websocket') return createWebSocketTransport({ WebSocket: net.WebSocket })
  if (kind === 'sse') return createEventSourceTransport({ fetch: net.fetch })
  return createLongPollTransport({ fetch: net.fetch })
}

/** A started Connection whose messages ({ seq } JSON) and events are recorded. */
function connect(kind: Kind, url: UrlSource, config: Partial<ConnectionConfig> = {}) {
  const connection = new Connection({
    url,
    transport: transportFor(kind),
    clock,
    reconnect: { initialDelayMs: 5, maxDelayMs: 15, jitter: 0 },
    ...config,
  })
  connections.push(connection)
  const received: number[] = []
  const metas: MessageMeta[] = []
  const closes: CloseInfo[] = []
  const errors: RealtimeError[] = []
  let opens = 0
  connection.listen({
    message: (raw, meta) => {
      const value = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { seq: number }
      received.push(value.seq)
      metas.push(meta)
    },
    open: () => (opens += 1),
    close: (info) => closes.push(info),
    error: (error) => errors.push(error),
  })
  connection.start()
  return { connection, received, metas, closes, errors, opens: () => opens }
}

function live(kind: Kind): number {
  return kind === 'websocket' ? net.liveSockets() : net.liveRequests()
}

describe.each(KINDS)('Connection over %s against the mock server', (kind, prefix) => {
  it('count=1000 with a seeded random dropAfter per connection: every seq once, in order', async () => {
    const random = seededRandom(37)
    const base = `${mock.url}/${prefix}/feed?count=1000&${tag()}`
    let lastSeen = 0
    const url = (): string => {
      // Only a WebSocket needs the client to say where to resume.
      const resume = kind === 'websocket' && lastSeen > 0 ? `&cursor=${lastSeen}` : ''
      return `${base}&dropAfter=${between(random, 20, 80)}${resume}`
    }
    const run = connect(kind, url)
    run.connection.listen({ message: () => (lastSeen = run.received.at(-1) ?? 0) })
    await vi.waitFor(() => expect(run.received.length).toBeGreaterThanOrEqual(1000), WAIT)
    expect(run.received).toEqual(range(1000))
    expect(run.closes.length).toBeGreaterThanOrEqual(10)
    if (kind === 'long-poll') expect(run.metas.at(-1)?.cursor).toBe('1000')
    if (kind === 'sse') expect(run.metas.at(-1)?.id).toBe('1000')
    await vi.waitFor(() => expect(run.connection.getSnapshot().status).toBe('open'), WAIT)
    expect(run.connection.getSnapshot().resumeFrom).toBe(kind === 'websocket' ? undefined : '1000')
  }, 15_000)

  it('close() while open: status closed, the connection gone on the wire, no timer left', async () => {
    // Five feed items a second: long-poll's next request is held by the server meanwhile.
    const run = connect(kind, `${mock.url}/${prefix}/feed?rate=5&${tag()}`)
    await vi.waitFor(() => expect(run.connection.getSnapshot().status).toBe('open'), WAIT)
    await vi.waitFor(() => expect(live(kind)).toBe(1), WAIT)
    expect(clock.pending()).toBeGreaterThan(0)
    run.connection.close()
    expect(run.connection.getSnapshot().status).toBe('closed')
    await vi.waitFor(() => expect(live(kind)).toBe(0), WAIT)
    expect(clock.pending()).toBe(0)
    expect(run.closes.at(-1)).toEqual({ wasClean: true })
  })

  it('close() while waiting to retry: the retry timer is cleared, nothing reconnects', async () => {
    const run = connect(kind, `${mock.url}/${prefix}/feed?failFirst=1&closeCode=1013&${tag()}`, {
      reconnect: { initialDelayMs: 10_000, jitter: 0 },
    })
    await vi.waitFor(() => expect(run.connection.getSnapshot().status).toBe('reconnecting'), WAIT)
    expect(clock.pending()).toBeGreaterThan(0)
    run.connection.close()
    await vi.waitFor(() => expect(live(kind)).toBe(0), WAIT)
    expect(clock.pending()).toBe(0)
    expect(kind === 'websocket' ? net.sockets : net.requests).toHaveLength(1)
  })

  it('stop() while connecting to a server that never answers: idle, request or socket gone, no timer', async () => {
    const run = connect(kind, `${mock.url}/${prefix}/feed?hang=1&${tag()}`)
    await vi.waitFor(() => expect(live(kind)).toBe(1), WAIT)
    run.connection.stop()
    expect(run.connection.getSnapshot().status).toBe('idle')
    await vi.waitFor(() => expect(live(kind)).toBe(0), WAIT)
    expect(clock.pending()).toBe(0)
    expect(run.errors).toEqual([])
  })
})
