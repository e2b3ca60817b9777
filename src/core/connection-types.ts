import type {
  Clock,
  CloseInfo,
  Environment,
  MessageMeta,
  RawMessage,
  RealtimeError,
  ReconnectOptions,
  Status,
  TransportFactory,
  UrlSource,
} from './types'

/** Connection options the hooks share. */
export interface ConnectionOptions {
  /** `false` turns reconnection off. */
  reconnect?: false | ReconnectOptions
  /**
   * Not connected in time → timeout. Default 10000. It covers a `url` function that
   * does not settle, a WebSocket not open, SSE headers not received. Long-poll passes
   * Infinity (a server may rightly hold a poll longer) with `urlTimeoutMs` set instead.
   */
  connectTimeoutMs?: number
  /**
   * How long a `url` function's promise may stay pending before the attempt is a
   * timeout, for a connection whose `connectTimeoutMs` does not bound it. Default: none.
   */
  urlTimeoutMs?: number
}

export interface ConnectionConfig extends ConnectionOptions {
  url: UrlSource
  transport: TransportFactory
  /** Disconnect while the page is hidden (SSE and long-poll). */
  pauseWhenHidden?: boolean
  /** How many messages `send` queues while not open. Default 100. */
  queueLimit?: number
  clock?: Clock
  environment?: Environment
  random?: () => number
}

/** The connection's published state; a new object whenever anything in it changes. */
export interface ConnectionSnapshot {
  readonly status: Status
  readonly attempt: number
  readonly error: RealtimeError | undefined
  readonly nextRetryAt: number | undefined
  /** SSE last event ID or long-poll cursor. */
  readonly resumeFrom: string | undefined
}

/** What a listener hears of a connection, besides snapshot changes. */
export interface ConnectionEvents {
  message?(raw: RawMessage, meta: MessageMeta): void
  open?(): void
  close?(info: CloseInfo): void
  error?(error: RealtimeError): void
}
