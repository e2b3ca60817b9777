/** Helpers shared by the fetch-based transports (SSE and long-poll). */
import { RealtimeError } from '../types'
import type { Clock, CloseHints } from '../types'

/**
 * Resolves a transport URL against the page (when there is one) and accepts only
 * http and https. Returns the error to report instead of throwing.
 */
export function resolveHttpUrl(url: string): URL | RealtimeError {
  const base = pageHref()
  let resolved: URL
  try {
    resolved = base === undefined ? new URL(url) : new URL(url, base)
  } catch (cause) {
    return new RealtimeError('protocol', `Invalid URL "${url}": not an absolute http(s) URL`, { cause })
  }
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') {
    return new RealtimeError('protocol', `Invalid URL "${url}": the scheme must be http or https, not ${resolved.protocol}`)
  }
  return resolved
}

function pageHref(): string | undefined {
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

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
// Parsed by hand: Date.parse accepts far more than HTTP-dates and reads the
// asctime form in local time.
const IMF_FIXDATE = /^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/i
const RFC_850 = /^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/i
const ASCTIME = /^[a-z]{3} ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i

/** Epoch ms of an HTTP-date in any of its three forms, or `undefined`. */
export function parseHttpDate(text: string): number | undefined {
  let parts: [day: string, month: string, year: string, hour: string, minute: string, second: string] | undefined
  let match = IMF_FIXDATE.exec(text)
  if (match !== null) {
    parts = [match[1]!, match[2]!, match[3]!, match[4]!, match[5]!, match[6]!]
  } else if ((match = RFC_850.exec(text)) !== null) {
    // Two-digit years: the RFC says to pick the most recent past century; 70 is the
    // usual cut-off and good enough for a retry hint.
    const yy = Number(match[3])
    parts = [match[1]!, match[2]!, String(yy < 70 ? 2000 + yy : 1900 + yy), match[4]!, match[5]!, match[6]!]
  } else if ((match = ASCTIME.exec(text)) !== null) {
    parts = [match[2]!.trim(), match[1]!, match[6]!, match[3]!, match[4]!, match[5]!]
  }
  if (parts === undefined) return undefined
  const [day, monthName, year, hour, minute, second] = parts.map((part, index) =>
    index === 1 ? MONTHS.indexOf(part.toLowerCase()) : Number(part),
  ) as [number, number, number, number, number, number]
  if (monthName === -1 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined
  return Date.UTC(year, monthName, day, hour, minute, second)
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

// Timers take a 32-bit signed delay; larger ones fire at once in browsers and Node.
const MAX_TIMER_MS = 2 ** 31 - 1

/** Starts a timer unless `ms` is Infinity; returns a function that clears it. */
export function startTimer(clock: Clock, ms: number, callback: () => void): () => void {
  if (ms === Infinity) return () => undefined
  const handle = clock.setTimeout(callback, Math.min(ms, MAX_TIMER_MS))
  return () => clock.clearTimeout(handle)
}
