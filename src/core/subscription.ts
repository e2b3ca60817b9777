import { systemClock } from './clock'
import type { ConnectionSnapshot } from './connection'
import { decodeFailure, MessageDecoder, type MessageDecoding } from './decode-message'
import { browserEnvironment } from './environment'
import { callSafely } from './guard'
import { createPublishSchedule, type PublishSchedule, type RenderRate } from './publish-schedule'
import { RingBuffer } from './ring-buffer'
import { sameSnapshot } from './same-snapshot'
import type { Lease } from './shared-connections'
import { createStore, type Store } from './store'
import type {
  Clock,
  CloseInfo,
  Environment,
  MessageMeta,
  RawMessage,
  RealtimeError,
  Status,
  WireData,
} from './types'

export type { RenderRate } from './publish-schedule'

/** Read on every use, so they always come from the latest render. */
export type SubscriptionCallbacks<In> = SubscriptionHandlers<In> & MessageDecoding<In>

export interface SubscriptionHandlers<In> {
  onMessage?: ((message: In, meta: MessageMeta) => void) | undefined
  onOpen?: (() => void) | undefined
  onClose?: ((info: CloseInfo) => void) | undefined
  onError?: ((error: RealtimeError) => void) | undefined
}

export interface SubscriptionSnapshot<In> {
  readonly status: Status
  readonly attempt: number
  readonly error: RealtimeError | undefined
  readonly nextRetryAt: number | undefined
  readonly resumeFrom: string | undefined
  readonly lastMessage: In | undefined
  readonly messages: readonly In[]
  /** Messages delivered since the subscription started: tells a new message from an equal old one. */
  readonly received: number
}

export interface SubscriptionConfig<In> {
  callbacks: () => SubscriptionCallbacks<In>
  /** The status to show before a connection is attached: `connecting` or `idle`. */
  initialStatus: Status
  history?: number
  renderRate?: RenderRate
  clock?: Clock
  environment?: Environment
}

const NO_MESSAGES: readonly never[] = /* @__PURE__ */ Object.freeze([])

/** The most messages `history` keeps: the window is copied on every publish, so it must stay bounded. */
export const MAX_HISTORY = 10_000

function historySizeOf(history: number | undefined): number {
  const size = history ?? 0
  // NaN and negative sizes keep nothing; Infinity (or more than the bound) keeps the bound.
  return size > 0 ? Math.min(Math.floor(size), MAX_HISTORY) : 0
}

/**
 * One hook's view of a connection: it parses messages with the hook's own `parse`,
 * calls its callbacks, keeps its history, and publishes its snapshot at most once per
 * frame (or as `renderRate` says). Several subscriptions can share one connection.
 */
export class Subscription<In> {
  readonly #callbacks: () => SubscriptionCallbacks<In>
  #historySize: number
  readonly #history: RingBuffer<In>
  readonly #store: Store<SubscriptionSnapshot<In>>
  readonly #schedule: PublishSchedule
  #lease: Lease | undefined
  #unlisten: (() => void) | undefined
  #acquire: (() => Lease) | undefined
  #lastMessage: In | undefined
  #received = 0
  #error: RealtimeError | undefined
  /** The connection error last adopted, so a parse error is not overwritten by an old one. */
  #seenConnectionError: RealtimeError | undefined
  /** Shown while no connection is attached. */
  #detachedStatus: Status
  readonly #decoder = new MessageDecoder()

  constructor(config: SubscriptionConfig<In>) {
    this.#callbacks = config.callbacks
    const clock = config.clock ?? systemClock
    this.#schedule = createPublishSchedule(() => this.#publishNow(), clock, config.environment ?? browserEnvironment)
    this.#schedule.rate = config.renderRate ?? 'frame'
    this.#historySize = historySizeOf(config.history)
    this.#history = new RingBuffer(this.#historySize)
    this.#detachedStatus = config.initialStatus
    this.#store = createStore(this.#compute(), sameSnapshot)
  }

  getSnapshot = (): SubscriptionSnapshot<In> => this.#store.getSnapshot()

  subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener)

  configure(options: { history?: number; renderRate?: RenderRate }): void {
    this.#schedule.rate = options.renderRate ?? 'frame'
    const historySize = historySizeOf(options.history)
    if (historySize !== this.#historySize) {
      this.#historySize = historySize
      this.#history.resize(historySize)
      this.#schedule.request()
    }
  }

  /** Starts using a connection from `acquire` (a fresh one, or a shared one). */
  connect(acquire: () => Lease): void {
    this.#release()
    this.#acquire = acquire
    this.#lastMessage = undefined
    this.#error = undefined
    this.#history.clear()
    this.#attach(acquire)
    this.#publishNow()
  }

  /**
   * Stops using the connection (unmount, URL change, `enabled: false`). With `notify`,
   * `onClose` still hears the connection end; without (unmount), no callback runs
   * after this. With a `status`, that status is published at once.
   */
  disconnect(options: { status?: Status; graceMs?: number; notify?: boolean } = {}): void {
    this.#acquire = undefined
    this.#release(options.graceMs, options.notify)
    if (options.status === undefined) return
    this.#detachedStatus = options.status
    this.#publishNow()
  }

  /** `close()`: a shared connection is only left; an own one is closed. */
  close(): void {
    const lease = this.#lease
    if (!lease) return
    if (lease.shared) {
      this.#release(0)
      this.#detachedStatus = 'closed'
    } else {
      lease.connection.close()
    }
    this.#publishNow()
  }

  reconnect(): void {
    const attached = this.#lease
    const lease = attached ?? (this.#acquire && this.#attach(this.#acquire))
    if (!lease) return
    const { status } = lease.connection.getSnapshot()
    // An attached subscriber reconnects at once, shared or not (from `idle` the connection
    // does nothing). One that left a shared connection with close() only re-attaches to it,
    // unless it has ended.
    if (attached || !lease.shared || status === 'closed' || status === 'failed') lease.connection.reconnect()
    this.#error = undefined
    this.#publishNow()
  }

  send(data: WireData): boolean {
    return this.#lease?.connection.send(data) ?? false
  }

  #attach(acquire: () => Lease): Lease {
    const lease = acquire()
    this.#lease = lease
    const { connection } = lease
    this.#seenConnectionError = connection.getSnapshot().error
    const unsubscribeState = connection.subscribe(() => this.#schedule.request())
    const unlistenEvents = connection.listen({
      message: (raw, meta) => this.#receive(raw, meta),
      open: () => {
        // A new connection: errors of the old one (and parse errors) are over.
        this.#error = undefined
        callSafely(this.#callbacks().onOpen)
      },
      close: (info) => callSafely(this.#callbacks().onClose, info),
      error: (error) => callSafely(this.#callbacks().onError, error),
    })
    this.#unlisten = () => {
      unsubscribeState()
      unlistenEvents()
    }
    return lease
  }

  #release(graceMs?: number, notify = false): void {
    const unlisten = this.#unlisten
    this.#unlisten = undefined
    // Without `notify`, stop listening first, so that releasing the connection runs none of our callbacks.
    if (!notify) unlisten?.()
    this.#lease?.release(graceMs)
    this.#lease = undefined
    if (notify) unlisten?.()
    this.#schedule.cancel()
  }

  #receive(raw: RawMessage, meta: MessageMeta): void {
    const callbacks = this.#callbacks()
    const { onMessage, onError } = callbacks
    let message: In
    try {
      message = this.#decoder.decode<In>(raw, callbacks)
    } catch (cause) {
      const error = decodeFailure(cause)
      if (error === undefined) return
      this.#error = error
      callSafely(onError, error)
      this.#schedule.request()
      return
    }
    this.#lastMessage = message
    this.#received++
    this.#history.push(message)
    callSafely(onMessage, message, meta)
    this.#schedule.request()
  }

  #publishNow(): void {
    this.#schedule.cancel()
    if (this.#store.set(this.#compute())) this.#schedule.published()
  }

  #compute(): SubscriptionSnapshot<In> {
    const connection: ConnectionSnapshot | undefined = this.#lease?.connection.getSnapshot()
    if (connection && connection.error !== this.#seenConnectionError) {
      this.#seenConnectionError = connection.error
      this.#error = connection.error
    }
    return {
      status: connection?.status ?? this.#detachedStatus,
      attempt: connection?.attempt ?? 0,
      error: this.#error,
      nextRetryAt: connection?.nextRetryAt,
      resumeFrom: connection?.resumeFrom,
      lastMessage: this.#lastMessage,
      received: this.#received,
      messages: this.#historySize > 0 ? this.#history.toArray() : NO_MESSAGES,
    }
  }
}
