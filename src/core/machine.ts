import { backoffDelay, type ResolvedReconnectOptions } from './backoff'
import { isCleanEnd, isRetryableByDefault } from './retry-policy'
import { RealtimeError, type CloseInfo, type Status } from './types'

/** Whether a transport exists, and whether it has reported `open`. */
export type Link = 'none' | 'pending' | 'up'

export interface MachineState {
  readonly status: Status
  readonly link: Link
  /** Retries since the last stable open. */
  readonly attempt: number
  readonly error: RealtimeError | undefined
  readonly nextRetryAt: number | undefined
  readonly online: boolean
  readonly visible: boolean
  /** Disconnected because the page is hidden (`pauseWhenHidden`). */
  readonly paused: boolean
  /** The SSE server's `retry:` field; replaces `initialDelayMs` until the URL changes. */
  readonly serverRetryMs: number | undefined
}

export type MachineEvent =
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'urlChanged' }
  | { type: 'opened' }
  | { type: 'closed'; info: CloseInfo; retryAfterMs?: number | undefined }
  | { type: 'transportError'; error: RealtimeError }
  | { type: 'serverRetry'; ms: number }
  | { type: 'retryTimer' }
  | { type: 'stableTimer' }
  | { type: 'connectTimeout' }
  | { type: 'close' }
  | { type: 'reconnect' }
  | { type: 'offline' }
  | { type: 'online' }
  | { type: 'hidden' }
  | { type: 'visible' }

export type TimerName = 'retry' | 'stable' | 'connectTimeout'

export type Effect =
  | { type: 'connect' }
  /** End the current transport at the client's request (it reports nothing afterwards). */
  | { type: 'disconnect' }
  | { type: 'startTimer'; timer: TimerName; ms: number }
  | { type: 'cancelTimer'; timer: TimerName }
  | { type: 'emitOpen' }
  | { type: 'emitClose'; info: CloseInfo }
  | { type: 'emitError'; error: RealtimeError }

export interface MachineConfig {
  readonly reconnect: ResolvedReconnectOptions | false
  readonly connectTimeoutMs: number
  readonly pauseWhenHidden: boolean
}

export interface MachineContext {
  readonly config: MachineConfig
  readonly now: number
  readonly random: () => number
}

export interface Transition {
  readonly state: MachineState
  readonly effects: readonly Effect[]
}

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
  }
}

const CANCEL_ALL: readonly Effect[] = [
  { type: 'cancelTimer', timer: 'retry' },
  { type: 'cancelTimer', timer: 'stable' },
  { type: 'cancelTimer', timer: 'connectTimeout' },
]

const CLIENT_CLOSE: CloseInfo = { wasClean: true }

/**
 * The one reconnection machine behind all three hooks: a pure function from
 * (state, event) to the next state and the effects a runner must carry out.
 */
