import { describe, expect, it } from 'vitest'
import { resolveReconnectOptions } from '../../src/core/backoff'
import {
  initialState,
  transition,
  type Effect,
  type MachineConfig,
  type MachineEvent,
  type MachineState,
} from '../../src/core/machine'
import { RealtimeError, type CloseInfo, type ReconnectOptions } from '../../src/core/types'
import { EXPLORED_CONFIG, MACHINE_EVENTS } from '../../stories/guides/machine-graph'

const NOW = 1_000_000

function config(reconnect: ReconnectOptions | false = { jitter: 0 }, extra: Partial<MachineConfig> = {}): MachineConfig {
  return {
    reconnect: reconnect === false ? false : resolveReconnectOptions(reconnect),
    connectTimeoutMs: 10_000,
    pauseWhenHidden: false,
    ...extra,
  }
}

/** Runs events through the pure machine; returns the final state and every effect. */
function run(events: MachineEvent[], machineConfig = config(), from?: MachineState) {
  let state = from ?? initialState({ online: true, visible: true })
  const effects: Effect[] = []
  for (const event of events) {
    const result = transition(state, event, { config: machineConfig, now: NOW, random: () => 1 })
    state = result.state
    effects.push(...result.effects)
  }
  return { state, effects, last: effects }
}

function step(state: MachineState, event: MachineEvent, machineConfig = config()) {
  return transition(state, event, { config: machineConfig, now: NOW, random: () => 1 })
}

const closedBy = (info: CloseInfo, retryAfterMs?: number): MachineEvent => ({ type: 'closed', info, retryAfterMs })
const wsClose = (code: number): MachineEvent =>
  closedBy({ wasClean: code === 1000 || code === 1001, code, ...(code === 1000 || code === 1001 ? {} : { error: new RealtimeError('close', `closed ${code}`, { code }) }) })
const httpClose = (status: number): MachineEvent =>
  closedBy({ wasClean: false, status, error: new RealtimeError('http', `HTTP ${status}`, { status }) })

const opened = run([{ type: 'start' }, { type: 'opened' }]).state
const retryTimerMs = (effects: readonly Effect[]) =>
  effects.flatMap((effect) => (effect.type === 'startTimer' && effect.timer === 'retryTimer' ? [effect.ms] : []))

describe('machine: statuses', () => {
  it('starts idle and does nothing until started', () => {
    const state = initialState({ online: true, visible: true })
    expect(state.status).toBe('idle')
    expect(step(state, { type: 'opened' }).effects).toEqual([])
  })

  it('start → connecting with a connect effect and a connect timeout', () => {
    const { state, effects } = run([{ type: 'start' }])
    expect(state.status).toBe('connecting')
    expect(effects).toEqual([{ type: 'connect' }, { type: 'startTimer', timer: 'connectTimeout', ms: 10_000 }])
  })

  it('opened → open, emits open, arms the stable timer', () => {
    const { state, effects } = run([{ type: 'start' }, { type: 'opened' }])
    expect(state.status).toBe('open')
    expect(effects).toContainEqual({ type: 'emitOpen' })
    expect(effects).toContainEqual({ type: 'startTimer', timer: 'stableTimer', ms: 5000 })
    expect(effects).toContainEqual({ type: 'cancelTimers' })
  })

  it('a drop → reconnecting with attempt 1 and nextRetryAt', () => {
    const { state, effects } = run([wsClose(1006)], config(), opened)
    expect(state).toMatchObject({ status: 'reconnecting', attempt: 1, nextRetryAt: NOW + 1000 })
    expect(retryTimerMs(effects)).toEqual([1000])
  })

  it('the retry timer starts the next attempt while staying reconnecting', () => {
    const dropped = run([wsClose(1006)], config(), opened).state
    const { state, effects } = step(dropped, { type: 'retryTimer' })
    expect(state).toMatchObject({ status: 'reconnecting', link: 'pending', nextRetryAt: undefined, attempt: 1 })
    expect(effects).toContainEqual({ type: 'connect' })
  })

  it('offline at start → offline, no attempt', () => {
    const { state, effects } = run([{ type: 'start' }], config(), initialState({ online: false, visible: true }))
    expect(state.status).toBe('offline')
    expect(effects.some((effect) => effect.type === 'connect')).toBe(false)
  })

  it('close() → closed; reconnect: false and a clean end → closed; unclean → failed', () => {
    expect(run([{ type: 'close' }], config(), opened).state.status).toBe('closed')
    expect(run([wsClose(1000)], config(false), opened).state.status).toBe('closed')
    expect(run([wsClose(1006)], config(false), opened).state.status).toBe('failed')
  })

  it('stop → idle with attempt and error reset', () => {
    const dropped = run([wsClose(1011)], config(), opened).state
    const { state, effects } = step(dropped, { type: 'stop' })
    expect(state).toMatchObject({ status: 'idle', attempt: 0, error: undefined, nextRetryAt: undefined })
    expect(effects).toContainEqual({ type: 'cancelTimers' })
  })
})

