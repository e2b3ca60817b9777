/**
 * An incremental parser for `text/event-stream`, following the WHATWG HTML
 * "event stream interpretation" rules:
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 *
 * It takes decoded text in chunks of any size (a line end, even a CR LF pair, may
 * be split between two chunks) and reports events as their blank line arrives.
 * Comments are skipped: the transport only needs to know that text arrived.
 */

import type { SseEvent, SseParser, SseParserHandlers, SseParserOptions } from './sse-types'

export type { SseEvent, SseParser, SseParserHandlers, SseParserOptions } from './sse-types'

const BOM = 0xfeff
const LF = 0x0a
const COLON = 0x3a
const SPACE = 0x20
const DIGITS_ONLY = /^[0-9]+$/
// Room for the longest field name we care about plus `:` and a space, so a line
// split across chunks is judged exactly like the same line arriving whole.
const FIELD_PREFIX_ALLOWANCE = 8

/** Whether a field name that starts a line ends at `after`: at a colon or at the line end. */
function nameEndsAt(text: string, after: number, end: number): boolean {
  return after === end || (after < end && text.charCodeAt(after) === COLON)
}

/** The value of a field whose name ends at `nameEnd`: after the colon and one optional space. */
function fieldValue(text: string, nameEnd: number, end: number): string {
  if (nameEnd >= end) return ''
  const start = nameEnd + 1 < end && text.charCodeAt(nameEnd + 1) === SPACE ? nameEnd + 2 : nameEnd + 1
  return text.slice(start, end)
}

