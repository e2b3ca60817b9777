// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Connection } from '../../src/core/connection'
import { ownConnection, SharedConnections } from '../../src/core/shared-connections'
import { MAX_HISTORY, Subscription, type SubscriptionCallbacks, type SubscriptionConfig } from '../../src/core/subscription'
import { systemClock } from '../../src/core/clock'
import { RealtimeError } from '../../src/core/types'
import { fakeEnvironment, fakeTransport } from '../helpers/fake-transport'
import { manualFrames } from '../helpers/manual-frames'

beforeEach(() => {
  // `now` at install (not setSystemTime afterwards) keeps fake animation frames on a fixed 16 ms grid.
  vi.useFakeTimers({ now: 1_000_000 })
})
afterEach(() => {
  vi.useRealTimers()
})

interface Options {
  config?: Partial<SubscriptionConfig<unknown>>
  callbacks?: SubscriptionCallbacks<unknown>
}

/** A Subscription on a real Connection over a hand-driven transport, with hand-run frames. */
async function setup({ config = {}, callbacks = {} }: Options = {}) {
  const transport = fakeTransport()
  const env = fakeEnvironment()
  const frames = manualFrames()
  const current = { callbacks }
  const createConnection = (): Connection =>
    new Connection({
      url: 'ws://127.0.0.1/subscription',
      transport: transport.factory,
      environment: env.environment,
      reconnect: { initialDelayMs: 100, jitter: 0 },
      random: () => 1,
    })
  const subscription = new Subscription<unknown>({
    callbacks: () => current.callbacks,
    initialStatus: 'connecting',
    environment: frames.environment,
    ...config,
  })
  let published = 0
  subscription.subscribe(() => published++)
  subscription.connect(() => ownConnection(createConnection))
  await vi.advanceTimersByTimeAsync(0)
  const sink = () => transport.last().context.sink
  /** Opens the transport and renders the result, so that tests start from a quiet `open`. */
  const open = (): void => {
    sink().open()
    frames.flush()
  }
  return { subscription, transport, frames, sink, open, current, published: () => published }
}