describe('machine: the retry table', () => {
  const retried = [1000, 1001, 1005, 1006, 1011, 1012, 1013, 1014, 4500, 4999]
  const fatal = [1002, 1003, 1007, 1008, 1009, 1010, 4000, 4001, 4499]

  it.each(retried)('WebSocket close %i reconnects', (code) => {
    expect(run([wsClose(code)], config(), opened).state.status).toBe('reconnecting')
  })

  it.each(fatal)('WebSocket close %i fails without retry', (code) => {
    const { state, effects } = run([wsClose(code)], config(), opened)
    expect(state.status).toBe('failed')
    expect(retryTimerMs(effects)).toEqual([])
  })

  it.each([400, 401, 403, 404, 405, 410, 422])('HTTP %i fails without retry', (status) => {
    expect(run([httpClose(status)], config(), opened).state.status).toBe('failed')
  })

  it.each([402, 408, 409, 429, 500, 502, 503, 504])('HTTP %i reconnects', (status) => {
    expect(run([httpClose(status)], config(), opened).state.status).toBe('reconnecting')
  })

  it('SSE 204 → closed, even when shouldReconnect says yes', () => {
    const stop = closedBy({ wasClean: true, status: 204 })
    expect(run([stop], config({ shouldReconnect: () => true }), opened).state.status).toBe('closed')
    expect(run([stop], config(), opened).state.status).toBe('closed')
  })

  it('a response that is not an event stream (protocol error) fails', () => {
    const info = { wasClean: false, status: 200, error: new RealtimeError('protocol', 'text/html', { status: 200 }) }
    expect(run([closedBy(info)], config(), opened).state.status).toBe('failed')
  })

  it('network errors and timeouts reconnect', () => {
    const network = closedBy({ wasClean: false, error: new RealtimeError('network', 'reset') })
    const timeout = closedBy({ wasClean: false, error: new RealtimeError('timeout', 'slow') })
    expect(run([network], config(), opened).state.status).toBe('reconnecting')
    expect(run([timeout], config(), opened).state.status).toBe('reconnecting')
  })

  it('shouldReconnect replaces the table, both ways', () => {
    const yes = config({ jitter: 0, shouldReconnect: () => true })
    const no = config({ jitter: 0, shouldReconnect: () => false })
    expect(run([wsClose(1008)], yes, opened).state.status).toBe('reconnecting')
    expect(run([wsClose(1006)], no, opened).state.status).toBe('failed')
    expect(run([wsClose(1000)], no, opened).state.status).toBe('closed')
  })

  it('shouldReconnect receives the close info', () => {
    const seen: CloseInfo[] = []
    const info = { wasClean: false, code: 4001, reason: 'nope', error: new RealtimeError('close', 'x', { code: 4001 }) }
    run([closedBy(info)], config({ shouldReconnect: (value) => (seen.push(value), false) }), opened)
    expect(seen).toEqual([info])
  })

  it('the error is kept while reconnecting and cleared on the next open', () => {
    const dropped = run([httpClose(500)], config(), opened).state
    expect(dropped.error?.kind).toBe('http')
    const reopened = run([{ type: 'retryTimer' }, { type: 'opened' }], config(), dropped).state
    expect(reopened.error).toBeUndefined()
  })

  it('emits close and error for a dropped connection', () => {
    const event = httpClose(502)
    const { effects } = run([event], config(), opened)
    expect(effects).toContainEqual({ type: 'emitClose', info: (event as { info: CloseInfo }).info })
    expect(effects.some((effect) => effect.type === 'emitError')).toBe(true)
  })
})

