import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { resolveReconnectOptions } from '../../src/core/backoff'
import { Connection, type ConnectionConfig } from '../../src/core/connection'
import { initialState, transition, type MachineEvent, type MachineState } from '../../src/core/machine'
import type { CloseInfo } from '../../src/core/types'
import { fakeEnvironment, fakeTransport } from '../helpers/fake-transport'
import { reportedErrorsForEachTest } from '../helpers/reported-errors'

/*
 * API.md "Robustness" in /core: a listener that throws is reported and skipped; a url
 * function or transport that fails is a failed attempt; nothing stays in `connecting`.
 */

const reported = reportedErrorsForEachTest()

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const bug = new Error('application bug')
const boom = (): never => {
  throw bug
}

function setup(config: Partial<ConnectionConfig> = {}) {
  const transport = fakeTransport()
  const env = fakeEnvironment()
  const connection = new Connection({
    url: 'ws://127.0.0.1/test',
    transport: transport.factory,
    environment: env.environment,
    random: () => 1,
    reconnect: { jitter: 0, initialDelayMs: 100 },
    ...config,
  })
  return { connection, transport, env }
}

describe('Connection: listeners that throw', () => {
  it('a throwing message listener is reported; the next listener and the next messages still arrive', async () => {
    const { connection, transport } = setup()
    const healthy: unknown[] = []
    connection.listen({ message: boom })
    connection.listen({ message: (raw) => healthy.push(raw) })
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    const { sink } = transport.last().context
    sink.open()
    sink.message('a')
    sink.message('b')
    expect(healthy).toEqual(['a', 'b'])
    expect(reported).toEqual([bug, bug])
    expect(connection.getSnapshot().status).toBe('open')
  })

  it('throwing open, close and error listeners do not stop the retry after a drop', async () => {
    const { connection, transport } = setup()
    connection.listen({ open: boom, close: boom, error: boom })
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.open()
    expect(connection.getSnapshot().status).toBe('open')
    transport.last().context.sink.close({ wasClean: false, code: 1006 })
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', attempt: 1 })
    // The retry after 100 ms, then the attempt on a later task.
    await vi.advanceTimersByTimeAsync(101)
    expect(transport.attempts).toHaveLength(2)
    expect(reported.length).toBeGreaterThanOrEqual(2)
  })

  it('a throwing snapshot subscriber does not keep the others from hearing of changes', async () => {
    const { connection } = setup()
    const seen: string[] = []
    connection.subscribe(boom)
    connection.subscribe(() => seen.push(connection.getSnapshot().status))
    connection.start()
    connection.close()
    expect(seen).toEqual(['connecting', 'closed'])
    expect(reported).toEqual([bug, bug])
  })
})

