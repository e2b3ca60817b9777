import type { FallbackEndpoints, ResetInfo, TransportName } from '../core/fallback/types'
import type { EventSourceTransportOptions } from '../core/transports/event-source'
import type { LongPollTransportOptions } from '../core/transports/long-poll'
import type { WebSocketConstructor, WebSocketTransportOptions } from '../core/transports/websocket'
import type { MessageMeta, WireData } from '../core/types'
import type { CommonOptions, MessageDecoding, RealtimeResult } from './types'

export type { TransportName, ResetInfo }

/** Where `useRealtime` connects: one URL per transport, and where `send` POSTs while not on the WebSocket. */
export type RealtimeEndpoints = FallbackEndpoints

/** `useRealtime`'s options: every common option, `parse` or `schema`, the fallback's own, and each transport's under its name. */
export type UseRealtimeOptions<In, Out> = UseRealtimeOwnOptions<In, Out> & MessageDecoding<In>

export interface UseRealtimeOwnOptions<In, Out> extends Omit<CommonOptions<In>, 'share' | 'shareGraceMs'> {
  /** Order to try. Default: those with an endpoint, in the order websocket, sse, long-poll. */
  transports?: TransportName[]
  /** Consecutive failed attempts on one transport before the next. Default 2 (a non-retryable close moves on at once). */
  fallbackAfter?: number
  /** Start with the transport that last worked (sessionStorage; a string is the key). Default true. */
  remember?: boolean | string
  /** While on a fallback, try the preferred transport again after this long. Default 60000. */
  upgradeAfterMs?: number | false
  /**
   * Where a WebSocket message sits in the stream; sent as `?cursor=` (`resumeParam`) on
   * the next WebSocket attempt and used as SSE's Last-Event-ID / long-poll's cursor after
   * a switch. Default: the message's `position` field (object or JSON text).
   */
  positionOf?: (message: In, meta: MessageMeta) => string | undefined
  /** Query parameter that carries the position to the WebSocket endpoint. Default `cursor`. */
  resumeParam?: string
  /** The epoch of a position; default: the `<epoch>@<n>` of the mock server's `?epoch=1`. */
  epochOf?: (position: string) => string | undefined
  /** The stream restarted (a resume from another epoch started over): called before its first message. */
  onReset?: (info: ResetInfo) => void
  /** Default: strings as they are, anything else `JSON.stringify`. */
  serialize?: (message: Out) => WireData
  /** How many messages `send` queues while not open. Default 100. */
  queueLimit?: number
  /** Disconnect while the page is hidden; resume from the position when visible. Default false. */
  pauseWhenHidden?: boolean
  /** WebSocket implementation for every WebSocket attempt (Node: `ws`). */
  WebSocket?: WebSocketConstructor
  /** fetch for SSE, long-poll and `send`'s POST. */
  fetch?: typeof fetch
  websocket?: WebSocketTransportOptions
  sse?: EventSourceTransportOptions
  longPoll?: LongPollTransportOptions
}

export interface UseRealtimeResult<In, Out> extends RealtimeResult<In> {
  /** The transport in use (or being tried); undefined while idle. */
  transport: TransportName | undefined
  /** Over the WebSocket while on it; else a JSON POST to `sendUrl`; queued while not open. `false` when dropped. */
  send(message: Out): boolean
}
