import { act } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { KINDS, renderRealtime, until, WRAPPERS } from './support/hook-harness'
import type { Kind } from './support/hook-harness'
import { networkLedgerPerTest } from './support/network-ledger'
import { mockServerForFile, tag } from './support/server'
import { trackLibraryTimers } from './support/timer-ledger'

/*
 * Nothing left behind, on a real network: after unmount and after close(), the
 * socket or request is gone (the ledger sees ws 'close' / the AbortSignal / the
 * body end), and no timer set by the library is still pending.
 */

const mock = mockServerForFile()
const net = networkLedgerPerTest()

function live(kind: Kind): number {
  return kind === 'websocket' ? net.liveSockets() : net.liveRequests()
}

describe.each(WRAPPERS)('nothing left behind on a real network (%s)', (_name, wrapper) => {
  describe.each(KINDS)('%s', (kind, prefix) => {
    // Five feed items a second: between two, long-poll's request is held by the server.
    // (A cursor-less poll starts at the live head, so it opens with the next item.)
    const feed = (): string => `${mock.url}/${prefix}/feed?rate=5&${tag()}`

    it('after unmount while open: the connection is gone, no timer of ours pending, onClose not called', async () => {
      const timers = trackLibraryTimers()
      const hook = renderRealtime(kind, feed(), {}, net, wrapper)
      await until(() => expect(hook.result.current.status).toBe('open'))
      await until(() => expect(live(kind)).toBe(1))
      expect(timers.pending().length).toBeGreaterThan(0)
      hook.unmount()
      await until(() => expect(live(kind)).toBe(0))
      expect(timers.pending()).toEqual([])
      expect(hook.closes).toEqual([])
    })

    it('after close() while open: closed at once, the connection gone, no timer of ours pending', async () => {
      const timers = trackLibraryTimers()
      const hook = renderRealtime(kind, feed(), {}, net, wrapper)
      await until(() => expect(hook.result.current.status).toBe('open'))
      await until(() => expect(live(kind)).toBe(1))
      act(() => hook.result.current.close())
      expect(hook.result.current.status).toBe('closed')
      await until(() => expect(live(kind)).toBe(0))
      expect(timers.pending()).toEqual([])
      expect(hook.closes.at(-1)?.info).toEqual({ wasClean: true })
      // Still mounted, still closed: nothing comes back on its own.
      const made = net.sockets.length + net.requests.length
      await until(() => expect(timers.pending()).toEqual([]))
      expect(net.sockets.length + net.requests.length).toBe(made)
    })

    it('after unmount while waiting to retry: the retry timer is cleared', async () => {
      const timers = trackLibraryTimers()
      const hook = renderRealtime(kind, `${mock.url}/${prefix}/feed?failFirst=1&${tag()}`, { reconnect: { initialDelayMs: 10_000, jitter: 0 } }, net, wrapper)
      await until(() => expect(hook.result.current.status).toBe('reconnecting'))
      expect(timers.pending().length).toBeGreaterThan(0)
      hook.unmount()
      await until(() => expect(live(kind)).toBe(0))
      expect(timers.pending()).toEqual([])
      expect(kind === 'websocket' ? net.sockets : net.requests).toHaveLength(1)
    })

    it('after unmount while the server never answers (hang=1): the pending attempt is abandoned', async () => {
      const timers = trackLibraryTimers()
      const hook = renderRealtime(kind, `${mock.url}/${prefix}/feed?hang=1&${tag()}`, {}, net, wrapper)
      await until(() => expect(live(kind)).toBe(1))
      expect(hook.result.current.status).toBe('connecting')
      hook.unmount()
      await until(() => expect(live(kind)).toBe(0))
      expect(timers.pending()).toEqual([])
      expect(hook.errors).toEqual([])
    })
  })
})