describe('Connection: attempts that cannot start', () => {
  const statusAfterAttempt = async (config: Partial<ConnectionConfig>) => {
    const { connection, transport } = setup(config)
    const closes: CloseInfo[] = []
    connection.listen({ close: (info) => closes.push(info) })
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    return { connection, transport, closes }
  }

  it('a url function that throws is a failed network attempt, retried', async () => {
    const { connection, closes } = await statusAfterAttempt({ url: boom })
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', error: { kind: 'network' } })
    expect(closes[0]?.error?.message).toMatch(/url function failed: application bug/)
  })

  it('a url function that rejects is a failed network attempt, retried', async () => {
    const { connection } = await statusAfterAttempt({ url: () => Promise.reject(bug) })
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', error: { kind: 'network', cause: bug } })
  })

  it('a url function that returns no string is a protocol error (not retried by default)', async () => {
    const { connection } = await statusAfterAttempt({ url: () => undefined as unknown as string })
    expect(connection.getSnapshot()).toMatchObject({ status: 'failed', error: { kind: 'protocol' } })
  })

  it('a url promise still pending after connectTimeoutMs is a timeout, and the late URL is ignored', async () => {
    let resolveUrl!: (url: string) => void
    const { connection, transport } = await statusAfterAttempt({
      url: () => new Promise<string>((resolve) => (resolveUrl = resolve)),
      connectTimeoutMs: 500,
    })
    expect(connection.getSnapshot().status).toBe('connecting')
    await vi.advanceTimersByTimeAsync(500)
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', error: { kind: 'timeout' } })
    resolveUrl('ws://127.0.0.1/late')
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.attempts).toHaveLength(0)
    connection.close()
  })

  it('without a connect timeout (long-poll), urlTimeoutMs bounds a url promise that never settles', async () => {
    const { connection, transport } = await statusAfterAttempt({
      url: () => new Promise<string>(() => undefined),
      connectTimeoutMs: Infinity,
      urlTimeoutMs: 300,
    })
    await vi.advanceTimersByTimeAsync(299)
    expect(connection.getSnapshot().status).toBe('connecting')
    await vi.advanceTimersByTimeAsync(1)
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', error: { kind: 'timeout' } })
    expect(transport.attempts).toHaveLength(0)
    connection.close()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('urlTimeoutMs does not bound the transport once the url is known', async () => {
    const { connection, transport } = await statusAfterAttempt({
      url: () => Promise.resolve('ws://127.0.0.1/x'),
      connectTimeoutMs: Infinity,
      urlTimeoutMs: 300,
    })
    expect(transport.attempts).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(connection.getSnapshot().status).toBe('connecting')
    connection.close()
  })

  it('a transport factory that throws is a failed attempt, not a stuck connecting', async () => {
    const { connection } = await statusAfterAttempt({ transport: boom })
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', error: { kind: 'network', cause: bug } })
    await vi.advanceTimersByTimeAsync(101)
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', attempt: 2 })
    connection.close()
  })
})

describe('machine: robustness rules', () => {
  const context = (shouldReconnect?: (info: CloseInfo) => boolean) => ({
    config: {
      reconnect: resolveReconnectOptions({ jitter: 0, ...(shouldReconnect ? { shouldReconnect } : {}) }),
      connectTimeoutMs: 10_000,
      pauseWhenHidden: true,
    },
    now: 0,
    random: () => 1,
  })
  const run = (events: MachineEvent[], state: MachineState, ctx = context()): MachineState =>
    events.reduce((current, event) => transition(current, event, ctx).state, state)

  it.each([
    [1006, 'reconnecting'],
    [1008, 'failed'],
  ] as const)('a throwing shouldReconnect counts as the default table: close %i → %s', (code, expected) => {
    const state = run([{ type: 'start' }, { type: 'opened' }], initialState({ online: true, visible: true }))
    const closed = transition(state, { type: 'closed', info: { wasClean: false, code } }, context(boom))
    expect(closed.state.status).toBe(expected)
    expect(reported).toEqual([bug])
  })

  it('started offline: offline, then connecting on online', () => {
    const offline = run([{ type: 'start' }], initialState({ online: false, visible: true }))
    expect(offline.status).toBe('offline')
    expect(run([{ type: 'online' }], offline).status).toBe('connecting')
  })

  it('offline after an attempt: reconnecting on online', () => {
    const attempted = run([{ type: 'start' }, { type: 'offline' }], initialState({ online: true, visible: true }))
    expect(attempted.status).toBe('offline')
    expect(run([{ type: 'online' }], attempted).status).toBe('reconnecting')
  })

  it('reconnect() while paused (hidden) does nothing', () => {
    const paused = run([{ type: 'start' }, { type: 'opened' }, { type: 'hidden' }], initialState({ online: true, visible: true }))
    expect(paused).toMatchObject({ status: 'idle', paused: true })
    const { state, effects } = transition(paused, { type: 'reconnect' }, context())
    expect(state).toBe(paused)
    expect(effects).toEqual([])
  })
})

describe('Connection: transports and url functions that misbehave', () => {
  it("a transport's meta is never written to: a frozen one is delivered with receivedAt on a copy", async () => {
    const { connection, transport } = setup()
    const delivered: unknown[] = []
    connection.listen({ message: (_raw, meta) => delivered.push(meta) })
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    const { sink } = transport.last().context
    sink.open()
    const meta = Object.freeze({ type: 'tick' })
    sink.message('a', meta)
    expect(delivered).toEqual([{ type: 'tick', receivedAt: Date.now() }])
    expect(meta).toEqual({ type: 'tick' })
    expect(reported).toEqual([])
  })

  it('a transport closed by a listener while its factory still runs is closed, not kept', async () => {
    let closedByClient = 0
    const { connection } = setup({
      transport: ({ sink }) => {
        sink.open()
        return { close: () => void (closedByClient += 1) }
      },
    })
    connection.listen({ open: () => connection.close() })
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(connection.getSnapshot().status).toBe('closed')
    expect(closedByClient).toBe(1)
  })

  it("a replaced attempt's late url failure does not cancel the next attempt's url deadline", async () => {
    const urls: { reject(error: unknown): void }[] = []
    const { connection } = setup({
      url: () => new Promise<string>((_resolve, reject) => urls.push({ reject })),
      connectTimeoutMs: Infinity,
      urlTimeoutMs: 300,
    })
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    connection.reconnect()
    await vi.advanceTimersByTimeAsync(0)
    expect(urls).toHaveLength(2)
    urls[0]?.reject(bug)
    await vi.advanceTimersByTimeAsync(300)
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', error: { kind: 'timeout' } })
    connection.close()
  })
})
