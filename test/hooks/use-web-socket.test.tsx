import { act, renderHook } from '@testing-library/react'
import { WebSocket as MockWebSocket } from 'mock-socket'
import { describe, expect, it, vi } from 'vitest'
import { RealtimeError, type Status, type UrlSource } from '../../src/core/types'
import type { WebSocketOptions } from '../../src/hooks/types'
import { useWebSocket } from '../../src/hooks/use-web-socket'
import { advance, changes, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakeTimersForEachTest } from '../helpers/hook-lifecycle'
import { reportedErrorsForEachTest } from '../helpers/reported-errors'
import { closeFromServer, MOCK_SOCKET_DELAY_MS, startMockWsServer, stopMockWsServers } from '../helpers/mock-ws-server'

/** The connect task, mock-socket's open delay and one frame. */
const OPEN_MS = MOCK_SOCKET_DELAY_MS + FRAME_MS
/** A server close reaches the client after mock-socket's delay; the snapshot after a frame. */
const CLOSE_MS = MOCK_SOCKET_DELAY_MS + FRAME_MS
/** A client frame reaches the server after mock-socket's delay. */
const DELIVER_MS = MOCK_SOCKET_DELAY_MS * 2
const FAST_RETRY = { initialDelayMs: 100, jitter: 0 } as const

fakeTimersForEachTest(stopMockWsServers)
const reported = reportedErrorsForEachTest()

