import { describe } from '../describe'
import { reportUserError } from '../guard'
import { RealtimeError } from '../types'
import type { CloseHints, CloseInfo, Transport, TransportSink } from '../types'

/** Retry hints travel with the error that ends a transport (set where the response is read). */
const hintsOf = new WeakMap<RealtimeError, CloseHints>()

export function withHints(error: RealtimeError, hints: CloseHints | undefined): RealtimeError {
  if (hints) hintsOf.set(error, hints)
  return error
}

/** How an error ends the connection: not cleanly, with its HTTP status if it has one. */
function failureInfo(error: RealtimeError): CloseInfo {
  return error.status === undefined ? { wasClean: false, error } : { wasClean: false, status: error.status, error }
}

/**
 * How every transport ends: once, after letting go of what it holds. Failures are
 * thrown as `RealtimeError`s and end up in `fail`; nothing is reported after the end.
 */
export interface Lifecycle extends Transport {
  /** True once the transport has ended, closed by its user or by itself. */
  readonly ended: boolean
  /** Releases and reports the close to the sink, the first time only. */
  end(info: CloseInfo, hints?: CloseHints): void
  /** Ends with `error` (and the retry hints that travel with it). */
  fail(error: RealtimeError): void
  /**
   * Runs `body` on a later microtask, so that the caller has stored the Transport first.
   * A `RealtimeError` it throws ends the transport; anything else is a bug of the
   * transport, reported as a protocol error.
   */
  run(body: () => void | Promise<void>, name: string): void
  /** Ends at the client's request: releases, reports nothing. */
  close(): void
}

export function transportLifecycle(sink: TransportSink, release: () => void): Lifecycle {
  // Ends once: the first `end` or `close` sets `ended` and releases; a data property, not a
  // getter, because transports read it for every event they parse.
  const stop = (): boolean => {
    if (life.ended) return false
    life.ended = true
    release()
    return true
  }
  const end = (info: CloseInfo, hints?: CloseHints): void => {
    if (!stop()) return
    // A throwing listener behind the sink must not escape into a socket or timer callback.
    try {
      sink.close(info, hints)
    } catch (error) {
      reportUserError(error)
    }
  }
  const fail = (error: RealtimeError): void => end(failureInfo(error), hintsOf.get(error))
  const life = {
    ended: false,
    end,
    fail,
    run(body: () => void | Promise<void>, name: string): void {
      queueMicrotask(async () => {
        if (life.ended) return
        try {
          await body()
        } catch (cause) {
          fail(
            cause instanceof RealtimeError
              ? cause
              : new RealtimeError(
                  'protocol',
                  `${process.env.NODE_ENV !== 'production' ? `The ${name} transport failed: ` : ''}${describe(cause)}`,
                  { cause },
                ),
          )
        }
      })
    },
    close(): void {
      stop()
    },
  }
  return life
}