export function createSseParser(handlers: SseParserHandlers, options: SseParserOptions = {}): SseParser {
  const maxEventBytes = options.maxEventBytes ?? Infinity
  const maxLineBytes = maxEventBytes + FIELD_PREFIX_ALLOWANCE
  let lastEventId = options.initialLastEventId ?? ''

  // Per-stream state.
  let bomChecked = false
  let skipLeadingLf = false
  let pendingLine = ''
  // UTF-8 bytes of pendingLine, counted only once it may be near the bound (-1: not yet).
  let pendingBytes = -1
  // The rest of the current line is thrown away: it grew too long to keep.
  let discardingLine = false

  // Per-event state ("buffers" in the spec).
  let data = ''
  let hasData = false
  // UTF-8 bytes of data, counted only once it may be near the bound (-1: not yet).
  let dataBytes = -1
  let eventType = ''
  let idBuffer = lastEventId
  let oversized = false
  // Whether the text being parsed may hold a NUL: checked once per chunk, not per id.
  let textHasNul = true

  const markOversized = (bytes: number): void => {
    if (oversized) return
    oversized = true
    data = ''
    options.onOversized?.(bytes)
  }

  /** Exact bytes of the data so far; counted once, then kept up to date. */
  const countDataBytes = (): number => {
    if (dataBytes < 0) dataBytes = utf8ByteLength(data)
    return dataBytes
  }

  const appendData = (value: string): void => {
    if (oversized) return
    const separator = hasData ? 1 : 0
    // UTF-8 takes at most 3 bytes per UTF-16 unit: far from the bound, skip the count.
    if ((data.length + separator + value.length) * 3 > maxEventBytes) {
      const bytes = countDataBytes() + separator + utf8ByteLength(value)
      if (bytes > maxEventBytes) return markOversized(bytes)
      dataBytes = bytes
    }
    data = hasData ? `${data}\n${value}` : value
    hasData = true
  }

  const dispatch = (): void => {
    if (idBuffer !== lastEventId) {
      lastEventId = idBuffer
      handlers.onLastEventId?.(lastEventId)
    }
    // An empty data buffer (no data line) dispatches nothing, but the ID above counts.
    const event: SseEvent | undefined =
      oversized || !hasData ? undefined : { type: eventType === '' ? 'message' : eventType, data, id: lastEventId }
    data = ''
    hasData = false
    dataBytes = -1
    eventType = ''
    oversized = false
    if (event !== undefined) handlers.onEvent(event)
  }

  /** Bytes of `value` when it is over the bound (then it is not kept), else 0. */
  const excessBytes = (value: string): number => {
    if (value.length * 3 <= maxEventBytes) return 0
    const bytes = utf8ByteLength(value)
    return bytes > maxEventBytes ? bytes : 0
  }

  /** An `id` or `event` value, or undefined when it made its event oversized. */
  const boundedValue = (value: string): string | undefined => {
    const excess = excessBytes(value)
    if (excess === 0) return value
    markOversized(excess)
    return undefined
  }

  // Works on a range of `text`, so that a line is never sliced out whole: only the
  // values that are kept are.
  const processLine = (text: string, start: number, end: number): void => {
    if (start === end) return dispatch()
    // Anything but the four fields below is a comment (leading colon) or an unknown
    // field: ignored. `data` and `id`, on nearly every line, are matched by character
    // code: startsWith() showed in the profile. No closures in here: tsx (keepNames)
    // names each one it creates, and one made per line cost 20× in the profile.
    switch (text.charCodeAt(start)) {
      case 0x64:
        if (
          text.charCodeAt(start + 1) === 0x61 &&
          text.charCodeAt(start + 2) === 0x74 &&
          text.charCodeAt(start + 3) === 0x61 &&
          nameEndsAt(text, start + 4, end)
        ) {
          appendData(fieldValue(text, start + 4, end))
        }
        return
      case 0x69:
        if (text.charCodeAt(start + 1) === 0x64 && nameEndsAt(text, start + 2, end)) {
          const id = boundedValue(fieldValue(text, start + 2, end))
          if (id !== undefined && !(textHasNul && id.includes('\0'))) idBuffer = id
        }
        return
      case 0x65:
        if (text.startsWith('event', start) && nameEndsAt(text, start + 5, end)) {
          eventType = boundedValue(fieldValue(text, start + 5, end)) ?? eventType
        }
        return
      case 0x72:
        if (text.startsWith('retry', start) && nameEndsAt(text, start + 5, end)) {
          const value = fieldValue(text, start + 5, end)
          // Hundreds of digits overflow to Infinity, which is no delay at all.
          if (DIGITS_ONLY.test(value) && excessBytes(value) === 0 && Number.isFinite(Number(value))) {
            handlers.onRetry?.(Number(value))
          }
        }
    }
  }

  /** Keeps the start of an unfinished line, unless it has grown too long to keep. */
  const holdPartialLine = (piece: string): void => {
    if (discardingLine || piece === '') return
    pendingLine += piece
    if (pendingBytes < 0 && pendingLine.length * 3 <= maxLineBytes) return
    pendingBytes = pendingBytes < 0 ? utf8ByteLength(pendingLine) : pendingBytes + utf8ByteLength(piece)
    if (pendingBytes <= maxLineBytes) return
    // Whatever the field, its value is now over the bound (see maxEventBytes).
    const colon = pendingLine.indexOf(':')
    const field = colon === -1 ? pendingLine : pendingLine.slice(0, colon)
    if (field === 'data' || field === 'id' || field === 'event') {
      markOversized((field === 'data' && !oversized ? countDataBytes() : 0) + pendingBytes - field.length - 1)
    }
    discardingLine = true
    pendingLine = ''
    pendingBytes = -1
  }

  /** Ends the line that started in an earlier chunk with its last piece. */
  const finishPendingLine = (lastPiece: string): void => {
    if (discardingLine) {
      discardingLine = false
      return
    }
    const line = pendingLine + lastPiece
    // Its first part came from an earlier chunk, which may have held one.
    textHasNul = true
    pendingLine = ''
    pendingBytes = -1
    processLine(line, 0, line.length)
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
      if (chunk.charCodeAt(0) === LF) position = 1
    }
    let carried = pendingLine !== '' || discardingLine
    const chunkHasNul = chunk.includes('\0')
    textHasNul = chunkHasNul
    // Each search runs once per line end of its own kind, not once per line: CR
    // is rare, so its -1 is found once per chunk.
    let nextLf = chunk.indexOf('\n', position)
    let nextCr = chunk.indexOf('\r', position)
    // Bounded: every pass moves `position` forward by at least one character.
    while (position < chunk.length) {
      if (nextLf !== -1 && nextLf < position) nextLf = chunk.indexOf('\n', position)
      if (nextCr !== -1 && nextCr < position) nextCr = chunk.indexOf('\r', position)
      const end = nextCr === -1 || (nextLf !== -1 && nextLf < nextCr) ? nextLf : nextCr
      if (end === -1) break
      if (carried) {
        carried = false
        finishPendingLine(chunk.slice(position, end))
        textHasNul = chunkHasNul
      } else {
        processLine(chunk, position, end)
      }
      position = end + 1
      // Reading past the end of a string is slow (a deopt, then a generic path): guarded.
      if (end === nextLf && position < chunk.length && chunk.charCodeAt(position) === LF) {
        // A blank line right after: the usual end of an event, handled without another search.
        dispatch()
        position += 1
      } else if (end === nextCr) {
        // A CR that ends the chunk may be the first half of a CR LF pair.
        if (position === chunk.length) skipLeadingLf = true
        else if (chunk.charCodeAt(position) === LF) position += 1
      }
    }
    if (position < chunk.length) holdPartialLine(position === 0 ? chunk : chunk.slice(position))
  }

  return { feed }
}

/**
 * The UTF-8 length of a string. Encoding allocates, but the parser only counts
 * exactly near `maxEventBytes`, so this is rare and a hand-written count is not
 * worth its bytes in the bundle. Made here, not at import: a module-level one
 * would stay in bundles that never parse SSE.
 */
export function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).length
}
