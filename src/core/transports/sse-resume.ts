/**
 * How an event-stream request carries its resume position without costing a CORS
 * preflight. A browser's own EventSource sends `Last-Event-ID` with no preflight, but
 * fetch treats it as a non-safelisted header: cross-origin, it would need an OPTIONS
 * round trip that many SSE servers (ACAO `*` only) never answer. So a cross-origin
 * request that is otherwise CORS-simple sends the position as a query parameter.
 */
import { RealtimeError } from '../types'
import { isCrossOrigin } from './cors'
import { withQueryParam } from './url'

/** The query parameter name used when none is given (the one the mock server and many servers read). */
export const DEFAULT_LAST_EVENT_ID_PARAM = 'lastEventId'

export interface ResumeRequestOptions {
  /** The user's headers, method or body make the request non-simple anyway. */
  customised: boolean
  /** Query parameter for cross-origin resumes; `false` always sends the header. */
  lastEventIdParam: string | false | undefined
}

export interface ResumeRequest {
  /** The URL to request. */
  href: string
  /** The `Last-Event-ID` header value, when the position goes as a header. */
  header: string | undefined
}

/** Where the resume position goes: the URL's query or the `Last-Event-ID` header. */
export function resumeRequest(url: URL, resumeFrom: string | undefined, options: ResumeRequestOptions): ResumeRequest {
  if (resumeFrom === undefined || resumeFrom === '') return { href: url.href, header: undefined }
  const param = options.lastEventIdParam ?? DEFAULT_LAST_EVENT_ID_PARAM
  if (param === false || options.customised || !isCrossOrigin(url)) return { href: url.href, header: resumeFrom }
  return { href: withQueryParam(url, param, resumeFrom), header: undefined }
}

/** True when a request uses any of the options that make it non-simple for CORS. */
export function hasCustomRequest(options: { headers?: HeadersInit; method?: string; body?: BodyInit | null }): boolean {
  const method = (options.method ?? 'GET').toUpperCase()
  return options.headers !== undefined || method !== 'GET' || (options.body !== undefined && options.body !== null)
}

/** Throws for a `lastEventIdParam` that is neither a non-empty string nor `false`. */
export function checkLastEventIdParam(value: unknown): void {
  if (value === undefined || value === false || (typeof value === 'string' && value !== '')) return
  throw new RealtimeError(
    'protocol',
    process.env.NODE_ENV !== 'production' ? `Invalid option lastEventIdParam: ${String(value)} (expected a non-empty string or false)` : 'Invalid lastEventIdParam',
  )
}
