import { resolveReconnectOptions } from './backoff'
import { systemClock } from './clock'
import { browserEnvironment } from './environment'
import { callSafely } from './guard'
import { describe } from './transports/http'
import { sameSnapshot } from './same-snapshot'
import {
  initialState,
  isAtRest,
  transition,
  type Effect,
  type MachineConfig,
  type MachineEvent,
  type MachineState,
  type TimerName,
} from './machine'
import {
  RealtimeError,
  type Clock,
  type CloseInfo,
  type Environment,
  type MessageMeta,
  type RawMessage,
  type ReconnectOptions,
  type Status,
  type Transport,
  type TransportFactory,
  type TransportSink,
  type UrlSource,
  type WireData,
} from './types'

/** Connection options the hooks share. */
export interface ConnectionOptions {
  /** `false` turns reconnection off. */
  reconnect?: false | ReconnectOptions
  /**
   * Not connected in time → timeout. Default 10000. It covers a `url` function that
   * does not settle, a WebSocket not open, SSE headers not received. Long-poll passes
   * Infinity (a server may rightly hold a poll longer) with `urlTimeoutMs` set instead.
   */
  connectTimeoutMs?: number
  /**
   * How long a `url` function's promise may stay pending before the attempt is a
   * timeout, for a connection whose `connectTimeoutMs` does not bound it. Default: none.
   */
  urlTimeoutMs?: number
}

export interface ConnectionConfig extends ConnectionOptions {
  url: UrlSource
  transport: TransportFactory
  /** Disconnect while the page is hidden (SSE and long-poll). */
  pauseWhenHidden?: boolean
  /** How many messages `send` queues while not open. Default 100. */
  queueLimit?: number
  clock?: Clock
  environment?: Environment
  random?: () => number
}

/** The connection's published state; a new object whenever anything in it changes. */
export interface ConnectionSnapshot {
  readonly status: Status
  readonly attempt: number
  readonly error: RealtimeError | undefined
  readonly nextRetryAt: number | undefined
  /** SSE last event ID or long-poll cursor. */
  readonly resumeFrom: string | undefined
}

/** What a listener hears of a connection, besides snapshot changes. */
export interface ConnectionEvents {
  message?(raw: RawMessage, meta: MessageMeta): void
  open?(): void
  close?(info: CloseInfo): void
  error?(error: RealtimeError): void
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
const DEFAULT_QUEUE_LIMIT = 100

/**
 * Runs the reconnection machine: feeds it events from transports, timers and the
 * environment, carries out its effects, and publishes snapshots for React's
 * `useSyncExternalStore` (or anything else that subscribes).
 */
export class Connection {
  readonly #config: ConnectionConfig
  readonly #machineConfig: MachineConfig
  readonly #clock: Clock
  readonly #environment: Environment
  #state: MachineState
  #snapshot: ConnectionSnapshot
  #resumeFrom: string | undefined
  /** Tags each attempt so late reports from a replaced transport are ignored. */
  #generation = 0
  #transport: Transport | undefined
  /** The machine's timers, and `connect`: the attempt about to start. */
  readonly #timers = new Map<TimerName | 'connect' | 'url', unknown>()
  readonly #queue: WireData[] = []
  readonly #stateListeners = new Set<() => void>()
  readonly #eventListeners = new Set<ConnectionEvents>()
  #detachEnvironment: (() => void) | undefined
  readonly #pendingEvents: MachineEvent[] = []
  #dispatching = false

  constructor(config: ConnectionConfig) {
    this.#config = config
    this.#clock = config.clock ?? systemClock
    this.#environment = config.environment ?? browserEnvironment
    this.#machineConfig = {
      reconnect: config.reconnect === false ? false : resolveReconnectOptions(config.reconnect),
      connectTimeoutMs: config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      pauseWhenHidden: config.pauseWhenHidden ?? false,
    }
    this.#state = initialState({ online: true, visible: true })
    this.#snapshot = this.#toSnapshot()
  }

  getSnapshot = (): ConnectionSnapshot => this.#snapshot

  /** Listens for snapshot changes; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.#stateListeners.add(listener)
    return () => this.#stateListeners.delete(listener)
  }

  /** Listens for messages and open/close/error events; returns the unsubscribe function. */
  listen(events: ConnectionEvents): () => void {
    this.#eventListeners.add(events)
    return () => this.#eventListeners.delete(events)
  }

  /** Starts connecting (from `idle`). The socket is opened on a later task, never synchronously. */
  start(): void {
    this.#readEnvironmentAtRest()
    this.#dispatch({ type: 'start' })
  }

