import { FaultError, readFaults } from '../../mock-server/faults'
import { resolveTarget } from './paths'
import { readRequest } from './request'
import { textResponse } from './responses'
import { servePoll } from './serve-poll'
import { serveSend } from './serve-send'
import { serveSse } from './serve-sse'
import type { ServerState } from './state'

/** The method each endpoint kind answers (besides OPTIONS), as on the mock server. */
const METHODS = { ws: 'GET', sse: 'GET', poll: 'GET', send: 'POST' } as const

/** A `fetch` answered by the test server: SSE, long-poll and send endpoints, routed by path. */
export function createTestFetch(state: () => ServerState): typeof fetch {
  return async (input, init) => {
    const request = readRequest(input, init)
    if (request.signal?.aborted) throw request.signal.reason ?? new DOMException('The operation was aborted.', 'AbortError')
    const resolved = resolveTarget(request.url)
    if (!resolved.ok) return textResponse(resolved.status, resolved.message)
    const { target } = resolved
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { Allow: 'GET, POST, OPTIONS' } })
    const expected = METHODS[target.kind]
    if (request.method !== expected) return textResponse(405, `${target.kind} endpoints answer ${expected}`, { Allow: `${expected}, OPTIONS` })
    if (target.kind === 'ws') return textResponse(426, 'this endpoint speaks WebSocket; connect with a WebSocket client', { Upgrade: 'websocket' })
    const current = state()
    try {
      const faults = readFaults(target.query)
      if (target.kind === 'sse') return await serveSse(current, target, faults, request)
      if (target.kind === 'poll') return await servePoll(current, target, faults, request)
      return await serveSend(current, target, faults, request)
    } catch (error) {
      if (error instanceof FaultError) return textResponse(400, error.message)
      throw error
    }
  }
}
