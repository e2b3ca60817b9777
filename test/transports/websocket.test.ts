import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Server, WebSocket as MockWebSocket } from 'mock-socket'
import type { Client } from 'mock-socket'
import { systemClock } from '../../src/core/clock'
import { RealtimeError } from '../../src/core/types'
import type { CloseInfo, Clock, Transport, TransportSink } from '../../src/core/types'
import { createWebSocketTransport } from '../../src/core/transports/websocket'
import { resolveWebSocketUrl } from '../../src/core/transports/url'
import type { WebSocketConstructor, WebSocketLike, WebSocketTransportOptions } from '../../src/core/transports/websocket'
import { reportedErrorsForEachTest } from '../helpers/reported-errors'

/*
 * mock-socket schedules its own work with the global setTimeout (4 ms): the
 * open event, client → server frames, and close events. With vi.useFakeTimers()
 * that timer is faked too, so every test here runs on fake time and moves it
 * with advanceTimersByTimeAsync: 4 ms opens a socket, 4 ms more delivers a client
 * frame to the server. Server → client frames (socket.send) are synchronous.
 * Because of those internal timers, vi.getTimerCount() is only 0 once mock-socket's
 * own delays have run; the tracking clock below counts the transport's timers alone.
 */
const MOCK_DELAY_MS = 4
const reported = reportedErrorsForEachTest()

// The DOM constructor must fit the structural type without a cast.
const domConstructorFits: WebSocketConstructor | undefined = typeof WebSocket === 'function' ? WebSocket : undefined
void domConstructorFits

type Report =
  | { type: 'open' }
  | { type: 'message'; data: unknown }
  | { type: 'error'; error: RealtimeError }
  | { type: 'close'; info: CloseInfo }

function recordingSink(): { sink: TransportSink; reports: Report[]; closes: () => CloseInfo[] } {
  const reports: Report[] = []
  const sink: TransportSink = {
    open: () => reports.push({ type: 'open' }),
    message: (data) => reports.push({ type: 'message', data }),
    error: (error) => reports.push({ type: 'error', error }),
    resumeFrom: () => {
      throw new Error('a WebSocket has no resume position')
    },
    retryDelay: () => {
      throw new Error('a WebSocket has no retry field')
    },
    close: (info) => reports.push({ type: 'close', info }),
  }
  const closes = (): CloseInfo[] => reports.flatMap((report) => (report.type === 'close' ? [report.info] : []))
  return { sink, reports, closes }
}

/** The system clock (faked by vi), counting the handles still pending. */
function trackingClock(): Clock & { pending: () => number } {
  const live = new Set<unknown>()
  return {
    now: () => systemClock.now(),
    setTimeout(callback, ms) {
      const handle: unknown = systemClock.setTimeout(() => {
        live.delete(handle)
        callback()
      }, ms)
      live.add(handle)
      return handle
    },
    clearTimeout(handle) {
      live.delete(handle)
      systemClock.clearTimeout(handle)
    },
    pending: () => live.size,
  }
}

/** Records every socket the transport creates. */
const created: MockWebSocket[] = []
class RecordingWebSocket extends MockWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols)
    created.push(this)
  }
}

/** A hand-driven socket, for events mock-socket cannot produce. */
class ScriptedWebSocket implements WebSocketLike {
  static last: ScriptedWebSocket | undefined
  readyState = 0
  binaryType = 'blob'
  onopen: WebSocketLike['onopen'] = null
  onmessage: WebSocketLike['onmessage'] = null
  onclose: WebSocketLike['onclose'] = null
  onerror: WebSocketLike['onerror'] = null
  readonly closeCalls: unknown[][] = []

  constructor(readonly url: string) {
    ScriptedWebSocket.last = this
  }

