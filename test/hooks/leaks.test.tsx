import { act, cleanup, renderHook } from '@testing-library/react'
import { WebSocket as MockWebSocket } from 'mock-socket'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useEventSource } from '../../src/hooks/use-event-source'
import { useLongPoll } from '../../src/hooks/use-long-poll'
import { useWebSocket } from '../../src/hooks/use-web-socket'
import { advance, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakePollFetch, fakeSseFetch } from '../helpers/fake-fetch'
import { trackEnvironmentListeners } from '../helpers/listener-ledger'
import { MOCK_SOCKET_DELAY_MS, startMockWsServer, stopMockWsServers } from '../helpers/mock-ws-server'

/*
 * "Nothing left behind": after unmount and after close(), no socket is open, no
 * request is pending, no timer is scheduled (fake timers count them all: retry,
 * stable, connect timeout, heartbeat, idle/poll timeouts, the frame publisher) and
 * no online/offline/visibilitychange listener is attached.
 */

const OPEN_MS = MOCK_SOCKET_DELAY_MS + FRAME_MS
const HEARTBEAT = { message: 'ping', intervalMs: 1000, timeoutMs: 500 } as const
const SSE_URL = 'http://127.0.0.1:9876/sse/leaks'
const POLL_URL = 'http://127.0.0.1:9876/poll/leaks'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  cleanup()
  stopMockWsServers()
  vi.useRealTimers()
})

describe.each(WRAPPERS)('nothing left behind (%s)', (_name, wrapper) => {
  describe('useWebSocket', () => {
    function renderWs(url: string, onClose: () => void, reconnect?: { initialDelayMs: number }) {
      return renderHook(
        () =>
          useWebSocket(url, {
            WebSocket: MockWebSocket,
            onClose,
            heartbeat: HEARTBEAT,
            ...(reconnect === undefined ? {} : { reconnect }),
          }),
        { wrapper },
      )
    }

    it('after unmount: socket closed, no timer, no listener, onClose not called', async () => {
      const listeners = trackEnvironmentListeners()
      const ws = startMockWsServer((socket) => socket.on('message', () => socket.send('pong')))
      const onClose = vi.fn()
      const { unmount } = renderWs(ws.url, onClose)
      await advance(OPEN_MS + 1500)
      expect(ws.openClients()).toHaveLength(1)
      expect(listeners.added()).toBeGreaterThan(0)
      expect(vi.getTimerCount()).toBeGreaterThan(0)

      unmount()
      await advance(MOCK_SOCKET_DELAY_MS)
      expect(ws.openClients()).toHaveLength(0)
      expect(ws.closes).toEqual([1000])
      expect(vi.getTimerCount()).toBe(0)
      expect(listeners.live()).toBe(0)
      await advance(60_000)
      expect(onClose).not.toHaveBeenCalled()
      expect(ws.connections).toHaveLength(1)
    })

    it('after close(): socket closed, no timer, no listener', async () => {
      const listeners = trackEnvironmentListeners()
      const ws = startMockWsServer()
      const onClose = vi.fn()
      const { result } = renderWs(ws.url, onClose)
      await advance(OPEN_MS)
      act(() => result.current.close())
      await advance(MOCK_SOCKET_DELAY_MS)
      expect(ws.openClients()).toHaveLength(0)
      expect(vi.getTimerCount()).toBe(0)
      expect(listeners.added()).toBeGreaterThan(0)
      expect(listeners.live()).toBe(0)
      expect(onClose).toHaveBeenCalledTimes(1)
    })

    it('unmount while a retry is pending cancels it', async () => {
      const listeners = trackEnvironmentListeners()
      const ws = startMockWsServer()
      const onClose = vi.fn()
      const { result, unmount } = renderWs(ws.url, onClose, { initialDelayMs: 5000 })
      await advance(OPEN_MS)
      act(() => ws.close(1011))
      await advance(MOCK_SOCKET_DELAY_MS + FRAME_MS)
      expect(result.current.status).toBe('reconnecting')
      expect(onClose).toHaveBeenCalledTimes(1)
      unmount()
      expect(vi.getTimerCount()).toBe(0)
      expect(listeners.live()).toBe(0)
      await advance(60_000)
      expect(ws.connections).toHaveLength(1)
      expect(onClose).toHaveBeenCalledTimes(1)
    })

    it('unmount before the connect task runs opens no socket at all', async () => {
      const ws = startMockWsServer()
      const { unmount } = renderWs(ws.url, vi.fn())
      unmount()
      expect(vi.getTimerCount()).toBe(0)
      await advance(1000)
      expect(ws.connections).toHaveLength(0)
    })
  })

  describe('useEventSource', () => {
    it('after unmount: request aborted, body cancelled, no timer, no listener, onClose not called', async () => {
      const listeners = trackEnvironmentListeners()
      const server = fakeSseFetch()
      const onClose = vi.fn()
      const { result, unmount } = renderHook(
        () => useEventSource(SSE_URL, { fetch: server.fetch, onClose, idleTimeoutMs: 30_000 }),
        { wrapper },
      )
      await advance(FRAME_MS)
      expect(result.current.status).toBe('open')
      expect(server.last().signal?.aborted).toBe(false)
      unmount()
      expect(server.requests).toHaveLength(1)
      expect(server.last().signal?.aborted).toBe(true)
      expect(server.last().stream.cancelled).toBe(true)
      expect(vi.getTimerCount()).toBe(0)
      expect(listeners.added()).toBeGreaterThan(0)
      expect(listeners.live()).toBe(0)
      await advance(60_000)
      expect(onClose).not.toHaveBeenCalled()
      expect(server.requests).toHaveLength(1)
    })

    it('after close(): request aborted, no timer, no listener', async () => {
      const listeners = trackEnvironmentListeners()
      const server = fakeSseFetch()
      const { result } = renderHook(() => useEventSource(SSE_URL, { fetch: server.fetch, idleTimeoutMs: 30_000 }), {
        wrapper,
      })
      await advance(FRAME_MS)
      act(() => result.current.close())
      expect(server.last().signal?.aborted).toBe(true)
      expect(vi.getTimerCount()).toBe(0)
      expect(listeners.live()).toBe(0)
    })
  })

  describe('useLongPoll', () => {
    it('after unmount: pending request aborted, no timer, no listener, onClose not called', async () => {
      const listeners = trackEnvironmentListeners()
      const server = fakePollFetch()
      const onClose = vi.fn()
      const { unmount } = renderHook(() => useLongPoll(POLL_URL, { fetch: server.fetch, onClose }), { wrapper })
      await advance(0)
      server.last().reply(['a'], 'c1')
      await advance(FRAME_MS)
      expect(server.requests).toHaveLength(2)
      unmount()
      expect(server.last().signal?.aborted).toBe(true)
      expect(vi.getTimerCount()).toBe(0)
      expect(listeners.added()).toBeGreaterThan(0)
      expect(listeners.live()).toBe(0)
      await advance(60_000)
      expect(onClose).not.toHaveBeenCalled()
      expect(server.requests).toHaveLength(2)
    })

    it('after close(): pending request aborted, no timer, no listener', async () => {
      const listeners = trackEnvironmentListeners()
      const server = fakePollFetch()
      const { result } = renderHook(() => useLongPoll(POLL_URL, { fetch: server.fetch }), { wrapper })
      await advance(0)
      act(() => result.current.close())
      expect(server.last().signal?.aborted).toBe(true)
      expect(vi.getTimerCount()).toBe(0)
      expect(listeners.live()).toBe(0)
    })
  })
})
