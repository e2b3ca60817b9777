import { RealtimeError, type UrlSource } from '../types'
import { TRANSPORT_NAMES, type FallbackConfig, type FallbackEndpoints, type TransportName } from './types'

/** A fallback's settings, checked, with the defaults filled in. */
export interface ResolvedFallback {
  /** The transports to try, preferred first. */
  order: readonly TransportName[]
  fallbackAfter: number
  upgradeAfterMs: number | false
  connectTimeoutMs: number
  stableAfterMs: number
  resumeParam: string
}

const DEFAULT_FALLBACK_AFTER = 2
const DEFAULT_UPGRADE_AFTER_MS = 60_000
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
const DEFAULT_STABLE_AFTER_MS = 5_000

/** The endpoint of one transport. */
export function endpointOf(endpoints: FallbackEndpoints, name: TransportName): UrlSource | undefined {
  return name === 'long-poll' ? endpoints.longPoll : endpoints[name]
}

/**
 * Checks a fallback's options. Bad options are an error that fails the connection
 * (status `failed`, with the error saying what is wrong), never a thrown exception.
 */
export function resolveFallback(config: FallbackConfig): ResolvedFallback | RealtimeError {
  const { endpoints } = config
  if (typeof endpoints !== 'object' || endpoints === null) {
    return invalid('endpoints', process.env.NODE_ENV !== 'production' ? 'expected an object { websocket?, sse?, longPoll?, sendUrl? }' : '')
  }
  const withEndpoint = TRANSPORT_NAMES.filter((name) => endpointOf(endpoints, name) !== undefined)
  const order = config.transports ?? withEndpoint
  if (!Array.isArray(order)) return invalid('transports', process.env.NODE_ENV !== 'production' ? 'expected an array of transport names' : '')
  for (const name of order) {
    if (!TRANSPORT_NAMES.includes(name)) {
      return invalid('transports', process.env.NODE_ENV !== 'production' ? `unknown transport ${JSON.stringify(name)} (use ${TRANSPORT_NAMES.join(', ')})` : '')
    }
    if (endpointOf(endpoints, name) === undefined) {
      const key = name === 'long-poll' ? 'longPoll' : name
      return invalid('transports', process.env.NODE_ENV !== 'production' ? `"${name}" is listed but endpoints.${key} is missing` : '')
    }
  }
  if (new Set(order).size !== order.length) return invalid('transports', process.env.NODE_ENV !== 'production' ? 'a transport is listed twice' : '')
  if (order.length === 0) return invalid('endpoints', process.env.NODE_ENV !== 'production' ? 'no transport to try: give websocket, sse or longPoll' : '')

  const fallbackAfter = config.fallbackAfter ?? DEFAULT_FALLBACK_AFTER
  if (!Number.isInteger(fallbackAfter) || fallbackAfter < 1) {
    return invalid('fallbackAfter', process.env.NODE_ENV !== 'production' ? `${String(fallbackAfter)} (expected a whole number ≥ 1)` : '')
  }
  const upgradeAfterMs = config.upgradeAfterMs ?? DEFAULT_UPGRADE_AFTER_MS
  if (upgradeAfterMs !== false && !isDuration(upgradeAfterMs)) {
    return invalid('upgradeAfterMs', process.env.NODE_ENV !== 'production' ? `${String(upgradeAfterMs)} (expected false or a number of ms ≥ 0)` : '')
  }
  const connectTimeoutMs = config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  if (!isDuration(connectTimeoutMs) || connectTimeoutMs === 0) {
    return invalid('connectTimeoutMs', process.env.NODE_ENV !== 'production' ? `${String(connectTimeoutMs)} (expected a number of ms > 0)` : '')
  }
  const stableAfterMs = config.stableAfterMs ?? DEFAULT_STABLE_AFTER_MS
  if (!isDuration(stableAfterMs)) return invalid('stableAfterMs', process.env.NODE_ENV !== 'production' ? `${String(stableAfterMs)} (expected a number of ms ≥ 0)` : '')
  const resumeParam = config.resumeParam ?? 'cursor'
  if (typeof resumeParam !== 'string' || resumeParam === '') return invalid('resumeParam', process.env.NODE_ENV !== 'production' ? 'expected a non-empty string' : '')
  return { order, fallbackAfter, upgradeAfterMs, connectTimeoutMs, stableAfterMs, resumeParam }
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && !Number.isNaN(value)
}

function invalid(option: string, problem: string): RealtimeError {
  return new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? `Invalid option ${option}: ${problem}` : `Invalid ${option}`)
}
