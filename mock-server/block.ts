import type { ServerContext } from './context'
import { FaultError } from './faults'
import { KeyedState } from './keyed'

/**
 * `?block=websocket,sse` makes those transports unusable, the way a corporate
 * proxy or an old load balancer does: a blocked WebSocket upgrade is refused
 * with HTTP 503 (a browser sees only an error and close 1006, never `open`), a
 * blocked SSE or long-poll request is answered 503. Names: `websocket`, `sse`,
 * `long-poll`. With the same query on every endpoint, one URL set describes the
 * whole network ("everything but long-poll is blocked").
 *
 *   blockAfter=N  the first N connections of the stream pass; the block starts
 *                 with connection N + 1 (default 0: from the start).
 *   blockMs=MS    the block lasts this long from the first connection it
 *                 refused, then lifts (default: for good).
 *
 * Counted per stream key (path + query without the resume position), like
 * failFirst.
 */

export type BlockableTransport = 'websocket' | 'sse' | 'long-poll'

const ROUTE_TRANSPORTS = { ws: 'websocket', sse: 'sse', poll: 'long-poll' } as const
const NAMES: readonly string[] = Object.values(ROUTE_TRANSPORTS)
const MAX_TIMER_MS = 2_147_483_647

interface BlockState {
  connections: number
  /** When the first connection was refused (Date.now()), once one was. */
  since: number | undefined
}

const states = new WeakMap<object, KeyedState<BlockState>>()

function stateOf(ctx: Pick<ServerContext, 'room'>, key: string): BlockState {
  let keyed = states.get(ctx.room)
  if (keyed === undefined) {
    keyed = new KeyedState<BlockState>(() => ({ connections: 0, since: undefined }))
    states.set(ctx.room, keyed)
  }
  return keyed.get(key)
}

/**
 * Whether this connection is refused by a `block` switch. Throws FaultError
 * (answered 400) for a malformed switch. Route kinds without a transport (`send`) are never blocked.
 */
export function isBlocked(ctx: Pick<ServerContext, 'room'>, routeKind: string, key: string, query: URLSearchParams, now = Date.now()): boolean {
  const raw = single(query, 'block')
  if (raw === undefined || raw === '') return false
  const blocked = raw.split(',').map((name) => name.trim())
  const unknown = blocked.find((name) => !NAMES.includes(name))
  if (unknown !== undefined) {
    throw new FaultError(`block names transports (${NAMES.join(', ')}), got ${JSON.stringify(unknown)}`)
  }
  const after = integer(query, 'blockAfter') ?? 0
  const lastsMs = integer(query, 'blockMs')
  const transport = (ROUTE_TRANSPORTS as Record<string, BlockableTransport | undefined>)[routeKind]
  if (transport === undefined || !blocked.includes(transport)) return false

  const state = stateOf(ctx, key)
  state.connections += 1
  if (state.connections <= after) return false
  state.since ??= now
  return lastsMs === undefined || now - state.since < lastsMs
}

function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name)
  if (values.length > 1) throw new FaultError(`${name} is given ${values.length} times; give it once`)
  return values[0]
}

function integer(query: URLSearchParams, name: string): number | undefined {
  const raw = single(query, name)
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value > MAX_TIMER_MS) {
    throw new FaultError(`${name} must be an integer from 0 to ${MAX_TIMER_MS}, got ${JSON.stringify(raw)}`)
  }
  return value
}
