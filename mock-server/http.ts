import { STATUS_CODES } from 'node:http'
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { BODY_LIMIT_BYTES } from './routes'

export { BODY_LIMIT_BYTES }

// --- URLs ------------------------------------------------------------------------

export interface RequestTarget {
  pathname: string
  query: URLSearchParams
}

/** Parses `req.url` (origin-form or absolute-form); undefined when it is not a URL at all. */
export function parseTarget(raw: string | undefined): RequestTarget | undefined {
  if (raw === undefined || raw === '') return undefined
  try {
    // Prefixing keeps a path such as `//ws/chat` a path instead of a host.
    const url = raw.startsWith('/') ? new URL(`http://mock${raw}`) : new URL(raw)
    return { pathname: url.pathname, query: url.searchParams }
  } catch {
    return undefined
  }
}

export { ENDPOINT_KINDS, matchRoute, type EndpointKind, type Route } from './routes'

// --- CORS ------------------------------------------------------------------------

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/

/** Local development origins are always allowed; others only when listed (`*` allows any). */
export function isAllowedOrigin(origin: string, allowList: readonly string[]): boolean {
  return LOCAL_ORIGIN.test(origin) || allowList.includes(origin) || allowList.includes('*')
}

/** Why a request from `origin` is refused (403), or undefined when no origin was sent or it is allowed. */
export function originRefusal(origin: string | undefined, allowList: readonly string[]): string | undefined {
  if (origin === undefined || isAllowedOrigin(origin, allowList)) return undefined
  return `origin ${origin} is not allowed; start the mock server with --allow-origin ${origin}`
}

export function requestOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin
  return typeof origin === 'string' && origin !== '' ? origin : undefined
}

/** CORS headers for every response to an allowed origin; none otherwise. */
export function corsHeaders(origin: string | undefined, allowList: readonly string[]): OutgoingHttpHeaders {
  if (origin === undefined || !isAllowedOrigin(origin, allowList)) return {}
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'Retry-After',
    Vary: 'Origin',
  }
}

export const ALLOWED_METHODS = 'GET, POST, OPTIONS'

/** Answers an OPTIONS request: 204 for allowed (or absent) origins, 403 for others. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, allowList: readonly string[]): void {
  const origin = requestOrigin(req)
  if (origin === undefined) {
    sendEmpty(res, 204, { Allow: ALLOWED_METHODS })
    return
  }
  const refusal = originRefusal(origin, allowList)
  if (refusal !== undefined) {
    sendText(res, 403, refusal)
    return
  }
  const requested = req.headers['access-control-request-headers']
  sendEmpty(res, 204, {
    ...corsHeaders(origin, allowList),
    Allow: ALLOWED_METHODS,
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    ...(typeof requested === 'string' && requested !== '' ? { 'Access-Control-Allow-Headers': requested } : {}),
    'Access-Control-Max-Age': '600',
    Vary: 'Origin, Access-Control-Request-Headers',
  })
}

// --- responses -------------------------------------------------------------------

/** True when nothing more can be written (client gone, or the answer already sent). */
export function isFinished(res: ServerResponse): boolean {
  return res.writableEnded || res.destroyed
}

/**
 * Headers set on `res` before (CORS) are kept: writeHead merges them.
 * Every helper is a no-op once the response is finished, so a late timer or a
 * client that went away never causes a write-after-end error.
 */
export function sendText(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  if (isFinished(res) || res.headersSent) return
  if (status === 204 || status === 304) {
    sendEmpty(res, status, headers)
    return
  }
  const body = `${text}\n`
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  })
  res.end(body)
}

export function sendJsonText(res: ServerResponse, status: number, json: string, headers: OutgoingHttpHeaders = {}): void {
  if (isFinished(res) || res.headersSent) return
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'Cache-Control': 'no-store',
  })
  res.end(json)
}

export function sendEmpty(res: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  if (isFinished(res) || res.headersSent) return
  res.writeHead(status, { ...headers, 'Cache-Control': 'no-store' })
  res.end()
}

export { refusalHeaders } from './admission'

/** A plain HTTP answer on a socket that asked for an upgrade (ws is not involved yet). */
export function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return
  const body = `${text}\n`
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ]
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`)
  // end() lets the answer go out; destroy soon after in case the peer never closes its side.
  const timer = setTimeout(() => socket.destroy(), 1000)
  socket.once('close', () => clearTimeout(timer))
}

// --- bodies ----------------------------------------------------------------------

export type BodyResult = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'not-utf8' } | { kind: 'aborted' }

/** Past this many bytes, a too-large body is no longer drained: the connection is cut. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024

/**
 * Reads a request body of at most `limit` bytes. A larger one is reported as
 * soon as it is known (Content-Length or running total); the rest is read and
 * thrown away (up to 16 MiB) so the client can still read the 413 instead of
 * a connection reset.
 */
export function readBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      drain(req)
      resolve({ kind: 'too-large' })
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (result: BodyResult): void => {
      if (settled) return
      settled = true
      resolve(result)
    }
    req.on('data', (chunk: Buffer) => {
      if (settled) return
      size += chunk.length
      if (size > limit) {
        chunks.length = 0
        settle({ kind: 'too-large' })
        drain(req)
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      try {
        settle({ kind: 'ok', text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)) })
      } catch {
        settle({ kind: 'not-utf8' })
      }
    })
    req.on('error', () => settle({ kind: 'aborted' }))
    req.on('close', () => settle({ kind: 'aborted' }))
  })
}

function drain(req: IncomingMessage): void {
  let drained = 0
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length
    if (drained > DRAIN_LIMIT_BYTES) req.socket.destroy()
  })
  req.resume()
}