describe('machine: backoff, maxAttempts, stableAfterMs', () => {
  it('delays grow by factor and are capped by maxDelayMs', () => {
    const machine = config({ jitter: 0, initialDelayMs: 100, factor: 3, maxDelayMs: 2000 })
    let state = run([{ type: 'start' }], machine).state
    const delays: number[] = []
    for (let index = 0; index < 5; index++) {
      const result = run([httpClose(500)], machine, state)
      delays.push(...retryTimerMs(result.effects))
      state = run([{ type: 'retryTimer' }], machine, result.state).state
    }
    expect(delays).toEqual([100, 300, 900, 2000, 2000])
  })

  it('maxAttempts: 3 = one connection and three retries, then failed', () => {
    const machine = config({ jitter: 0, maxAttempts: 3 })
    let state = run([{ type: 'start' }], machine).state
    const statuses: string[] = []
    for (let index = 0; index < 4; index++) {
      state = run([httpClose(500)], machine, state).state
      statuses.push(`${state.status}:${state.attempt}`)
      state = run([{ type: 'retryTimer' }], machine, state).state
    }
    expect(statuses).toEqual(['reconnecting:1', 'reconnecting:2', 'reconnecting:3', 'failed:3'])
  })

  it('a server that accepts and drops at once sees growing delays, not a hot loop', () => {
    const machine = config({ jitter: 0 })
    let state = run([{ type: 'start' }], machine).state
    const delays: number[] = []
    for (let index = 0; index < 4; index++) {
      state = run([{ type: 'opened' }], machine, state).state
      const dropped = run([wsClose(1006)], machine, state)
      delays.push(...retryTimerMs(dropped.effects))
      state = run([{ type: 'retryTimer' }], machine, dropped.state).state
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000])
  })

  it('the attempt count resets once a connection stayed open stableAfterMs', () => {
    const machine = config({ jitter: 0 })
    const dropped = run([wsClose(1006), { type: 'retryTimer' }, { type: 'opened' }], machine, opened).state
    expect(dropped.attempt).toBe(1)
    const stable = run([{ type: 'stableTimer' }], machine, dropped).state
    expect(stable.attempt).toBe(0)
    expect(retryTimerMs(run([wsClose(1006)], machine, stable).effects)).toEqual([1000])
  })

  it('a drop cancels the stable timer', () => {
    expect(run([wsClose(1006)], config(), opened).effects).toContainEqual({ type: 'cancelTimers' })
  })

  it('jitter draws the delay from [d * (1 - jitter), d]', () => {
    const machine = config({ jitter: 0.5 })
    const low = transition(opened, wsClose(1006), { config: machine, now: NOW, random: () => 1 })
    const high = transition(opened, wsClose(1006), { config: machine, now: NOW, random: () => 0 })
    expect(retryTimerMs(low.effects)).toEqual([500])
    expect(retryTimerMs(high.effects)).toEqual([1000])
  })

  it('Retry-After waits max(backoff, Retry-After), beyond maxDelayMs', () => {
    const machine = config({ jitter: 0, maxDelayMs: 5000 })
    expect(retryTimerMs(run([closedBy({ wasClean: false, status: 503 }, 60_000)], machine, opened).effects)).toEqual([60_000])
    expect(retryTimerMs(run([closedBy({ wasClean: false, status: 429 }, 10)], machine, opened).effects)).toEqual([1000])
  })

  it("the SSE server's retry: field replaces initialDelayMs; factor still applies", () => {
    const machine = config({ jitter: 0 })
    const withRetry = run([{ type: 'serverRetry', ms: 250 }], machine, opened).state
    const first = run([wsClose(1006)], machine, withRetry)
    expect(retryTimerMs(first.effects)).toEqual([250])
    const second = run([{ type: 'retryTimer' }, httpClose(500)], machine, first.state)
    expect(retryTimerMs(second.effects)).toEqual([500])
  })

  it('a connect timeout ends the attempt with a timeout error and retries', () => {
    const { state, effects } = run([{ type: 'start' }, { type: 'connectTimeout' }])
    expect(state.status).toBe('reconnecting')
    expect(state.error?.kind).toBe('timeout')
    expect(effects).toContainEqual({ type: 'disconnect' })
  })

  it('a stale connect timeout after open is ignored', () => {
    expect(step(opened, { type: 'connectTimeout' }).state).toBe(opened)
  })
})

