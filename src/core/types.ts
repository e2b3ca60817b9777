import type { StandardSchemaV1Issue } from './standard-schema'

/** Every status a connection can be in; shared by all three transports. */
export type Status =
  | 'idle'
  | 'connecting'
  | 'open'
  | 'reconnecting'
  | 'offline'
  | 'closed'
  | 'failed'

export type ErrorKind = 'network' | 'http' | 'close' | 'timeout' | 'parse' | 'protocol'

export interface RealtimeErrorDetails {
  /** HTTP status, for `kind: 'http'` (and SSE protocol errors on a 2xx). */
  status?: number
  /** WebSocket close code, for `kind: 'close'`. */
  code?: number
  /** WebSocket close reason, for `kind: 'close'`. */
  reason?: string
  /** What a `schema` found wrong with a message, for `kind: 'parse'`. */
  issues?: readonly StandardSchemaV1Issue[]
  cause?: unknown
}

/**
 * The one error type every hook and transport reports. Development builds explain each
 * error in full; production builds keep a short message, so the explanations cost no
 * bytes there. Each site is written `process.env.NODE_ENV !== 'production' ? long : short`,
 * inline, as React and TanStack Query do: every bundler replaces that expression, and a
 * minifier drops the long text only from such a literal condition (not through a
 * variable or a helper). `kind`, `status`, `code`, `reason`, `issues` and `cause` are
 * the same in both builds.
 */
export class RealtimeError extends Error {
  override readonly name = 'RealtimeError'
  readonly kind: ErrorKind
  readonly status?: number
  readonly code?: number
  readonly reason?: string
  readonly issues?: readonly StandardSchemaV1Issue[]

  constructor(kind: ErrorKind, message: string, { cause, ...details }: RealtimeErrorDetails = {}) {
    super(message, cause === undefined ? undefined : { cause })
    this.kind = kind
    // What is left is `status`, `code`, `reason` and `issues`, each given only where it applies.
    Object.assign(this, details)
  }
}

/** How one connection or attempt ended. */
export interface CloseInfo {
  wasClean: boolean
  /** WebSocket close code. */
  code?: number
  /** WebSocket close reason. */
  reason?: string
  /** HTTP status (SSE and long-poll). */
  status?: number
  error?: RealtimeError
}

export interface ReconnectOptions {
  /** Delay before the first retry. Default 1000. */
  initialDelayMs?: number
  /** Upper bound of the backoff delay. Default 30000. */
  maxDelayMs?: number
  /** Growth factor between retries. Default 2. */
  factor?: number
  /** 0..1, default 0.5: the delay is uniform in [d * (1 - jitter), d]. */
  jitter?: number
  /** Retries, not counting the first connection. Default Infinity. */
  maxAttempts?: number
  /** The attempt count resets only after a connection stayed open this long. Default 5000. */
  stableAfterMs?: number
  /** Replaces the default close-code/status table; `maxAttempts` still applies. */
  shouldReconnect?: (info: CloseInfo) => boolean
}

/** Metadata delivered with every message, whatever the transport (`/core` listeners get this). */
export interface MessageMeta {
  /** Epoch milliseconds (`Date.now()`) when the message arrived. */
  receivedAt: number
  /** SSE event type. */
  type?: string
  /** SSE: the last event ID in force. */
  id?: string
  /** Long-poll: the cursor of the response that carried the message. */
  cursor?: string
}

/** `useWebSocket`'s meta: when the frame arrived, nothing more. */
export interface WebSocketMessageMeta {
  /** Epoch milliseconds (`Date.now()`) when the message arrived. */
  receivedAt: number
}

/** `useEventSource`'s meta: the event type and the last event ID in force are always there. */
export interface EventSourceMessageMeta {
  /** Epoch milliseconds (`Date.now()`) when the message arrived. */
  receivedAt: number
  /** The event type (`'message'` for unnamed events). */
  type: string
  /** The last event ID in force (`''` before any); an `id`-only block updates it too. */
  id: string
}

/** `useLongPoll`'s meta: the cursor of the response that carried the message, when the server gave one. */
export interface LongPollMessageMeta {
  /** Epoch milliseconds (`Date.now()`) when the message arrived. */
  receivedAt: number
  cursor?: string
}

/** Timers, injected so tests (and non-browser hosts) can control time. */
export interface Clock {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** A source of one boolean fact (online, visible) that can change over time. */
export interface Signal {
  get(): boolean
  subscribe(listener: () => void): () => void
}

/** Where a connection learns whether the browser is online and the page visible. */
export interface Environment {
  online: Signal
  visible: Signal
  /** Schedules a callback for the next animation frame; returns a cancel function. */
  requestFrame(callback: () => void): () => void
}

/** A URL, or a function called before every attempt that returns one (or a Promise of one). */
export type UrlSource = string | (() => string | Promise<string>)

/** Data a transport hands over, before `parse`. */
export type RawMessage = unknown

/** What a transport knows about one message, beyond its data. */
export interface TransportMessageMeta {
  /** When the data arrived, if the transport knows (one read for a whole chunk); else the connection stamps it. */
  receivedAt?: number
  type?: string
  id?: string
  cursor?: string
}

/** Hints a transport can give with a close, for the retry delay. */
export interface CloseHints {
  /** From an HTTP `Retry-After` header on 429/503. */
  retryAfterMs?: number
}

/**
 * How a transport reports what happened. A transport connects once, reports, and
 * never retries on its own: retrying is the machine's job.
 */
export interface TransportSink {
  /** The connection is usable (WS open, SSE headers accepted, long-poll: first 200/204). */
  open(): void
  /** A `meta` that has `receivedAt` is passed on as it is (no copy per message); others are copied and stamped. */
  message(data: RawMessage, meta?: TransportMessageMeta): void
  /** A problem that does not end the connection (oversized SSE event, say). */
  error(error: RealtimeError): void
  /** The resume position changed: SSE last event ID, long-poll cursor. */
  resumeFrom(token: string): void
  /** SSE `retry:` field: the server's reconnection delay in ms. */
  retryDelay(ms: number): void
  /** The connection or attempt ended. Called at most once; nothing is reported after it. */
  close(info: CloseInfo, hints?: CloseHints): void
}

export interface TransportContext {
  url: string
  sink: TransportSink
  clock: Clock
  /** Where to resume from (SSE Last-Event-ID, long-poll cursor), when known. */
  resumeFrom: string | undefined
}

/** Outgoing data a transport can put on the wire. */
export type WireData = string | ArrayBufferLike | ArrayBufferView | Blob

export interface Transport {
  /** Present on duplex transports only. Called only while open. */
  send?(data: WireData): void
  /** Ends the connection at the client's request; reports nothing afterwards. */
  close(): void
}

/** Creates a transport for one attempt. */
export type TransportFactory = (context: TransportContext) => Transport
