/** `Retry-After`, read by the fetch-based transports and the fallback's POST path. */
import type { CloseHints } from '../types'

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