describe('machine: offline and online', () => {
  it('going offline while open keeps the connection', () => {
    const { state, effects } = run([{ type: 'offline' }], config(), opened)
    expect(state.status).toBe('open')
    expect(effects).toEqual([])
  })

  it('a drop while offline waits for online, then retries at once', () => {
    const offlineOpen = run([{ type: 'offline' }], config(), opened).state
    const dropped = run([wsClose(1006)], config(), offlineOpen)
    expect(dropped.state.status).toBe('offline')
    expect(retryTimerMs(dropped.effects)).toEqual([])
    const back = run([{ type: 'online' }], config(), dropped.state)
    expect(back.state.status).toBe('reconnecting')
    expect(back.effects).toContainEqual({ type: 'connect' })
  })

  it('going offline while waiting for a retry cancels the timer', () => {
    const waiting = run([wsClose(1006)], config(), opened).state
    const { state, effects } = run([{ type: 'offline' }], config(), waiting)
    expect(state).toMatchObject({ status: 'offline', nextRetryAt: undefined })
    expect(effects).toContainEqual({ type: 'cancelTimers' })
  })

  it('online in a resting status only records the fact', () => {
    const closed = run([{ type: 'close' }, { type: 'offline' }, { type: 'online' }], config(), opened)
    expect(closed.state.status).toBe('closed')
    expect(closed.effects.some((effect) => effect.type === 'connect')).toBe(false)
  })
})

describe('machine: close() and reconnect() from every status', () => {
  const states: Record<string, MachineState> = {
    idle: initialState({ online: true, visible: true }),
    connecting: run([{ type: 'start' }]).state,
    open: opened,
    reconnecting: run([wsClose(1006)], config(), opened).state,
    offline: run([{ type: 'start' }], config(), initialState({ online: false, visible: true })).state,
    closed: run([{ type: 'close' }], config(), opened).state,
    failed: run([wsClose(1008)], config(), opened).state,
  }

  it('covers all seven statuses', () => {
    expect(Object.entries(states).map(([name, state]) => [name, state.status])).toEqual(
      Object.keys(states).map((name) => [name, name]),
    )
  })

  it.each(Object.keys(states).filter((name) => name !== 'idle'))('close() from %s → closed, nothing left', (name) => {
    const { state, effects } = step(states[name]!, { type: 'close' })
    expect(state).toMatchObject({ status: 'closed', link: 'none', nextRetryAt: undefined })
    expect(effects.filter((effect) => effect.type === 'startTimer' || effect.type === 'connect')).toEqual([])
    expect(effects).toContainEqual({ type: 'cancelTimers' })
  })

  it('close() of a live link disconnects and reports a clean close', () => {
    const { effects } = step(opened, { type: 'close' })
    expect(effects).toContainEqual({ type: 'disconnect' })
    expect(effects).toContainEqual({ type: 'emitClose', info: { wasClean: true } })
  })

  it.each(Object.keys(states).filter((name) => name !== 'idle'))(
    'reconnect() from %s → connecting at once with the attempt count reset',
    (name) => {
      const { state, effects } = step(states[name]!, { type: 'reconnect' })
      expect(state).toMatchObject({ status: 'connecting', attempt: 0, error: undefined, link: 'pending' })
      expect(effects).toContainEqual({ type: 'connect' })
    },
  )

  it('reconnect() and close() from idle do nothing', () => {
    expect(step(states.idle!, { type: 'reconnect' }).state).toBe(states.idle)
    expect(step(states.idle!, { type: 'close' }).state).toBe(states.idle)
  })

  it('late transport reports after close() are ignored', () => {
    const closed = states.closed!
    expect(step(closed, { type: 'opened' }).state).toBe(closed)
    expect(step(closed, wsClose(1006)).state).toBe(closed)
  })
})

