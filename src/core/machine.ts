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
  const effects: Effect[] = []
  return { state: next(state, event, context, effects), effects }
}

/** The next state; the effects to carry out, in order, are appended to `effects`. */
function next(state: MachineState, event: MachineEvent, context: MachineContext, effects: Effect[]): MachineState {
  const { config } = context
  switch (event.type) {
    case 'start':
      return neverStarted(state) ? attemptUnlessBlocked(fresh(state), 'connecting', context, effects) : state

    case 'stop':
      return halt(fresh(state), { status: 'idle', paused: false }, effects)

    case 'reconnect':
      // From `idle` (never started, or paused while hidden) there is nothing to reconnect.
      if (state.status === 'idle') return state
      // An explicit request from the user: try now, even while offline or hidden.
      endAll(state, effects)
      return startAttempt({ ...fresh(state), paused: false }, 'connecting', context, effects)

    case 'close':
      return neverStarted(state) ? state : halt(state, { status: 'closed', paused: false }, effects)

    case 'opened':
      if (state.link !== 'pending') return state
      effects.push({ type: 'cancelTimers' })
      if (config.reconnect) effects.push({ type: 'startTimer', timer: 'stableTimer', ms: config.reconnect.stableAfterMs })
      effects.push({ type: 'emitOpen' })
      return { ...state, status: 'open', link: 'up', error: undefined, nextRetryAt: undefined }

    case 'stableTimer':
      return state.link === 'up' ? { ...state, attempt: 0 } : state

    case 'closed':
      return state.link === 'none' ? state : afterLinkEnded(state, event.info, event.retryAfterMs, context, effects)

    case 'connectTimeout': {
      if (state.link !== 'pending') return state
      const error = new RealtimeError('timeout', process.env.NODE_ENV !== 'production' ? `Not connected within ${config.connectTimeoutMs} ms` : 'Connect timeout')
      effects.push({ type: 'disconnect' })
      return afterLinkEnded(state, { wasClean: false, error }, undefined, context, effects)
    }

    case 'transportError':
      if (state.link === 'none') return state
      effects.push({ type: 'emitError', error: event.error })
      return { ...state, error: event.error }

    case 'serverRetry':
      return { ...state, serverRetryMs: event.ms }

    case 'retryTimer':
      if (state.status !== 'reconnecting' || state.link !== 'none') return state
      return attemptUnlessBlocked({ ...state, nextRetryAt: undefined }, 'reconnecting', context, effects)

    case 'offline': {
      const offline = { ...state, online: false }
      // A working connection is kept; a pending attempt or a waiting retry is dropped until `online`.
      return state.link === 'up' || isAtRest(state) ? offline : halt(offline, { status: 'offline' }, effects)
    }

    case 'online': {
      const online = { ...state, online: true }
      if (state.status !== 'offline') return online
      // A hook that started offline makes its first attempt now: that is `connecting`.
      return attemptUnlessBlocked(online, state.attempted ? 'reconnecting' : 'connecting', context, effects)
    }

    case 'hidden': {
      const hidden = { ...state, visible: false }
      return !config.pauseWhenHidden || isAtRest(state) ? hidden : halt(hidden, { status: 'idle', paused: true }, effects)
    }

    case 'visible': {
      const visible = { ...state, visible: true }
      return state.paused ? attemptUnlessBlocked({ ...visible, paused: false }, 'connecting', context, effects) : visible
    }
  }
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

/** Cancels the timer and ends the current link at the client's request (`onClose` still hears of it). */
function endAll(state: MachineState, effects: Effect[]): void {
  effects.push({ type: 'cancelTimers' })
  if (state.link !== 'none') effects.push({ type: 'disconnect' }, { type: 'emitClose', info: CLIENT_CLOSE })
}

/** Stops everything and rests in the status `changes` give. */
function halt(state: MachineState, changes: Pick<MachineState, 'status'> & Partial<MachineState>, effects: Effect[]): MachineState {
  endAll(state, effects)
  return { ...state, link: 'none', nextRetryAt: undefined, ...changes }
}

function startAttempt(state: MachineState, status: Status, context: MachineContext, effects: Effect[]): MachineState {
  const { connectTimeoutMs } = context.config
  effects.push({ type: 'connect' })
  // Infinity: no connect timeout (long-poll, whose requests have their own timeoutMs).
  if (Number.isFinite(connectTimeoutMs)) effects.push({ type: 'startTimer', timer: 'connectTimeout', ms: connectTimeoutMs })
  return { ...state, status, link: 'pending', attempted: true }
}

/** Starts an attempt unless the page is hidden (with pauseWhenHidden) or the browser is offline. */
function attemptUnlessBlocked(state: MachineState, status: Status, context: MachineContext, effects: Effect[]): MachineState {
  if (context.config.pauseWhenHidden && !state.visible) return { ...state, status: 'idle', link: 'none', paused: true }
  if (!state.online) return { ...state, status: 'offline', link: 'none' }
  return startAttempt(state, status, context, effects)
}

/** The transport ended on its own (or timed out): decide between retry, `closed` and `failed`. */
function afterLinkEnded(
  state: MachineState,
  info: CloseInfo,
  retryAfterMs: number | undefined,
  context: MachineContext,
  effects: Effect[],
): MachineState {
  effects.push({ type: 'cancelTimers' }, { type: 'emitClose', info })
  if (info.error) effects.push({ type: 'emitError', error: info.error })
  const ended: MachineState = { ...state, link: 'none', nextRetryAt: undefined, error: info.error ?? state.error }

  const { reconnect } = context.config
  const retryable =
    // SSE HTTP 204 is the server saying "stop": never retried, whatever the options say.
    !(info.status === 204 && info.error === undefined) &&
    reconnect &&
    shouldRetry(reconnect.shouldReconnect, info)
  if (!retryable) return { ...ended, status: isCleanEnd(info) ? 'closed' : 'failed' }
  if (state.attempt >= reconnect.maxAttempts) return { ...ended, status: 'failed' }
  if (!state.online) return { ...ended, status: 'offline' }

  const attempt = state.attempt + 1
  const initialDelayMs = state.serverRetryMs ?? reconnect.initialDelayMs
  const backoff = backoffDelay(attempt, { ...reconnect, initialDelayMs }, context.random)
  const delay = retryAfterMs === undefined ? backoff : Math.max(backoff, retryAfterMs)
  effects.push({ type: 'startTimer', timer: 'retryTimer', ms: delay })
  return { ...ended, status: 'reconnecting', attempt, nextRetryAt: context.now + delay }
}
