/** Helpers shared by the fetch-based transports (SSE and long-poll). */
import { RealtimeError } from '../types'
import type { Clock, CloseHints, CloseInfo, Transport, TransportSink } from '../types'

/**
 * Resolves a transport URL against the page (when there is one) and accepts only
 * http and https. Returns the error to report instead of throwing.
 */
export function resolveHttpUrl(url: string): URL | RealtimeError {
  let resolved: URL
  try {
    resolved = new URL(url, pageHref())
  } catch (cause) {
    return new RealtimeError('protocol', `Invalid URL "${url}": not an absolute http(s) URL`, { cause })
  }
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') {
    return new RealtimeError('protocol', `Invalid URL "${url}": the scheme must be http or https, not ${resolved.protocol}`)
  }
  return resolved
}

/** The page's URL, to resolve relative URLs against; none in Node and during server rendering. */
export function pageHref(): string | undefined {
  // Read at call time: absent during server rendering and in Node.
  const location = (globalThis as { location?: { href?: unknown } }).location
  return typeof location?.href === 'string' ? location.href : undefined
}

/**
 * The URL with `name=value` in its query, replacing any pair of that name. The other
 * pairs are kept byte for byte (URLSearchParams would re-encode them, which can
 * break a signed URL).
 */
export function withQueryParam(url: URL, name: string, value: string): string {
  const pairs = url.search === '' ? [] : url.search.slice(1).split('&')
  const kept = pairs.filter((pair) => pair !== '' && decodeQueryName(pair) !== name)
  kept.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
  const result = new URL(url.href)
  result.search = `?${kept.join('&')}`
  return result.href
}

function decodeQueryName(pair: string): string {
  const equals = pair.indexOf('=')
  const raw = (equals === -1 ? pair : pair.slice(0, equals)).replace(/\+/g, ' ')
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** The error for a response whose status is not a success. */
export function httpError(response: Pick<Response, 'status' | 'statusText'>, what: string): RealtimeError {
  const text = response.statusText === '' ? '' : ` ${response.statusText}`
  return new RealtimeError('http', `${what} failed with HTTP ${response.status}${text}`, { status: response.status })
}

/** How an error ends the connection: not cleanly, with its HTTP status if it has one. */
export function failureInfo(error: RealtimeError): CloseInfo {
  return error.status === undefined ? { wasClean: false, error } : { wasClean: false, status: error.status, error }
}

/** The retry hint of a failed response: `Retry-After`, for 429 and 503 only. */
export function retryHints(response: Pick<Response, 'status' | 'headers'>, now: number): CloseHints | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), now)
  return retryAfterMs === undefined ? undefined : { retryAfterMs }
}

/**
 * `Retry-After` in ms from `now`: either delay-seconds or an HTTP-date (RFC 9110
 * §10.2.3). A date in the past gives 0. Anything else gives `undefined`.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined
  const text = value.trim()
  if (/^[0-9]+$/.test(text)) {
    const ms = Number(text) * 1000
    return Number.isFinite(ms) ? ms : undefined
  }
  const date = parseHttpDate(text)
  return date === undefined ? undefined : Math.max(0, date - now)
}

// The three forms of an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate and the obsolete
// RFC 850 form share one shape (`06 Nov 1994` or `06-Nov-94`, then GMT); asctime
// has its own and no zone (it is UTC). Not Date.parse: it accepts far more than
// HTTP-dates, reads asctime in local time, and ECMAScript leaves every form but
// toUTCString's (IMF-fixdate) to each engine, so RFC 850 would differ by browser.
const FIXDATE_OR_RFC850 = /^[a-z]{3,9}, (\d\d)[ -]([a-z]{3})[ -](\d{4}|\d\d) (\d\d):(\d\d):(\d\d) GMT$/i
const ASCTIME = /^[a-z]{3} ([a-z]{3}) ([ \d]\d) (\d\d):(\d\d):(\d\d) (\d{4})$/i
const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec'

/** Epoch ms of an HTTP-date in any of its three forms, or `undefined`. */
export function parseHttpDate(text: string): number | undefined {
  const fixdate = FIXDATE_OR_RFC850.exec(text)
  const asctime = fixdate ? null : ASCTIME.exec(text)
  // Both as [day, month, year, hour, minute, second].
  const fields = fixdate?.slice(1) ?? (asctime && [asctime[2], asctime[1], asctime[6], ...asctime.slice(3, 6)])
  if (!fields) return undefined
  const [day = '', month = '', year = '', hour = 0, minute = 0, second = 0] = fields
  const monthIndex = MONTHS.indexOf(month.toLowerCase()) / 3
  let fullYear = Number(year)
  // Two-digit years (RFC 850): the RFC says to pick the most recent past century; 70
  // is the usual cut-off and good enough for a retry hint.
  if (year.length === 2) fullYear += fullYear < 70 ? 2000 : 1900
  if (!Number.isInteger(monthIndex) || +day < 1 || +day > 31 || +hour > 23 || +minute > 59 || +second > 60) return undefined
  return Date.UTC(fullYear, monthIndex, +day, +hour, +minute, +second)
}

