/** The one request path of the fetch-based transports (SSE and long-poll). */
import { describe } from '../describe'
import { ignore } from '../guard'
import { RealtimeError } from '../types'
import { withHints } from './lifecycle'
import { retryHints } from './retry-after'
import { resolveHttpUrl } from './url'
import { withCorsHint } from './cors'

/** The request options SSE and long-poll share. */
export interface RequestOptions {
  /** The implementation to use instead of `globalThis.fetch`, looked up when connecting. */
  fetch?: typeof fetch
  headers?: HeadersInit
  method?: string
  body?: BodyInit | null
  credentials?: RequestCredentials
}

export interface PreparedRequest {
  readonly url: URL
  /**
   * Fetches `href`: the response of a 2xx other than 204, `undefined` for a 204, and a
   * thrown RealtimeError for anything else (with its `Retry-After` hint).
   */
  send(href: string, signal: AbortSignal, extraHeaders?: Record<string, string>): Promise<Response | undefined>
}

/**
 * Checks what can be checked before any request (URL, fetch, headers): throws the
 * RealtimeError that explains bad input. `what` names the request in messages.
 */
export function prepareRequest(input: string, accept: string, options: RequestOptions, what: string, now: () => number): PreparedRequest {
  const url = resolveHttpUrl(input)
  const fetchImplementation = lookUpFetch(options.fetch)
  const headers = buildHeaders({ Accept: accept }, options.headers)
  return {
    url,
    async send(href, signal, extraHeaders) {
      // Copied only to add a per-request header (an SSE resume); a poll reuses the prepared ones.
      const requestHeaders = extraHeaders === undefined ? headers : new Headers(headers)
      for (const name in extraHeaders) requestHeaders.set(name, extraHeaders[name] as string)
      // Only CORS-safelisted headers of our own: `cache: 'no-store'` instead of Cache-Control.
      const init: RequestInit = { method: options.method ?? 'GET', headers: requestHeaders, cache: 'no-store', signal }
      if (options.body !== undefined) init.body = options.body
      if (options.credentials !== undefined) init.credentials = options.credentials
      let response: Response
      try {
        response = await fetchImplementation(href, init)
      } catch (cause) {
        throw withCorsHint(networkError(process.env.NODE_ENV !== 'production' ? `${what} to ${href} failed` : 'Request failed', cause), url)
      }
      if (response.status !== 204 && response.ok) return response
      discardBody(response)
      if (response.status === 204) return undefined
      throw withHints(httpError(response, what), retryHints(response, now()))
    },
  }
}

/** A header value fetch accepts: UTF-8 bytes, one per char (Headers only takes bytes). */
export function toHeaderValue(text: string): string {
  let result = ''
  for (const byte of new TextEncoder().encode(text)) result += String.fromCharCode(byte)
  return result
}

/** Builds request headers: ours first, the user's over them. */
export function buildHeaders(defaults: Record<string, string>, user: HeadersInit | undefined): Headers {
  const headers = new Headers(defaults)
  try {
    if (user !== undefined) new Headers(user).forEach((value, name) => headers.set(name, value))
  } catch (cause) {
    throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? `Invalid request headers: ${describe(cause)}` : 'Invalid headers', { cause })
  }
  return headers
}

/** The implementation of fetch to use, looked up at connect time. */
export function lookUpFetch(custom: typeof fetch | undefined): typeof fetch {
  const implementation = custom ?? (globalThis as { fetch?: typeof fetch }).fetch
  if (typeof implementation === 'function') return implementation
  throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? 'No fetch implementation available: pass the `fetch` option' : 'No fetch')
}

/** The error for a response whose status is not a success. */
export function httpError(response: Pick<Response, 'status' | 'statusText'>, what: string): RealtimeError {
  const text = response.statusText === '' ? '' : ` ${response.statusText}`
  return new RealtimeError('http', `${process.env.NODE_ENV !== 'production' ? `${what} failed with ` : ''}HTTP ${response.status}${text}`, { status: response.status })
}

/** A network-level failure (fetch rejected, connection reset, body read failed). */
export function networkError(what: string, cause: unknown): RealtimeError {
  return new RealtimeError('network', `${what}: ${describe(cause)}`, { cause })
}

/** A thrown value as the error that ends an attempt: a RealtimeError as it is, anything else a network failure. */
export function asNetworkError(cause: unknown, what: string): RealtimeError {
  return cause instanceof RealtimeError ? cause : networkError(what, cause)
}

/** Throws the error for a numeric option that is not a number ≥ `min` (`Infinity` allowed). */
export function checkNumberOption(name: string, value: number | undefined, min: number): void {
  if (value === undefined || (typeof value === 'number' && value >= min)) return
  throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? `Invalid option ${name}: ${String(value)} (expected a number ≥ ${min})` : `Invalid ${name}`)
}

/**
 * Reads a response body as UTF-8 text, refusing more than `maxBytes`: a server that
 * sends without end must not fill the page's memory. Too large is a `protocol` error.
 */
export async function readBoundedText(response: Response, maxBytes: number, what: string): Promise<string> {
  const tooLarge = (): RealtimeError =>
    new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? `${what} is larger than ${maxBytes} bytes (maxResponseBytes)` : 'Too large', {
      status: response.status,
    })
  if (Number(response.headers.get('Content-Length')) > maxBytes) {
    discardBody(response)
    throw tooLarge()
  }
  const decoder = new TextDecoder()
  let text = ''
  let bytes = 0
  try {
    if (response.body === null) return await response.text()
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return text + decoder.decode()
      bytes += value.byteLength
      if (bytes > maxBytes) {
        reader.cancel().catch(ignore)
        throw tooLarge()
      }
      text += decoder.decode(value, { stream: true })
    }
  } catch (cause) {
    if (cause instanceof RealtimeError) throw cause
    throw networkError(process.env.NODE_ENV !== 'production' ? `Reading ${what.toLowerCase()} failed` : 'Read failed', cause)
  }
}

/** Releases the body of a response that will not be read. */
export function discardBody(response: Response): void {
  if (response.body !== null && !response.bodyUsed) response.body.cancel().catch(ignore)
}