describe('Subscription: publishing', () => {
  it('publishes a burst once per frame while onMessage runs for every message at once', async () => {
    const onMessage = vi.fn()
    const { subscription, frames, sink, open, published } = await setup({
      config: { history: 10 },
      callbacks: { onMessage },
    })
    open()
    expect(subscription.getSnapshot().status).toBe('open')
    const before = published()
    const requestedBefore = frames.requested()
    for (const message of ['a', 'b', 'c']) sink().message(message)
    expect(onMessage.mock.calls.map(([message]) => message)).toEqual(['a', 'b', 'c'])
    expect(published()).toBe(before)
    expect(subscription.getSnapshot().lastMessage).toBeUndefined()
    expect(frames.requested() - requestedBefore).toBe(1)

    frames.flush()
    expect(published()).toBe(before + 1)
    expect(subscription.getSnapshot()).toMatchObject({ lastMessage: 'c', messages: ['a', 'b', 'c'] })
  })

  it('publishes less often while frames run late, and loses nothing', async () => {
    const { subscription, sink, open, frames, published } = await setup({ config: { history: 100 } })
    open()
    const before = published()
    /** One message, then a frame `ms` later; true when that frame published. */
    const frame = (message: number, ms: number): boolean => {
      const count = published()
      sink().message(message)
      vi.advanceTimersByTime(ms)
      frames.flush()
      return published() > count
    }
    // 40 ms frames: the gap becomes 100 ms, so every third frame publishes.
    const lateFrames = Array.from({ length: 9 }, (_, i) => frame(i, 40))
    expect(lateFrames).toEqual([false, false, true, false, false, true, false, false, true])
    expect(published() - before).toBe(3)
    expect(subscription.getSnapshot().messages).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])

    // On-time frames take the gap back down: within half a second, every frame publishes again.
    for (let i = 0; i < 30; i++) frame(100 + i, 16)
    const onTimeFrames = Array.from({ length: 5 }, (_, i) => frame(200 + i, 16))
    expect(onTimeFrames).toEqual([true, true, true, true, true])
    expect(subscription.getSnapshot().messages).toHaveLength(44)
  })

  it('drops nothing: messages holds the whole burst up to the history limit', async () => {
    const { subscription, sink, open, frames } = await setup({ config: { history: 2 } })
    open()
    for (const message of [1, 2, 3]) sink().message(message)
    frames.flush()
    expect(subscription.getSnapshot().messages).toEqual([2, 3])
  })

  it('passes meta with receivedAt to onMessage', async () => {
    const onMessage = vi.fn()
    const { sink, open } = await setup({ callbacks: { onMessage } })
    open()
    sink().message('a', { type: 'update', id: '4' })
    expect(onMessage).toHaveBeenCalledWith('a', { receivedAt: Date.now(), type: 'update', id: '4' })
  })

  it("renderRate 'sync' publishes every message at once", async () => {
    const { subscription, sink, open, frames, published } = await setup({ config: { renderRate: 'sync' } })
    open()
    const before = published()
    const requestedBefore = frames.requested()
    for (const message of ['a', 'b', 'c']) sink().message(message)
    expect(published() - before).toBe(3)
    expect(frames.requested()).toBe(requestedBefore)
    expect(subscription.getSnapshot().lastMessage).toBe('c')
  })

  it('renderRate in ms publishes at most once per interval, on the clock', async () => {
    const { subscription, sink, frames, published } = await setup({ config: { renderRate: 50 } })
    sink().open()
    await vi.advanceTimersByTimeAsync(50)
    expect(subscription.getSnapshot().status).toBe('open')
    const before = published()
    sink().message('a')
    await vi.advanceTimersByTimeAsync(20)
    sink().message('b')
    await vi.advanceTimersByTimeAsync(29)
    expect(published()).toBe(before)
    await vi.advanceTimersByTimeAsync(1)
    expect(published()).toBe(before + 1)
    expect(subscription.getSnapshot().lastMessage).toBe('b')
    expect(frames.requested()).toBe(0)
  })

  it('configure() switches the render rate', async () => {
    const { subscription, sink, open, published } = await setup()
    open()
    subscription.configure({ renderRate: 'sync' })
    const before = published()
    sink().message('a')
    expect(published()).toBe(before + 1)
  })

  it('close() and reconnect() publish at once, without waiting for a frame', async () => {
    const { subscription, open, frames } = await setup()
    open()
    subscription.close()
    expect(subscription.getSnapshot().status).toBe('closed')
    subscription.reconnect()
    expect(subscription.getSnapshot()).toMatchObject({ status: 'connecting', attempt: 0 })
    expect(frames.pending()).toBe(0)
  })

  it('an unchanged snapshot is not published again', async () => {
    const { subscription, open, published } = await setup()
    open()
    const snapshot = subscription.getSnapshot()
    const before = published()
    subscription.configure({})
    subscription.reconnect()
    subscription.close()
    subscription.close()
    expect(published()).toBe(before + 2)
    expect(subscription.getSnapshot()).not.toBe(snapshot)
  })
})

describe('Subscription: history', () => {
  it('messages is [] with history 0, the same frozen array every time', async () => {
    const { subscription, sink, open, frames } = await setup()
    open()
    const empty = subscription.getSnapshot().messages
    sink().message('a')
    frames.flush()
    expect(subscription.getSnapshot().messages).toEqual([])
    expect(subscription.getSnapshot().messages).toBe(empty)
    expect(Object.isFrozen(empty)).toBe(true)
  })

  it('growing and shrinking history keeps the newest messages; 0 turns it off', async () => {
    const { subscription, sink, open, frames } = await setup({ config: { history: 3 } })
    open()
    for (const message of [1, 2, 3]) sink().message(message)
    frames.flush()
    subscription.configure({ history: 2 })
    frames.flush()
    expect(subscription.getSnapshot().messages).toEqual([2, 3])
    subscription.configure({ history: 4 })
    for (const message of [4, 5, 6]) sink().message(message)
    frames.flush()
    expect(subscription.getSnapshot().messages).toEqual([3, 4, 5, 6])
    subscription.configure({ history: 0 })
    frames.flush()
    expect(subscription.getSnapshot().messages).toEqual([])
  })

  it('a new connection (url change) starts with empty history and no last message', async () => {
    const { subscription, sink, open, frames, transport } = await setup({ config: { history: 3 } })
    open()
    sink().message('old')
    frames.flush()
    subscription.connect(() =>
      ownConnection(
        () =>
          new Connection({
            url: 'ws://127.0.0.1/other',
            transport: transport.factory,
            environment: fakeEnvironment().environment,
          }),
      ),
    )
    expect(subscription.getSnapshot()).toMatchObject({ status: 'connecting', lastMessage: undefined, messages: [] })
  })
})

