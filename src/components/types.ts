import type { UrlSource } from '../core/types'
import type { EventSourceOptions, LongPollOptions, RealtimeResult, WebSocketOptions } from '../hooks/types'
import type { RealtimeEndpoints, UseRealtimeOptions } from '../hooks/realtime-types'

/** Which hook a component creates when it is given a `url`. */
export type TransportName = 'websocket' | 'sse' | 'long-poll'

/**
 * What a component reads from a hook result. Any hook's result fits; `send`
 * is used by `<Chat>` when present (a `useWebSocket` result).
 */
export interface SourceResult<Out = unknown> extends RealtimeResult<unknown> {
  send?(message: Out): boolean
}

/**
 * Options passed through to the hook a component creates. `parse` decodes the raw
 * message (default: JSON for WebSocket and SSE text, as is for long-poll values);
 * `history` defaults to a size that fits the component.
 */
export type ConnectProps<Out = unknown> =
  | {
      transport: 'websocket'
      url: UrlSource | null
      options?: WebSocketOptions<unknown, Out>
      source?: undefined
      endpoints?: undefined
    }
  | { transport: 'sse'; url: UrlSource | null; options?: EventSourceOptions<unknown>; source?: undefined; endpoints?: undefined }
  | { transport: 'long-poll'; url: UrlSource | null; options?: LongPollOptions<unknown>; source?: undefined; endpoints?: undefined }
  | AutoConnectProps<Out>

/**
 * `transport="auto"`: `useRealtime` over `endpoints`, falling back WebSocket → SSE →
 * long-poll (`<Chat>` sends through its `send()`: the socket, else a POST to `sendUrl`).
 */
export interface AutoConnectProps<Out = unknown> {
  transport: 'auto'
  endpoints: RealtimeEndpoints | null
  options?: UseRealtimeOptions<unknown, Out>
  url?: undefined
  source?: undefined
}

/** An already-created hook result instead of a url. */
export interface SourceProp<Out = unknown> {
  source: SourceResult<Out>
  transport?: undefined
  url?: undefined
  options?: undefined
  endpoints?: undefined
}

/** Every component takes either `url` + `transport` (+ `options`) or `source`. */
export type DataSourceProps<Out = unknown> = ConnectProps<Out> | SourceProp<Out>

/** A `<Feed>` item. A plain string message becomes `{ text }`. */
export interface FeedItem {
  id?: string | number
  title?: string
  text?: string
  /** Epoch ms or an ISO date string. */
  time?: number | string
}

/** One `<Dashboard>` update. */
export interface MetricUpdate {
  metric: string
  value: number
  /** Epoch ms or an ISO date string. */
  time?: number | string
}

/** A chat message as it arrives. `clientId` tells the sender's own messages apart. */
export interface ChatMessage {
  id?: string | number
  user: string
  text: string
  time?: number | string
  clientId?: string
}

/** What `<Chat>` sends: over the WebSocket, or as a JSON POST to `sendUrl`. */
export interface ChatOutgoing {
  user: string
  text: string
  clientId: string
}
