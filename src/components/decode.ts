import { RealtimeError } from '../core/types'
import type { TransportName } from './types'

/**
 * The default `parse` of the hooks the components create: WebSocket and SSE
 * carry text, which the components expect to be JSON; long-poll messages are
 * JSON values already and pass unchanged (so does any non-text value under
 * `auto`, which meets all three).
 */
export function defaultDecoder(transport: TransportName | 'auto'): (raw: unknown) => unknown {
  return transport === 'long-poll' ? (raw) => raw : decodeJsonText
}

export function decodeJsonText(raw: unknown): unknown {
  const text = raw instanceof ArrayBuffer ? new TextDecoder().decode(raw) : raw
  if (typeof text !== 'string') return text
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new RealtimeError('parse', `Message is not valid JSON: ${preview(text)}`, { cause })
  }
}

/** A short, single-line excerpt of a message, for error texts. */
export function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > 60 ? `${line.slice(0, 57)}...` : line
}
