import { pageHref, withQueryParam } from '../transports/url'

const EPOCH_POSITION = /^(.+)@\d+$/

/**
 * The epoch of a position written `<epoch>@<number>` (the mock server's `?epoch=1`
 * format); undefined for any other position, which then never counts as a restart.
 */
export function defaultEpochOf(position: string): string | undefined {
  return EPOCH_POSITION.exec(position)?.[1]
}

/** `url` with the position in its query (`?cursor=` for a WebSocket), the rest of the URL kept as it is. */
export function withPosition(url: string, param: string, position: string | undefined): string {
  if (position === undefined || position === '') return url
  let parsed: URL
  try {
    parsed = new URL(url, pageHref())
  } catch {
    // Left as it is: the transport reports the invalid URL in its own words.
    return url
  }
  return withQueryParam(parsed, param, position)
}

/**
 * Where a WebSocket message sits in the stream, by default: its `position` field
 * (a string or a number), read from an object, or from JSON text that has one.
 */
export function defaultPositionOf(message: unknown): string | undefined {
  let value = message
  if (typeof value === 'string') {
    if (!value.includes('"position"')) return undefined
    try {
      value = JSON.parse(value)
    } catch {
      return undefined
    }
  }
  if (typeof value !== 'object' || value === null) return undefined
  const position = (value as { position?: unknown }).position
  if (typeof position === 'string') return position
  return typeof position === 'number' && Number.isFinite(position) ? String(position) : undefined
}
