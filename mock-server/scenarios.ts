import type { Faults } from './faults'
import type { Scope } from './scope'
import { Timeline, message } from './sources'
import type { MessageSource, StreamMessage } from './sources'

export const SCENARIOS = ['chat', 'feed', 'metrics'] as const
export type Scenario = (typeof SCENARIOS)[number]

export function isScenario(name: string): name is Scenario {
  return (SCENARIOS as readonly string[]).includes(name)
}

/** Default messages per second of the clock-driven scenarios. */
export const DEFAULT_RATES = { feed: 1, metrics: 10 } as const

// --- deterministic content -------------------------------------------------

/** A well-mixed hash of an integer into [0, 1): content depends on the message number only. */
function noise(n: number, salt: number): number {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d)
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b)
  h ^= h >>> 16
  return (h >>> 0) / 4294967296
}

function pick<T>(items: readonly T[], n: number, salt: number): T {
  return items[Math.floor(noise(n, salt) * items.length)] as T
}

const FEED_SUBJECTS = ['Deploy', 'Build', 'Signup', 'Invoice', 'Backup', 'Alert', 'Review', 'Release'] as const
const FEED_EVENTS = ['finished', 'started', 'needs attention', 'was approved', 'was retried', 'completed'] as const
const FEED_DETAILS = [
  'Everything went as planned.',
  'Took a little longer than usual.',
  'Triggered by the nightly schedule.',
  'Requested from the dashboard.',
  'Two warnings, no errors.',
  'Picked up by the on-call engineer.',
] as const

export function feedItem(seq: number, time: number): { id: number; title: string; text: string; time: number } {
  return {
    id: seq,
    title: `${pick(FEED_SUBJECTS, seq, 1)} #${seq} ${pick(FEED_EVENTS, seq, 2)}`,
    text: pick(FEED_DETAILS, seq, 3),
    time,
  }
}

interface MetricShape {
  name: string
  base: number
  swing: number
  min: number
  max: number
  digits: number
}

const METRICS: readonly MetricShape[] = [
  { name: 'cpu', base: 45, swing: 30, min: 0, max: 100, digits: 1 },
  { name: 'memory', base: 62, swing: 15, min: 0, max: 100, digits: 1 },
  { name: 'requests', base: 1200, swing: 600, min: 0, max: Infinity, digits: 0 },
  { name: 'latency', base: 120, swing: 60, min: 1, max: Infinity, digits: 0 },
  { name: 'errors', base: 3, swing: 3, min: 0, max: Infinity, digits: 0 },
]

export const METRIC_NAMES: readonly string[] = METRICS.map((m) => m.name)

/**
 * Metrics take turns; each drifts like a random walk (slow waves plus jitter)
 * while staying a pure function of the message number.
 */
export function metricUpdate(seq: number, time: number): { metric: string; value: number; time: number } {
  const index = (seq - 1) % METRICS.length
  const shape = METRICS[index] as MetricShape
  const step = Math.floor((seq - 1) / METRICS.length)
  const wave = 0.6 * Math.sin(step / 17 + index) + 0.3 * Math.sin(step / 5.3 + 2 * index)
  const jitter = 0.1 * (noise(seq, 7) * 2 - 1)
  const raw = shape.base + shape.swing * (wave + jitter)
  const scale = 10 ** shape.digits
  const value = Math.min(shape.max, Math.max(shape.min, Math.round(raw * scale) / scale))
  return { metric: shape.name, value, time }
}

export function numbered(seq: number): { seq: number } {
  return { seq }
}

// --- the chat room -----------------------------------------------------------

export const CHAT_LOG_LIMIT = 1000

/**
 * Every chat subscriber on every transport reads this one log. Its sequence
 * numbers are the SSE ids, long-poll cursors and WS cursors of chat streams.
 */
export class ChatRoom implements MessageSource {
  readonly live = true
  private readonly log: StreamMessage[] = []
  private last = 0
  private readonly waiting = new Set<() => void>()

  constructor(
    private readonly onListenerError: (error: unknown) => void,
    private readonly limit = CHAT_LOG_LIMIT,
  ) {}

  /** Stores a message from a client, keeping all its fields; the server's `id` and `time` win. */
  post(fields: Record<string, unknown>): StreamMessage {
    this.last += 1
    const stored = message(this.last, { ...fields, id: this.last, time: Date.now() })
    this.log.push(stored)
    if (this.log.length > this.limit) this.log.splice(0, this.log.length - this.limit)
    const listeners = [...this.waiting]
    this.waiting.clear()
    for (const listener of listeners) {
      try {
        listener()
      } catch (error) {
        this.onListenerError(error)
      }
    }
    return stored
  }

  head(): number {
    return this.last
  }

  tail(): number {
    return this.log[0]?.seq ?? this.last + 1
  }

  get(seq: number): StreamMessage | undefined {
    return this.log[seq - this.tail()]
  }

  onAvailable(after: number, ready: () => void, scope: Scope): void {
    if (this.last > after) {
      scope.timeout(ready, 0)
      return
    }
    let fired = false
    const once = (): void => {
      if (fired) return
      fired = true
      remove()
      ready()
    }
    this.waiting.add(once)
    const remove = scope.add(() => this.waiting.delete(once))
  }
}

// --- choosing the source of a stream -------------------------------------------

/**
 * A clock-driven stream for this scenario and these switches, or undefined for
 * the chat room (which is driven by what people send).
 * `offset`: messages up to this number count as delivered (the resume point).
 */
export function timelineFor(scenario: Scenario, faults: Faults, start: number, offset: number): Timeline | undefined {
  if (faults.count !== undefined) {
    const intervalMs = faults.rate === undefined ? 0 : 1000 / faults.rate
    return new Timeline({ start, offset, intervalMs, count: faults.count, make: numbered })
  }
  if (scenario === 'chat') return undefined
  const rate = faults.rate ?? DEFAULT_RATES[scenario]
  const make = scenario === 'feed' ? feedItem : metricUpdate
  return new Timeline({ start, offset, intervalMs: 1000 / rate, count: undefined, make })
}

/**
 * Where a stream starts when the client names a position (or none).
 * Live sources start at their head without one; a position past the head
 * (a server restart) is treated as the head so the client is not stuck
 * waiting for numbers that already went by in another life.
 */
export function startPosition(source: MessageSource, requested: number | undefined, fromStart: boolean): number {
  if (requested === undefined) return fromStart ? 0 : source.head()
  if (source.live) return Math.min(requested, source.head())
  return requested
}

/**
 * A per-connection stream (SSE, WebSocket): its own timeline for clock-driven
 * content, else the shared chat room; and the position to send after.
 */
export function connectionStream(
  scenario: Scenario,
  faults: Faults,
  room: MessageSource,
  resume: number | undefined,
): { source: MessageSource; after: number } {
  const timeline = timelineFor(scenario, faults, Date.now(), resume ?? 0)
  if (timeline !== undefined) return { source: timeline, after: resume ?? 0 }
  return { source: room, after: startPosition(room, resume, false) }
}
