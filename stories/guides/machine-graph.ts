/**
 * The statuses and transitions of the reconnection machine, found by running
 * its own `transition` function: from the first state, every event below is
 * applied to every state reached, until no new state turns up. The Reconnection
 * page draws what this returns, so the diagram cannot drift from the machine.
 */
import { resolveReconnectOptions } from '../../src/core/backoff'
import { initialState, transition, type MachineConfig, type MachineEvent, type MachineState } from '../../src/core/machine'
import { RealtimeError, type Status } from '../../src/core/types'

export const STATUSES: readonly Status[] = ['idle', 'connecting', 'open', 'reconnecting', 'offline', 'closed', 'failed']

/** What can happen to a connection, named as a reader knows it. */
export const MACHINE_EVENTS: readonly { label: string; event: MachineEvent }[] = [
  { label: 'start', event: { type: 'start' } },
  { label: 'url → null / enabled: false', event: { type: 'stop' } },
  { label: 'opened', event: { type: 'opened' } },
  {
    label: 'dropped / refused',
    event: { type: 'closed', info: { wasClean: false, code: 1006, error: new RealtimeError('close', 'closed 1006', { code: 1006 }) } },
  },
  {
    label: 'non-retryable error',
    event: { type: 'closed', info: { wasClean: false, status: 401, error: new RealtimeError('http', 'HTTP 401', { status: 401 }) } },
  },
  { label: 'SSE 204', event: { type: 'closed', info: { wasClean: true, status: 204 } } },
  { label: 'connect timeout', event: { type: 'connectTimeout' } },
  { label: 'retry timer', event: { type: 'retryTimer' } },
  { label: 'stayed open stableAfterMs', event: { type: 'stableTimer' } },
  { label: 'close()', event: { type: 'close' } },
  { label: 'reconnect()', event: { type: 'reconnect' } },
  { label: 'offline', event: { type: 'offline' } },
  { label: 'online', event: { type: 'online' } },
  { label: 'hidden (pauseWhenHidden)', event: { type: 'hidden' } },
  { label: 'visible (pauseWhenHidden)', event: { type: 'visible' } },
]

/** A small `maxAttempts` keeps the exploration finite and shows the way to `failed`. */
export const EXPLORED_CONFIG: MachineConfig = {
  reconnect: resolveReconnectOptions({ maxAttempts: 2 }),
  connectTimeoutMs: 10_000,
  pauseWhenHidden: true,
}

/** Far more than the few dozen states the machine has; a guard, never reached. */
const MAX_STATES = 10_000

/** When an event leads somewhere else than it would on a visible, online page with retries left. */
export type Condition = 'while offline' | 'while hidden' | 'retries used up'

export interface Edge {
  from: Status
  to: Status
  condition: Condition | undefined
  /** The events that lead from `from` to `to` (under `condition`), in MACHINE_EVENTS order. */
  labels: string[]
}

function keyOf(state: MachineState): string {
  return JSON.stringify({ ...state, error: state.error?.kind })
}

/**
 * The condition under which `event` takes `state` to `status`: the first
 * circumstance whose removal changes the outcome, found by asking the machine again.
 */
function conditionOf(
  state: MachineState,
  event: MachineEvent,
  status: Status,
  context: Parameters<typeof transition>[2],
): Condition | undefined {
  const without: [Condition, MachineState][] = [
    ['while offline', { ...state, online: true }],
    ['while hidden', { ...state, visible: true, paused: false }],
    ['retries used up', { ...state, attempt: 0 }],
  ]
  for (const [condition, other] of without) {
    if (other !== state && keyOf(other) !== keyOf(state) && transition(other, event, context).state.status !== status) {
      return condition
    }
  }
  return undefined
}

/** Every status change the machine makes, one edge per (from, to, condition); staying in a status is left out. */
export function exploreMachine(config: MachineConfig = EXPLORED_CONFIG): Edge[] {
  const context = { config, now: 0, random: () => 1 }
  const start = initialState({ online: true, visible: true })
  const seen = new Set([keyOf(start)])
  const queue = [start]
  const found = new Map<string, Edge>()
  for (let index = 0; index < queue.length; index++) {
    if (index >= MAX_STATES) throw new Error(`The machine has more than ${MAX_STATES} states`)
    const state = queue[index] as MachineState
    for (const { label, event } of MACHINE_EVENTS) {
      const next = transition(state, event, context).state
      if (next.status !== state.status) {
        const condition = conditionOf(state, event, next.status, context)
        const key = `${state.status} ${next.status} ${condition ?? ''}`
        const edge = found.get(key) ?? { from: state.status, to: next.status, condition, labels: [] }
        if (!edge.labels.includes(label)) edge.labels.push(label)
        found.set(key, edge)
      }
      const key = keyOf(next)
      if (!seen.has(key)) {
        seen.add(key)
        queue.push(next)
      }
    }
  }
  const order = (label: string): number => MACHINE_EVENTS.findIndex((candidate) => candidate.label === label)
  const edges = [...found.values()].map((edge) => ({ ...edge, labels: edge.labels.sort((a, b) => order(a) - order(b)) }))
  const rank = (status: Status): number => STATUSES.indexOf(status)
  return edges.sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to) || (a.condition ?? '').localeCompare(b.condition ?? ''))
}
