/**
 * An incremental parser for `text/event-stream`, following the WHATWG HTML
 * "event stream interpretation" rules:
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 *
 * It takes decoded text in chunks of any size (a line end, even a CR LF pair, may
 * be split between two chunks) and reports events as their blank line arrives.
 */

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
  /** A comment line: the text after the colon, as is. */
  onComment?(text: string): void
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
  /**
   * Starts a new stream: drops any unfinished line and event (the spec discards an
   * incomplete event at the end of a stream) and strips a BOM again. The last event
   * ID is kept: it belongs to the source, not to one stream.
   */
  reset(): void
  /** The last event ID in force. */
  readonly lastEventId: string
}

const BOM = 0xfeff
const DIGITS_ONLY = /^[0-9]+$/
// Room for the longest field name we care about plus `:` and a space, so a line
// split across chunks is judged exactly like the same line arriving whole.
const FIELD_PREFIX_ALLOWANCE = 8

export function createSseParser(handlers: SseParserHandlers, options: SseParserOptions = {}): SseParser {
  const maxEventBytes = options.maxEventBytes ?? Infinity
  const maxLineBytes = maxEventBytes + FIELD_PREFIX_ALLOWANCE
  // One per parser: `lastIndex` is state, and handlers may feed other parsers.
  const lineEnd = /\r\n?|\n/g

  let lastEventId = options.initialLastEventId ?? ''

  // Per-stream state.
  let bomChecked = false
  let skipLeadingLf = false
  let pendingLine = ''
  let pendingLineBytes = 0
  // The rest of the current line is thrown away: it grew too long to keep.
  let discardingLine = false

  // Per-event state ("buffers" in the spec).
  let dataLines: string[] = []
  let dataBytes = 0
  let eventType = ''
  let idBuffer = lastEventId
  let oversized = false

  const markOversized = (bytes: number): void => {
    if (oversized) return
    oversized = true
    dataLines = []
    options.onOversized?.(bytes)
  }

  const appendData = (value: string): void => {
    if (oversized) return
    if (maxEventBytes === Infinity) {
      dataLines.push(value)
      return
    }
    const bytes = dataBytes + (dataLines.length > 0 ? 1 : 0) + utf8ByteLength(value)
    if (bytes > maxEventBytes) {
      markOversized(bytes)
      return
    }
    dataLines.push(value)
    dataBytes = bytes
  }

  const dispatch = (): void => {
    if (idBuffer !== lastEventId) {
      lastEventId = idBuffer
      handlers.onLastEventId?.(lastEventId)
    }
    // An empty data buffer (no data line) dispatches nothing, but the ID above counts.
    const event: SseEvent | undefined =
      oversized || dataLines.length === 0
        ? undefined
        : { type: eventType === '' ? 'message' : eventType, data: dataLines.join('\n'), id: lastEventId }
    dataLines = []
    dataBytes = 0
    eventType = ''
    oversized = false
    if (event !== undefined) handlers.onEvent(event)
  }

  /** Bytes of `value` when it is over the bound (then it is not kept), else 0. */
  const excessBytes = (value: string): number => {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: most values skip the count.
    if (value.length * 3 <= maxEventBytes) return 0
    const bytes = utf8ByteLength(value)
    return bytes > maxEventBytes ? bytes : 0
  }

  const processField = (field: string, value: string): void => {
    switch (field) {
      case 'event': {
        const excess = excessBytes(value)
        if (excess > 0) markOversized(excess)
        else eventType = value
        return
      }
      case 'data':
        appendData(value)
        return
      case 'id': {
        const excess = excessBytes(value)
        if (excess > 0) markOversized(excess)
        else if (!value.includes('\0')) idBuffer = value
        return
      }
      case 'retry':
        if (DIGITS_ONLY.test(value) && excessBytes(value) === 0) {
          const ms = Number(value)
          // Hundreds of digits overflow to Infinity, which is no delay at all.
          if (Number.isFinite(ms)) handlers.onRetry?.(ms)
        }
        return
      default:
        // Unknown fields are ignored.
        return
    }
  }

  const processLine = (line: string): void => {
    if (line === '') {
      dispatch()
      return
    }
    const colon = line.indexOf(':')
    if (colon === 0) {
      const text = line.slice(1)
      if (excessBytes(text) === 0) handlers.onComment?.(text)
      return
    }
    if (colon === -1) {
      processField(line, '')
      return
    }
    const field = line.slice(0, colon)
    const valueStart = line.charCodeAt(colon + 1) === 0x20 ? colon + 2 : colon + 1
    processField(field, line.slice(valueStart))
  }

  /** Keeps the start of an unfinished line, unless it has grown too long to keep. */
  const holdPartialLine = (piece: string): void => {
    if (discardingLine || piece === '') return
    pendingLine += piece
    if (maxEventBytes === Infinity) return
    pendingLineBytes += utf8ByteLength(piece)
    if (pendingLineBytes <= maxLineBytes) return
    // Whatever the field, its value is now over the bound (see maxEventBytes).
    const colon = pendingLine.indexOf(':')
    const field = colon === -1 ? pendingLine : pendingLine.slice(0, colon)
    if (field === 'data' || field === 'id' || field === 'event') {
      markOversized((field === 'data' ? dataBytes : 0) + pendingLineBytes - field.length - 1)
    }
    discardingLine = true
    pendingLine = ''
    pendingLineBytes = 0
  }

  const finishLine = (lastPiece: string): void => {
    if (discardingLine) {
      discardingLine = false
      return
    }
    const line = pendingLine === '' ? lastPiece : pendingLine + lastPiece
    pendingLine = ''
    pendingLineBytes = 0
    processLine(line)
  }

  const feed = (input: string): void => {
    let chunk = input
    if (chunk === '') return
    if (!bomChecked) {
      bomChecked = true
      if (chunk.charCodeAt(0) === BOM) chunk = chunk.slice(1)
    }
    let position = 0
    if (skipLeadingLf) {
      skipLeadingLf = false
      if (chunk.charCodeAt(0) === 0x0a) position = 1
    }
    lineEnd.lastIndex = position
    for (let match = lineEnd.exec(chunk); match !== null; match = lineEnd.exec(chunk)) {
      const end = match.index + match[0].length
      // A CR that ends the chunk may be the first half of a CR LF pair.
      if (match[0] === '\r' && end === chunk.length) skipLeadingLf = true
      finishLine(chunk.slice(position, match.index))
      position = end
    }
    holdPartialLine(chunk.slice(position))
  }

  const reset = (): void => {
    bomChecked = false
    skipLeadingLf = false
    pendingLine = ''
    pendingLineBytes = 0
    discardingLine = false
    dataLines = []
    dataBytes = 0
    eventType = ''
    idBuffer = lastEventId
    oversized = false
  }

  return {
    feed,
    reset,
    get lastEventId() {
      return lastEventId
    },
  }
}

/** The UTF-8 length of a string, without encoding it. */
export function utf8ByteLength(text: string): number {
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) continue
    // Two bytes below U+0800; each half of a surrogate pair adds 1 (4 bytes per pair).
    if (unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff)) bytes += 1
    else bytes += 2
  }
  return bytes
}
