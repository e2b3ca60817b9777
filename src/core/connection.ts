import { resolveReconnectOptions } from './backoff'
import { systemClock } from './clock'
import { attemptSink, runAttempt, type AttemptContext } from './connection-attempt'
import { browserEnvironment, watchEnvironment } from './environment'
import { callSafely, ignore } from './guard'
import { initialState, isAtRest, transition, type Effect, type MachineConfig, type MachineEvent, type MachineState } from './machine'
import { sameSnapshot } from './same-snapshot'
import { createListenerList, createStore, type Store } from './store'
import { startTimer } from './timers'
import type { ConnectionConfig, ConnectionEvents, ConnectionSnapshot } from './connection-types'
import { RealtimeError, type Clock, type CloseInfo, type Transport, type WireData } from './types'

export type * from './connection-types'

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
  #state: MachineState
  #resumeFrom: string | undefined
  readonly #store: Store<ConnectionSnapshot>
  /** Tags each attempt so late reports from a replaced transport are ignored. */
  #generation = 0
  #transport: Transport | undefined
  /** Stops the machine's timer: it runs at most one at a time (connect timeout, stable or retry). */
  #stopMachineTimer = ignore
  /** Stops the attempt about to start, or its url function's deadline. */
  #stopPendingAttempt = ignore
  readonly #queue: WireData[] = []
  readonly #listeners = createListenerList<ConnectionEvents>()
  #detachEnvironment: (() => void) | undefined
  readonly #pendingEvents: MachineEvent[] = []
  #dispatching = false

  constructor(config: ConnectionConfig) {
    this.#config = config
    this.#clock = config.clock ?? systemClock
    this.#machineConfig = {
      reconnect: config.reconnect !== false && resolveReconnectOptions(config.reconnect),
      connectTimeoutMs: config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      pauseWhenHidden: config.pauseWhenHidden ?? false,
    }
    this.#state = initialState({ online: true, visible: true })
    this.#store = createStore(this.#toSnapshot(), sameSnapshot)
  }

  getSnapshot = (): ConnectionSnapshot => this.#store.getSnapshot()

  /** Listens for snapshot changes; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener)

  /** Listens for messages and open/close/error events; returns the unsubscribe function. */
  listen(events: ConnectionEvents): () => void {
    return this.#listeners.add(events)
  }

  /** Starts connecting (from `idle`). The socket is opened on a later task, never synchronously. */
  start(): void {
    this.#dispatch({ type: 'start' }, true)
  }

  /** Back to `idle`, as when `enabled` turns false: nothing left running. */
  stop(): void {
    this.#dispatch({ type: 'stop' })
  }

  close(): void {
    this.#dispatch({ type: 'close' })
  }

  reconnect(): void {
    this.#dispatch({ type: 'reconnect' }, true)
  }

  /**
   * Sends now when open; queues while connecting, reconnecting or offline (up to
   * `queueLimit`); returns false when the message was dropped.
   */
  send(data: WireData): boolean {
    const transport = this.#transport
    if (this.#state.status === 'open') return transport?.send ? this.#sendNow(transport, data) : false
    if (isAtRest(this.#state) || this.#queue.length >= (this.#config.queueLimit ?? DEFAULT_QUEUE_LIMIT)) return false
    this.#queue.push(data)
    return true
  }

  /** `readEnvironment`: while nothing listens to the environment, the machine's copy of it may be stale. */
  #dispatch(event: MachineEvent, readEnvironment?: boolean): void {
    if (readEnvironment && !this.#detachEnvironment) {
      const { online, visible } = this.#config.environment ?? browserEnvironment
      this.#state = { ...this.#state, online: online.get(), visible: visible.get() }
    }
    this.#pendingEvents.push(event)
    // Callbacks run by an effect may call close() or reconnect(): finish this event first.
    if (this.#dispatching) return
    this.#dispatching = true
    try {
      let next: MachineEvent | undefined
      while ((next = this.#pendingEvents.shift())) {
        // Settles a resume position not read yet, so a callback run by this event sees the
        // snapshot of before the event, as it does without one.
        this.#store.getSnapshot()
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
      case 'connect': {
        this.#disconnect()
        const generation = this.#generation
        // A later task, so React StrictMode's mount → unmount → mount opens exactly one socket.
        this.#stopPendingAttempt = startTimer(this.#clock, 0, () => void runAttempt(this.#config, this.#attemptContext(generation)))
        return
      }
      case 'disconnect':
        return this.#disconnect()
      case 'startTimer':
        this.#stopMachineTimer()
        this.#stopMachineTimer = startTimer(this.#clock, effect.ms, () => this.#dispatch({ type: effect.timer }))
        return
      case 'cancelTimers':
        return this.#stopMachineTimer()
      case 'emitOpen': {
        const transport = this.#transport
        if (transport?.send) for (const data of this.#queue.splice(0)) this.#sendNow(transport, data)
        return this.#emit('open')
      }
      case 'emitClose':
        return this.#emit('close', effect.info)
      case 'emitError':
        return this.#emit('error', effect.error)
    }
  }

  #attemptContext(generation: number): AttemptContext {
    const current = (): boolean => generation === this.#generation
    let reportedClose = false
    return {
      clock: this.#clock,
      resumeFrom: this.#resumeFrom,
      current,
      holdDeadline: (stop) => {
        if (current()) this.#stopPendingAttempt = stop
      },
      sink: attemptSink({
        clock: this.#clock,
        listeners: this.#listeners,
        current,
        dispatch: (event) => this.#dispatch(event),
        moveTo: (position) => {
          if (position === this.#resumeFrom) return
          this.#resumeFrom = position
          this.#store.invalidate(this.#toSnapshot)
        },
        ended: () => {
          reportedClose = true
          this.#generation++
          this.#transport = undefined
        },
      }),
      adopt: (transport) => {
        // Replaced while being created (a listener closed the connection): close it, keep
        // none. One that reported its own close has ended already.
        if (current()) this.#transport = transport
        else if (!reportedClose) transport.close()
      },
    }
  }

  /** Ends the current transport (or the attempt about to start); it reports nothing afterwards. */
  #disconnect(): void {
    this.#generation++
    this.#stopPendingAttempt()
    const transport = this.#transport
    this.#transport = undefined
    transport?.close()
  }

  /** A transport throws when its socket is no longer writable: the message is dropped, not lost silently. */
  #sendNow(transport: Transport, data: WireData): boolean {
    try {
      transport.send?.(data)
      return true
    } catch (cause) {
      this.#emit('error', cause instanceof RealtimeError ? cause : new RealtimeError('network', 'Could not send', { cause }))
      return false
    }
  }

  /** A listener that throws is reported and skipped: the others still hear the event, and the effect that emitted it still runs. */
  #emit(event: 'open'): void
  #emit(event: 'close', info: CloseInfo): void
  #emit(event: 'error', error: RealtimeError): void
  #emit(event: 'open' | 'close' | 'error', value?: CloseInfo | RealtimeError): void {
    for (const listener of this.#listeners.current) {
      const handler = listener[event] as ((value: unknown) => void) | undefined
      // Called as a method, as `message` is: a listener object may use `this`.
      if (handler) callSafely(() => handler.call(listener, value))
    }
  }

  /** Environment listeners exist only while the connection is active. */
  #syncEnvironment(): void {
    const { status, paused } = this.#state
    if (status === 'closed' || status === 'failed' || (status === 'idle' && !paused)) {
      this.#detachEnvironment?.()
      this.#detachEnvironment = undefined
      // Whatever was queued will not be sent: stopped, closed or failed (a pause keeps it).
      this.#queue.length = 0
      return
    }
    this.#detachEnvironment ??= watchEnvironment(this.#config.environment ?? browserEnvironment, this.#state, (type) =>
      this.#dispatch({ type }),
    )
  }

  readonly #toSnapshot = (): ConnectionSnapshot => {
    const { status, attempt, error, nextRetryAt } = this.#state
    return { status, attempt, error, nextRetryAt, resumeFrom: this.#resumeFrom }
  }

  #publish(): void {
    this.#store.set(this.#toSnapshot())
  }
}
