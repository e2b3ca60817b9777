import { describe } from './describe'
import type { ConnectionEvents } from './connection-types'
import { reportUserError } from './guard'
import type { MachineEvent } from './machine-types'
import type { ListenerList } from './store'
import { startTimer } from './timers'
import {
  RealtimeError,
  type Clock,
  type MessageMeta,
  type Transport,
  type TransportFactory,
  type TransportSink,
  type UrlSource,
} from './types'

export interface AttemptConfig {
  url: UrlSource
  transport: TransportFactory
  urlTimeoutMs?: number | undefined
}

export interface AttemptContext {
  clock: Clock
  sink: TransportSink
  resumeFrom: string | undefined
  /** False once the attempt was replaced or ended: its url then goes unused. */
  current(): boolean
  /** Hands over the stop function of the url function's deadline, for a disconnect to call. */
  holdDeadline(stop: () => void): void
  /** Takes the transport as soon as it exists. */
  adopt(transport: Transport): void
}

/**
 * One attempt: reads the url (a function's promise bounded by `urlTimeoutMs`) and
 * creates the transport. Whatever goes wrong before the transport runs is a failed
 * attempt reported through `sink.close`, never a stuck `connecting`.
 */
export async function runAttempt(config: AttemptConfig, context: AttemptContext): Promise<void> {
  const { sink } = context
  const fail = (kind: 'network' | 'protocol' | 'timeout', message: string, cause?: unknown): void =>
    sink.close({ wasClean: false, error: new RealtimeError(kind, message, cause === undefined ? {} : { cause }) })
  const { url: source, urlTimeoutMs } = config
  let url: unknown = source
  if (typeof source !== 'string') {
    // Without `urlTimeoutMs` none is needed: the machine's connect timeout bounds the url function.
    const stopDeadline = startTimer(context.clock, urlTimeoutMs !== undefined && Number.isFinite(urlTimeoutMs) ? urlTimeoutMs : Infinity, () =>
      fail('timeout', process.env.NODE_ENV !== 'production' ? `The url function did not settle within ${urlTimeoutMs} ms` : 'url timeout'),
    )
    context.holdDeadline(stopDeadline)
    try {
      url = await source()
    } catch (cause) {
      if (!context.current()) return
      stopDeadline()
      return fail('network', process.env.NODE_ENV !== 'production' ? `The url function failed: ${describe(cause)}` : 'url failed', cause)
    }
    if (!context.current()) return
    stopDeadline()
  }
  if (typeof url !== 'string') {
    return fail('protocol', process.env.NODE_ENV !== 'production' ? `The url function returned ${typeof url}, not a string` : 'bad url')
  }
  try {
    context.adopt(config.transport({ url, clock: context.clock, resumeFrom: context.resumeFrom, sink }))
  } catch (cause) {
    if (cause instanceof RealtimeError) return sink.close({ wasClean: false, error: cause })
    fail('network', process.env.NODE_ENV !== 'production' ? 'Could not create the transport' : 'no transport', cause)
  }
}

/** What an attempt's sink needs of its connection. */
export interface AttemptHost {
  readonly clock: Clock
  readonly listeners: ListenerList<ConnectionEvents>
  /** False once the attempt was replaced or ended: its reports are then ignored. */
  current(): boolean
  /** Feeds the machine. */
  dispatch(event: MachineEvent): void
  /** The resume position moved. */
  moveTo(position: string): void
  /** The transport ended on its own: it is no longer current. */
  ended(): void
}

/** How one attempt's transport reports to its connection. */
export function attemptSink(host: AttemptHost): TransportSink {
  const { current } = host
  const dispatch = (event: MachineEvent): void => {
    if (current()) host.dispatch(event)
  }
  return {
    open: () => dispatch({ type: 'opened' }),
    message: (data, meta) => {
      if (!current()) return
      // A transport that stamps `receivedAt` itself (SSE, per chunk) hands its object over
      // uncopied: this runs per message. Others' objects are copied, never written to.
      const full = (meta?.receivedAt === undefined ? { ...meta, receivedAt: host.clock.now() } : meta) as MessageMeta
      for (const listener of host.listeners.current) {
        if (listener.message === undefined) continue
        try {
          listener.message(data, full)
        } catch (error) {
          reportUserError(error)
        }
      }
    },
    error: (error) => dispatch({ type: 'transportError', error }),
    resumeFrom: (position) => {
      if (current()) host.moveTo(position)
    },
    retryDelay: (ms) => dispatch({ type: 'serverRetry', ms }),
    close: (info, hints) => {
      if (!current()) return
      host.ended()
      host.dispatch({ type: 'closed', info, retryAfterMs: hints?.retryAfterMs })
    },
  }
}