describe.each(WRAPPERS)('useWebSocket (%s)', (_name, wrapper) => {
  interface Props<In, Out> {
    url: UrlSource | null
    options?: WebSocketOptions<In, Out>
  }

  /** Renders the hook with mock-socket, counting renders and recording every status rendered. */
  function renderWs<In = unknown, Out = unknown>(url: UrlSource | null, options: WebSocketOptions<In, Out> = {}) {
    const renders = { count: 0, statuses: [] as Status[] }
    const initialProps: Props<In, Out> = { url, options }
    const hook = renderHook(
      (props: Props<In, Out>) => {
        const result = useWebSocket<In, Out>(props.url, { WebSocket: MockWebSocket, ...props.options })
        renders.count++
        renders.statuses.push(result.status)
        return result
      },
      { wrapper, initialProps },
    )
    return { ...hook, renders }
  }

  describe('status and connection count', () => {
    it('goes idle (url null) → connecting → open', async () => {
      const ws = startMockWsServer()
      const { result, rerender, renders } = renderWs(null)
      expect(result.current.status).toBe('idle')
      await advance(1000)
      expect(ws.connections).toHaveLength(0)

      rerender({ url: ws.url })
      expect(result.current.status).toBe('connecting')
      await advance(OPEN_MS)
      expect(result.current.status).toBe('open')
      expect(changes(renders.statuses)).toEqual(['idle', 'connecting', 'open'])
      expect(ws.connections).toHaveLength(1)
    })

    it('makes exactly one server connection and delivers each message once', async () => {
      const ws = startMockWsServer()
      const onMessage = vi.fn()
      const onOpen = vi.fn()
      const { result } = renderWs<string>(ws.url, { onMessage, onOpen })
      await advance(OPEN_MS)
      act(() => {
        ws.send('a')
        ws.send('b')
      })
      await advance(FRAME_MS)
      expect(ws.connections).toHaveLength(1)
      expect(ws.openClients()).toHaveLength(1)
      expect(onOpen).toHaveBeenCalledTimes(1)
      expect(onMessage.mock.calls.map(([message]) => message)).toEqual(['a', 'b'])
      expect(result.current.lastMessage).toBe('b')
    })

    it('enabled: false keeps it idle with no socket; enabled: true connects', async () => {
      const ws = startMockWsServer()
      const { result, rerender } = renderWs(ws.url, { enabled: false })
      await advance(1000)
      expect(result.current.status).toBe('idle')
      expect(ws.connections).toHaveLength(0)
      rerender({ url: ws.url, options: { enabled: true } })
      await advance(OPEN_MS)
      expect(result.current.status).toBe('open')
      expect(ws.connections).toHaveLength(1)
    })

    it('reconnect() in idle does nothing', async () => {
      const ws = startMockWsServer()
      const { result } = renderWs(ws.url, { enabled: false })
      act(() => result.current.reconnect())
      await advance(1000)
      expect(result.current.status).toBe('idle')
      expect(ws.connections).toHaveLength(0)
    })
  })

  describe('messages', () => {
    it('calls onMessage for each of 1,000 messages that arrive between two renders, in order', async () => {
      const ws = startMockWsServer()
      const seen: string[] = []
      const { result, renders } = renderWs<string>(ws.url, { onMessage: (message) => seen.push(message) })
      await advance(OPEN_MS)
      const before = renders.count
      const sent = Array.from({ length: 1000 }, (_, index) => `m${index}`)
      act(() => {
        for (const message of sent) ws.send(message)
      })
      expect(renders.count).toBe(before)
      expect(seen).toEqual(sent)
      await advance(FRAME_MS)
      expect(result.current.lastMessage).toBe('m999')
      // One render (two under StrictMode, which renders twice).
      expect(renders.count - before).toBeGreaterThan(0)
      expect(renders.count - before).toBeLessThanOrEqual(2)
    })

    it('parses with parse; a message parse throws on is reported and skipped, the connection stays open', async () => {
      const ws = startMockWsServer()
      const onMessage = vi.fn()
      const onError = vi.fn()
      const parse = (raw: unknown): { n: number } => JSON.parse(String(raw)) as { n: number }
      const { result } = renderWs<{ n: number }>(ws.url, { parse, onMessage, onError })
      await advance(OPEN_MS)
      act(() => ws.send('{"n":1}'))
      await advance(FRAME_MS)
      expect(result.current.lastMessage).toEqual({ n: 1 })

      act(() => ws.send('not json'))
      await advance(FRAME_MS)
      expect(result.current.status).toBe('open')
      expect(result.current.error).toBeInstanceOf(RealtimeError)
      expect(result.current.error?.kind).toBe('parse')
      expect(onError).toHaveBeenCalledTimes(1)
      expect(onError).toHaveBeenCalledWith(result.current.error)
      expect(result.current.lastMessage).toEqual({ n: 1 })

      act(() => ws.send('{"n":2}'))
      await advance(FRAME_MS)
      expect(onMessage.mock.calls.map(([message]) => message)).toEqual([{ n: 1 }, { n: 2 }])
      expect(result.current.lastMessage).toEqual({ n: 2 })
      expect(ws.connections).toHaveLength(1)
    })

    it('clears a parse error on the next open', async () => {
      const ws = startMockWsServer()
      const parse = (raw: unknown): unknown => JSON.parse(String(raw))
      const { result } = renderWs(ws.url, { parse, reconnect: FAST_RETRY })
      await advance(OPEN_MS)
      act(() => ws.send('not json'))
      await advance(FRAME_MS)
      expect(result.current.error?.kind).toBe('parse')
      // A clean server close: the connection itself reports no error.
      act(() => ws.close(1000))
      await advance(CLOSE_MS + 100 + OPEN_MS)
      expect(ws.connections).toHaveLength(2)
      expect(result.current.status).toBe('open')
      expect(result.current.error).toBeUndefined()
    })

    it('calls the onMessage of the latest render, without reconnecting', async () => {
      const ws = startMockWsServer()
      const first = vi.fn()
      const second = vi.fn()
      const { rerender } = renderWs(ws.url, { onMessage: first })
      await advance(OPEN_MS)
      act(() => ws.send('a'))
      rerender({ url: ws.url, options: { onMessage: second } })
      act(() => ws.send('b'))
      await advance(1000)
      expect(first.mock.calls.map(([message]) => message)).toEqual(['a'])
      expect(second.mock.calls.map(([message]) => message)).toEqual(['b'])
      expect(ws.connections).toHaveLength(1)
      expect(ws.closes).toEqual([])
    })

    it('history keeps the last N messages, oldest first, and is [] before any', async () => {
      const ws = startMockWsServer()
      const { result } = renderWs<string>(ws.url, { history: 3 })
      expect(result.current.messages).toEqual([])
      await advance(OPEN_MS)
      expect(result.current.messages).toEqual([])
      act(() => {
        for (const message of ['1', '2', '3', '4', '5']) ws.send(message)
      })
      await advance(FRAME_MS)
      expect(result.current.messages).toEqual(['3', '4', '5'])
    })

    it('messages stays [] without history', async () => {
      const ws = startMockWsServer()
      const { result } = renderWs<string>(ws.url)
      await advance(OPEN_MS)
      act(() => ws.send('1'))
      await advance(FRAME_MS)
      expect(result.current.lastMessage).toBe('1')
      expect(result.current.messages).toEqual([])
    })

    it("renders a burst of 200 messages only a handful of times with the default renderRate 'frame'", async () => {
      const ws = startMockWsServer()
      const { result, renders } = renderWs<string>(ws.url)
      await advance(OPEN_MS)
      const before = renders.count
      // Each message in its own act(), so that nothing but the hook's own batching can merge renders.
      for (let index = 0; index < 200; index++) act(() => ws.send(`m${index}`))
      await advance(FRAME_MS)
      expect(result.current.lastMessage).toBe('m199')
      expect(renders.count - before).toBeGreaterThan(0)
      expect(renders.count - before).toBeLessThanOrEqual(4)
    })

    it("renders every message with renderRate 'sync'", async () => {
      const ws = startMockWsServer()
      const { result, renders } = renderWs<string>(ws.url, { renderRate: 'sync' })
      await advance(OPEN_MS)
      const before = renders.count
      for (let index = 0; index < 200; index++) act(() => ws.send(`m${index}`))
      expect(result.current.lastMessage).toBe('m199')
      expect(renders.count - before).toBeGreaterThanOrEqual(200)
    })

    it('renderRate: 100 publishes at most every 100 ms', async () => {
      const ws = startMockWsServer()
      const { result } = renderWs<string>(ws.url, { renderRate: 100 })
      await advance(200)
      expect(result.current.status).toBe('open')
      act(() => ws.send('a'))
      await advance(90)
      expect(result.current.lastMessage).toBeUndefined()
      await advance(10)
      expect(result.current.lastMessage).toBe('a')
    })

    it('binary frames reach parse as ArrayBuffer (binaryType is arraybuffer)', async () => {
      const sockets: MockWebSocket[] = []
      class RecordingWebSocket extends MockWebSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols)
          sockets.push(this)
        }
      }
      const ws = startMockWsServer()
      const parse = vi.fn((raw: unknown) => raw)
      const { result } = renderWs(ws.url, { WebSocket: RecordingWebSocket, parse })
      await advance(OPEN_MS)
      expect(sockets).toHaveLength(1)
      expect(sockets[0]?.binaryType).toBe('arraybuffer')
      act(() => ws.send(new Uint8Array([1, 2, 3]).buffer))
      await advance(FRAME_MS)
      expect(parse.mock.calls[0]?.[0]).toBeInstanceOf(ArrayBuffer)
      expect(result.current.lastMessage).toBeInstanceOf(ArrayBuffer)
      expect([...new Uint8Array(result.current.lastMessage as ArrayBuffer)]).toEqual([1, 2, 3])
    })

    it('heartbeat: pings, swallows pongs, and reconnects when no answer comes', async () => {
      let answer = true
      const ws = startMockWsServer((socket) =>
        socket.on('message', (data) => {
          if (data === 'ping' && answer) socket.send('pong')
        }),
      )
      const onMessage = vi.fn()
      const { result } = renderWs(ws.url, {
        onMessage,
        reconnect: FAST_RETRY,
        heartbeat: { message: 'ping', intervalMs: 1000, timeoutMs: 500, isPong: (raw) => raw === 'pong' },
      })
      await advance(OPEN_MS)
      await advance(3500)
      expect(ws.received.filter((data) => data === 'ping')).toHaveLength(3)
      expect(onMessage).not.toHaveBeenCalled()
      expect(result.current.status).toBe('open')
      expect(ws.connections).toHaveLength(1)

      answer = false
      // Next ping at ~4 s; nothing comes back within 500 ms.
      await advance(1000 + FRAME_MS)
      expect(result.current.status).toBe('reconnecting')
      expect(result.current.error?.kind).toBe('timeout')
      await advance(100 + OPEN_MS)
      expect(ws.connections).toHaveLength(2)
      expect(result.current.status).toBe('open')
    })
  })

  describe('send', () => {
    it('serializes strings as they are and other values as JSON by default', async () => {
      const ws = startMockWsServer()
      const { result } = renderWs(ws.url)
      await advance(OPEN_MS)
      act(() => {
        expect(result.current.send('plain')).toBe(true)
        expect(result.current.send({ a: 1 })).toBe(true)
        expect(result.current.send([1, 2])).toBe(true)
      })
      await advance(DELIVER_MS)
      expect(ws.received).toEqual(['plain', '{"a":1}', '[1,2]'])
    })

    it('uses a custom serialize', async () => {
      const ws = startMockWsServer()
      const { result } = renderWs<unknown, { n: number }>(ws.url, { serialize: (message) => `n=${message.n}` })
      await advance(OPEN_MS)
      act(() => {
        result.current.send({ n: 1 })
        result.current.send({ n: 2 })
      })
      await advance(DELIVER_MS)
      expect(ws.received).toEqual(['n=1', 'n=2'])
    })

    it('a serialize that throws drops the message: send returns false and reportError hears of it', async () => {
      const ws = startMockWsServer()
      const onError = vi.fn()
      const { result } = renderWs(ws.url, {
        onError,
        serialize: () => {
          throw new Error('cannot')
        },
      })
      await advance(OPEN_MS)
      let sent: boolean | undefined
      act(() => {
        sent = result.current.send('x')
      })
      expect(sent).toBe(false)
      expect(reported).toHaveLength(1)
      expect(reported[0]).toBeInstanceOf(RealtimeError)
      expect((reported[0] as RealtimeError).cause).toEqual(new Error('cannot'))
      // Application code threw, not the connection: its error state is untouched.
      expect(onError).not.toHaveBeenCalled()
      expect(result.current.error).toBeUndefined()
      await advance(DELIVER_MS)
      expect(ws.received).toEqual([])
      expect(result.current.status).toBe('open')
    })

    it('queues while connecting and flushes in order before onOpen', async () => {
      const log: string[] = []
      class LoggingWebSocket extends MockWebSocket {
        override send(data: string | Blob | ArrayBuffer | ArrayBufferView): void {
          log.push(`sent ${String(data)}`)
          super.send(data)
        }
      }
      const ws = startMockWsServer()
      const { result } = renderWs(ws.url, { WebSocket: LoggingWebSocket, onOpen: () => log.push('onOpen') })
      expect(result.current.status).toBe('connecting')
      act(() => {
        expect(result.current.send('one')).toBe(true)
        expect(result.current.send('two')).toBe(true)
      })
      expect(log).toEqual([])
      await advance(OPEN_MS)
      expect(log).toEqual(['sent one', 'sent two', 'onOpen'])
      await advance(DELIVER_MS)
      expect(ws.received).toEqual(['one', 'two'])
    })

    it('drops what does not fit in queueLimit', async () => {
      const ws = startMockWsServer()
      const { result } = renderWs(ws.url, { queueLimit: 2 })
      const results: boolean[] = []
      act(() => {
        for (const message of ['one', 'two', 'three']) results.push(result.current.send(message))
      })
      expect(results).toEqual([true, true, false])
      await advance(OPEN_MS + DELIVER_MS)
      expect(ws.received).toEqual(['one', 'two'])
    })

    it('queues while reconnecting and flushes on the next open', async () => {
      const ws = startMockWsServer()
      const { result } = renderWs(ws.url, { reconnect: FAST_RETRY })
      await advance(OPEN_MS)
      act(() => ws.close(1000))
      await advance(CLOSE_MS)
      expect(result.current.status).toBe('reconnecting')
      act(() => {
        expect(result.current.send('later')).toBe(true)
      })
      await advance(100 + OPEN_MS + DELIVER_MS)
      expect(ws.connections).toHaveLength(2)
      expect(ws.received).toEqual(['later'])
    })

    it('returns false in idle, closed and failed', async () => {
      const ws = startMockWsServer()
      const { result, rerender } = renderWs(null)
      expect(result.current.send('idle')).toBe(false)

      rerender({ url: ws.url })
      await advance(OPEN_MS)
      act(() => result.current.close())
      expect(result.current.status).toBe('closed')
      expect(result.current.send('closed')).toBe(false)

      act(() => result.current.reconnect())
      await advance(OPEN_MS)
      act(() => ws.close(4001))
      await advance(CLOSE_MS)
      expect(result.current.status).toBe('failed')
      expect(result.current.send('failed')).toBe(false)
      await advance(1000)
      expect(ws.received).toEqual([])
    })
  })

  describe('url', () => {
    it('a url change closes the old socket, opens a new one and clears the error', async () => {
      const a = startMockWsServer()
      const b = startMockWsServer()
      const parse = (raw: unknown): unknown => JSON.parse(String(raw))
      const { result, rerender, renders } = renderWs(a.url, { parse })
      await advance(OPEN_MS)
      act(() => a.send('not json'))
      await advance(FRAME_MS)
      expect(result.current.error?.kind).toBe('parse')

      rerender({ url: b.url, options: { parse } })
      expect(result.current.status).toBe('connecting')
      expect(result.current.error).toBeUndefined()
      await advance(OPEN_MS)
      expect(a.closes).toEqual([1000])
      expect(a.openClients()).toHaveLength(0)
      expect(b.connections).toHaveLength(1)
      expect(result.current.status).toBe('open')
      expect(changes(renders.statuses)).toEqual(['connecting', 'open', 'connecting', 'open'])
    })

    it('onClose hears the end of the old connection on a url change', async () => {
      const a = startMockWsServer()
      const b = startMockWsServer()
      const onClose = vi.fn()
      const { rerender } = renderWs(a.url, { onClose })
      await advance(OPEN_MS)
      rerender({ url: b.url, options: { onClose } })
      await advance(OPEN_MS)
      expect(b.connections).toHaveLength(1)
      expect(onClose).toHaveBeenCalledTimes(1)
      expect(onClose).toHaveBeenCalledWith(expect.objectContaining({ wasClean: true }))
    })

    it.each([
      ['sync', (base: string, calls: () => number) => () => `${base}?token=${calls()}`],
      ['async', (base: string, calls: () => number) => async () => `${base}?token=${calls()}`],
    ] as const)('calls a %s url function before every attempt', async (_kind, makeUrl) => {
      const ws = startMockWsServer()
      let calls = 0
      renderWs(
        makeUrl(ws.url, () => ++calls),
        { reconnect: FAST_RETRY },
      )
      await advance(OPEN_MS)
      expect(calls).toBe(1)
      expect(ws.last().url).toBe(`${ws.url}?token=1`)
      act(() => ws.close(1000))
      await advance(CLOSE_MS + 100 + OPEN_MS)
      expect(calls).toBe(2)
      expect(ws.connections).toHaveLength(2)
      expect(ws.last().url).toBe(`${ws.url}?token=2`)
    })

    it('a new url function identity does not reconnect; the next attempt calls the latest one', async () => {
      const ws = startMockWsServer()
      const { rerender } = renderWs(() => `${ws.url}?v=1`, { reconnect: FAST_RETRY })
      await advance(OPEN_MS)
      rerender({ url: () => `${ws.url}?v=2`, options: { reconnect: FAST_RETRY } })
      await advance(1000)
      expect(ws.connections).toHaveLength(1)
      expect(ws.closes).toEqual([])
      act(() => ws.close(1000))
      await advance(CLOSE_MS + 100 + OPEN_MS)
      expect(ws.connections).toHaveLength(2)
      expect(ws.last().url).toBe(`${ws.url}?v=2`)
    })
  })

  describe('close() and reconnect()', () => {
    it('close() → closed at once; the server sees the close and no reconnect follows', async () => {
      const ws = startMockWsServer()
      const onClose = vi.fn()
      const { result } = renderWs(ws.url, { onClose, reconnect: FAST_RETRY })
      await advance(OPEN_MS)
      act(() => result.current.close())
      expect(result.current.status).toBe('closed')
      await advance(60_000)
      expect(result.current.status).toBe('closed')
      expect(ws.connections).toHaveLength(1)
      expect(ws.closes).toEqual([1000])
      expect(ws.openClients()).toHaveLength(0)
      expect(onClose).toHaveBeenCalledTimes(1)
      expect(onClose).toHaveBeenCalledWith({ wasClean: true })
    })

    it('reconnect() from closed connects again at once', async () => {
      const ws = startMockWsServer()
      const { result } = renderWs(ws.url)
      await advance(OPEN_MS)
      act(() => result.current.close())
      act(() => result.current.reconnect())
      expect(result.current).toMatchObject({ status: 'connecting', attempt: 0, error: undefined })
      await advance(OPEN_MS)
      expect(result.current.status).toBe('open')
      expect(ws.connections).toHaveLength(2)
    })

    it('maxAttempts: 2 is one connection and two retries, then failed; reconnect() starts over', async () => {
      const ws = startMockWsServer((socket) => closeFromServer(socket, 1011))
      const { result } = renderWs(ws.url, { reconnect: { ...FAST_RETRY, factor: 1, maxAttempts: 2 } })
      await advance(10_000)
      expect(ws.connections).toHaveLength(3)
      expect(result.current.status).toBe('failed')
      expect(result.current.attempt).toBe(2)
      expect(result.current.error).toMatchObject({ kind: 'close', code: 1011 })

      act(() => result.current.reconnect())
      expect(result.current).toMatchObject({ status: 'connecting', attempt: 0, error: undefined })
      await advance(OPEN_MS)
      expect(ws.connections).toHaveLength(4)
    })

    it('reports attempt and nextRetryAt while reconnecting; attempt returns to 0 after stableAfterMs', async () => {
      const ws = startMockWsServer()
      const { result } = renderWs(ws.url, {
        reconnect: { initialDelayMs: 1000, factor: 2, jitter: 0, stableAfterMs: 5000 },
      })
      await advance(OPEN_MS)
      expect(result.current).toMatchObject({ status: 'open', attempt: 0, nextRetryAt: undefined })

      act(() => ws.close(1011))
      await advance(MOCK_SOCKET_DELAY_MS)
      const firstDrop = Date.now()
      await advance(FRAME_MS)
      expect(result.current).toMatchObject({ status: 'reconnecting', attempt: 1, nextRetryAt: firstDrop + 1000 })

      await advance(1000 + OPEN_MS)
      expect(result.current).toMatchObject({ status: 'open', attempt: 1, nextRetryAt: undefined })
      act(() => ws.close(1011))
      await advance(MOCK_SOCKET_DELAY_MS)
      const secondDrop = Date.now()
      await advance(FRAME_MS)
      expect(result.current).toMatchObject({ status: 'reconnecting', attempt: 2, nextRetryAt: secondDrop + 2000 })

      await advance(2000 + OPEN_MS)
      expect(result.current).toMatchObject({ status: 'open', attempt: 2 })
      await advance(5000)
      expect(result.current).toMatchObject({ status: 'open', attempt: 0 })
      expect(ws.connections).toHaveLength(3)
    })
  })

  describe('server close codes', () => {
    it.each([
      [1000, 'reconnecting'],
      [1001, 'reconnecting'],
      [1011, 'reconnecting'],
      [4500, 'reconnecting'],
      [1008, 'failed'],
      [4001, 'failed'],
    ] as const)('close %i → %s', async (code, status) => {
      const ws = startMockWsServer()
      const { result } = renderWs(ws.url, { reconnect: FAST_RETRY })
      await advance(OPEN_MS)
      act(() => ws.close(code))
      await advance(CLOSE_MS)
      expect(result.current.status).toBe(status)
      await advance(1000)
      expect(ws.connections).toHaveLength(status === 'failed' ? 1 : 2)
    })

    it('a non-retryable close reports error kind close with the code', async () => {
      const ws = startMockWsServer()
      const onError = vi.fn()
      const onClose = vi.fn()
      const { result } = renderWs(ws.url, { onError, onClose })
      await advance(OPEN_MS)
      act(() => ws.close(4001, 'unauthorized'))
      await advance(CLOSE_MS)
      expect(result.current.error).toMatchObject({ kind: 'close', code: 4001, reason: 'unauthorized' })
      expect(onError).toHaveBeenCalledWith(result.current.error)
      expect(onClose).toHaveBeenCalledTimes(1)
      expect(onClose).toHaveBeenCalledWith(expect.objectContaining({ code: 4001, reason: 'unauthorized' }))
    })

    it.each([
      [1000, 'closed'],
      [4001, 'failed'],
      [1011, 'failed'],
    ] as const)('reconnect: false, close %i → %s', async (code, status) => {
      const ws = startMockWsServer()
      const { result } = renderWs(ws.url, { reconnect: false })
      await advance(OPEN_MS)
      act(() => ws.close(code))
      await advance(CLOSE_MS)
      expect(result.current.status).toBe(status)
      await advance(60_000)
      expect(ws.connections).toHaveLength(1)
    })
  })
})