  send(): void {}
  close(...args: unknown[]): void {
    this.closeCalls.push(args)
  }
  fireOpen(): void {
    this.readyState = 1
    this.onopen?.({})
  }
  fireClose(event: { code: number; reason: string; wasClean: boolean }): void {
    this.readyState = 3
    this.onclose?.(event)
  }
}

let servers: Server[] = []
let urlCounter = 0

function uniqueUrl(): string {
  urlCounter += 1
  return `ws://localhost:8080/transport-${urlCounter}`
}

/** A mock server that keeps the global WebSocket untouched (`mock: false`). */
function startServer(url: string): { server: Server; connections: Client[]; received: unknown[] } {
  const server = new Server(url, { mock: false })
  servers.push(server)
  const connections: Client[] = []
  const received: unknown[] = []
  server.on('connection', (socket) => {
    connections.push(socket)
    socket.on('message', (data) => received.push(data))
  })
  return { server, connections, received }
}

function connect(url: string, options: WebSocketTransportOptions = {}, clock: Clock = systemClock) {
  const recorder = recordingSink()
  const factory = createWebSocketTransport({ WebSocket: RecordingWebSocket, ...options })
  const transport: Transport = factory({ url, sink: recorder.sink, clock, resumeFrom: undefined })
  return { transport, ...recorder }
}

async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms)
}

/** Opens a transport against a fresh server; returns the server-side socket too. */
async function openConnection(options: WebSocketTransportOptions = {}, clock: Clock = systemClock) {
  const url = uniqueUrl()
  const serverSide = startServer(url)
  const connection = connect(url, options, clock)
  await advance(MOCK_DELAY_MS)
  expect(connection.reports).toEqual([{ type: 'open' }])
  const socket = serverSide.connections[0]
  if (socket === undefined) throw new Error('the server saw no connection')
  return { ...serverSide, ...connection, socket }
}

beforeEach(() => {
  vi.useFakeTimers()
  created.length = 0
})

