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

/** Checks the options and serializes the ping; throws a RealtimeError that explains bad input. */
export function prepareHeartbeat(options: HeartbeatOptions): PreparedHeartbeat {
  for (const name of ['intervalMs', 'timeoutMs'] as const) {
    const value = options[name]
    // Number.isFinite is false for non-numbers too; Infinity would make the timers fire at once.
    if (!(Number.isFinite(value) && value > 0)) {
      throw invalidOption(process.env.NODE_ENV !== 'production' ? `heartbeat.${name} must be a positive number of ms, got ${String(value)}` : `Invalid heartbeat.${name}`)
    }
  }
  if (options.isPong !== undefined && typeof options.isPong !== 'function') {
    throw invalidOption(process.env.NODE_ENV !== 'production' ? 'heartbeat.isPong must be a function' : 'Invalid heartbeat.isPong')
  }
  return { ...options, ping: toWireData(options.message) }
}

/**
 * Pings every `intervalMs` (a fixed rhythm, whatever the traffic): `sendPing` puts one
 * on the wire. The deadline starts at the first unanswered ping and is not pushed back
 * by later pings, so `timeoutMs > intervalMs` still detects a dead socket in
 * `timeoutMs`; `onTimeout` runs at most once.
 */
export function startHeartbeat(
  clock: Clock,
  { intervalMs, timeoutMs }: Pick<PreparedHeartbeat, 'intervalMs' | 'timeoutMs'>,
  sendPing: () => void,
  onTimeout: () => void,
): Heartbeat {
  let pingTimer: unknown
  let deadlineTimer: unknown

  // Cleared timers never fire, so nothing runs after `stop`.
  const schedulePing = (): void => {
    pingTimer = clock.setTimeout(() => {
      if (deadlineTimer === undefined) {
        deadlineTimer = clock.setTimeout(() => {
          stop()
          onTimeout()
        }, timeoutMs)
      }
      schedulePing()
      // Last, so that a ping that closes the socket synchronously finds a
      // consistent state to stop.
      sendPing()
    }, intervalMs)
  }

  const alive = (): void => {
    if (deadlineTimer !== undefined) clock.clearTimeout(deadlineTimer)
    deadlineTimer = undefined
  }

  const stop = (): void => {
    clock.clearTimeout(pingTimer)
    alive()
  }

  schedulePing()
  return { alive, stop }
}

/** The message names the option (`heartbeat.intervalMs`...), which says enough. */
function invalidOption(message: string, cause?: unknown): RealtimeError {
  return new RealtimeError('protocol', message, { cause })
}

function toWireData(message: unknown): WireData {
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
  if (json === undefined) throw invalidOption(process.env.NODE_ENV !== 'production' ? 'heartbeat.message cannot be serialized to JSON' : 'Invalid heartbeat.message', cause)
  return json
}
