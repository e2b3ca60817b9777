import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Faults } from './faults'
import { refusalHeaders, sendText } from './http'
import { KeyedState } from './keyed'
import type { ChatRoom } from './scenarios'
import type { Scope } from './scope'
import type { Timeline } from './sources'

/** What the server remembers per connection key (path + query without resume positions). */
export interface KeyState {
  /** Connections (or requests) seen so far; the first `failFirst` are refused. */
  connections: number
  /** Long-poll: the shared clock-driven stream, started by the first request served. */
  timeline: Timeline | undefined
  /** Long-poll `dropAfter`: messages delivered since the last dropped request. */
  deliveredSinceDrop: number
}

/** State shared by every endpoint handler of one server. */
export interface ServerContext {
  room: ChatRoom
  keys: KeyedState<KeyState>
  /** Root scope: disposing it stops every timer and connection. */
  scope: Scope
  allowOrigin: readonly string[]
  keepAliveMs: number
  log: (line: string) => void
}

export function createKeyStates(): KeyedState<KeyState> {
  return new KeyedState<KeyState>(() => ({ connections: 0, timeline: undefined, deliveredSinceDrop: 0 }))
}

export interface Admission {
  /** True when `failFirst` refuses this connection. */
  refused: boolean
  /** 1-based number of this connection for its key. */
  ordinal: number
}

/**
 * The common front of every endpoint: count the connection for `failFirst`,
 * then apply `hang` (never proceed) and `delayMs` (proceed later). Counting
 * happens on arrival so that delayed connections keep their order.
 */
export function admit(ctx: ServerContext, key: string, faults: Faults, scope: Scope, proceed: (admission: Admission) => void): void {
  const state = ctx.keys.get(key)
  state.connections += 1
  const admission = { refused: state.connections <= faults.failFirst, ordinal: state.connections }
  if (faults.hang) return
  if (faults.delayMs > 0) scope.timeout(() => proceed(admission), faults.delayMs)
  else proceed(admission)
}

export function refusalText(faults: Faults, admission: Admission): string {
  return `refused by failFirst=${faults.failFirst} (connection ${admission.ordinal})`
}

/** Answers a refused HTTP request (SSE, long-poll, send) with the fault's status and Retry-After, and logs it. */
export function refuseHttp(
  ctx: Pick<ServerContext, 'log'>,
  label: string,
  res: ServerResponse,
  faults: Faults,
  admission: Admission,
  cors: OutgoingHttpHeaders,
): void {
  const text = refusalText(faults, admission)
  ctx.log(`${label}: ${text} → ${faults.status}`)
  sendText(res, faults.status, text, { ...cors, ...refusalHeaders(faults.status, faults.retryAfter) })
}
