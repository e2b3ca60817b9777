import { RealtimeError } from '../types'
import type { CloseInfo, Transport, TransportContext, TransportFactory, WireData } from '../types'
import { prepareHeartbeat, startHeartbeat } from './heartbeat'
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

// readyState values are fixed by the spec; not every implementation has the statics.
const CONNECTING = 0
const OPEN = 1

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

  // Reported on a microtask so that the caller has stored the Transport first.
  const failSoon = (error: RealtimeError): Transport => {
    queueMicrotask(() => {
      if (ended) return
      ended = true
      sink.close({ wasClean: false, error })
    })
    return {
      send: () => notOpen('the connection could not be made'),
      close: () => {
        ended = true
      },
    }
  }

  const heartbeatConfig = options.heartbeat === undefined ? undefined : prepareHeartbeat(options.heartbeat)
  if (heartbeatConfig instanceof RealtimeError) return failSoon(heartbeatConfig)

  const Implementation = options.WebSocket ?? lookUpGlobalWebSocket()
  if (Implementation === undefined) {
    return failSoon(
      new RealtimeError(
        'network',
        'No WebSocket implementation available: pass the `WebSocket` option (for example `WebSocket` from the `ws` package in Node)',
      ),
    )
  }

  const url = resolveWebSocketUrl(context.url)
  if (url instanceof RealtimeError) return failSoon(url)

  const created = createSocket(Implementation, url, options.protocols, context.url)
  if (created instanceof RealtimeError) return failSoon(created)
  const ws: WebSocketLike = created
  ws.binaryType = 'arraybuffer'

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

  const report = (info: CloseInfo, dropSocket = false): void => {
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

  ws.onmessage = (event) => {
    if (ended) return
    heartbeat?.alive()
    if (heartbeatConfig?.isPong !== undefined && isPong(heartbeatConfig.isPong, event.data)) return
    sink.message(event.data)
  }

  // An error event is always followed by a close event, which carries what
  // there is to know (browsers give error events no details), so it is not
  // reported on its own: one failed attempt, one report.
  ws.onerror = ignore

  ws.onclose = (event) => {
    if (!opened) {
      // Browsers hide why an upgrade failed (refused, DNS, HTTP 401...): all
      // look like 1006, so the connection is reported failed whatever the code.
      report({
        wasClean: false,
        code: event.code,
        reason: event.reason,
        error: new RealtimeError('network', `WebSocket connection to "${url}" failed${describeClose(event)}`, {
          code: event.code,
          reason: event.reason,
        }),
      })
      return
    }
    const info: CloseInfo = { wasClean: event.wasClean, code: event.code, reason: event.reason }
    const normal = event.wasClean && (event.code === NORMAL_CLOSURE || event.code === GOING_AWAY)
    if (!normal) {
      info.error = new RealtimeError('close', `WebSocket closed${describeClose(event)}`, {
        code: event.code,
        reason: event.reason,
      })
    }
    report(info)
  }

  function startSocketHeartbeat(config: PreparedHeartbeat): Heartbeat {
    return startHeartbeat(clock, config, {
      sendPing: () => {
        if (ws.readyState !== OPEN) return
        try {
          ws.send(config.ping)
        } catch (cause) {
          sink.error(new RealtimeError('network', 'The heartbeat ping could not be sent', { cause }))
        }
      },
      onTimeout: () => {
        const error = new RealtimeError(
          'timeout',
          `WebSocket heartbeat timeout: nothing received within ${config.timeoutMs} ms after a ping`,
        )
        report({ wasClean: false, error }, true)
      },
    })
  }

  function isPong(test: (raw: unknown) => boolean, raw: unknown): boolean {
    try {
      return test(raw)
    } catch (cause) {
      sink.error(new RealtimeError('parse', 'heartbeat.isPong threw; the frame is delivered as a message', { cause }))
      return false
    }
  }

  return {
    send(data) {
      if (ended) notOpen('the transport has ended')
      if (ws.readyState !== OPEN) notOpen(`readyState is ${ws.readyState}`)
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
      if (ws.readyState === CONNECTING || ws.readyState === OPEN) ws.close(NORMAL_CLOSURE)
    },
  }
}

function createSocket(
  Implementation: WebSocketConstructor,
  url: string,
  protocols: string | string[] | undefined,
  requestedUrl: string,
): WebSocketLike | RealtimeError {
  try {
    return protocols === undefined ? new Implementation(url) : new Implementation(url, protocols)
  } catch (cause) {
    // Browsers throw SyntaxError for a bad URL or bad/duplicate protocols.
    return cause instanceof SyntaxError
      ? new RealtimeError('protocol', `Invalid WebSocket URL or protocols for "${requestedUrl}": ${cause.message}`, {
          cause,
        })
      : new RealtimeError('network', `Could not create a WebSocket for "${requestedUrl}"`, { cause })
  }
}

function ignore(): void {}

function notOpen(why: string): never {
  throw new RealtimeError('network', `Cannot send: the WebSocket is not open (${why})`)
}

function describeClose(event: WebSocketCloseEventLike): string {
  return ` with code ${event.code}${event.reason === '' ? '' : `: ${event.reason}`}`
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
  const base = (globalThis as { location?: { href?: unknown } }).location?.href
  let parsed: URL
  try {
    parsed = typeof base === 'string' ? new URL(input, base) : new URL(input)
  } catch (cause) {
    return invalidUrl(input, 'it cannot be parsed', cause)
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:'
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:'
  else if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    return invalidUrl(input, `the scheme must be ws, wss, http or https, not "${parsed.protocol.slice(0, -1)}"`)
  }
  parsed.hash = ''
  return parsed.href
}

function invalidUrl(input: string, why: string, cause?: unknown): RealtimeError {
  return new RealtimeError('protocol', `Invalid WebSocket URL "${input}": ${why}`, cause === undefined ? {} : { cause })
}
