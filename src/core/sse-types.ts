/** The shapes the SSE parser (sse-parser.ts) takes and reports. */

export interface SseEvent {
  /** The `event` field, `message` when absent or empty. */
  type: string
  /** The `data` lines joined with `\n`. */
  data: string
  /** The last event ID in force when the event was dispatched. */
  id: string
}

export interface SseParserHandlers {
  onEvent(event: SseEvent): void
  /**
   * The last event ID changed. Called when a block ends (a blank line), before
   * that block's event, and also for blocks that carry no data (an `id`-only block):
   * that is the moment the spec sets the event source's last event ID.
   */
  onLastEventId?(id: string): void
  /** A valid `retry` field: the server's reconnection time in ms. */
  onRetry?(ms: number): void
}

export interface SseParserOptions {
  /**
   * The most UTF-8 bytes of `data` one event may hold (its data lines joined with
   * `\n`, as it would be delivered). A larger event is not delivered: its data is
   * dropped as soon as it crosses the bound, `onOversized` is called once for it, and
   * parsing goes on with the next event. Default: no bound.
   *
   * An `id` or `event` value over the bound makes its event oversized too, and a
   * comment or `retry` value over it is dropped, so that an unfinished line never
   * needs more than `maxEventBytes + 8` bytes of buffer (8 covers the field name):
   * memory stays bounded even when a line never ends. The outcome is the same
   * however the text is split into chunks.
   */
  maxEventBytes?: number
  /** An event crossed `maxEventBytes`; `bytes` is how much it had reached by then. */
  onOversized?(bytes: number): void
  /**
   * The last event ID to start from (where a previous connection left off). The
   * spec starts every stream with an empty one; like browsers do, we continue the
   * source's own, so a reconnected stream without `id` fields keeps it.
   */
  initialLastEventId?: string
}

export interface SseParser {
  /** Parses the next piece of decoded text. */
  feed(chunk: string): void
}
