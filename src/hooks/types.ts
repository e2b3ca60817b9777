import type { ConnectionOptions } from '../core/connection'
import type { MessageDecoding } from '../core/decode-message'
import type { EventSourceTransportOptions } from '../core/transports/event-source'
import type { LongPollTransportOptions } from '../core/transports/long-poll'
import type { WebSocketTransportOptions } from '../core/transports/websocket'
import type { RenderRate } from '../core/publish-schedule'
import type {
  CloseInfo,
  EventSourceMessageMeta,
  LongPollMessageMeta,
  MessageMeta,
  RealtimeError,
  Status,
  UrlSource,
  WebSocketMessageMeta,
  WireData,
} from '../core/types'

export type { MessageDecoding, UrlSource }

/**
 * Options every hook takes, besides `parse` and `schema` (see MessageDecoding: with a
 * `schema`, `In` is the schema's output and `parse` may return anything). `Meta` is
 * the hook's own message metadata.
 */
export interface CommonOptions<In, Meta extends MessageMeta = MessageMeta> extends ConnectionOptions {
  /** Default true. `false` keeps the hook `idle`. */
  enabled?: boolean
  // A method, so that it compares bivariantly: a hook's options (whose meta has an SSE
  // `type`, say) still fit where any hook's options do, as in the components' `options`
  // prop. Each hook's transport delivers only its own Meta.
  /** Called for every message, in arrival order, exactly once. */
  onMessage?(message: In, meta: Meta): void
  onOpen?: () => void
  /** Once for every connection or attempt that ends; never after unmount. */
  onClose?: (info: CloseInfo) => void
  onError?: (error: RealtimeError) => void
  /** Keep the last N parsed messages in `messages`. Default 0 (off). */
  history?: number
  /**
   * How often the snapshot reaches React: at most once per animation frame (default; less
   * often while frames run late), at once, or every N ms. onMessage always sees every message.
   */
  renderRate?: RenderRate
  /** Share one connection between hooks with the same URL (`true`) or the same key string. */
  share?: boolean | string
  /** How long a shared connection outlives its last subscriber. Default 1000. */
  shareGraceMs?: number
}

/** `parse` gets what the hook's transport delivers: WebSocket string or ArrayBuffer, SSE string, long-poll a JSON value. */
export type WebSocketOptions<In, Out> = WebSocketOwnOptions<In, Out> & MessageDecoding<In, string | ArrayBuffer>
export type EventSourceOptions<In> = EventSourceOwnOptions<In> & MessageDecoding<In, string>
export type LongPollOptions<In> = LongPollOwnOptions<In> & MessageDecoding<In, unknown>

export interface WebSocketOwnOptions<In, Out> extends CommonOptions<In, WebSocketMessageMeta>, WebSocketTransportOptions {
  /** Default: strings as they are, anything else `JSON.stringify`. */
  serialize?: (message: Out) => WireData
  /** How many messages `send` queues while not open. Default 100. */
  queueLimit?: number
}

export interface EventSourceOwnOptions<In> extends CommonOptions<In, EventSourceMessageMeta>, EventSourceTransportOptions {
  /** Disconnect while the page is hidden; resume with Last-Event-ID when visible. Default false. */
  pauseWhenHidden?: boolean
}

export interface LongPollOwnOptions<In> extends CommonOptions<In, LongPollMessageMeta>, LongPollTransportOptions {
  /** Disconnect while the page is hidden; resume from the cursor when visible. Default false. */
  pauseWhenHidden?: boolean
}

/** What every hook returns. */
export interface RealtimeResult<In> {
  status: Status
  lastMessage: In | undefined
  /** The last `history` messages, oldest first; always `[]` when `history` is 0. */
  messages: readonly In[]
  /**
   * Messages delivered since the hook started (parse failures not counted). It grows by
   * one per message, so consumers tell new messages from old ones without comparing values.
   */
  received: number
  error: RealtimeError | undefined
  /** Retries since the last stable open. */
  attempt: number
  /** When the pending retry fires (epoch ms), for countdowns. */
  nextRetryAt: number | undefined
  close(): void
  reconnect(): void
}

export interface WebSocketResult<In, Out> extends RealtimeResult<In> {
  /** Sends now, or queues while connecting/reconnecting/offline. `false` when dropped. */
  send(message: Out): boolean
}

export interface EventSourceResult<In> extends RealtimeResult<In> {
  lastEventId: string | undefined
}

export interface LongPollResult<In> extends RealtimeResult<In> {
  cursor: string | undefined
}