describe('Subscription: errors', () => {
  const parse = (raw: unknown): unknown => {
    if (raw === 'bad') throw new Error('not valid')
    return raw
  }

  it('a parse error is reported, the message skipped, and the connection stays open', async () => {
    const onError = vi.fn()
    const onMessage = vi.fn()
    const { subscription, sink, open, frames } = await setup({ callbacks: { parse, onError, onMessage } })
    open()
    sink().message('good')
    sink().message('bad')
    frames.flush()
    const { error } = subscription.getSnapshot()
    expect(error).toBeInstanceOf(RealtimeError)
    expect(error?.kind).toBe('parse')
    expect(error?.message).toContain('not valid')
    expect(onError).toHaveBeenCalledWith(error)
    expect(onMessage).toHaveBeenCalledTimes(1)
    expect(subscription.getSnapshot()).toMatchObject({ status: 'open', lastMessage: 'good' })
  })

  it('adopts a newer connection error over a parse error, and clears it on the next open', async () => {
    const { subscription, sink, open, frames } = await setup({ callbacks: { parse } })
    open()
    sink().message('bad')
    frames.flush()
    sink().close({ wasClean: false, error: new RealtimeError('network', 'dropped') })
    frames.flush()
    expect(subscription.getSnapshot()).toMatchObject({ status: 'reconnecting' })
    expect(subscription.getSnapshot().error?.kind).toBe('network')
    // The retry fires at 100 ms; the transport is created on the task after it.
    await vi.advanceTimersByTimeAsync(101)
    sink().open()
    frames.flush()
    expect(subscription.getSnapshot()).toMatchObject({ status: 'open', error: undefined })
  })

  it('a parse error is cleared on the next open even when the drop carried no error', async () => {
    const { subscription, sink, open, frames } = await setup({ callbacks: { parse } })
    open()
    sink().message('bad')
    sink().close({ wasClean: true, code: 1000 })
    // The retry fires at 100 ms; the transport is created on the task after it.
    await vi.advanceTimersByTimeAsync(101)
    sink().open()
    frames.flush()
    expect(subscription.getSnapshot()).toMatchObject({ status: 'open', error: undefined })
  })

  it('an older connection error does not replace a newer parse error', async () => {
    const { subscription, sink, open, frames } = await setup({ callbacks: { parse } })
    open()
    sink().error(new RealtimeError('protocol', 'event too large'))
    frames.flush()
    expect(subscription.getSnapshot().error?.kind).toBe('protocol')
    sink().message('bad')
    // Another snapshot change of the connection (a new resume position).
    sink().resumeFrom('5')
    frames.flush()
    expect(subscription.getSnapshot()).toMatchObject({ resumeFrom: '5' })
    expect(subscription.getSnapshot().error?.kind).toBe('parse')
  })

  it('reconnect() clears the error', async () => {
    const { subscription, sink, open, frames } = await setup({ callbacks: { parse } })
    open()
    sink().message('bad')
    frames.flush()
    subscription.reconnect()
    expect(subscription.getSnapshot().error).toBeUndefined()
  })
})

