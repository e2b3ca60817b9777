import type { Scope } from './scope'

/** One numbered message of a stream. `text` is its JSON encoding, computed once. */
export interface StreamMessage {
  seq: number
  value: unknown
  text: string
}

/**
 * A numbered message stream (1-based). Transports read it by position, which
 * is what makes resuming from an SSE id, a long-poll cursor or a WS `cursor`
 * exact: no loss, no duplicate.
 */
export interface MessageSource {
  /** Highest sequence number available now; 0 before the first message. */
  head(): number
  /** Lowest sequence number still available (the chat log is bounded). */
  tail(): number
  /** The message numbered `seq`, when it is between tail() and head(). */
  get(seq: number): StreamMessage | undefined
  /** True for endless streams (chat, feed, metrics); false for `count` streams, which end. */
  readonly live: boolean
  /**
   * Calls `ready` (once, later) when a message after `after` is available.
   * Never calls it when none will ever come. Cleared with `scope`.
   */
  onAvailable(after: number, ready: () => void, scope: Scope): void
}

export function message(seq: number, value: unknown): StreamMessage {
  return { seq, value, text: JSON.stringify(value) }
}

export interface TimelineOptions {
  /** Epoch ms when message `offset + 1` becomes available. */
  start: number
  /** Messages up to this number count as already delivered. */
  offset: number
  /** Time between two messages; 0 = all at once (only with a count). */
  intervalMs: number
  /** Last message number, or undefined for an endless stream. */
  count: number | undefined
  /** Content of message `seq`, scheduled for epoch ms `time`; must be deterministic. */
  make: (seq: number, time: number) => unknown
  now?: () => number
}

/**
 * A clock-driven stream: message i becomes available at
 * start + (i - offset - 1) * intervalMs. Content depends on i only, so any
 * position can be read again after a reconnect.
 */
export class Timeline implements MessageSource {
  readonly live: boolean
  private readonly now: () => number

  constructor(private readonly options: TimelineOptions) {
    if (options.intervalMs <= 0 && options.count === undefined) {
      throw new RangeError('an endless timeline needs an interval')
    }
    this.now = options.now ?? Date.now
    this.live = options.count === undefined
  }

  head(): number {
    const { start, offset, intervalMs, count } = this.options
    if (intervalMs <= 0) return count ?? 0
    const elapsed = this.now() - start
    const reached = elapsed < 0 ? offset : offset + 1 + Math.floor(elapsed / intervalMs)
    return count === undefined ? reached : Math.min(count, reached)
  }

  tail(): number {
    return 1
  }

  get(seq: number): StreamMessage | undefined {
    if (!Number.isSafeInteger(seq) || seq < 1 || seq > this.head()) return undefined
    return message(seq, this.options.make(seq, Math.round(this.availableAt(seq))))
  }

  onAvailable(after: number, ready: () => void, scope: Scope): void {
    const { count } = this.options
    if (count !== undefined && after >= count) return
    const wait = Math.max(0, Math.ceil(this.availableAt(after + 1) - this.now()))
    scope.timeout(ready, wait)
  }

  private availableAt(seq: number): number {
    const { start, offset, intervalMs } = this.options
    return start + Math.max(0, seq - offset - 1) * intervalMs
  }
}

/** Rendering of a message on the wire, with the `badJsonEvery` fault applied. */
export function wireText(msg: StreamMessage, badJsonEvery: number | undefined): string {
  if (badJsonEvery !== undefined && msg.seq % badJsonEvery === 0) return malformed(msg)
  return msg.text
}

/** The same inside a long-poll body, which has to stay valid JSON itself. */
export function pollJson(msg: StreamMessage, badJsonEvery: number | undefined): string {
  if (badJsonEvery !== undefined && msg.seq % badJsonEvery === 0) return JSON.stringify(malformed(msg))
  return msg.text
}

function malformed(msg: StreamMessage): string {
  // An object cut short: still shows its number to a human reading the log.
  return `{"seq":${msg.seq},"malformed":`
}
