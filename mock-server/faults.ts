/**
 * Fault switches: read from the query string of every endpoint.
 *
 * Documented in API.md:
 *   failFirst=N    refuse the first N connections (counted per path + query
 *                  string, ignoring `cursor` and `lastEventId`).
 *   status=CODE    HTTP status of a refusal (200–599, default 503).
 *   closeCode=CODE WebSocket: the code of a refusal (an accepted upgrade closed
 *                  at once, default 1013) and of `dropAfter` closes.
 *   dropAfter=N    WS: close after N messages (with `closeCode` if given, else
 *                  the socket is terminated abruptly). SSE: the response is
 *                  destroyed after N events. Long-poll: a response carries at
 *                  most N messages, and once N messages have been delivered
 *                  since the last drop, the next request for the same key is
 *                  dropped (socket destroyed) — one drop per N messages, with
 *                  progress in between.
 *   delayMs=MS     wait before accepting / answering (WS delays the upgrade,
 *                  SSE the headers, long-poll the response, POST the answer).
 *   rate=R         messages per second (a positive number, decimals allowed).
 *                  Defaults: feed 1, metrics 10; with `count`, as fast as
 *                  possible. Chat without `count` is driven by what people
 *                  send, so `rate` alone has no effect there.
 *   count=N        replace the scenario with N messages `{ "seq": i }`, i from
 *                  1, then stay open and idle.
 *
 * Extra switches that make client tests possible:
 *   retryAfter=S   with a 429/503 refusal, send `Retry-After: S`.
 *   badJsonEvery=N every Nth message (seq % N === 0) is sent as malformed JSON
 *                  text, still numbered (SSE `id:`, poll cursor). In a
 *                  long-poll body, which must stay valid JSON, that message is
 *                  a JSON string holding the malformed text.
 *   contentType=T  SSE: send this Content-Type instead of text/event-stream.
 *   retry=MS       SSE: send a `retry: MS` field before the first event.
 *   holdMs=MS      long-poll: how long a request is held when nothing is new
 *                  (default 20000), then answered 204.
 *   hang=1         accept the connection and never answer: SSE never sends
 *                  headers, long-poll never answers, WS never completes the
 *                  upgrade, POST never answers.
 *
 * Every value is validated; a bad one is answered 400 with a text body naming
 * the switch. Unknown query parameters are ignored (clients add their own,
 * such as auth tokens or `cursor`).
 */

export interface Faults {
  failFirst: number
  status: number
  closeCode: number | undefined
  dropAfter: number | undefined
  delayMs: number
  rate: number | undefined
  count: number | undefined
  retryAfter: number | undefined
  badJsonEvery: number | undefined
  contentType: string | undefined
  retry: number | undefined
  holdMs: number
  hang: boolean
}

export const DEFAULT_REFUSAL_STATUS = 503
export const DEFAULT_REFUSAL_CLOSE_CODE = 1013
export const DEFAULT_HOLD_MS = 20_000

/** Node's timers overflow (and fire at once) above this many milliseconds. */
const MAX_TIMER_MS = 2_147_483_647
const MAX_RATE = 100_000

/** A query switch that failed validation; becomes a 400. */
export class FaultError extends Error {
  override readonly name = 'FaultError'
}


/** The faults a query asks for; throws a FaultError (answered with 400) for a bad value. */
export function readFaults(query: URLSearchParams): Faults {
  const status = integer(query, 'status', 200, 599)
  return {
    failFirst: integer(query, 'failFirst', 0, Number.MAX_SAFE_INTEGER) ?? 0,
    status: status ?? DEFAULT_REFUSAL_STATUS,
    closeCode: closeCode(query),
    dropAfter: integer(query, 'dropAfter', 0, Number.MAX_SAFE_INTEGER),
    delayMs: integer(query, 'delayMs', 0, MAX_TIMER_MS) ?? 0,
    rate: rate(query),
    count: integer(query, 'count', 0, Number.MAX_SAFE_INTEGER),
    retryAfter: integer(query, 'retryAfter', 0, MAX_TIMER_MS),
    badJsonEvery: integer(query, 'badJsonEvery', 1, Number.MAX_SAFE_INTEGER),
    contentType: contentType(query),
    retry: integer(query, 'retry', 0, MAX_TIMER_MS),
    holdMs: integer(query, 'holdMs', 0, MAX_TIMER_MS) ?? DEFAULT_HOLD_MS,
    hang: flag(query, 'hang'),
  }
}

/** The single value of a switch, or undefined when absent. Repeating a switch is an error. */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name)
  if (values.length === 0) return undefined
  if (values.length > 1) throw new FaultError(`${name} is given ${values.length} times; give it once`)
  return values[0]
}

function integer(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = single(query, name)
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw)) {
    throw new FaultError(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`)
  }
  const value = Number(raw)
  if (value < min || value > max) {
    throw new FaultError(`${name} must be between ${min} and ${max}, got ${raw}`)
  }
  return value
}

function rate(query: URLSearchParams): number | undefined {
  const raw = single(query, 'rate')
  if (raw === undefined) return undefined
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN
  if (!(value > 0 && value <= MAX_RATE)) {
    throw new FaultError(`rate must be a number of messages per second above 0 and at most ${MAX_RATE}, got ${JSON.stringify(raw)}`)
  }
  return value
}

/** Codes the `ws` library can send (1004–1006 are reserved for local use). */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999)
}

function closeCode(query: URLSearchParams): number | undefined {
  const code = integer(query, 'closeCode', 1000, 4999)
  if (code !== undefined && !isSendableCloseCode(code)) {
    throw new FaultError(`closeCode ${code} cannot be sent; use 1000–1003, 1007–1014 or 3000–4999`)
  }
  return code
}

function contentType(query: URLSearchParams): string | undefined {
  const raw = single(query, 'contentType')
  if (raw === undefined) return undefined
  // A header value must not carry control characters (header injection, and Node would throw).
  if (raw.length === 0 || raw.length > 200 || /[^\x20-\x7e]/.test(raw)) {
    throw new FaultError('contentType must be 1–200 printable ASCII characters')
  }
  return raw
}

function flag(query: URLSearchParams, name: string): boolean {
  const raw = single(query, name)
  if (raw === undefined || raw === '0' || raw === 'false') return false
  if (raw === '' || raw === '1' || raw === 'true') return true
  throw new FaultError(`${name} must be 1 or 0, got ${JSON.stringify(raw)}`)
}

/**
 * Resume positions (`cursor`, `lastEventId`) are not part of a stream's identity:
 * failFirst counting and long-poll timelines are keyed without them.
 */
export function connectionKey(pathname: string, query: URLSearchParams): string {
  const rest = new URLSearchParams(query)
  rest.delete('cursor')
  rest.delete('lastEventId')
  const search = rest.toString()
  return search === '' ? pathname : `${pathname}?${search}`
}

/** Parses a resume position; empty means "none". Throws FaultError when malformed. */
export function parsePosition(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new FaultError(`${name} must be a non-negative integer (a message number from this server), got ${JSON.stringify(raw)}`)
  }
  return Number(raw)
}