/** A header value fetch accepts: UTF-8 bytes, one per char (Headers only takes bytes). */
export function toHeaderValue(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let result = ''
  for (const byte of bytes) result += String.fromCharCode(byte)
  return result
}

/** Builds request headers: ours first, the user's over them. */
export function buildHeaders(defaults: Record<string, string>, user: HeadersInit | undefined): Headers | RealtimeError {
  const headers = new Headers(defaults)
  if (user === undefined) return headers
  try {
    new Headers(user).forEach((value, name) => headers.set(name, value))
  } catch (cause) {
    return new RealtimeError('protocol', `Invalid request headers: ${describe(cause)}`, { cause })
  }
  return headers
}

/** The implementation of fetch to use, looked up at connect time. */
export function lookUpFetch(custom: typeof fetch | undefined): typeof fetch | RealtimeError {
  const implementation = custom ?? (globalThis as { fetch?: typeof fetch }).fetch
  if (typeof implementation === 'function') return implementation
  return new RealtimeError('protocol', 'No fetch implementation available: pass the `fetch` option')
}

/** A short text for an unknown thrown value. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A network-level failure (fetch rejected, connection reset, body read failed). */
export function networkError(what: string, cause: unknown): RealtimeError {
  return new RealtimeError('network', `${what}: ${describe(cause)}`, { cause })
}

/**
 * Checks a numeric option: a number ≥ `min` (`Infinity` allowed). Returns the error
 * to report at connect time, so that bad options fail the attempt clearly.
 */
export function checkNumberOption(name: string, value: number | undefined, min: number): RealtimeError | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'number' && !Number.isNaN(value) && value >= min) return undefined
  return new RealtimeError('protocol', `Invalid option ${name}: ${String(value)} (expected a number ≥ ${min})`)
}

/** Starts a timer unless `ms` is Infinity; returns a function that clears it. */
export function startTimer(clock: Clock, ms: number, callback: () => void): () => void {
  if (ms === Infinity) return () => undefined
  const handle = clock.setTimeout(callback, ms)
  return () => clock.clearTimeout(handle)
}

/**
 * Reads a response body as UTF-8 text, refusing more than `maxBytes`: a server that
 * sends without end must not fill the page's memory. Too large is a `protocol` error.
 */
export async function readBoundedText(response: Response, maxBytes: number, what: string): Promise<string> {
  const tooLarge = (): RealtimeError =>
    new RealtimeError('protocol', `${what} is larger than ${maxBytes} bytes (maxResponseBytes)`, {
      status: response.status,
    })
  const declared = Number(response.headers.get('Content-Length') ?? NaN)
  if (declared > maxBytes) {
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
    throw networkError(`Reading ${what.toLowerCase()} failed`, cause)
  }
}

/** Releases the body of a response that will not be read. */
export function discardBody(response: Response): void {
  if (response.body !== null && !response.bodyUsed) response.body.cancel().catch(ignore)
}

export function ignore(): void {}

/** How a fetch-based transport ends: once, after letting go of what it holds. */
export interface HttpLifecycle {
  /** True once the transport has ended, closed by its user or by itself. */
  readonly ended: boolean
  /** Releases and reports the close to the sink, the first time only. */
  end(info: CloseInfo, hints?: CloseHints): void
  /** Ends with `error` (see failureInfo). */
  fail(error: RealtimeError): void
  /**
   * Runs the transport on a later microtask, so that the caller has stored the
   * Transport first; whatever `run` throws ends it as a protocol error. Returns the
   * Transport, whose close() releases without a report.
   */
  start(run: () => Promise<void>, name: string): Transport
}

export function httpLifecycle(sink: TransportSink, release: () => void): HttpLifecycle {
  let ended = false
  const end = (info: CloseInfo, hints?: CloseHints): void => {
    if (ended) return
    ended = true
    release()
    sink.close(info, hints)
  }
  const fail = (error: RealtimeError): void => end(failureInfo(error))
  return {
    get ended() {
      return ended
    },
    end,
    fail,
    start(run, name) {
      queueMicrotask(() => {
        if (ended) return
        run().catch((cause: unknown) => {
          fail(new RealtimeError('protocol', `The ${name} transport failed: ${describe(cause)}`, { cause }))
        })
      })
      return {
        close() {
          if (ended) return
          ended = true
          release()
        },
      }
    },
  }
}