  /** Back to `idle`, as when `enabled` turns false: nothing left running. */
  stop(): void {
    this.#dispatch({ type: 'stop' })
  }

  close(): void {
    this.#dispatch({ type: 'close' })
  }

  reconnect(): void {
    this.#readEnvironmentAtRest()
    this.#dispatch({ type: 'reconnect' })
  }

  /** Points the connection at another URL: the old connection closes and a new one opens. */
  changeUrl(url: UrlSource): void {
    this.#config.url = url
    this.#resumeFrom = undefined
    this.#dispatch({ type: 'urlChanged' })
  }

  /**
   * Sends now when open; queues while connecting, reconnecting or offline (up to
   * `queueLimit`); returns false when the message was dropped.
   */
  send(data: WireData): boolean {
    const { status } = this.#state
    if (status === 'open' && this.#transport?.send) return this.#sendNow(this.#transport, data)
    // Queued while connecting, reconnecting or offline.
    const queueable = status !== 'open' && !isAtRest(this.#state)
    if (!queueable || this.#queue.length >= (this.#config.queueLimit ?? DEFAULT_QUEUE_LIMIT)) return false
    this.#queue.push(data)
    return true
  }

  #dispatch(event: MachineEvent): void {
    this.#pendingEvents.push(event)
    // Callbacks run by an effect may call close() or reconnect(): finish this event first.
    if (this.#dispatching) return
    this.#dispatching = true
    try {
      let next: MachineEvent | undefined
      while ((next = this.#pendingEvents.shift())) {
        const result = transition(this.#state, next, {
          config: this.#machineConfig,
          now: this.#clock.now(),
          random: this.#config.random ?? Math.random,
        })
        this.#state = result.state
        for (const effect of result.effects) this.#run(effect)
        this.#syncEnvironment()
        this.#publish()
      }
    } finally {
      this.#dispatching = false
    }
  }

  #run(effect: Effect): void {
    switch (effect.type) {
      case 'connect':
        return this.#connect()
      case 'disconnect':
        return this.#disconnect()
      case 'startTimer':
        return this.#startTimer(effect.timer, effect.ms, () => this.#dispatch({ type: TIMER_EVENTS[effect.timer] }))
      case 'cancelTimer':
        return this.#cancelTimer(effect.timer)
      case 'emitOpen':
        this.#flushQueue()
        return this.#emit('open')
      case 'emitClose':
        return this.#emit('close', effect.info)
      case 'emitError':
        return this.#emit('error', effect.error)
    }
  }

  #connect(): void {
    this.#disconnect()
    const generation = this.#generation
    // A later task, so React StrictMode's mount → unmount → mount opens exactly one socket.
    this.#startTimer('connect', 0, () => void this.#openTransport(generation))
  }

  async #openTransport(generation: number): Promise<void> {
    const sink = this.#sinkFor(generation)
    // Whatever goes wrong before the transport runs is a failed attempt, never a stuck `connecting`.
    const fail = (kind: 'network' | 'protocol' | 'timeout', message: string, cause?: unknown): void =>
      sink.close({ wasClean: false, error: new RealtimeError(kind, message, cause === undefined ? {} : { cause }) })
    let url: unknown
    const { urlTimeoutMs } = this.#config
    if (typeof this.#config.url !== 'string' && urlTimeoutMs !== undefined && Number.isFinite(urlTimeoutMs)) {
      this.#startTimer('url', urlTimeoutMs, () => fail('timeout', `The url function did not settle within ${urlTimeoutMs} ms`))
    }
    try {
      url = typeof this.#config.url === 'string' ? this.#config.url : await this.#config.url()
    } catch (cause) {
      this.#cancelTimer('url')
      return fail('network', `The url function failed: ${describe(cause)}`, cause)
    }
    if (generation !== this.#generation) return
    this.#cancelTimer('url')
    if (typeof url !== 'string') return fail('protocol', `The url function returned ${typeof url}, not a string`)
    try {
      this.#transport = this.#config.transport({ url, clock: this.#clock, resumeFrom: this.#resumeFrom, sink })
    } catch (cause) {
      if (cause instanceof RealtimeError) return sink.close({ wasClean: false, error: cause })
      fail('network', 'Could not create the transport', cause)
    }
  }

  #sinkFor(generation: number): TransportSink {
    const current = (): boolean => generation === this.#generation
    return {
      open: () => {
        if (current()) this.#dispatch({ type: 'opened' })
      },
      message: (data, meta) => {
        if (!current()) return
        const fullMeta: MessageMeta = { receivedAt: this.#clock.now(), ...meta }
        this.#emit('message', data, fullMeta)
      },
      error: (error) => {
        if (current()) this.#dispatch({ type: 'transportError', error })
      },
      resumeFrom: (token) => {
        if (!current()) return
        this.#resumeFrom = token
        this.#publish()
      },
      retryDelay: (ms) => {
        if (current()) this.#dispatch({ type: 'serverRetry', ms })
      },
      close: (info, hints) => {
        if (!current()) return
        this.#generation++
        this.#transport = undefined
        this.#dispatch({ type: 'closed', info, retryAfterMs: hints?.retryAfterMs })
      },
    }
  }

  /** Ends the current transport (or the attempt about to start); it reports nothing afterwards. */
  #disconnect(): void {
    this.#generation++
    this.#cancelTimer('connect')
    this.#cancelTimer('url')
    const transport = this.#transport
    this.#transport = undefined
    transport?.close()
  }

