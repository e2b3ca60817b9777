import { RealtimeError } from '../types'
import type { Clock, CloseHints, CloseInfo, Transport, TransportContext, TransportFactory } from '../types'
import {
  buildHeaders,
  checkNumberOption,
  describe,
  discardBody,
  failureInfo,
  httpError,
  httpLifecycle,
  lookUpFetch,
  networkError,
  readBoundedText,
  resolveHttpUrl,
  retryHints,
  startTimer,
  withQueryParam,
} from './http'

/** What one poll yields: the new messages, oldest first, and where to continue. */
export interface LongPollResult {
  messages: readonly unknown[]
  /** Absent: the cursor stays as it was. */
  cursor?: string | undefined
}

/** Replaces the wire format: fetch what came after `cursor`; honour `signal`. */
export type LongPollRequest = (cursor: string | undefined, signal: AbortSignal) => Promise<LongPollResult>

export interface LongPollTransportOptions {
  /** The implementation to use instead of `globalThis.fetch`, looked up when connecting. */
  fetch?: typeof fetch
  /** Extra request headers; they override ours (`Accept`). */
  headers?: HeadersInit
  credentials?: RequestCredentials
  /** Query parameter that carries the cursor. Default `cursor`. */
  cursorParam?: string
  /** The least time between two request starts. Default 0. */
  minIntervalMs?: number
  /** Each request is aborted after this long and counts as a timeout. Default 35000 (Infinity: never). */
  timeoutMs?: number
  /** The largest response body read; a larger one is a `protocol` error. Default 8 MiB. */
  maxResponseBytes?: number
  /**
   * Replaces the wire format entirely (the URL is then not used or checked). Throw
   * a `RealtimeError` to choose how the attempt ends; anything else counts as a
   * network error.
   */
  request?: LongPollRequest
}

const DEFAULT_TIMEOUT_MS = 35_000
const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024
/** A poll in flight this long without failing counts as a live connection (servers hold polls). */
export const HELD_POLL_MS = 1000
const FIRST_EMPTY_WAIT_MS = 250
const LONGEST_EMPTY_WAIT_MS = 5000

/**
 * How long to wait before the next poll after `streak` instant empty answers in a row
 * (API.md): a server that answers at once with nothing must not get a request storm.
 */
export function emptyAnswerWait(streak: number): number {
  return streak === 0 ? 0 : Math.min(LONGEST_EMPTY_WAIT_MS, FIRST_EMPTY_WAIT_MS * 2 ** (streak - 1))
}

/** How one poll went, when it did not end the connection. */
type PollOutcome = LongPollResult | 'nothing-new'

/** How one poll ended the connection. */
class PollFailure {
  constructor(
    readonly info: CloseInfo,
    readonly hints?: CloseHints,
  ) {}
}

/**
 * Long polling: one chain of requests per call of the returned factory; the first
 * failure ends it (retrying is the machine's job). Default wire format: `GET url`
 * (`?cursor=…` once a cursor is known) answered by `200 {"messages": [...],
 * "cursor": "..."}` or `204` (nothing new).
 */
export function createLongPollTransport(options: LongPollTransportOptions = {}): TransportFactory {
  const optionError = checkOptions(options)
  return (context) => connectLongPoll(context, options, optionError)
}

function checkOptions(options: LongPollTransportOptions): RealtimeError | undefined {
  if (options.cursorParam !== undefined && (typeof options.cursorParam !== 'string' || options.cursorParam === '')) {
    return new RealtimeError('protocol', 'Invalid option cursorParam: expected a non-empty string')
  }
  if (options.request !== undefined && typeof options.request !== 'function') {
    return new RealtimeError('protocol', 'Invalid option request: expected a function')
  }
  return (
    checkNumberOption('minIntervalMs', options.minIntervalMs, 0) ??
    checkNumberOption('timeoutMs', options.timeoutMs, 1) ??
    checkNumberOption('maxResponseBytes', options.maxResponseBytes, 1)
  )
}

