import { admit, createKeyStates, type Admission, type KeyState } from '../../mock-server/admission'
import { connectionKey, type Faults } from '../../mock-server/faults'
import type { KeyedState } from '../../mock-server/keyed'
import type { EndpointKind } from '../../mock-server/routes'
import { ChatRoom } from '../../mock-server/scenarios'
import { Scope } from '../../mock-server/scope'
import type { Target } from './paths'

/** One connection (or held long poll) that `push` and `drop` can reach. */
export interface LiveConnection {
  readonly path: string
  readonly kind: EndpointKind
  /** Delivers one extra message, outside the scenario's numbered stream. */
  push(message: unknown): void
  /** Ends the connection the way a lost network would (or with a WebSocket close `code`). */
  drop(code: number | undefined): void
}

/** Set by `refuse(path)`: the next `remaining` connections to the path are refused. */
export interface ManualRefusal {
  remaining: number
  status: number
  closeCode: number
  retryAfter: number | undefined
}

/** Everything one test server remembers; `reset` forgets it all. */
export interface ServerState {
  room: ChatRoom
  keys: KeyedState<KeyState>
  /** Root scope: disposing it stops every timer and stream. */
  scope: Scope
  live: Set<LiveConnection>
  refusals: Map<string, ManualRefusal>
  /** Pushed long-poll messages no poll was waiting for, by path: the next poll takes them. */
  queuedPolls: Map<string, unknown[]>
  log: (line: string) => void
}

export function createState(log: (line: string) => void): ServerState {
  const report = (error: unknown): void => log(`error: ${error instanceof Error ? error.message : String(error)}`)
  return {
    room: new ChatRoom(report),
    keys: createKeyStates(),
    scope: new Scope(report),
    live: new Set(),
    refusals: new Map(),
    queuedPolls: new Map(),
    log,
  }
}

/** The stream identity of a target, as the mock server keys it (without resume positions). */
export function keyOf(target: Target): string {
  return connectionKey(target.pathname, target.query)
}

/**
 * The mock server's admission (failFirst, hang, delayMs), plus the refusals that
 * `refuse(path)` asked for: those answer with their own status and close code.
 */
export function admitConnection(
  state: ServerState,
  target: Target,
  faults: Faults,
  scope: Scope,
  proceed: (admission: Admission, faults: Faults) => void,
): void {
  const manual = takeRefusal(state, target.pathname)
  admit(state, keyOf(target), faults, scope, (admission) => {
    if (manual === undefined || admission.refused) return proceed(admission, faults)
    const { status, closeCode, retryAfter } = manual
    proceed({ refused: true, ordinal: admission.ordinal }, { ...faults, status, closeCode, retryAfter })
  })
}

function takeRefusal(state: ServerState, path: string): ManualRefusal | undefined {
  const refusal = state.refusals.get(path)
  if (refusal === undefined) return undefined
  refusal.remaining -= 1
  if (refusal.remaining <= 0) state.refusals.delete(path)
  return refusal
}

/** Registers a live connection until `scope` ends. */
export function track(state: ServerState, scope: Scope, connection: LiveConnection): void {
  state.live.add(connection)
  scope.add(() => state.live.delete(connection))
}