  #flushQueue(): void {
    const transport = this.#transport
    if (!transport?.send) return
    for (const data of this.#queue.splice(0)) this.#sendNow(transport, data)
  }

  /** A transport throws when its socket is no longer writable: the message is dropped, not lost silently. */
  #sendNow(transport: Transport, data: WireData): boolean {
    try {
      transport.send?.(data)
      return true
    } catch (cause) {
      const error = cause instanceof RealtimeError ? cause : new RealtimeError('network', 'Could not send', { cause })
      this.#emit('error', error)
      return false
    }
  }

  #startTimer(timer: TimerName | 'connect' | 'url', ms: number, callback: () => void): void {
    this.#cancelTimer(timer)
    this.#timers.set(
      timer,
      this.#clock.setTimeout(() => {
        this.#timers.delete(timer)
        callback()
      }, ms),
    )
  }

  #cancelTimer(timer: TimerName | 'connect' | 'url'): void {
    const handle = this.#timers.get(timer)
    if (handle === undefined) return
    this.#clock.clearTimeout(handle)
    this.#timers.delete(timer)
  }

  /**
   * Calls `event` on every listener (a copy of the set: a listener may unsubscribe
   * meanwhile). A listener that throws is reported and skipped: the others still hear
   * the event, and the effect that emitted it (a retry timer, say) still runs.
   */
  #emit<E extends keyof ConnectionEvents>(event: E, ...args: Parameters<NonNullable<ConnectionEvents[E]>>): void {
    for (const listener of [...this.#eventListeners]) {
      callSafely(listener[event] as ((...values: typeof args) => void) | undefined, ...args)
    }
  }

  /** Environment listeners exist only while the connection is active. */
  #syncEnvironment(): void {
    const { status, paused } = this.#state
    const atRest = status === 'closed' || status === 'failed' || (status === 'idle' && !paused)
    if (atRest) {
      this.#detachEnvironment?.()
      this.#detachEnvironment = undefined
      // Whatever was queued will not be sent: stopped, closed or failed (a pause keeps it).
      this.#queue.length = 0
      return
    }
    if (this.#detachEnvironment) return
    const { online, visible } = this.#environment
    const onOnline = (): void => this.#dispatch({ type: online.get() ? 'online' : 'offline' })
    const onVisible = (): void => this.#dispatch({ type: visible.get() ? 'visible' : 'hidden' })
    const unsubscribers = [online.subscribe(onOnline), visible.subscribe(onVisible)]
    this.#detachEnvironment = () => unsubscribers.forEach((unsubscribe) => unsubscribe())
    // Catch up with whatever changed while nothing was listening.
    if (online.get() !== this.#state.online) onOnline()
    if (visible.get() !== this.#state.visible) onVisible()
  }

  /** While nothing listens to the environment, the machine's copy of it may be stale. */
  #readEnvironmentAtRest(): void {
    if (this.#detachEnvironment) return
    this.#state = { ...this.#state, online: this.#environment.online.get(), visible: this.#environment.visible.get() }
  }

  #toSnapshot(): ConnectionSnapshot {
    const { status, attempt, error, nextRetryAt } = this.#state
    return { status, attempt, error, nextRetryAt, resumeFrom: this.#resumeFrom }
  }

  #publish(): void {
    const next = this.#toSnapshot()
    const previous = this.#snapshot
    if (sameSnapshot(next, previous)) return
    this.#snapshot = next
    for (const listener of [...this.#stateListeners]) callSafely(listener)
  }
}

const TIMER_EVENTS = {
  retry: 'retryTimer',
  stable: 'stableTimer',
  connectTimeout: 'connectTimeout',
} as const satisfies Record<TimerName, MachineEvent['type']>
