import { RealtimeError } from '../types'
import type { Clock, WireData } from '../types'

/**
 * Application-level keep-alive for a WebSocket. Browsers cannot send protocol
 * ping frames, so a half-open connection (laptop lid closed, NAT dropped) can
 * look open for minutes; an application ping with a deadline finds it.
 */
export interface HeartbeatOptions {
  /**
   * Sent every `intervalMs` while open. Strings and binary data (`ArrayBuffer`,
   * typed arrays, `DataView`, `Blob`) go on the wire as they are; any other value
   * is sent as `JSON.stringify(message)`.
   */
  message: unknown
  /** Time between two pings, in ms. */
  intervalMs: number
  /** No frame at all within this long after a ping → the socket is dead. */
  timeoutMs: number
  /**
   * Frames for which this returns true are swallowed (not delivered as messages);
   * they still count as life, as every frame does.
   */
  isPong?: (raw: unknown) => boolean
}

/** Heartbeat options checked once, with the ping already in its wire form. */
export interface PreparedHeartbeat extends HeartbeatOptions {
  ping: WireData
}

export interface Heartbeat {
  /** Call for every incoming frame: it proves the connection alive. */
  alive(): void
  /** Clears every timer; nothing fires afterwards. */
  stop(): void
}

export interface HeartbeatCallbacks {
  /** Puts one ping on the wire. */
  sendPing(): void
  /** Nothing arrived within `timeoutMs` after a ping. Fires at most once. */
  onTimeout(): void
}

/** Checks the options and serializes the ping; a RealtimeError explains bad input. */
export function prepareHeartbeat(options: HeartbeatOptions): PreparedHeartbeat | RealtimeError {
  for (const name of ['intervalMs', 'timeoutMs'] as const) {
    const value: unknown = options[name]
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      return invalidOption(`heartbeat.${name} must be a positive finite number of ms, got ${String(value)}`)
    }
  }
  if (options.isPong !== undefined && typeof options.isPong !== 'function') {
    return invalidOption('heartbeat.isPong must be a function')
  }
  const ping = toWireData(options.message)
  if (ping instanceof RealtimeError) return ping
  return { ...options, ping }
}

/**
 * Pings every `intervalMs` (a fixed rhythm, whatever the traffic). The deadline
 * starts at the first unanswered ping and is not pushed back by later pings, so
 * `timeoutMs > intervalMs` still detects a dead socket in `timeoutMs`.
 */
export function startHeartbeat(
  clock: Clock,
  config: Pick<PreparedHeartbeat, 'intervalMs' | 'timeoutMs'>,
  callbacks: HeartbeatCallbacks,
): Heartbeat {
  let pingTimer: unknown
  let deadlineTimer: unknown

  // Cleared timers never fire, so nothing runs after `stop`.
  const schedulePing = (): void => {
    pingTimer = clock.setTimeout(() => {
      if (deadlineTimer === undefined) {
        deadlineTimer = clock.setTimeout(() => {
          stop()
          callbacks.onTimeout()
        }, config.timeoutMs)
      }
      schedulePing()
      // Last, so that a ping that closes the socket synchronously finds a
      // consistent state to stop.
      callbacks.sendPing()
    }, config.intervalMs)
  }

  const stop = (): void => {
    clock.clearTimeout(pingTimer)
    if (deadlineTimer !== undefined) clock.clearTimeout(deadlineTimer)
    deadlineTimer = undefined
  }

  schedulePing()

  return {
    alive() {
      if (deadlineTimer === undefined) return
      clock.clearTimeout(deadlineTimer)
      deadlineTimer = undefined
    },
    stop,
  }
}

function invalidOption(message: string, cause?: unknown): RealtimeError {
  return new RealtimeError('protocol', `Invalid WebSocket option: ${message}`, cause === undefined ? {} : { cause })
}

function toWireData(message: unknown): WireData | RealtimeError {
  if (typeof message === 'string') return message
  if (message instanceof ArrayBuffer || ArrayBuffer.isView(message)) return message
  if (typeof SharedArrayBuffer !== 'undefined' && message instanceof SharedArrayBuffer) return message
  if (typeof Blob !== 'undefined' && message instanceof Blob) return message
  let json: string | undefined
  let cause: unknown
  try {
    json = JSON.stringify(message)
  } catch (error) {
    cause = error
  }
  // JSON.stringify returns undefined for undefined, functions and symbols.
  return json ?? invalidOption('heartbeat.message cannot be serialized with JSON.stringify', cause)
}
