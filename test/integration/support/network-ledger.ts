import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { WebSocket as WsWebSocket } from 'ws'
import type { WebSocketConstructor } from '../../../src/core/transports/websocket'

/** One WebSocket the code under test created. */
export interface SocketRecord {
  readonly url: string
  readonly createdAt: number
  /** Set when the handshake completed. */
  openedAt: number | undefined
  /** False once `ws` reported 'close', i.e. the TCP connection is gone on both sides. */
  live: boolean
}

/** One fetch the code under test made. */
export interface RequestRecord {
  readonly url: string
  readonly method: string
  readonly headers: Headers
  readonly startedAt: number
  respondedAt: number | undefined
  status: number | undefined
  /** False once the request failed, was aborted, or its body was read to the end or cancelled. */
  live: boolean
}

export interface NetworkLedger {
  /** `ws`'s WebSocket, recording every socket; pass it as the `WebSocket` option. */
  readonly WebSocket: WebSocketConstructor
  /** The global fetch, recording every request; pass it as the `fetch` option. */
  readonly fetch: typeof fetch
  readonly sockets: readonly SocketRecord[]
  readonly requests: readonly RequestRecord[]
  liveSockets(): number
  liveRequests(): number
  /** The most requests that were live at the same time. */
  readonly maxLiveRequests: number
  /** The most sockets that were live at the same time. */
  readonly maxLiveSockets: number
  /** Ends whatever is still live (for afterEach, so a failed test does not leak into the next). */
  destroy(): void
}

/**
 * Counting proxies around `ws`'s WebSocket and the global fetch: they see every
 * connection the code under test opens and tell when it is really gone — a socket
 * when `ws` reports 'close' (the TCP connection ended), a request when it failed,
 * its AbortSignal fired, or its body was read to the end or cancelled.
 */
export function networkLedger(): NetworkLedger {
  const sockets: SocketRecord[] = []
  const requests: RequestRecord[] = []
  const liveWs = new Set<WsWebSocket>()
  const liveControllers = new Set<AbortController>()
  let maxLiveRequests = 0
  let maxLiveSockets = 0
  const liveRequests = (): number => requests.filter((request) => request.live).length
  const liveSockets = (): number => sockets.filter((socket) => socket.live).length

  class CountingWebSocket extends WsWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      const record: SocketRecord = { url: String(url), createdAt: Date.now(), openedAt: undefined, live: true }
      sockets.push(record)
      liveWs.add(this)
      maxLiveSockets = Math.max(maxLiveSockets, liveSockets())
      // Plain listeners: the transport's onopen/onclose setters never remove them.
      this.on('open', () => {
        record.openedAt = Date.now()
      })
      this.on('close', () => {
        record.live = false
        liveWs.delete(this)
      })
      // `ws` throws on an unhandled 'error' event; the transport handles errors itself.
      this.on('error', () => {})
    }
  }

  const countingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init)
    const record: RequestRecord = {
      url: request.url,
      method: request.method,
      headers: request.headers,
      startedAt: Date.now(),
      respondedAt: undefined,
      status: undefined,
      live: true,
    }
    requests.push(record)
    maxLiveRequests = Math.max(maxLiveRequests, liveRequests())
    // Our own controller too, so destroy() can end a request the code under test forgot.
    const controller = new AbortController()
    liveControllers.add(controller)
    const finish = (): void => {
      record.live = false
      liveControllers.delete(controller)
    }
    const signal = init?.signal
    if (signal) {
      if (signal.aborted) finish()
      else signal.addEventListener('abort', finish, { once: true })
    }
    const signals = signal ? [signal, controller.signal] : [controller.signal]
    let response: Response
    try {
      response = await globalThis.fetch(input, { ...init, signal: AbortSignal.any(signals) })
    } catch (error) {
      finish()
      throw error
    }
    record.respondedAt = Date.now()
    record.status = response.status
    if (response.body === null) {
      finish()
      return response
    }
    const reader = response.body.getReader()
    const body = new ReadableStream<Uint8Array>({
      async pull(stream) {
        try {
          const chunk = await reader.read()
          if (chunk.done) {
            finish()
            stream.close()
          } else {
            stream.enqueue(chunk.value)
          }
        } catch (error) {
          finish()
          stream.error(error)
        }
      },
      cancel(reason) {
        finish()
        return reader.cancel(reason)
      },
    })
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
  }

  return {
    WebSocket: CountingWebSocket,
    fetch: countingFetch,
    sockets,
    requests,
    liveSockets,
    liveRequests,
    get maxLiveRequests() {
      return maxLiveRequests
    },
    get maxLiveSockets() {
      return maxLiveSockets
    },
    destroy() {
      for (const socket of liveWs) socket.terminate()
      for (const controller of liveControllers) controller.abort()
    },
  }
}

/**
 * A fresh ledger for each test of the file, behind one object the file keeps. After
 * each test React unmounts the hooks first, so that they let go of their connections
 * themselves, `afterUnmount` waits for what else must end, and then the ledger ends
 * whatever is still live: a failing test leaks nothing into the next.
 */
export function networkLedgerPerTest(afterUnmount?: () => Promise<void>): NetworkLedger {
  let ledger: NetworkLedger | undefined
  beforeEach(() => {
    ledger = networkLedger()
  })
  afterEach(async () => {
    cleanup()
    await afterUnmount?.()
    current().destroy()
  })
  const current = (): NetworkLedger => {
    if (ledger === undefined) throw new Error('the network ledger exists only while a test runs')
    return ledger
  }
  // Each member reads the current test's ledger, so a file can hold this object from the start.
  return {
    get WebSocket() {
      return current().WebSocket
    },
    get fetch() {
      return current().fetch
    },
    get sockets() {
      return current().sockets
    },
    get requests() {
      return current().requests
    },
    liveSockets: () => current().liveSockets(),
    liveRequests: () => current().liveRequests(),
    get maxLiveRequests() {
      return current().maxLiveRequests
    },
    get maxLiveSockets() {
      return current().maxLiveSockets
    },
    destroy: () => current().destroy(),
  }
}
