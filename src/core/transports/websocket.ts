import { describe } from '../describe'
import { callSafely, ignore } from '../guard'
import { RealtimeError } from '../types'
import type { CloseInfo, Transport, TransportContext, TransportFactory, WireData } from '../types'
import { prepareHeartbeat, startHeartbeat } from './heartbeat'
import type { Heartbeat, HeartbeatOptions, PreparedHeartbeat } from './heartbeat'
import { transportLifecycle } from './lifecycle'
import { resolveWebSocketUrl } from './url'

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
  let ws: WebSocketLike | undefined
  let opened = false
  let heartbeat: Heartbeat | undefined
  let dropSocket = false

  const life = transportLifecycle(sink, () => {
    heartbeat?.stop()
    if (!ws) return
    ws.onopen = ws.onmessage = ws.onclose = null
    // Not null: `ws` throws on an 'error' event nobody listens to, and it emits
    // one when a connecting socket is closed. The no-op holds no reference.
    ws.onerror = ignore
    // A dead peer never answers a closing handshake: drop it outright where we can.
    if (dropSocket && ws.terminate) ws.terminate()
    else if (dropSocket) ws.close(NORMAL_CLOSURE, 'heartbeat timeout')
    // Closed at the client's request (a socket that reported its own close is closed already).
    else if (ws.readyState <= OPEN) ws.close(NORMAL_CLOSURE)
  })

  // The socket is created now (a close() while connecting must reach it); what fails
  // here is reported through the lifecycle, on a microtask like every report.
  const setUp = (): void => {
    const heartbeatConfig = options.heartbeat && prepareHeartbeat(options.heartbeat)
    // The implementation first: without one, the URL does not matter (a `network` error, retried).
    const Implementation = lookUpWebSocket(options)
    const url = resolveWebSocketUrl(context.url)
    const socket = createSocket(Implementation, url, context.url, options)
    ws = socket

    socket.onopen = () => {
      opened = true
      if (heartbeatConfig) heartbeat = startSocketHeartbeat(socket, heartbeatConfig)
      sink.open()
    }

    const isPong = heartbeatConfig?.isPong
    socket.onmessage = ({ data }) => {
      heartbeat?.alive()
      // A throwing isPong is reported and counts as "not a pong": the frame is delivered.
      if (callSafely(isPong, data) !== true) sink.message(data)
    }

    // An error event is always followed by a close event, which carries what
    // there is to know (browsers give error events no details), so it is not
    // reported on its own: one failed attempt, one report.
    socket.onerror = ignore

    socket.onclose = ({ code, reason, wasClean }) => {
      // Browsers hide why an upgrade failed (refused, DNS, HTTP 401...): all look
      // like 1006, so a connection that never opened has failed, whatever the code.
      const info: CloseInfo = { wasClean: opened && wasClean, code, reason }
      if (!info.wasClean || (code !== NORMAL_CLOSURE && code !== GOING_AWAY)) {
        const detail = process.env.NODE_ENV !== 'production' ? ` with code ${code}${reason === '' ? '' : `: ${reason}`}` : ` ${code}`
        info.error = opened
          ? new RealtimeError('close', `WebSocket closed${detail}`, { code, reason })
          : new RealtimeError('network', process.env.NODE_ENV !== 'production' ? `WebSocket connection to "${url}" failed${detail}` : `WebSocket failed${detail}`, { code, reason })
      }
      life.end(info)
    }
  }
  try {
    setUp()
  } catch (error) {
    life.run(() => {
      throw error
    }, 'WebSocket')
  }

  function startSocketHeartbeat(socket: WebSocketLike, config: PreparedHeartbeat): Heartbeat {
    return startHeartbeat(
      clock,
      config,
      () => {
        if (socket.readyState !== OPEN) return
        try {
          socket.send(config.ping)
        } catch (cause) {
          sink.error(new RealtimeError('network', process.env.NODE_ENV !== 'production' ? 'Could not send the heartbeat ping' : 'Ping failed', { cause }))
        }
      },
      () => {
        dropSocket = true
        life.fail(
          new RealtimeError('timeout', process.env.NODE_ENV !== 'production' ? `Heartbeat timeout: nothing received for ${config.timeoutMs} ms after a ping` : 'Heartbeat timeout'),
        )
      },
    )
  }

  return {
    send(data) {
      // Ended, or the socket is not (yet, or any more) open; `ended` also covers sockets slow to say so.
      const state = life.ended || !ws ? CLOSED : ws.readyState
      if (state !== OPEN || !ws) {
        throw new RealtimeError('network', process.env.NODE_ENV !== 'production' ? `Cannot send: the WebSocket is not open (readyState ${state})` : 'Not open')
      }
      try {
        ws.send(data)
      } catch (cause) {
        throw new RealtimeError('network', process.env.NODE_ENV !== 'production' ? 'WebSocket send failed' : 'Send failed', { cause })
      }
    },
    close: life.close,
  }
}

/** The implementation to use: the option, else the global, looked up at connect time. */
function lookUpWebSocket(options: WebSocketTransportOptions): WebSocketConstructor {
  const Implementation = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  if (typeof Implementation === 'function') return Implementation
  throw new RealtimeError(
    'network',
    process.env.NODE_ENV !== 'production'
      ? 'No global WebSocket: pass the `WebSocket` option (in Node: from `ws`)'
      : 'No WebSocket',
  )
}

/** Creates the socket; throws the RealtimeError that explains bad input. */
function createSocket(Implementation: WebSocketConstructor, url: string, input: string, options: WebSocketTransportOptions): WebSocketLike {
  let ws: WebSocketLike
  try {
    ws = options.protocols === undefined ? new Implementation(url) : new Implementation(url, options.protocols)
  } catch (cause) {
    // Browsers throw SyntaxError for a bad URL or bad/duplicate protocols.
    throw new RealtimeError(
      cause instanceof SyntaxError ? 'protocol' : 'network',
      process.env.NODE_ENV !== 'production' ? `Could not create a WebSocket for "${input}": ${describe(cause)}` : 'Could not create the WebSocket',
      { cause },
    )
  }
  ws.binaryType = 'arraybuffer'
  return ws
}
