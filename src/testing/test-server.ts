import { isSendableCloseCode } from '../../mock-server/faults'
import { releaseMockSockets } from './mock-socket-bridge'
import { endpointPath } from './paths'
import { serveWebSocket } from './serve-ws'
import { createState, type ServerState } from './state'
import { createTestFetch } from './test-fetch'
import { TestWebSocketBase, type WebSocketHost } from './test-web-socket'

export interface TestServerOptions {
  /** Receives one line per notable event (connections, refusals, drops). Default: silent. */
  log?: (line: string) => void
}

export interface RefuseOptions {
  /** How many connections to refuse; default Infinity (until the returned function is called). */
  times?: number
  /** HTTP status of refused SSE, long-poll and send requests (200–599); default 503. */
  status?: number
  /** Close code of a refused WebSocket (accepted, then closed at once); default 1013. */
  closeCode?: number
  /** `Retry-After` seconds sent with a 429 or 503 refusal. */
  retryAfter?: number
}

/** A WebSocket constructor served by the test server, usable as the hooks' `WebSocket` option. */
export type TestWebSocketConstructor = {
  new (url: string | URL, protocols?: string | string[]): TestWebSocketBase
  readonly CONNECTING: 0
  readonly OPEN: 1
  readonly CLOSING: 2
  readonly CLOSED: 3
}

export interface TestServer {
  /** Pass as the hooks' `WebSocket` option, or make it the global with `install()`. */
  readonly WebSocket: TestWebSocketConstructor
  /** Pass as the hooks' `fetch` option (and to Chat's sends), or make it the global with `install()`. */
  readonly fetch: typeof fetch
  /**
   * Sends `message` (a string as it is, anything else as JSON) to every client connected to
   * `path` now: a WebSocket frame, an SSE event without `id`, or a long-poll answer (the held
   * polls get it; with none held, the next poll does). Returns how many connections got it.
   */
  push(path: string, message: unknown): number
  /**
   * Drops every connection to `path` the way a lost network does (WebSocket: close 1006, or
   * `code`; SSE and long-poll: a network error). Returns how many were dropped.
   */
  drop(path: string, code?: number): number
  /** Refuses the next connections to `path` (see RefuseOptions); returns a function that accepts them again. */
  refuse(path: string, options?: RefuseOptions): () => void
  /**
   * Makes this server the global `WebSocket` and `fetch`. The returned function puts the
   * previous globals back and closes the server, so `beforeEach(() => server.install())`
   * gives every test of a file a fresh server.
   */
  install(): () => void
  /** Ends every connection and timer and forgets all state (chat log, failFirst counts). It can serve again afterwards. */
  close(): void
}

/**
 * The mock server's endpoints, scenarios, wire formats and fault switches, in
 * process: no sockets, no ports. WebSocket through mock-socket, SSE and long-poll
 * through a `fetch`. Every delay it makes is a `setTimeout`, so `vi.useFakeTimers()`
 * controls it.
 */
export function createTestServer(options: TestServerOptions = {}): TestServer {
  const log = options.log ?? (() => {})
  let state: ServerState = createState(log)
  const pending = new Map<TestWebSocketBase, () => void>()
  const owner = {}

  const host: WebSocketHost = {
    connect: (socket, url, protocols) => {
      const abandon = serveWebSocket(state, owner, socket, url, protocols)
      pending.set(socket, abandon)
    },
    abandon: (socket) => {
      pending.get(socket)?.()
      pending.delete(socket)
    },
  }
  class WebSocket extends TestWebSocketBase {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(host, url, protocols)
    }
  }

  const fetch = createTestFetch(() => state)

  const server: TestServer = {
    WebSocket,
    fetch,
    push(path, message) {
      const target = endpointPath(path)
      const reached = [...state.live].filter((connection) => connection.path === target)
      for (const connection of reached) connection.push(message)
      if (reached.length === 0 && target.startsWith('/poll/')) {
        const queue = state.queuedPolls.get(target) ?? []
        queue.push(message)
        state.queuedPolls.set(target, queue)
      }
      return reached.length
    },
    drop(path, code) {
      const target = endpointPath(path)
      if (code !== undefined && !isSendableCloseCode(code)) {
        throw new RangeError(`drop: close code ${code} cannot be sent; use 1000–1003, 1007–1014 or 3000–4999 (or no code for 1006)`)
      }
      const dropped = [...state.live].filter((connection) => connection.path === target)
      for (const connection of dropped) connection.drop(code)
      log(`drop ${target}: ${dropped.length} connection(s)`)
      return dropped.length
    },
    refuse(path, refusal = {}) {
      const target = endpointPath(path)
      const entry = { remaining: checkedTimes(refusal.times), ...checkedRefusal(refusal) }
      state.refusals.set(target, entry)
      const refusals = state.refusals
      return () => {
        if (refusals.get(target) === entry) refusals.delete(target)
      }
    },
    install() {
      const globals = globalThis as { WebSocket?: unknown; fetch?: unknown }
      const previous = { WebSocket: globals.WebSocket, fetch: globals.fetch }
      globals.WebSocket = WebSocket
      globals.fetch = fetch
      return () => {
        if (globals.WebSocket === WebSocket) globals.WebSocket = previous.WebSocket
        if (globals.fetch === fetch) globals.fetch = previous.fetch
        server.close()
      }
    },
    close() {
      state.scope.dispose()
      pending.clear()
      releaseMockSockets(owner)
      state = createState(log)
    },
  }
  return server
}

function checkedTimes(times: number | undefined): number {
  if (times === undefined) return Infinity
  if (times === Infinity || (Number.isInteger(times) && times > 0)) return times
  throw new RangeError(`refuse: times must be a positive integer or Infinity, got ${String(times)}`)
}

function checkedRefusal({ status = 503, closeCode = 1013, retryAfter }: RefuseOptions): {
  status: number
  closeCode: number
  retryAfter: number | undefined
} {
  if (!Number.isInteger(status) || status < 200 || status > 599) throw new RangeError(`refuse: status must be an HTTP status from 200 to 599, got ${String(status)}`)
  if (!Number.isInteger(closeCode) || !isSendableCloseCode(closeCode)) {
    throw new RangeError(`refuse: closeCode ${String(closeCode)} cannot be sent; use 1000–1003, 1007–1014 or 3000–4999`)
  }
  if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0)) {
    throw new RangeError(`refuse: retryAfter must be a whole number of seconds, got ${String(retryAfter)}`)
  }
  return { status, closeCode, retryAfter }
}
