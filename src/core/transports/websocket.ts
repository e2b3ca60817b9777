import { RealtimeError } from '../types'
import type { CloseInfo, Transport, TransportContext, TransportFactory, WireData } from '../types'
import { prepareHeartbeat, startHeartbeat } from './heartbeat'
import { callSafely } from '../guard'
import { describe, ignore, pageHref } from './http'
import type { Heartbeat, HeartbeatOptions, PreparedHeartbeat } from './heartbeat'

export type { HeartbeatOptions } from './heartbeat'

// Handlers are typed with method bivariance so that implementations whose
// handlers take their own event classes (DOM, `ws`, mock-socket) all fit.
type EventHandler<E> = { bivarianceHack(event: E): void }['bivarianceHack']

export interface WebSocketMessageEventLike {
  readonly data: unknown
}

export interface WebSocketCloseEventLike {
  readonly code: number
  readonly reason: string
  readonly wasClean: boolean
}

/**
 * The part of a WebSocket this transport uses. The DOM `WebSocket`, `ws`'s
 * `WebSocket` and mock-socket's `WebSocket` all satisfy it as they are.
 */
export interface WebSocketLike {
  readonly readyState: number
  binaryType: string
  onopen: EventHandler<unknown> | null
  onmessage: EventHandler<WebSocketMessageEventLike> | null
  onclose: EventHandler<WebSocketCloseEventLike> | null
  onerror: EventHandler<unknown> | null
  send(data: WireData): void
  close(code?: number, reason?: string): void
  /** `ws` only: drops the TCP connection without a closing handshake. */
  terminate?(): void
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike

export interface WebSocketTransportOptions {
  /**
   * The implementation to use instead of `globalThis.WebSocket` (Node's `ws`,
   * mock-socket). The global is looked up when connecting, never at import.
   */
  WebSocket?: WebSocketConstructor
  protocols?: string | string[]
  heartbeat?: HeartbeatOptions
}

// readyState values are fixed by the spec (0 connecting, 1 open, 2 closing, 3 closed);
// not every implementation has the statics.
const OPEN = 1
const CLOSED = 3

const NORMAL_CLOSURE = 1000
const GOING_AWAY = 1001

/**
 * A WebSocket transport: one connection per call of the returned factory, never
 * retried here. Binary frames arrive as `ArrayBuffer`, text frames as strings.
 *
 * `send` throws a `RealtimeError('network')` when the socket is not open (or the
 * transport has ended), so that a caller can tell synchronously that the data
 * did not go out (the hook's `send` returns `false`) instead of losing it silently.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions = {}): TransportFactory {
  return (context) => connectWebSocket(context, options)
}

function connectWebSocket(context: TransportContext, options: WebSocketTransportOptions): Transport {
  const { sink, clock } = context
  let ended = false
  let opened = false
  let heartbeat: Heartbeat | undefined
  let socket: OpenedSocket
  try {
    socket = openSocket(context.url, options)
  } catch (error) {
    // Reported on a microtask so that the caller has stored the Transport first.
    queueMicrotask(() => {
      if (ended) return
      ended = true
      sink.close({ wasClean: false, error: error as RealtimeError })
    })
    return {
      send: () => notOpen(CLOSED),
      close: () => {
        ended = true
      },
    }
  }
  const { ws, url, heartbeat: heartbeatConfig } = socket

  const stopEverything = (): void => {
    heartbeat?.stop()
    heartbeat = undefined
    ws.onopen = null
    ws.onmessage = null
    ws.onclose = null
    // Not null: `ws` throws on an 'error' event nobody listens to, and it emits
    // one when a connecting socket is closed. The no-op holds no reference.
    ws.onerror = ignore
  }

  const report = (info: CloseInfo, dropSocket?: boolean): void => {
    if (ended) return
    ended = true
    stopEverything()
    // A dead peer never answers a closing handshake: drop it outright where we can.
    if (dropSocket) {
      if (ws.terminate !== undefined) ws.terminate()
      else ws.close(NORMAL_CLOSURE, 'heartbeat timeout')
    }
    sink.close(info)
  }

  ws.onopen = () => {
    if (ended) return
    opened = true
    if (heartbeatConfig !== undefined) heartbeat = startSocketHeartbeat(heartbeatConfig)
    sink.open()
  }

  const isPong = heartbeatConfig?.isPong
  ws.onmessage = ({ data }) => {
    if (ended) return
    heartbeat?.alive()
    // A throwing isPong is reported and counts as "not a pong": the frame is delivered.
    if (callSafely(isPong, data) === true) return
    sink.message(data)
  }

  // An error event is always followed by a close event, which carries what
  // there is to know (browsers give error events no details), so it is not
  // reported on its own: one failed attempt, one report.
  ws.onerror = ignore

  ws.onclose = ({ code, reason, wasClean }) => {
    // Browsers hide why an upgrade failed (refused, DNS, HTTP 401...): all look
    // like 1006, so a connection that never opened has failed, whatever the code.
    const info: CloseInfo = { wasClean: opened && wasClean, code, reason }
    if (!info.wasClean || (code !== NORMAL_CLOSURE && code !== GOING_AWAY)) {
      const detail = ` with code ${code}${reason === '' ? '' : `: ${reason}`}`
      info.error = opened
        ? new RealtimeError('close', `WebSocket closed${detail}`, { code, reason })
        : new RealtimeError('network', `WebSocket connection to "${url}" failed${detail}`, { code, reason })
    }
    report(info)
  }

  function startSocketHeartbeat(config: PreparedHeartbeat): Heartbeat {
    return startHeartbeat(
      clock,
      config,
      () => {
        if (ws.readyState !== OPEN) return
        try {
          ws.send(config.ping)
        } catch (cause) {
          sink.error(new RealtimeError('network', 'Could not send the heartbeat ping', { cause }))
        }
      },
      () => {
        const error = new RealtimeError(
          'timeout',
          `Heartbeat timeout: nothing received for ${config.timeoutMs} ms after a ping`,
        )
        report({ wasClean: false, error }, true)
      },
    )
  }

  return {
    send(data) {
      // Ended, the socket is closing or closed; `ended` also covers sockets slow to say so.
      if (ended || ws.readyState !== OPEN) notOpen(ended ? CLOSED : ws.readyState)
      try {
        ws.send(data)
      } catch (cause) {
        throw new RealtimeError('network', 'WebSocket send failed', { cause })
      }
    },
    close() {
      if (ended) return
      ended = true
      stopEverything()
      if (ws.readyState <= OPEN) ws.close(NORMAL_CLOSURE)
    },
  }
}

interface OpenedSocket {
  ws: WebSocketLike
  /** The URL the socket was opened with, after resolving. */
  url: string
  heartbeat: PreparedHeartbeat | undefined
}

