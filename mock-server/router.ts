import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocketServer } from 'ws'
import type { ServerContext } from './context'
import { describeError, failRequest } from './errors'
import { FaultError, connectionKey, readFaults } from './faults'
import {
  answerPreflight,
  corsHeaders,
  matchRoute,
  originRefusal,
  parseTarget,
  rejectUpgrade,
  requestOrigin,
  sendText,
} from './http'
import type { Route } from './http'
import { isBlocked } from './block'
import { handlePoll } from './poll'
import { SCENARIOS, isScenario } from './scenarios'
import { handleSend } from './send'
import { handleSse } from './sse'
import { handleWsUpgrade } from './ws'

/** Human-readable list of endpoints, with absolute URLs when `base` ('http://host:port') is given. */
export function endpointHelp(base = ''): string[] {
  const ws = base.replace(/^http/, 'ws')
  const names = `{${SCENARIOS.join(',')}}`
  return [
    `WebSocket  ${ws}/ws/${names}      ?cursor=i resumes after message i`,
    `SSE        ${base}/sse/${names}     Last-Event-ID resumes`,
    `Long-poll  ${base}/poll/${names}    ?cursor=i → 200 {"messages":[...],"cursor":"i"} or 204`,
    `Send       POST ${base}/send/chat   {"user":"ada","text":"hi"} to every chat subscriber`,
    'Faults     ?failFirst ?status ?closeCode ?dropAfter ?delayMs ?rate ?count',
    '           ?retryAfter ?badJsonEvery ?contentType ?retry ?holdMs ?hang (the --help of the mock server describes each)',
    '           ?block=websocket,sse ?blockAfter ?blockMs ?epoch=1',
  ]
}

const NOT_FOUND = `not found; endpoints:\n${endpointHelp().join('\n')}`

/** The method each endpoint kind answers (besides OPTIONS). */
const METHODS = { ws: 'GET', sse: 'GET', poll: 'GET', send: 'POST' } as const

type Resolved = { ok: true; route: Route & { scenario: (typeof SCENARIOS)[number] }; query: URLSearchParams; key: string } | { ok: false; status: number; message: string }

function resolve(rawUrl: string | undefined): Resolved {
  const target = parseTarget(rawUrl)
  if (target === undefined) return { ok: false, status: 400, message: 'the request target is not a valid URL' }
  const route = matchRoute(target.pathname)
  if (route === undefined) return { ok: false, status: 404, message: NOT_FOUND }
  const { scenario } = route
  if (!isScenario(scenario)) {
    return { ok: false, status: 404, message: `unknown scenario ${JSON.stringify(scenario)}; scenarios: ${SCENARIOS.join(', ')}` }
  }
  return { ok: true, route: { kind: route.kind, scenario }, query: target.query, key: connectionKey(target.pathname, target.query) }
}

/** Plain HTTP requests: SSE, long-poll, send, preflights and errors. */
export function handleRequest(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): void {
  const origin = requestOrigin(req)
  const cors = corsHeaders(origin, ctx.allowOrigin)
  const scope = ctx.scope.child()
  res.on('close', () => scope.dispose())
  try {
    // Preflights are answered for every path, so that a browser sees the real answer
    // (a 404 for an unknown scenario) instead of a CORS failure that looks like a network error.
    if (req.method === 'OPTIONS') {
      answerPreflight(req, res, ctx.allowOrigin)
      return
    }
    const resolved = resolve(req.url)
    if (!resolved.ok) {
      req.resume()
      sendText(res, resolved.status, resolved.message, cors)
      return
    }
    const { route, query, key } = resolved
    const expected = METHODS[route.kind]
    if (req.method !== expected) {
      req.resume()
      sendText(res, 405, `${route.kind} endpoints answer ${expected}`, { ...cors, Allow: `${expected}, OPTIONS` })
      return
    }
    if (route.kind === 'ws') {
      sendText(res, 426, 'this endpoint speaks WebSocket; connect with a WebSocket client', { ...cors, Upgrade: 'websocket' })
      return
    }
    // A cross-site form post must not inject chat messages.
    const refusal = route.kind === 'send' ? originRefusal(origin, ctx.allowOrigin) : undefined
    if (refusal !== undefined) {
      req.resume()
      sendText(res, 403, refusal)
      return
    }
    const request = { req, res, scenario: route.scenario, faults: readFaults(query), key, query, cors, scope }
    if (isBlocked(ctx, route.kind, key, query)) {
      req.resume()
      ctx.log(`${route.kind} ${key}: blocked → 503`)
      sendText(res, 503, `${route.kind} is blocked (block=${query.get('block') ?? ''})`, cors)
      return
    }
    if (route.kind === 'sse') handleSse(ctx, request)
    else if (route.kind === 'poll') handlePoll(ctx, request)
    else handleSend(ctx, request)
  } catch (error) {
    if (error instanceof FaultError) {
      req.resume()
      sendText(res, 400, error.message, cors)
      return
    }
    failRequest(ctx.log, res, error)
  }
}

/** Upgrade requests: only /ws/:scenario becomes a WebSocket. */
export function handleUpgrade(ctx: ServerContext, wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  // Until ws takes the socket over, a reset from the client must not crash the server.
  socket.on('error', () => socket.destroy())
  const scope = ctx.scope.child()
  socket.on('close', () => scope.dispose())
  scope.add(() => socket.destroy())
  try {
    const resolved = resolve(req.url)
    if (!resolved.ok) {
      rejectUpgrade(socket, resolved.status, resolved.message)
      return
    }
    const { route, query, key } = resolved
    if (route.kind !== 'ws') {
      rejectUpgrade(socket, 400, `${route.kind} endpoints do not upgrade; use /ws/${route.scenario}`)
      return
    }
    const refusal = originRefusal(requestOrigin(req), ctx.allowOrigin)
    if (refusal !== undefined) {
      rejectUpgrade(socket, 403, refusal)
      return
    }
    if (isBlocked(ctx, route.kind, key, query)) {
      ctx.log(`ws ${key}: blocked → 503`)
      rejectUpgrade(socket, 503, `websocket is blocked (block=${query.get('block') ?? ''})`)
      return
    }
    handleWsUpgrade(ctx, wss, { req, socket, head, scenario: route.scenario, faults: readFaults(query), key, query, scope })
  } catch (error) {
    if (error instanceof FaultError) {
      rejectUpgrade(socket, 400, error.message)
      return
    }
    ctx.log(`error: ${describeError(error)}`)
    rejectUpgrade(socket, 500, 'internal error in the mock server (see its log)')
  }
}
