/** Where transport URLs are read: resolved against the page, checked for their scheme. */
import { RealtimeError } from '../types'

/** The page's URL, to resolve relative URLs against; none in Node and during server rendering. */
export function pageHref(): string | undefined {
  // Read at call time: absent during server rendering and in Node.
  const location = (globalThis as { location?: { href?: unknown } }).location
  return typeof location?.href === 'string' ? location.href : undefined
}

/** Resolves `url` against the page (when there is one); throws unless its scheme matches `schemes`. */
function resolveUrl(url: string, schemes: RegExp, what: string, expected: string): URL {
  let resolved: URL | undefined
  try {
    resolved = new URL(url, pageHref())
  } catch {
    // Unparseable, or relative with no page to resolve against: reported below.
  }
  if (resolved && schemes.test(resolved.protocol)) return resolved
  throw new RealtimeError(
    'protocol',
    process.env.NODE_ENV !== 'production'
      ? `Invalid ${what}URL "${url}": ${resolved ? `the scheme must be ${expected}, not ${resolved.protocol}` : `expected an absolute ${expected} URL`}`
      : 'Invalid URL',
  )
}

/** An http(s) URL for the fetch-based transports. */
export function resolveHttpUrl(url: string): URL {
  return resolveUrl(url, /^https?:$/, '', 'http or https')
}

/**
 * What browsers do since the WHATWG change of 2023: resolve against the page's
 * URL, map http(s) to ws(s), drop the fragment. Doing it here gives every
 * implementation (older browsers, `ws`, mock-socket) the same behaviour.
 */
export function resolveWebSocketUrl(input: string): string {
  const parsed = resolveUrl(input, /^(ws|http)s?:$/, 'WebSocket ', 'ws(s) or http(s)')
  parsed.protocol = parsed.protocol.replace('http', 'ws')
  parsed.hash = ''
  return parsed.href
}

/**
 * The URL with `name=value` in its query, replacing any pair of that name. The other
 * pairs are kept byte for byte (URLSearchParams would re-encode them, which can
 * break a signed URL).
 */
export function withQueryParam(url: URL, name: string, value: string): string {
  const pairs = url.search === '' ? [] : url.search.slice(1).split('&')
  const kept = pairs.filter((pair) => pair !== '' && decodeQueryName(pair) !== name)
  kept.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
  const result = new URL(url.href)
  result.search = `?${kept.join('&')}`
  return result.href
}

function decodeQueryName(pair: string): string {
  const equals = pair.indexOf('=')
  const raw = (equals === -1 ? pair : pair.slice(0, equals)).replace(/\+/g, ' ')
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
