import { isCleanEnd, shouldRetry } from '../retry-policy'
import { RealtimeError, type CloseInfo, type ReconnectOptions, type TransportFactory, type TransportSink } from '../types'
import { transportLifecycle } from '../transports/lifecycle'
import { callSafely, ignore } from '../guard'
import { createStore } from '../store'
import { openAttempt, type AttemptHost, type FallbackAttempt } from './attempt'
import { defaultEpochOf } from './position'
import { resolveFallback, type ResolvedFallback } from './resolve'
import type { FallbackConfig, FallbackSnapshot, TransportName } from './types'

/**
 * Falls back from one transport to the next (WebSocket → SSE → long-poll by
 * default) on ONE Connection: `transport` is the Connection's transport factory
 * and `reconnectOptions()` its reconnect options, so there is one machine and one
 * status whatever the transport. Each attempt runs on the current transport;
 * after `fallbackAfter` consecutive failed attempts on it (at once for a close
 * the retry rules would not retry) the next attempt runs on the next one. The
 * stream position travels through the Connection's resume position: SSE last
 * event ID, long-poll cursor and the WebSocket's `?cursor=` are one and the same.
 */
export class TransportFallback {
  readonly #config: () => FallbackConfig
  #settings: ResolvedFallback | RealtimeError | undefined
  /** False until the first attempt of a run (after `restart()`, or ever). */
  #running = false
  #index = 0
  /** Consecutive failed attempts on the current transport. */
  #failures = 0
  #lastEnd: { name: TransportName; proven: boolean } | undefined
  #attempt: FallbackAttempt | undefined
  #position: string | undefined
  /** The epoch of the last position seen, to tell a restarted stream. */
  #epoch: string | undefined
  readonly #store = createStore<FallbackSnapshot>({ transport: undefined }, (next, previous) => next.transport === previous.transport)

  constructor(config: FallbackConfig | (() => FallbackConfig)) {
    this.#config = typeof config === 'function' ? config : () => config
  }

  getSnapshot = (): FallbackSnapshot => this.#store.getSnapshot()

  subscribe = (listener: () => void): (() => void) => {
    return this.#store.subscribe(listener)
  }

  /** The next attempt starts a new run: from the remembered (or the preferred) transport, no failures counted. */
  restart(): void {
    this.#running = false
  }

  /** Where a WebSocket message sits in the stream (see `positionOf`); ignored for any other message. */
  notePosition(position: string | undefined): void {
    if (position !== undefined && position !== '') this.#attempt?.notePosition(position)
  }

  /** The Connection's transport factory: one attempt on the current transport. */
  readonly transport: TransportFactory = (context) => {
    const config = this.#config()
    if (!this.#running) this.#begin(config)
    this.#position = context.resumeFrom
    const settings = this.#settings
    const name = settings instanceof RealtimeError ? undefined : settings?.order[this.#index]
    if (settings === undefined || settings instanceof RealtimeError || name === undefined) {
      return failedAttempt(context.sink, settings instanceof RealtimeError ? settings : new RealtimeError('protocol', 'No transport to try'))
    }
    const attempt = openAttempt(name, settings, config, context, this.#host(config, settings))
    this.#attempt = attempt
    return attempt
  }

  /**
   * The Connection's reconnect options: the user's, with a `shouldReconnect` that
   * moves to the next transport when the current one has failed often enough (or
   * for good), and retries the same one otherwise. `failed` comes only when the
   * last transport fails for good, or when `maxAttempts` (counted over all
   * transports) is used up. `false` still tries each transport once.
   */
  reconnectOptions(user: false | ReconnectOptions | undefined): ReconnectOptions {
    if (user === false) {
      return { shouldReconnect: (info) => this.#decide(info, false), maxAttempts: Number.MAX_SAFE_INTEGER }
    }
    const userDecides = user?.shouldReconnect
    return {
      ...user,
      shouldReconnect: (info) => this.#decide(info, shouldRetry(userDecides, info)),
    }
  }

  #decide(info: CloseInfo, retry: boolean): boolean {
    const settings = this.#settings
    if (settings === undefined || settings instanceof RealtimeError) return false
    const last = this.#lastEnd
    this.#lastEnd = undefined
    this.#failures = last?.proven === true ? 0 : this.#failures + 1
    // A clean end the retry rules do not retry is the server saying "stop", not a broken transport.
    if (!retry && isCleanEnd(info)) return false
    const hasNext = this.#index < settings.order.length - 1
    if (!retry || (this.#failures >= settings.fallbackAfter && hasNext)) {
      if (!hasNext) return false
      this.#moveTo(this.#index + 1)
    }
    return true
  }

  #begin(config: FallbackConfig): void {
    this.#running = true
    this.#settings = resolveFallback(config)
    this.#failures = 0
    this.#lastEnd = undefined
    this.#epoch = undefined
    this.#index = 0
    const settings = this.#settings
    if (settings instanceof RealtimeError) return
    const remembered = config.memory?.read()
    const at = settings.order.findIndex((name) => name === remembered)
    if (at !== -1) this.#index = at
  }

  #moveTo(index: number): void {
    this.#index = index
    this.#failures = 0
  }

  #host(config: FallbackConfig, settings: ResolvedFallback): AttemptHost {
    const epochOf = config.epochOf ?? defaultEpochOf
    return {
      position: () => this.#position,
      advance: (position) => {
        this.#checkEpoch(position, epochOf, config)
        this.#position = position
      },
      seen: (position) => this.#checkEpoch(position, epochOf, config),
      using: (name) => {
        const index = settings.order.indexOf(name)
        if (index !== this.#index) this.#moveTo(index)
        this.#store.set({ transport: name })
      },
      proven: (name) => {
        this.#failures = 0
        config.memory?.write(name)
      },
      ended: (name, proven) => {
        this.#lastEnd = { name, proven }
      },
    }
  }

  #checkEpoch(position: string, epochOf: (position: string) => string | undefined, config: FallbackConfig): void {
    const epoch = callSafely(epochOf, position)
    if (epoch === undefined) return
    const previous = this.#epoch ?? (this.#position === undefined ? undefined : safeEpoch(epochOf, this.#position))
    this.#epoch = epoch
    if (previous === undefined || previous === epoch) return
    callSafely(() => config.onReset?.({ from: this.#position ?? '', to: position }))
  }
}

function safeEpoch(epochOf: (position: string) => string | undefined, position: string): string | undefined {
  try {
    return epochOf(position)
  } catch {
    return undefined
  }
}

/** An attempt that cannot start (bad options): it fails at once, on a later microtask, like a transport would. */
function failedAttempt(sink: TransportSink, error: RealtimeError): FallbackAttempt {
  const life = transportLifecycle(sink, ignore)
  life.run(() => {
    throw error
  }, 'fallback')
  return {
    send: () => {
      throw error
    },
    notePosition: ignore,
    close: () => life.close(),
  }
}
