import type { Faults } from './faults'
import { KeyedState } from './keyed'
import type { Scope } from './scope'
import type { Timeline } from './sources'

/*
 * The common front of every endpoint, free of node:http so that the in-process
 * test server (react-realtime-kit/testing) admits connections by the same rules.
 */

/** What the server remembers per connection key (path + query without resume positions). */
export interface KeyState {
  /** Connections (or requests) seen so far; the first `failFirst` are refused. */
  connections: number
  /** Long-poll: the shared clock-driven stream, started by the first request served. */
  timeline: Timeline | undefined
  /** Long-poll `dropAfter`: messages delivered since the last dropped request. */
  deliveredSinceDrop: number
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
export function admit(ctx: { keys: KeyedState<KeyState> }, key: string, faults: Faults, scope: Scope, proceed: (admission: Admission) => void): void {
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

/** Headers of a refused connection: `Retry-After` only where it means something. */
export function refusalHeaders(status: number, retryAfter: number | undefined): Record<string, string> {
  return retryAfter !== undefined && (status === 429 || status === 503) ? { 'Retry-After': String(retryAfter) } : {}
}