afterEach(() => {
  for (const server of servers) server.stop()
  servers = []
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('WebSocket transport (mock-socket)', () => {
  describe('connecting', () => {
    it('reports open once the socket opens, never synchronously', async () => {
      const url = uniqueUrl()
      startServer(url)
      const { reports } = connect(url)
      expect(reports).toEqual([])
      await Promise.resolve()
      expect(reports).toEqual([])
      await advance(MOCK_DELAY_MS)
      expect(reports).toEqual([{ type: 'open' }])
    })

    it('asks for ArrayBuffer binary frames and passes the protocols', async () => {
      const url = uniqueUrl()
      startServer(url)
      connect(url, { protocols: ['chat.v2', 'chat.v1'] })
      expect(created).toHaveLength(1)
      expect(created[0]?.binaryType).toBe('arraybuffer')
      expect(created[0]?.protocol).toBe('chat.v2')
    })

    it('turns http(s) into ws(s) before connecting', async () => {
      const url = uniqueUrl()
      startServer(url)
      const { reports } = connect(url.replace(/^ws:/, 'http:'))
      await advance(MOCK_DELAY_MS)
      expect(created[0]?.url).toBe(url)
      expect(reports).toEqual([{ type: 'open' }])
    })

    it('reports a refused connection (error, then close) as one failed close', async () => {
      const { reports, closes } = connect(uniqueUrl()) // no server listens there
      await advance(MOCK_DELAY_MS * 5)
      expect(reports.filter((report) => report.type !== 'close')).toEqual([])
      expect(closes()).toHaveLength(1)
      const info = closes()[0]
      expect(info?.wasClean).toBe(false)
      expect(info?.error).toBeInstanceOf(RealtimeError)
      expect(info?.error?.kind).toBe('network')
      expect(info?.error?.message).toMatch(/WebSocket connection to "ws:\/\/localhost:8080\/transport-\d+" failed/)
    })
  })

  describe('bad input', () => {
    it.each([
      ['an unsupported scheme', 'ftp://localhost/feed', /the scheme must be ws\(s\) or http\(s\), not ftp:/],
      ['an unparseable URL', 'http://[::1', /expected an absolute ws\(s\) or http\(s\) URL/],
    ])('reports %s as a protocol error on a microtask, without creating a socket', async (_, url, detail) => {
      const { reports, closes } = connect(url)
      expect(reports).toEqual([])
      await Promise.resolve()
      expect(created).toHaveLength(0)
      expect(closes()).toHaveLength(1)
      const error = closes()[0]?.error
      expect(error?.kind).toBe('protocol')
      expect(error?.message).toContain(`Invalid WebSocket URL "${url}"`)
      expect(error?.message).toMatch(detail)
      expect(closes()[0]?.wasClean).toBe(false)
    })

    it('reports a SyntaxError from the constructor (duplicate protocols) as a protocol error', async () => {
      const url = uniqueUrl()
      startServer(url)
      const { closes } = connect(url, { protocols: ['chat', 'chat'] })
      await Promise.resolve()
      expect(closes()).toHaveLength(1)
      expect(closes()[0]?.error?.kind).toBe('protocol')
      expect(closes()[0]?.error?.cause).toBeInstanceOf(SyntaxError)
    })

    it('reports a missing WebSocket implementation as a network error', async () => {
      vi.stubGlobal('WebSocket', undefined)
      const { sink, reports } = recordingSink()
      createWebSocketTransport()({ url: uniqueUrl(), sink, clock: systemClock, resumeFrom: undefined })
      expect(reports).toEqual([])
      await Promise.resolve()
      expect(reports).toHaveLength(1)
      const report = reports[0]
      expect(report?.type === 'close' && report.info.error?.kind).toBe('network')
      expect(report?.type === 'close' && report.info.error?.message).toMatch(/No global WebSocket: pass the `WebSocket` option/)
    })

    it('a missing implementation is the error even for a bad URL: network, retried, not protocol', async () => {
      vi.stubGlobal('WebSocket', undefined)
      const { sink, reports } = recordingSink()
      createWebSocketTransport()({ url: 'ftp://example.test/', sink, clock: systemClock, resumeFrom: undefined })
      await Promise.resolve()
      const report = reports[0]
      expect(report?.type === 'close' && report.info.error?.kind).toBe('network')
    })

    it('looks the global WebSocket up when connecting, not at import', async () => {
      const url = uniqueUrl()
      startServer(url)
      vi.stubGlobal('WebSocket', RecordingWebSocket)
      const { sink, reports } = recordingSink()
      createWebSocketTransport()({ url, sink, clock: systemClock, resumeFrom: undefined })
      await advance(MOCK_DELAY_MS)
      expect(created).toHaveLength(1)
      expect(reports).toEqual([{ type: 'open' }])
    })

    it.each([
      ['intervalMs 0', { message: 'ping', intervalMs: 0, timeoutMs: 100 }, /heartbeat.intervalMs/],
      ['timeoutMs NaN', { message: 'ping', intervalMs: 100, timeoutMs: Number.NaN }, /heartbeat.timeoutMs/],
      ['a BigInt message', { message: 10n, intervalMs: 100, timeoutMs: 100 }, /heartbeat.message cannot be serialized/],
      ['an undefined message', { message: undefined, intervalMs: 100, timeoutMs: 100 }, /heartbeat.message/],
    ])('reports a heartbeat with %s as a protocol error without connecting', async (_, heartbeat, detail) => {
      const url = uniqueUrl()
      startServer(url)
      const { closes } = connect(url, { heartbeat })
      await Promise.resolve()
      expect(created).toHaveLength(0)
      expect(closes()).toHaveLength(1)
      expect(closes()[0]?.error?.kind).toBe('protocol')
      expect(closes()[0]?.error?.message).toMatch(detail)
    })
  })

  describe('messages', () => {
    it('delivers text frames as strings, in order', async () => {
      const { socket, reports } = await openConnection()
      socket.send('one')
      socket.send('{"two":2}')
      expect(reports.slice(1)).toEqual([
        { type: 'message', data: 'one' },
        { type: 'message', data: '{"two":2}' },
      ])
    })

    it('delivers binary frames as ArrayBuffer', async () => {
      const { socket, reports } = await openConnection()
      socket.send(new Uint8Array([1, 2, 3]).buffer)
      const report = reports[1]
      expect(report?.type).toBe('message')
      const data = report?.type === 'message' ? report.data : undefined
      expect(data).toBeInstanceOf(ArrayBuffer)
      expect([...new Uint8Array(data as ArrayBuffer)]).toEqual([1, 2, 3])
    })

    it('sends data to the server while open', async () => {
      const { transport, received } = await openConnection()
      transport.send?.('hello')
      await advance(MOCK_DELAY_MS)
      expect(received).toEqual(['hello'])
    })

    it('throws a RealtimeError when sending before open or after close', async () => {
      const url = uniqueUrl()
      startServer(url)
      const { transport } = connect(url)
      expect(() => transport.send?.('early')).toThrow(RealtimeError)
      expect(() => transport.send?.('early')).toThrow(/not open \(readyState 0\)/)
      await advance(MOCK_DELAY_MS)
      transport.close()
      expect(() => transport.send?.('late')).toThrow(/not open \(readyState 3\)/)
    })
  })

  describe('closes', () => {
    // server.close() honours wasClean; a per-socket close in mock-socket does not.
    it.each([
      { code: 1000, reason: 'bye' },
      { code: 1001, reason: 'going away' },
    ])('reports a clean $code close without an error', async ({ code, reason }) => {
      const { server, closes } = await openConnection()
      server.close({ code, reason, wasClean: true })
      expect(closes()).toEqual([{ wasClean: true, code, reason }])
    })

    it.each([
      { code: 1006, reason: '', wasClean: false, message: 'WebSocket closed with code 1006' },
      { code: 4001, reason: 'unauthorized', wasClean: true, message: 'WebSocket closed with code 4001: unauthorized' },
      { code: 1011, reason: 'oops', wasClean: true, message: 'WebSocket closed with code 1011: oops' },
    ])('reports a $code close with a close error carrying code and reason', async ({ code, reason, wasClean, message }) => {
      const { server, closes } = await openConnection()
      server.close({ code, reason, wasClean })
      expect(closes()).toHaveLength(1)
      const info = closes()[0]
      expect(info).toMatchObject({ wasClean, code, reason })
      expect(info?.error).toBeInstanceOf(RealtimeError)
      expect(info?.error).toMatchObject({ kind: 'close', code, reason, message })
    })

    it('reports the per-socket close delivered after mock-socket\'s delay', async () => {
      const { socket, closes } = await openConnection()
      socket.close({ code: 4001, reason: 'kicked', wasClean: true })
      expect(closes()).toEqual([])
      await advance(MOCK_DELAY_MS)
      expect(closes()).toHaveLength(1)
      expect(closes()[0]?.error).toMatchObject({ kind: 'close', code: 4001, reason: 'kicked' })
    })

    it('gives an unclean 1000 an error too (mock-socket cannot make one: scripted socket)', async () => {
      const { transport, closes } = connect('ws://localhost/scripted', { WebSocket: ScriptedWebSocket })
      const socket = ScriptedWebSocket.last
      socket?.fireOpen()
      socket?.fireClose({ code: 1000, reason: '', wasClean: false })
      expect(closes()).toHaveLength(1)
      expect(closes()[0]?.error).toMatchObject({ kind: 'close', code: 1000 })
      transport.close()
      expect(socket?.closeCalls).toEqual([]) // already closed: not closed twice
    })

    it('reports an error event followed by a close once', async () => {
      const { server, reports, closes } = await openConnection()
      server.simulate('error')
      server.close({ code: 1006, reason: '', wasClean: false })
      await advance(MOCK_DELAY_MS * 5)
      expect(reports.filter((report) => report.type === 'error')).toEqual([])
      expect(closes()).toHaveLength(1)
      expect(closes()[0]?.code).toBe(1006)
    })

    it('reports nothing once the transport reported its close', async () => {
      const { socket, reports } = await openConnection()
      socket.close({ code: 4001, reason: 'no', wasClean: true })
      await advance(MOCK_DELAY_MS)
      const count = reports.length
      socket.send('after close')
      await advance(MOCK_DELAY_MS * 5)
      expect(reports).toHaveLength(count)
    })
  })

  describe('close() from the client', () => {
    it('closes the socket with 1000 and reports nothing more', async () => {
      const { transport, socket, reports } = await openConnection()
      const serverSawClose = vi.fn()
      socket.on('close', serverSawClose)
      transport.close()
      socket.send('too late')
      await advance(MOCK_DELAY_MS * 5)
      expect(created[0]?.readyState).toBe(MockWebSocket.CLOSED)
      expect(serverSawClose).toHaveBeenCalledTimes(1)
      expect(reports).toEqual([{ type: 'open' }])
    })

    it('works while connecting: no open and no close is reported', async () => {
      const url = uniqueUrl()
      startServer(url)
      const { transport, reports } = connect(url)
      transport.close()
      await advance(MOCK_DELAY_MS * 5)
      expect(created[0]?.readyState).toBe(MockWebSocket.CLOSED)
      expect(reports).toEqual([])
    })

    it('suppresses a pending error report for bad input', async () => {
      const { transport, reports } = connect('ftp://localhost/x')
      transport.close()
      await Promise.resolve()
      expect(reports).toEqual([])
    })

    it('detaches every handler from the socket', async () => {
      const { transport } = await openConnection()
      transport.close()
      const socket = created[0]
      expect(socket?.onopen).toBeNull()
      expect(socket?.onmessage).toBeNull()
      expect(socket?.onclose).toBeNull()
    })
  })

  describe('heartbeat', () => {
    const heartbeat = { message: 'ping', intervalMs: 1000, timeoutMs: 500, isPong: (raw: unknown) => raw === 'pong' }

    it('sends the message every intervalMs while open', async () => {
      const { received } = await openConnection({ heartbeat: { message: 'ping', intervalMs: 1000, timeoutMs: 5000 } })
      await advance(999)
      expect(received).toEqual([])
      await advance(1 + MOCK_DELAY_MS)
      expect(received).toEqual(['ping'])
      await advance(1000)
      expect(received).toEqual(['ping', 'ping'])
    })

    it('sends a non-string message as JSON', async () => {
      const { received } = await openConnection({
        heartbeat: { message: { type: 'ping' }, intervalMs: 100, timeoutMs: 5000 },
      })
      await advance(100 + MOCK_DELAY_MS)
      expect(received).toEqual(['{"type":"ping"}'])
    })

    it('swallows pongs, delivers everything else, and stays open while pongs come', async () => {
      const { socket, reports } = await openConnection({ heartbeat })
      socket.on('message', (data) => {
        if (data === 'ping') socket.send('pong')
      })
      socket.send('data')
      await advance(10_000)
      expect(reports).toEqual([{ type: 'open' }, { type: 'message', data: 'data' }])
    })

    it('treats silence after a ping as death: one timeout close, socket closed', async () => {
      const clock = trackingClock()
      const { reports, closes } = await openConnection({ heartbeat }, clock)
      await advance(1000 + 499)
      expect(closes()).toEqual([])
      await advance(1)
      expect(closes()).toHaveLength(1)
      expect(closes()[0]).toMatchObject({ wasClean: false })
      expect(closes()[0]?.error).toMatchObject({ kind: 'timeout' })
      expect(closes()[0]?.error?.message).toMatch(/Heartbeat timeout.*500 ms/)
      expect(created[0]?.readyState).toBeGreaterThanOrEqual(MockWebSocket.CLOSING)
      expect(clock.pending()).toBe(0)
      await advance(10_000)
      expect(reports).toHaveLength(2)
    })

    it('counts any frame as life, and the deadline comes back with the next ping', async () => {
      const { socket, closes, reports } = await openConnection({ heartbeat })
      // Pings go out at 1000, 2000, ... 5000; a data frame 400 ms after each
      // one lands inside its 500 ms deadline.
      await advance(1000 + 400)
      socket.send('tick 1')
      for (let tick = 2; tick <= 5; tick += 1) {
        await advance(1000)
        socket.send(`tick ${tick}`)
      }
      expect(closes()).toEqual([])
      expect(reports.filter((report) => report.type === 'message')).toHaveLength(5)
      // Now at 5400; silence after the ping at 6000 ends it at 6500.
      await advance(1099)
      expect(closes()).toEqual([])
      await advance(1)
      expect(closes()[0]?.error?.kind).toBe('timeout')
    })

    it('keeps the deadline of the first unanswered ping when pings outpace the timeout', async () => {
      const { closes } = await openConnection({ heartbeat: { message: 'ping', intervalMs: 100, timeoutMs: 250 } })
      await advance(100 + 249)
      expect(closes()).toEqual([])
      await advance(1)
      expect(closes()[0]?.error?.kind).toBe('timeout')
    })

    it('reports an isPong that throws (reportError) and delivers the frame', async () => {
      const { socket, reports } = await openConnection({
        heartbeat: {
          message: 'ping',
          intervalMs: 1000,
          timeoutMs: 500,
          isPong: () => {
            throw new Error('bad predicate')
          },
        },
      })
      socket.send('data')
      expect(reports[1]).toEqual({ type: 'message', data: 'data' })
      expect(reported).toEqual([new Error('bad predicate')])
    })

    it('leaves no timer behind after close()', async () => {
      const clock = trackingClock()
      const { transport, received } = await openConnection({ heartbeat }, clock)
      await advance(1000 + MOCK_DELAY_MS)
      expect(received).toEqual(['ping'])
      expect(clock.pending()).toBeGreaterThan(0)
      transport.close()
      expect(clock.pending()).toBe(0)
      await advance(MOCK_DELAY_MS) // mock-socket's own close delay
      expect(vi.getTimerCount()).toBe(0)
    })

    it('leaves no timer behind after the server closes', async () => {
      const clock = trackingClock()
      const { socket, closes } = await openConnection({ heartbeat }, clock)
      socket.close({ code: 1000, reason: '', wasClean: true })
      await advance(MOCK_DELAY_MS)
      expect(closes()).toHaveLength(1)
      expect(clock.pending()).toBe(0)
      expect(vi.getTimerCount()).toBe(0)
    })
  })
})

describe('resolveWebSocketUrl', () => {
  it.each([
    ['ws://example.com/feed', 'ws://example.com/feed'],
    ['wss://example.com/feed?x=1', 'wss://example.com/feed?x=1'],
    ['http://example.com/feed', 'ws://example.com/feed'],
    ['https://example.com:8443/feed', 'wss://example.com:8443/feed'],
    ['ws://example.com/feed#fragment', 'ws://example.com/feed'],
  ])('%s → %s', (input, expected) => {
    expect(resolveWebSocketUrl(input)).toBe(expected)
  })

  it('resolves a relative URL against the page, as browsers do', () => {
    const page = new URL(globalThis.location.href)
    const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:'
    expect(resolveWebSocketUrl('/ws/chat')).toBe(`${scheme}//${page.host}/ws/chat`)
  })

  it('rejects other schemes with a protocol error', () => {
    expect(() => resolveWebSocketUrl('javascript:alert(1)')).toThrow(expect.objectContaining({ kind: 'protocol' }))
  })
})