export function transition(state: MachineState, event: MachineEvent, context: MachineContext): Transition {
  switch (event.type) {
    case 'start':
      if (state.status !== 'idle' || state.paused) return unchanged(state)
      return attemptUnlessBlocked({ ...state, attempt: 0, error: undefined }, 'connecting', [], context)

    case 'stop':
      return {
        state: { ...state, status: 'idle', link: 'none', attempt: 0, error: undefined, nextRetryAt: undefined, paused: false },
        effects: [...CANCEL_ALL, ...endLink(state)],
      }

    case 'urlChanged': {
      if (state.status === 'idle' && !state.paused) return unchanged(state)
      const fresh = { ...state, attempt: 0, error: undefined, nextRetryAt: undefined, serverRetryMs: undefined, link: 'none' as const }
      return attemptUnlessBlocked(fresh, 'connecting', [...CANCEL_ALL, ...endLink(state)], context)
    }

    case 'reconnect': {
      if (state.status === 'idle' && !state.paused) return unchanged(state)
      // An explicit request from the user: try now, even while offline or hidden.
      const fresh = { ...state, attempt: 0, error: undefined, nextRetryAt: undefined, paused: false, link: 'none' as const }
      return startAttempt(fresh, 'connecting', [...CANCEL_ALL, ...endLink(state)], context)
    }

    case 'close':
      if (state.status === 'idle' && !state.paused) return unchanged(state)
      return {
        state: { ...state, status: 'closed', link: 'none', nextRetryAt: undefined, paused: false },
        effects: [...CANCEL_ALL, ...endLink(state)],
      }

    case 'opened':
      if (state.link !== 'pending') return unchanged(state)
      return {
        state: { ...state, status: 'open', link: 'up', error: undefined, nextRetryAt: undefined },
        effects: [
          { type: 'cancelTimer', timer: 'connectTimeout' },
          ...(context.config.reconnect
            ? [{ type: 'startTimer', timer: 'stable', ms: context.config.reconnect.stableAfterMs } as const]
            : []),
          { type: 'emitOpen' },
        ],
      }

    case 'stableTimer':
      return state.link === 'up' ? { state: { ...state, attempt: 0 }, effects: [] } : unchanged(state)

    case 'closed':
      if (state.link === 'none') return unchanged(state)
      return afterLinkEnded(state, event.info, event.retryAfterMs, [], context)

    case 'connectTimeout': {
      if (state.link !== 'pending') return unchanged(state)
      const error = new RealtimeError('timeout', `Not connected within ${context.config.connectTimeoutMs} ms`)
      return afterLinkEnded(state, { wasClean: false, error }, undefined, [{ type: 'disconnect' }], context)
    }

    case 'transportError':
      if (state.link === 'none') return unchanged(state)
      return { state: { ...state, error: event.error }, effects: [{ type: 'emitError', error: event.error }] }

    case 'serverRetry':
      return { state: { ...state, serverRetryMs: event.ms }, effects: [] }

    case 'retryTimer':
      if (state.status !== 'reconnecting' || state.link !== 'none') return unchanged(state)
      return attemptUnlessBlocked({ ...state, nextRetryAt: undefined }, 'reconnecting', [], context)

    case 'offline': {
      const offline = { ...state, online: false }
      // A working connection is kept; a pending attempt or a waiting retry is dropped until `online`.
      if (state.link === 'up' || isAtRest(state)) return { state: offline, effects: [] }
      return {
        state: { ...offline, status: 'offline', link: 'none', nextRetryAt: undefined },
        effects: [...CANCEL_ALL, ...endLink(state)],
      }
    }

    case 'online': {
      const online = { ...state, online: true }
      if (state.status !== 'offline') return { state: online, effects: [] }
      return attemptUnlessBlocked(online, 'reconnecting', [], context)
    }

    case 'hidden': {
      const hidden = { ...state, visible: false }
      if (!context.config.pauseWhenHidden || isAtRest(state)) return { state: hidden, effects: [] }
      return {
        state: { ...hidden, status: 'idle', link: 'none', nextRetryAt: undefined, paused: true },
        effects: [...CANCEL_ALL, ...endLink(state)],
      }
    }

    case 'visible': {
      const visible = { ...state, visible: true }
      if (!state.paused) return { state: visible, effects: [] }
      return attemptUnlessBlocked({ ...visible, paused: false }, 'connecting', [], context)
    }
  }
}

function unchanged(state: MachineState): Transition {
  return { state, effects: [] }
}

/** Statuses in which nothing runs and nothing is scheduled. */
function isAtRest(state: MachineState): boolean {
  return state.status === 'idle' || state.status === 'closed' || state.status === 'failed'
}

/** Ends the current link at the client's request; `onClose` still hears of it. */
function endLink(state: MachineState): Effect[] {
  return state.link === 'none' ? [] : [{ type: 'disconnect' }, { type: 'emitClose', info: CLIENT_CLOSE }]
}

function startAttempt(state: MachineState, status: Status, before: readonly Effect[], context: MachineContext): Transition {
  return {
    state: { ...state, status, link: 'pending' },
    effects: [
      ...before,
      { type: 'connect' },
      // Infinity: no connect timeout (long-poll, whose requests have their own timeoutMs).
      ...(Number.isFinite(context.config.connectTimeoutMs)
        ? [{ type: 'startTimer', timer: 'connectTimeout', ms: context.config.connectTimeoutMs } as const]
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
  const giveUp = (): Transition => ({
    state: { ...ended, status: isCleanEnd(info) ? 'closed' : 'failed' },
    effects,
  })

  const { reconnect } = context.config
  // SSE HTTP 204 is the server saying "stop": never retried, whatever the options say.
  if (info.status === 204 && info.error === undefined) return giveUp()
  if (!reconnect) return giveUp()
  const retryable = reconnect.shouldReconnect ? reconnect.shouldReconnect(info) : isRetryableByDefault(info)
  if (!retryable) return giveUp()
  if (state.attempt >= reconnect.maxAttempts) {
    return { state: { ...ended, status: 'failed' }, effects }
  }
  if (!state.online) return { state: { ...ended, status: 'offline' }, effects }

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