describe('machine: pauseWhenHidden', () => {
  const paused = config({ jitter: 0 }, { pauseWhenHidden: true })

  it('hidden → idle with the attempt count kept; visible → connecting', () => {
    const dropped = run([{ type: 'start' }, { type: 'opened' }, wsClose(1006), { type: 'retryTimer' }, { type: 'opened' }], paused)
    const hidden = run([{ type: 'hidden' }], paused, dropped.state)
    expect(hidden.state).toMatchObject({ status: 'idle', paused: true, attempt: 1 })
    expect(hidden.effects).toContainEqual({ type: 'disconnect' })
    const shown = run([{ type: 'visible' }], paused, hidden.state)
    expect(shown.state).toMatchObject({ status: 'connecting', attempt: 1 })
    expect(shown.effects).toContainEqual({ type: 'connect' })
  })

  it('is ignored without the option', () => {
    expect(run([{ type: 'hidden' }], config(), opened).state.status).toBe('open')
  })

  it('starting while hidden waits for visible', () => {
    const hidden = initialState({ online: true, visible: false })
    const { state, effects } = run([{ type: 'start' }], paused, hidden)
    expect(state).toMatchObject({ status: 'idle', paused: true })
    expect(effects).toEqual([])
  })
})

describe('machine: connectTimeoutMs', () => {
  it('Infinity arms no connect timeout (long-poll)', () => {
    const { effects } = run([{ type: 'start' }], config({ jitter: 0 }, { connectTimeoutMs: Infinity }))
    expect(effects).toEqual([{ type: 'connect' }])
  })
})

describe('machine: timers', () => {
  const TIMER_EVENTS = new Set<string>(['retryTimer', 'stableTimer', 'connectTimeout'])

  /**
   * Walks every state the machine reaches from the first one (with the events the
   * Reconnection guide draws), keeping the timers a runner would have running: a timer
   * event only arrives while its timer runs. `cancelTimers` is only right if no state
   * ever has two.
   */
  function mostTimersAtOnce(machineConfig: MachineConfig): number {
    const context = { config: machineConfig, now: NOW, random: () => 1 }
    const start = { state: initialState({ online: true, visible: true }), running: [] as string[] }
    const keyOf = ({ state, running }: typeof start): string => JSON.stringify({ ...state, error: state.error?.kind, running })
    const seen = new Set([keyOf(start)])
    const queue = [start]
    let most = 0
    // Bounded: the machine has a few dozen states (the guide's exploration checks it).
    for (let index = 0; index < queue.length && index < 10_000; index++) {
      const { state, running } = queue[index] as typeof start
      for (const { event } of MACHINE_EVENTS) {
        if (TIMER_EVENTS.has(event.type) && !running.includes(event.type)) continue
        let next = running.filter((timer) => timer !== event.type)
        const result = transition(state, event, context)
        for (const effect of result.effects) {
          if (effect.type === 'cancelTimers') next = []
          if (effect.type === 'startTimer') next = [...next.filter((timer) => timer !== effect.timer), effect.timer].sort()
        }
        most = Math.max(most, next.length)
        const reached = { state: result.state, running: next }
        if (!seen.has(keyOf(reached))) {
          seen.add(keyOf(reached))
          queue.push(reached)
        }
      }
    }
    return most
  }

  it('never runs two timers at once, so one cancelTimers effect ends whichever runs', () => {
    expect(mostTimersAtOnce(EXPLORED_CONFIG)).toBe(1)
    expect(mostTimersAtOnce({ ...EXPLORED_CONFIG, reconnect: false })).toBe(1)
    expect(mostTimersAtOnce({ ...EXPLORED_CONFIG, connectTimeoutMs: Infinity, pauseWhenHidden: false })).toBe(1)
  })
})
