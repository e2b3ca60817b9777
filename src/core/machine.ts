import { backoffDelay } from './backoff'
import type { Effect, MachineContext, MachineEvent, MachineState, Transition } from './machine-types'
import { isCleanEnd, shouldRetry } from './retry-policy'
import { RealtimeError, type CloseInfo, type Status } from './types'

export type * from './machine-types'


export function initialState(environment: { online: boolean; visible: boolean }): MachineState {
  return {
    status: 'idle',
    link: 'none',
    attempt: 0,
    error: undefined,
    nextRetryAt: undefined,
    online: environment.online,
    visible: environment.visible,
    paused: false,
    serverRetryMs: undefined,
    attempted: false,
  }
}

const CLIENT_CLOSE: CloseInfo = { wasClean: true }

/**
 * The one reconnection machine behind all three hooks: a pure function from
 * (state, event) to the next state and the effects a runner must carry out.
 */
export function transition(state: MachineState, event: MachineEvent, context: MachineContext): Transition {
  const { config } = context
  switch (event.type) {
    case 'start':
      if (!neverStarted(state)) return noEffects(state)
      return attemptUnlessBlocked(fresh(state), 'connecting', [], context)

    case 'stop':
      return halt(fresh(state), { status: 'idle', paused: false })

    case 'reconnect':
      // From `idle` (never started, or paused while hidden) there is nothing to reconnect.
      if (state.status === 'idle') return noEffects(state)
      // An explicit request from the user: try now, even while offline or hidden.
      return startAttempt({ ...fresh(state), paused: false }, 'connecting', endAll(state), context)

    case 'close':
      if (neverStarted(state)) return noEffects(state)
      return halt(state, { status: 'closed', paused: false })

    case 'opened':
      if (state.link !== 'pending') return noEffects(state)
      return {
        state: { ...state, status: 'open', link: 'up', error: undefined, nextRetryAt: undefined },
        effects: [
          { type: 'cancelTimer', timer: 'connectTimeout' },
          ...(config.reconnect
            ? [{ type: 'startTimer', timer: 'stable', ms: config.reconnect.stableAfterMs } as const]
            : []),
          { type: 'emitOpen' },
        ],
      }

    case 'stableTimer':
      return noEffects(state.link === 'up' ? { ...state, attempt: 0 } : state)

    case 'closed':
      if (state.link === 'none') return noEffects(state)
      return afterLinkEnded(state, event.info, event.retryAfterMs, [], context)

    case 'connectTimeout': {
      if (state.link !== 'pending') return noEffects(state)
      const error = new RealtimeError('timeout', process.env.NODE_ENV !== 'production' ? `Not connected within ${config.connectTimeoutMs} ms` : 'Connect timeout')
      return afterLinkEnded(state, { wasClean: false, error }, undefined, [{ type: 'disconnect' }], context)
    }

    case 'transportError':
      if (state.link === 'none') return noEffects(state)
      return { state: { ...state, error: event.error }, effects: [{ type: 'emitError', error: event.error }] }

    case 'serverRetry':
      return noEffects({ ...state, serverRetryMs: event.ms })

    case 'retryTimer':
      if (state.status !== 'reconnecting' || state.link !== 'none') return noEffects(state)
      return attemptUnlessBlocked({ ...state, nextRetryAt: undefined }, 'reconnecting', [], context)

    case 'offline': {
      const offline = { ...state, online: false }
      // A working connection is kept; a pending attempt or a waiting retry is dropped until `online`.
      if (state.link === 'up' || isAtRest(state)) return noEffects(offline)
      return halt(offline, { status: 'offline' })
    }

    case 'online': {
      const online = { ...state, online: true }
      if (state.status !== 'offline') return noEffects(online)
      // A hook that started offline makes its first attempt now: that is `connecting`.
      return attemptUnlessBlocked(online, state.attempted ? 'reconnecting' : 'connecting', [], context)
    }

    case 'hidden': {
      const hidden = { ...state, visible: false }
      if (!config.pauseWhenHidden || isAtRest(state)) return noEffects(hidden)
      return halt(hidden, { status: 'idle', paused: true })
    }

    case 'visible': {
      const visible = { ...state, visible: true }
      if (!state.paused) return noEffects(visible)
      return attemptUnlessBlocked({ ...visible, paused: false }, 'connecting', [], context)
    }
  }
}

