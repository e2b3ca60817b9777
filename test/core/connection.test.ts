import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Connection, type ConnectionConfig } from '../../src/core/connection'
import { RealtimeError, type CloseInfo } from '../../src/core/types'
import { fakeEnvironment, fakeTransport } from '../helpers/fake-transport'

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(1_000_000)
})
afterEach(() => {
  vi.useRealTimers()
})

function setup(config: Partial<ConnectionConfig> = {}) {
  const transport = fakeTransport()
  const env = fakeEnvironment()
  const connection = new Connection({
    url: 'ws://127.0.0.1/test',
    transport: transport.factory,
    environment: env.environment,
    random: () => 1,
    reconnect: { jitter: 0 },
    ...config,
  })
  const events: string[] = []
  const messages: unknown[] = []
  const closes: CloseInfo[] = []
  connection.listen({
    message: (raw, meta) => {
      messages.push(raw)
      events.push(`message@${meta.receivedAt}`)
    },
    open: () => events.push('open'),
    close: (info) => {
      closes.push(info)
      events.push('close')
    },
    error: (error) => events.push(`error:${error.kind}`),
  })
  return { connection, transport, env, events, messages, closes }
}

describe('Connection', () => {
  it('connects on a later task, never synchronously', async () => {
    const { connection, transport } = setup()
    connection.start()
    expect(connection.getSnapshot().status).toBe('connecting')
    expect(transport.attempts).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.attempts).toHaveLength(1)
    expect(transport.last().context.url).toBe('ws://127.0.0.1/test')
  })

  it('start then stop before that task opens nothing and leaves no timer', async () => {
    const { connection, transport } = setup()
    connection.start()
    connection.stop()
    await vi.advanceTimersByTimeAsync(100)
    expect(transport.attempts).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('opens, delivers messages with receivedAt, and publishes snapshots', async () => {
    const { connection, transport, events, messages } = setup()
    const seen: string[] = []
    connection.subscribe(() => seen.push(connection.getSnapshot().status))
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.open()
    transport.last().context.sink.message('a')
    transport.last().context.sink.message('b')
    expect(messages).toEqual(['a', 'b'])
    expect(events).toEqual(['open', 'message@1000000', 'message@1000000'])
    expect(seen).toEqual(['connecting', 'open'])
  })

  it('retries after a drop with the resume position, and ignores the old transport', async () => {
    const { connection, transport, messages } = setup()
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    const first = transport.last()
    first.context.sink.open()
    first.context.sink.resumeFrom('41')
    expect(connection.getSnapshot().resumeFrom).toBe('41')
    first.context.sink.close({ wasClean: false, code: 1006 })
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', attempt: 1, nextRetryAt: 1_001_000 })
    await vi.advanceTimersByTimeAsync(999)
    expect(transport.attempts).toHaveLength(1)
    // The retry fires at 1000 ms; the socket opens on the task after it.
    await vi.advanceTimersByTimeAsync(2)
    expect(transport.attempts).toHaveLength(2)
    expect(transport.last().context.resumeFrom).toBe('41')
    first.context.sink.message('stale')
    first.context.sink.open()
    expect(messages).toEqual([])
    expect(connection.getSnapshot().status).toBe('reconnecting')
  })

  it('calls a url function before every attempt and awaits a Promise', async () => {
    let calls = 0
    const { connection, transport } = setup({ url: async () => `ws://127.0.0.1/t?token=${++calls}` })
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.last().context.url).toBe('ws://127.0.0.1/t?token=1')
    transport.last().context.sink.close({ wasClean: false })
    await vi.advanceTimersByTimeAsync(1002)
    expect(transport.last().context.url).toBe('ws://127.0.0.1/t?token=2')
  })

  it('a url function that throws ends the attempt with a network error and retries', async () => {
    const { connection, transport, events } = setup({
      url: () => {
        throw new Error('no token')
      },
    })
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.attempts).toHaveLength(0)
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', attempt: 1 })
    expect(connection.getSnapshot().error?.kind).toBe('network')
    expect(events).toContain('error:network')
  })

  it('times out a connection that never opens, closes it, and retries', async () => {
    const { connection, transport } = setup({ connectTimeoutMs: 500 })
    connection.start()
    await vi.advanceTimersByTimeAsync(500)
    expect(transport.last().closedByClient).toBe(true)
    expect(connection.getSnapshot().status).toBe('reconnecting')
    expect(connection.getSnapshot().error?.kind).toBe('timeout')
  })

  it('queues sends while connecting and flushes them in order before onOpen', async () => {
    const { connection, transport, events } = setup({ queueLimit: 2 })
    connection.start()
    expect(connection.send('one')).toBe(true)
    expect(connection.send('two')).toBe(true)
    expect(connection.send('three')).toBe(false)
    await vi.advanceTimersByTimeAsync(0)
    const attempt = transport.last()
    connection.listen({ open: () => events.push(`open with ${attempt.sent.join(',')}`) })
    attempt.context.sink.open()
    expect(attempt.sent).toEqual(['one', 'two'])
    expect(events).toContain('open with one,two')
    expect(connection.send('four')).toBe(true)
    expect(attempt.sent).toEqual(['one', 'two', 'four'])
  })

  it('send returns false in idle, closed and failed; close() discards the queue', async () => {
    const { connection, transport } = setup({ reconnect: false })
    expect(connection.send('idle')).toBe(false)
    connection.start()
    connection.send('queued')
    connection.close()
    expect(connection.send('closed')).toBe(false)
    connection.reconnect()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.open()
    expect(transport.last().sent).toEqual([])
    transport.last().context.sink.close({ wasClean: false, code: 1006 })
    expect(connection.getSnapshot().status).toBe('failed')
    expect(connection.send('failed')).toBe(false)
  })

  it('stop() discards the queue, even a send made from a listener just before the stop takes effect', async () => {
    const { connection, transport } = setup()
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    connection.send('before stop')
    connection.listen({
      close: () => {
        connection.stop()
        connection.send('late')
      },
    })
    transport.last().context.sink.close({ wasClean: false, code: 1006 })
    expect(connection.getSnapshot().status).toBe('idle')
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.open()
    expect(transport.last().sent).toEqual([])
  })

  it('close() leaves no timer, transport or environment listener behind', async () => {
    const { connection, transport, env, closes } = setup()
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.open()
    expect(env.listenerCount()).toBe(2)
    connection.close()
    expect(transport.last().closedByClient).toBe(true)
    expect(closes).toEqual([{ wasClean: true }])
    expect(vi.getTimerCount()).toBe(0)
    expect(env.listenerCount()).toBe(0)
    expect(connection.getSnapshot().status).toBe('closed')
  })

  it('close() while waiting for a retry cancels the retry', async () => {
    const { connection, transport } = setup()
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.close({ wasClean: false })
    connection.close()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(transport.attempts).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a callback that calls close() inside onClose is handled after the current event', async () => {
    const { connection, transport } = setup()
    connection.listen({ close: () => connection.close() })
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.close({ wasClean: false })
    expect(connection.getSnapshot().status).toBe('closed')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('offline: keeps an open connection; a drop waits for online, which retries at once', async () => {
    const { connection, transport, env } = setup()
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.open()
    env.set('online', false)
    expect(connection.getSnapshot().status).toBe('open')
    transport.last().context.sink.close({ wasClean: false })
    expect(connection.getSnapshot().status).toBe('offline')
    await vi.advanceTimersByTimeAsync(120_000)
    expect(transport.attempts).toHaveLength(1)
    env.set('online', true)
    expect(connection.getSnapshot().status).toBe('reconnecting')
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.attempts).toHaveLength(2)
  })

  it('starting while offline waits for online', async () => {
    const { connection, transport, env } = setup()
    env.set('online', false)
    connection.start()
    expect(connection.getSnapshot().status).toBe('offline')
    await vi.advanceTimersByTimeAsync(10)
    expect(transport.attempts).toHaveLength(0)
    env.set('online', true)
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.attempts).toHaveLength(1)
  })

  it('pauseWhenHidden disconnects while hidden and resumes from the same position', async () => {
    const { connection, transport, env } = setup({ pauseWhenHidden: true })
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.open()
    transport.last().context.sink.resumeFrom('7')
    env.set('visible', false)
    expect(connection.getSnapshot().status).toBe('idle')
    expect(transport.last().closedByClient).toBe(true)
    env.set('visible', true)
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.attempts).toHaveLength(2)
    expect(transport.last().context.resumeFrom).toBe('7')
  })

  it('non-fatal transport errors set error and keep the connection open', async () => {
    const { connection, transport, events } = setup()
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.open()
    transport.last().context.sink.error(new RealtimeError('protocol', 'event too large'))
    expect(connection.getSnapshot()).toMatchObject({ status: 'open' })
    expect(connection.getSnapshot().error?.kind).toBe('protocol')
    expect(events).toContain('error:protocol')
  })

  it("the server's retry delay replaces initialDelayMs", async () => {
    const { connection, transport } = setup()
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.open()
    transport.last().context.sink.retryDelay(50)
    transport.last().context.sink.close({ wasClean: true })
    expect(connection.getSnapshot().nextRetryAt).toBe(Date.now() + 50)
  })

  it('Retry-After hints lengthen the wait', async () => {
    const { connection, transport } = setup()
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    transport.last().context.sink.close({ wasClean: false, status: 503 }, { retryAfterMs: 7000 })
    expect(connection.getSnapshot().nextRetryAt).toBe(Date.now() + 7000)
  })

  it('a Retry-After of 30 days waits, not retrying in a hot loop (timers cap at 2^31 - 1 ms)', async () => {
    const { connection, transport } = setup()
    connection.start()
    await vi.advanceTimersByTimeAsync(0)
    const thirtyDays = 30 * 24 * 3600 * 1000
    transport.last().context.sink.close({ wasClean: false, status: 503 }, { retryAfterMs: thirtyDays })
    expect(connection.getSnapshot().nextRetryAt).toBe(Date.now() + thirtyDays)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(transport.attempts).toHaveLength(1)
    expect(connection.getSnapshot().status).toBe('reconnecting')
  })
})
