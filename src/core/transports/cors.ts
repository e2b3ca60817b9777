/**
 * Browsers report a CORS refusal only as a bare network error ("Failed to fetch"),
 * which says nothing of the cause: a failed cross-origin request says what to check.
 */
import { RealtimeError } from '../types'
import { pageHref } from './url'

/** True when a page is loaded and `url` is on another origin (only then does CORS apply). */
export function isCrossOrigin(url: URL): boolean {
  const page = pageHref()
  if (page === undefined) return false
  try {
    return new URL(page).origin !== url.origin
  } catch {
    return false
  }
}

/** A failed cross-origin request's error, with the hint. */
export function withCorsHint(error: RealtimeError, url: URL): RealtimeError {
  if (process.env.NODE_ENV !== 'production' && isCrossOrigin(url)) {
    const hint =
      `. ${url.origin} is another origin: if it is up, it may refuse this page by CORS ` +
      '(it must send Access-Control-Allow-Origin, and answer the OPTIONS preflight when custom headers, a method or a body are used)'
    return new RealtimeError(error.kind, `${error.message}${hint}`, { cause: error.cause })
  }
  return error
}