/** Checks the options and creates the socket; throws the RealtimeError that explains bad input. */
function openSocket(input: string, options: WebSocketTransportOptions): OpenedSocket {
  const heartbeat = options.heartbeat && prepareHeartbeat(options.heartbeat)
  const Implementation = options.WebSocket ?? lookUpGlobalWebSocket()
  if (Implementation === undefined) {
    throw new RealtimeError('network', 'No global WebSocket: pass the `WebSocket` option (in Node: from `ws`)')
  }
  const url = resolveWebSocketUrl(input)
  if (url instanceof RealtimeError) throw url
  let ws: WebSocketLike
  try {
    ws = options.protocols === undefined ? new Implementation(url) : new Implementation(url, options.protocols)
  } catch (cause) {
    // Browsers throw SyntaxError for a bad URL or bad/duplicate protocols.
    throw new RealtimeError(
      cause instanceof SyntaxError ? 'protocol' : 'network',
      `Could not create a WebSocket for "${input}": ${describe(cause)}`,
      { cause },
    )
  }
  ws.binaryType = 'arraybuffer'
  return { ws, url, heartbeat }
}

function notOpen(readyState: number): never {
  throw new RealtimeError('network', `Cannot send: the WebSocket is not open (readyState ${readyState})`)
}

function lookUpGlobalWebSocket(): WebSocketConstructor | undefined {
  const candidate: unknown = (globalThis as { WebSocket?: unknown }).WebSocket
  return typeof candidate === 'function' ? (candidate as WebSocketConstructor) : undefined
}

/**
 * What browsers do since the WHATWG change of 2023: resolve against the page's
 * URL, map http(s) to ws(s), drop the fragment. Doing it here gives every
 * implementation (older browsers, `ws`, mock-socket) the same behaviour.
 */
export function resolveWebSocketUrl(input: string): string | RealtimeError {
  let parsed: URL | undefined
  try {
    parsed = new URL(input, pageHref())
  } catch {
    // Unparseable (or relative with no page to resolve against): reported below.
  }
  if (!parsed || !/^(ws|http)s?:$/.test(parsed.protocol)) {
    return new RealtimeError('protocol', `Invalid WebSocket URL "${input}": expected a ws(s) or http(s) URL`)
  }
  // http: → ws:, https: → wss:
  parsed.protocol = parsed.protocol.replace('http', 'ws')
  parsed.hash = ''
  return parsed.href
}