describe('Subscription: callbacks and detaching', () => {
  it('reads callbacks on every use, so the latest ones run', async () => {
    const first = vi.fn()
    const second = vi.fn()
    const { sink, open, current } = await setup({ callbacks: { onMessage: first } })
    open()
    sink().message('a')
    current.callbacks = { onMessage: second }
    sink().message('b')
    expect(first.mock.calls.map(([message]) => message)).toEqual(['a'])
    expect(second.mock.calls.map(([message]) => message)).toEqual(['b'])
  })

  it('onOpen, onClose and onError hear the connection', async () => {
    const log: string[] = []
    const { sink } = await setup({
      callbacks: {
        onOpen: () => log.push('open'),
        onClose: (info) => log.push(`close ${String(info.code)}`),
        onError: (error) => log.push(`error ${error.kind}`),
      },
    })
    sink().open()
    sink().close({ wasClean: false, code: 1011, error: new RealtimeError('close', 'gone', { code: 1011 }) })
    expect(log).toEqual(['open', 'close 1011', 'error close'])
  })

  it('disconnect(): no callback runs afterwards, the scheduled frame is cancelled, the status is published', async () => {
    const onClose = vi.fn()
    const onMessage = vi.fn()
    const { subscription, sink, open, frames, transport } = await setup({ callbacks: { onClose, onMessage } })
    open()
    const attempt = transport.last()
    attempt.context.sink.message('a')
    expect(frames.pending()).toBe(1)
    subscription.disconnect({ status: 'idle' })
    expect(frames.pending()).toBe(0)
    expect(attempt.closedByClient).toBe(true)
    expect(onClose).not.toHaveBeenCalled()
    expect(subscription.getSnapshot().status).toBe('idle')
    sink().message('late')
    expect(onMessage).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('reconnect() after disconnect() does nothing (idle)', async () => {
    const { subscription, transport } = await setup()
    subscription.disconnect({ status: 'idle' })
    subscription.reconnect()
    await vi.advanceTimersByTimeAsync(1000)
    expect(subscription.getSnapshot().status).toBe('idle')
    expect(transport.attempts).toHaveLength(1)
  })

  it('send() goes to the connection, and returns false without one', async () => {
    const { subscription, open, transport } = await setup()
    open()
    expect(subscription.send('x')).toBe(true)
    expect(transport.last().sent).toEqual(['x'])
    subscription.disconnect()
    expect(subscription.send('y')).toBe(false)
  })
})

describe('Subscription on a shared connection', () => {
  it('close() leaves the shared connection to the others; reconnect() re-attaches', async () => {
    const transport = fakeTransport()
    const env = fakeEnvironment()
    const shared = new SharedConnections(systemClock)
    const create = (): Connection =>
      new Connection({ url: 'ws://127.0.0.1/shared', transport: transport.factory, environment: env.environment })
    const make = () => {
      const received: unknown[] = []
      const subscription = new Subscription<unknown>({
        callbacks: () => ({ onMessage: (message) => received.push(message) }),
        initialStatus: 'connecting',
        renderRate: 'sync',
      })
      subscription.connect(() => shared.acquire('k', create))
      return { subscription, received }
    }
    const a = make()
    const b = make()
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.attempts).toHaveLength(1)
    transport.last().context.sink.open()
    expect(a.subscription.getSnapshot().status).toBe('open')

    a.subscription.close()
    expect(a.subscription.getSnapshot().status).toBe('closed')
    expect(b.subscription.getSnapshot().status).toBe('open')
    expect(transport.last().closedByClient).toBe(false)
    transport.last().context.sink.message('one')
    a.subscription.reconnect()
    expect(a.subscription.getSnapshot().status).toBe('open')
    transport.last().context.sink.message('two')
    expect(a.received).toEqual(['two'])
    expect(b.received).toEqual(['one', 'two'])
    expect(transport.attempts).toHaveLength(1)

    a.subscription.disconnect()
    b.subscription.disconnect()
    expect(shared.size).toBe(0)
    expect(transport.last().closedByClient).toBe(true)
  })
})

describe('Subscription: bounds and counts', () => {
  it('history: Infinity keeps at most MAX_HISTORY messages; NaN and negative keep none', async () => {
    const { subscription, sink, open, frames } = await setup({ config: { history: Infinity } })
    open()
    for (let n = 1; n <= MAX_HISTORY + 5; n++) sink().message(n)
    frames.flush()
    const { messages, received } = subscription.getSnapshot()
    expect(messages).toHaveLength(MAX_HISTORY)
    expect(messages[0]).toBe(6)
    expect(received).toBe(MAX_HISTORY + 5)
    for (const history of [Number.NaN, -3]) {
      subscription.configure({ history })
      frames.flush()
      expect(subscription.getSnapshot().messages).toEqual([])
    }
  })

  it('received counts delivered messages, equal ones too, and not those parse rejects', async () => {
    const { subscription, sink, open, frames } = await setup({
      callbacks: {
        parse: (raw) => {
          if (raw === 'bad') throw new Error('bad')
          return raw
        },
      },
    })
    open()
    for (const raw of ['ping', 'ping', 'bad', 'ping']) sink().message(raw)
    frames.flush()
    expect(subscription.getSnapshot()).toMatchObject({ received: 3, lastMessage: 'ping', error: { kind: 'parse' } })
  })
})
