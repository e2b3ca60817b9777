import type { ResolvedReconnectOptions } from './backoff'
import type { CloseInfo, RealtimeError, Status } from './types'

/** Whether a transport exists, and whether it has reported `open`. */
export type Link = 'none' | 'pending' | 'up'

export interface MachineState {
  readonly status: Status
  readonly link: Link
  /** Retries since the last stable open. */
  readonly attempt: number
  readonly error: RealtimeError | undefined
  readonly nextRetryAt: number | undefined
  readonly online: boolean
  readonly visible: boolean
  /** Disconnected because the page is hidden (`pauseWhenHidden`). */
  readonly paused: boolean
  /** The SSE server's `retry:` field; replaces `initialDelayMs` for this connection (a new URL is a new one). */
  readonly serverRetryMs: number | undefined
  /** An attempt was made since the last start: the next one after `online` is a re-connection. */
  readonly attempted: boolean
}

export type MachineEvent =
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'opened' }
  | { type: 'closed'; info: CloseInfo; retryAfterMs?: number | undefined }
  | { type: 'transportError'; error: RealtimeError }
  | { type: 'serverRetry'; ms: number }
  | { type: 'retryTimer' }
  | { type: 'stableTimer' }
  | { type: 'connectTimeout' }
  | { type: 'close' }
  | { type: 'reconnect' }
  | { type: 'offline' }
  | { type: 'online' }
  | { type: 'hidden' }
  | { type: 'visible' }

/** A timer is named after the event it feeds the machine when it fires. */
export type TimerName = 'retryTimer' | 'stableTimer' | 'connectTimeout'

export type Effect =
  | { type: 'connect' }
  /** End the current transport at the client's request (it reports nothing afterwards). */
  | { type: 'disconnect' }
  | { type: 'startTimer'; timer: TimerName; ms: number }
  /** Cancels the machine's timer: at most one runs at a time (connect timeout, stable or retry). */
  | { type: 'cancelTimers' }
  | { type: 'emitOpen' }
  | { type: 'emitClose'; info: CloseInfo }
  | { type: 'emitError'; error: RealtimeError }

export interface MachineConfig {
  readonly reconnect: ResolvedReconnectOptions | false
  readonly connectTimeoutMs: number
  readonly pauseWhenHidden: boolean
}

export interface MachineContext {
  readonly config: MachineConfig
  readonly now: number
  readonly random: () => number
}

export interface Transition {
  readonly state: MachineState
  readonly effects: readonly Effect[]
}

