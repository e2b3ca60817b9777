import { reportUserError } from './guard'
import type { CloseInfo } from './types'

/** WebSocket close codes that mean "retrying will not help" (API.md retry table). */
const FATAL_CLOSE_CODES = new Set([1002, 1003, 1007, 1008, 1009, 1010])
/** HTTP statuses that mean "retrying will not help". */
const FATAL_HTTP_STATUSES = new Set([400, 401, 403, 404, 405, 410, 422])

/**
 * The default retry table. A `protocol` error that ends a connection (an SSE response
 * that is not an event stream, a long-poll body that is not the wire format, an
 * invalid URL) means the other side speaks something else, so it is not retried either.
 */
export function isRetryableByDefault(info: CloseInfo): boolean {
  if (info.error?.kind === 'protocol') return false
  if (info.code !== undefined) {
    if (FATAL_CLOSE_CODES.has(info.code)) return false
    if (info.code >= 4000 && info.code <= 4499) return false
  }
  if (info.status !== undefined && FATAL_HTTP_STATUSES.has(info.status)) return false
  return true
}

/** A close with no error that the server chose (WS 1000/1001, SSE 204 or stream end). */
export function isCleanEnd(info: CloseInfo): boolean {
  return info.wasClean && info.error === undefined
}

/** The user's `shouldReconnect`, or the default table; a throwing `shouldReconnect` counts as the table's answer. */
export function shouldRetry(shouldReconnect: ((info: CloseInfo) => boolean) | undefined, info: CloseInfo): boolean {
  if (!shouldReconnect) return isRetryableByDefault(info)
  try {
    return shouldReconnect(info)
  } catch (error) {
    reportUserError(error)
    return isRetryableByDefault(info)
  }
}