function connectLongPoll(
  context: TransportContext,
  options: LongPollTransportOptions,
  optionError: RealtimeError | undefined,
): Transport {
  const { sink, clock } = context
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const minIntervalMs = options.minIntervalMs ?? 0
  let controller: AbortController | undefined
  let stopTimer = (): void => undefined
  let stopOpenTimer = (): void => undefined

  const release = (): void => {
    stopTimer()
    stopOpenTimer()
    controller?.abort()
  }

  const life = httpLifecycle(sink, release)
  const { end, fail } = life

  // When the transport ends during the wait, the timer is cleared and this never
  // settles; nothing refers to it any more, so it is simply collected.
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      stopTimer = startTimer(clock, ms, resolve)
    })

  /** One request with its timeout; resolves to `undefined` when the transport ended meanwhile. */
  const poll = async (request: (signal: AbortSignal) => Promise<PollOutcome>): Promise<PollOutcome | undefined> => {
    const requestController = new AbortController()
    controller = requestController
    stopTimer = startTimer(clock, timeoutMs, () => {
      fail(new RealtimeError('timeout', `The poll request got no answer within ${timeoutMs} ms`))
    })
    // The timeout ends the transport at once, without waiting for a request that
    // may not follow its signal.
    const settled = await Promise.race([
      request(requestController.signal).then(
        (outcome) => outcome,
        (cause: unknown) => (cause instanceof PollFailure ? cause : new PollFailure(failureInfo(asError(cause)))),
      ),
      new Promise<undefined>((resolve) => requestController.signal.addEventListener('abort', () => resolve(undefined))),
    ])
    stopTimer()
    if (life.ended || settled === undefined) return undefined
    if (settled instanceof PollFailure) {
      end(settled.info, settled.hints)
      return undefined
    }
    return settled
  }

  const run = async (): Promise<void> => {
    if (optionError !== undefined) return fail(optionError)
    const request =
      options.request === undefined ? prepareWireRequest(context, options, clock) : wrapCustomRequest(options.request)
    if (request instanceof RealtimeError) return fail(request)

    let cursor = context.resumeFrom
    let opened = false
    const open = (): void => {
      if (opened || life.ended) return
      opened = true
      stopOpenTimer()
      sink.open()
    }
    // A held poll after an outage is a live connection: do not wait for its answer to say so.
    stopOpenTimer = startTimer(clock, HELD_POLL_MS, open)

    let lastStart: number | undefined
    let instantEmptyStreak = 0
    while (!life.ended) {
      if (lastStart !== undefined) {
        // Always through a timer, even for 0 ms: a server or request() that answers at once
        // must not keep the page on microtasks.
        const sinceStart = clock.now() - lastStart
        await wait(Math.max(0, minIntervalMs - sinceStart, emptyAnswerWait(instantEmptyStreak)))
        if (life.ended) return
      }
      const startedAt = clock.now()
      lastStart = startedAt
      const requestCursor = cursor
      const outcome = await poll((signal) => request(requestCursor, signal))
      if (outcome === undefined) return
      open()
      if (life.ended) return

      const empty = outcome === 'nothing-new' || outcome.messages.length === 0
      instantEmptyStreak = empty && clock.now() - startedAt < HELD_POLL_MS ? instantEmptyStreak + 1 : 0
      if (outcome === 'nothing-new') continue
      const responseCursor = outcome.cursor ?? cursor
      for (const message of outcome.messages) {
        if (responseCursor === undefined) sink.message(message)
        else sink.message(message, { cursor: responseCursor })
        if (life.ended) return
      }
      if (responseCursor !== cursor && responseCursor !== undefined) {
        cursor = responseCursor
        sink.resumeFrom(cursor)
      }
    }
  }

  return life.start(run, 'long-poll')
}

type Request = (cursor: string | undefined, signal: AbortSignal) => Promise<PollOutcome>

function wrapCustomRequest(custom: LongPollRequest): Request {
  return async (cursor, signal) => {
    const result: unknown = await custom(cursor, signal)
    return checkResult(result, 'The long-poll request function returned')
  }
}

/** The default wire format: `GET url?cursor=…`, JSON back. */
function prepareWireRequest(
  context: TransportContext,
  options: LongPollTransportOptions,
  clock: Clock,
): Request | RealtimeError {
  const url = resolveHttpUrl(context.url)
  if (url instanceof RealtimeError) return url
  const fetchImplementation = lookUpFetch(options.fetch)
  if (fetchImplementation instanceof RealtimeError) return fetchImplementation
  const headers = buildHeaders({ Accept: 'application/json' }, options.headers)
  if (headers instanceof RealtimeError) return headers
  const cursorParam = options.cursorParam ?? 'cursor'
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES

  return async (cursor, signal) => {
    const target = cursor === undefined ? url.href : withQueryParam(url, cursorParam, cursor)
    const init: RequestInit = { method: 'GET', headers, cache: 'no-store', signal }
    if (options.credentials !== undefined) init.credentials = options.credentials

    let response: Response
    try {
      response = await fetchImplementation(target, init)
    } catch (cause) {
      throw networkError(`The poll request to ${target} failed`, cause)
    }
    if (response.status === 204) {
      discardBody(response)
      return 'nothing-new'
    }
    if (!response.ok) {
      discardBody(response)
      throw new PollFailure(failureInfo(httpError(response, 'The poll request')), retryHints(response, clock.now()))
    }
    const text = await readBoundedText(response, maxResponseBytes, 'The poll response')
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch (cause) {
      throw new RealtimeError('protocol', `The poll response is not JSON: ${describe(cause)}`, {
        cause,
        status: response.status,
      })
    }
    return checkResult(body, 'The poll response is', response.status)
  }
}

/** Accepts `{ messages: [...], cursor?: string }` (a `null` cursor counts as absent). */
function checkResult(value: unknown, what: string, status?: number): LongPollResult {
  const invalid = (problem: string): RealtimeError =>
    new RealtimeError('protocol', `${what} not in the long-poll format: ${problem}`, status === undefined ? {} : { status })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('expected an object { messages: [...], cursor?: string }')
  }
  const { messages, cursor } = value as { messages?: unknown; cursor?: unknown }
  if (!Array.isArray(messages)) throw invalid('"messages" must be an array')
  if (cursor === undefined || cursor === null) return { messages }
  if (typeof cursor !== 'string') throw invalid('"cursor" must be a string')
  return { messages, cursor }
}

/** A value a custom request threw, as the error that ends the connection. */
function asError(cause: unknown): RealtimeError {
  return cause instanceof RealtimeError ? cause : networkError('The long-poll request function failed', cause)
}
