import type { EventSourceTransportOptions } from '../transports/event-source'
import type { LongPollTransportOptions } from '../transports/long-poll'
import type { WebSocketTransportOptions } from '../transports/websocket'
import type { TransportFactory, UrlSource } from '../types'
import type { TransportMemory } from './memory'

/** The transports a fallback moves between, by the names the options use. */
export type TransportName = 'websocket' | 'sse' | 'long-poll'

export const TRANSPORT_NAMES: readonly TransportName[] = ['websocket', 'sse', 'long-poll']

/** Where each transport connects, and where `send` POSTs while not on the WebSocket. */
export interface FallbackEndpoints {
  websocket?: UrlSource
  sse?: UrlSource
  longPoll?: UrlSource
  /** POST target for `send` while on SSE or long-poll (JSON body). */
  sendUrl?: string
}

/** What a fallback learns when the stream it resumes turns out to have restarted. */
export interface ResetInfo {
  /** The position the client resumed from (an earlier epoch). */
  from: string
  /** The first position of the restarted stream. */
  to: string
}

export interface FallbackConfig {
  endpoints: FallbackEndpoints
  /** Order to try; default: those with an endpoint, in the order websocket, sse, long-poll. */
  transports?: readonly TransportName[]
  /** Consecutive failed attempts on one transport before the next one. Default 2. */
  fallbackAfter?: number
  /** While on a fallback, try the preferred (first) transport again after this long. Default 60000; false: never. */
  upgradeAfterMs?: number | false
  /** Remembers the transport that last worked; the next run starts with it. */
  memory?: TransportMemory | undefined
  /** A transport not open this long after its attempt started has failed. Default 10000 (long-poll: no limit). */
  connectTimeoutMs?: number
  /** An attempt counts as working once it delivered a message or stayed open this long. Default 5000. */
  stableAfterMs?: number
  /** Query parameter that carries the position to a WebSocket endpoint. Default `cursor`. */
  resumeParam?: string
  /** The epoch of a position, when it has one; default: `<epoch>@<number>` (the mock server's `?epoch=1`). */
  epochOf?: (position: string) => string | undefined
  /** Called before the first message of a stream that restarted (another epoch). */
  onReset?: (info: ResetInfo) => void
  /** fetch for `send`'s POST (default: the global, looked up when sending). */
  fetch?: typeof fetch
  websocket?: WebSocketTransportOptions
  sse?: EventSourceTransportOptions
  longPoll?: LongPollTransportOptions
  /** Replaces the built-in transport of a name (a custom wire format, or a fake in tests). */
  factories?: Partial<Record<TransportName, TransportFactory>>
}

export interface FallbackSnapshot {
  /** The transport of the current (or last) attempt; undefined before the first. */
  readonly transport: TransportName | undefined
}