function noEffects(state: MachineState): Transition {
  return { state, effects: [] }
}

/** `idle`, and not because the page is hidden: nothing to end, restart or close. */
function neverStarted(state: MachineState): boolean {
  return state.status === 'idle' && !state.paused
}

/** Statuses in which nothing runs and nothing is scheduled. */
export function isAtRest(state: MachineState): boolean {
  return state.status === 'idle' || state.status === 'closed' || state.status === 'failed'
}

/** The state for a new start: the retry count and the error are over. */
function fresh(state: MachineState): MachineState {
  return { ...state, attempt: 0, error: undefined, nextRetryAt: undefined, attempted: false }
}

/**
 * Cancels every timer and ends the current link at the client's request (`onClose`
 * still hears of it).
 */
function endAll(state: MachineState): Effect[] {
  return [
    { type: 'cancelTimer', timer: 'retry' },
    { type: 'cancelTimer', timer: 'stable' },
    { type: 'cancelTimer', timer: 'connectTimeout' },
    ...(state.link === 'none' ? [] : [{ type: 'disconnect' } as const, { type: 'emitClose', info: CLIENT_CLOSE } as const]),
  ]
}

/** Stops everything and rests in the status `changes` give. */
function halt(state: MachineState, changes: Pick<MachineState, 'status'> & Partial<MachineState>): Transition {
  return { state: { ...state, link: 'none', nextRetryAt: undefined, ...changes }, effects: endAll(state) }
}

function startAttempt(state: MachineState, status: Status, before: readonly Effect[], context: MachineContext): Transition {
  const { connectTimeoutMs } = context.config
  return {
    state: { ...state, status, link: 'pending', attempted: true },
    effects: [
      ...before,
      { type: 'connect' },
      // Infinity: no connect timeout (long-poll, whose requests have their own timeoutMs).
      ...(Number.isFinite(connectTimeoutMs)
        ? [{ type: 'startTimer', timer: 'connectTimeout', ms: connectTimeoutMs } as const]
        : []),
    ],
  }
}

/** Starts an attempt unless the page is hidden (with pauseWhenHidden) or the browser is offline. */
function attemptUnlessBlocked(
  state: MachineState,
  status: Status,
  before: readonly Effect[],
  context: MachineContext,
): Transition {
  if (context.config.pauseWhenHidden && !state.visible) {
    return { state: { ...state, status: 'idle', link: 'none', paused: true }, effects: before }
  }
  if (!state.online) return { state: { ...state, status: 'offline', link: 'none' }, effects: before }
  return startAttempt(state, status, before, context)
}

/** The transport ended on its own (or timed out): decide between retry, `closed` and `failed`. */
function afterLinkEnded(
  state: MachineState,
  info: CloseInfo,
  retryAfterMs: number | undefined,
  before: readonly Effect[],
  context: MachineContext,
): Transition {
  const effects: Effect[] = [
    ...before,
    { type: 'cancelTimer', timer: 'connectTimeout' },
    { type: 'cancelTimer', timer: 'stable' },
    { type: 'emitClose', info },
  ]
  if (info.error) effects.push({ type: 'emitError', error: info.error })
  const ended: MachineState = { ...state, link: 'none', nextRetryAt: undefined, error: info.error ?? state.error }
  const rest = (status: Status): Transition => ({ state: { ...ended, status }, effects })

  const { reconnect } = context.config
  const retryable =
    // SSE HTTP 204 is the server saying "stop": never retried, whatever the options say.
    !(info.status === 204 && info.error === undefined) &&
    reconnect &&
    shouldRetry(reconnect.shouldReconnect, info)
  if (!retryable) return rest(isCleanEnd(info) ? 'closed' : 'failed')
  if (state.attempt >= reconnect.maxAttempts) return rest('failed')
  if (!state.online) return rest('offline')

  const attempt = state.attempt + 1
  const initialDelayMs = state.serverRetryMs ?? reconnect.initialDelayMs
  const backoff = backoffDelay(attempt, { ...reconnect, initialDelayMs }, context.random)
  const delay = retryAfterMs === undefined ? backoff : Math.max(backoff, retryAfterMs)
  effects.push({ type: 'startTimer', timer: 'retry', ms: delay })
  return {
    state: { ...ended, status: 'reconnecting', attempt, nextRetryAt: context.now + delay },
    effects,
  }
}
