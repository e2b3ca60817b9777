import { ignore } from '../guard'
import { startTimer } from '../timers'
import { RealtimeError } from '../types'
import type { Transport, TransportContext, TransportFactory } from '../types'
import { asNetworkError, checkNumberOption, prepareRequest, type RequestOptions } from './http'
import { transportLifecycle } from './lifecycle'
import { checkResult, wireRequest } from './long-poll-wire'

/** What one poll yields: the new messages, oldest first, and where to continue. */
export interface LongPollResult {
  messages: readonly unknown[]
  /** Absent: the cursor stays as it was. */
  cursor?: string | undefined
}

/** Replaces the wire format: fetch what came after `cursor`; honour `signal`. */
export type LongPollRequest = (cursor: string | undefined, signal: AbortSignal) => Promise<LongPollResult>

export interface LongPollTransportOptions extends Pick<RequestOptions, 'fetch' | 'credentials'> {
  /** Extra request headers; they override ours (`Accept`). */
  headers?: HeadersInit
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

/** How one poll went, when it did not end the connection (a failure is thrown). */
export type PollOutcome = LongPollResult | 'nothing-new'

export type PollRequest = (cursor: string | undefined, signal: AbortSignal) => Promise<PollOutcome>

/**
 * Long polling: one chain of requests per call of the returned factory; the first
 * failure ends it (retrying is the machine's job). Default wire format: `GET url`
 * (`?cursor=…` once a cursor is known) answered by `200 {"messages": [...],
 * "cursor": "..."}` or `204` (nothing new).
 */
export function createLongPollTransport(options: LongPollTransportOptions = {}): TransportFactory {
  return (context) => connectLongPoll(context, options)
}

/** Throws the RealtimeError that explains a bad option. */
function checkOptions(options: LongPollTransportOptions): void {
  const { cursorParam, request } = options
  if (cursorParam !== undefined && (typeof cursorParam !== 'string' || cursorParam === '')) {
    throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? 'Invalid option cursorParam: expected a non-empty string' : 'Invalid cursorParam')
  }
  if (request !== undefined && typeof request !== 'function') {
    throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? 'Invalid option request: expected a function' : 'Invalid request')
  }
  checkNumberOption('minIntervalMs', options.minIntervalMs, 0)
  checkNumberOption('timeoutMs', options.timeoutMs, 1)
  checkNumberOption('maxResponseBytes', options.maxResponseBytes, 1)
}

function connectLongPoll(context: TransportContext, options: LongPollTransportOptions): Transport {
  const { sink, clock } = context
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const minIntervalMs = options.minIntervalMs ?? 0
  let controller: AbortController | undefined
  let stopTimer = ignore
  let stopOpenTimer = ignore

  const release = (): void => {
    stopTimer()
    stopOpenTimer()
    controller?.abort()
  }

  const life = transportLifecycle(sink, release)
  const { fail } = life

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
      fail(new RealtimeError('timeout', process.env.NODE_ENV !== 'production' ? `The poll request got no answer within ${timeoutMs} ms` : 'Poll timeout'))
    })
    // The timeout ends the transport at once, without waiting for a request that
    // may not follow its signal. A failure is thrown on, to end the transport.
    const settled = await Promise.race([
      request(requestController.signal),
      new Promise<undefined>((resolve) => requestController.signal.addEventListener('abort', () => resolve(undefined))),
    ]).finally(() => stopTimer())
    return life.ended ? undefined : settled
  }

  const run = async (): Promise<void> => {
    checkOptions(options)
    const request: PollRequest =
      options.request === undefined
        ? wireRequest(prepareRequest(context.url, 'application/json', options, 'The poll request', () => clock.now()), options)
        : customRequest(options.request)

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

  life.run(run, 'long-poll')
  return life
}

/** A custom `request`: its answer is checked like a response body; what it throws ends the attempt. */
function customRequest(custom: LongPollRequest): PollRequest {
  return async (cursor, signal) => {
    let result: unknown
    try {
      result = await custom(cursor, signal)
    } catch (cause) {
      throw asNetworkError(cause, process.env.NODE_ENV !== 'production' ? 'The long-poll request function failed' : 'Request failed')
    }
    return checkResult(result, 'The long-poll request function returned')
  }
}
