// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../src/core/clock'
import { Connection } from '../../src/core/connection'
import { ownConnection, SharedConnections } from '../../src/core/shared-connections'
import { fakeEnvironment, fakeTransport } from '../helpers/fake-transport'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function setup() {
  const transport = fakeTransport()
  const env = fakeEnvironment()
  const shared = new SharedConnections(systemClock)
  const created: Connection[] = []
  const create = vi.fn((): Connection => {
    const connection = new Connection({
      url: 'ws://127.0.0.1/shared',
      transport: transport.factory,
      environment: env.environment,
      connectTimeoutMs: 60_000,
    })
    created.push(connection)
    return connection
  })
  return { shared, create, created, transport }
}

describe('SharedConnections', () => {
  it('the first lease creates and starts the connection; later leases share it', async () => {
    const { shared, create, transport } = setup()
    const first = shared.acquire('k', create)
    const second = shared.acquire('k', create)
    expect(create).toHaveBeenCalledTimes(1)
    expect(second.connection).toBe(first.connection)
    expect(first.shared).toBe(true)
    expect(first.connection.getSnapshot().status).toBe('connecting')
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.attempts).toHaveLength(1)
    expect(shared.size).toBe(1)
  })

  it('firstHolder is the longest-standing holder still leasing; none once all have released', () => {
    const { shared, create } = setup()
    const first = shared.acquire('k', create, 'first')
    const anonymous = shared.acquire('k', create)
    const second = shared.acquire('k', create, 'second')
    expect(shared.firstHolder('k')).toBe('first')
    first.release(1000)
    first.release(1000)
    expect(shared.firstHolder('k')).toBe('second')
    second.release(1000)
    // A lease without a holder counts for the connection, not as a holder.
    expect(shared.firstHolder('k')).toBeUndefined()
    anonymous.release(1000)
    // In the grace period the connection stays, with nobody holding it.
    expect(shared.size).toBe(1)
    expect(shared.firstHolder('other')).toBeUndefined()
    const back = shared.acquire('k', create, 'back')
    expect(shared.firstHolder('k')).toBe('back')
    back.release()
  })

  it('publishes which shared connections exist, as they come and go', () => {
    const { shared, create, created } = setup()
    const seen: string[][] = []
    shared.connections.subscribe(() => seen.push([...shared.connections.getSnapshot().keys()]))
    const lease = shared.acquire('k', create)
    shared.acquire('k', create).release()
    expect(shared.connections.getSnapshot().get('k')?.connection).toBe(created[0])
    lease.release()
    expect(seen).toEqual([['k'], []])
  })

  it('an acquire made while the new connection starts finds it: one connection per key', () => {
    const { shared, transport } = setup()
    let inner: ReturnType<typeof shared.acquire> | undefined
    const create = vi.fn((): Connection => {
      const connection = new Connection({ url: 'ws://127.0.0.1/shared', transport: transport.factory, connectTimeoutMs: 60_000 })
      // Heard during start(), before the outer acquire has returned.
      const unsubscribe = connection.subscribe(() => {
        unsubscribe()
        inner = shared.acquire('k', create)
      })
      return connection
    })
    const outer = shared.acquire('k', create)
    expect(create).toHaveBeenCalledTimes(1)
    expect(inner?.connection).toBe(outer.connection)
    expect(shared.size).toBe(1)
    outer.release()
    inner?.release()
    expect(shared.size).toBe(0)
  })

  it('different keys get different connections', () => {
    const { shared, create } = setup()
    const a = shared.acquire('a', create)
    const b = shared.acquire('b', create)
    expect(a.connection).not.toBe(b.connection)
    expect(shared.size).toBe(2)
    a.release()
    b.release()
    expect(shared.size).toBe(0)
  })

  it('stays up while any lease is held; stops graceMs after the last release', async () => {
    const { shared, create } = setup()
    const first = shared.acquire('k', create)
    const second = shared.acquire('k', create)
    const { connection } = first
    first.release(100)
    await vi.advanceTimersByTimeAsync(1000)
    expect(connection.getSnapshot().status).toBe('connecting')
    second.release(100)
    await vi.advanceTimersByTimeAsync(99)
    expect(connection.getSnapshot().status).toBe('connecting')
    expect(shared.size).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(connection.getSnapshot().status).toBe('idle')
    expect(shared.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a lease taken during the grace period cancels the stop and keeps the same connection', async () => {
    const { shared, create, transport } = setup()
    const first = shared.acquire('k', create)
    await vi.advanceTimersByTimeAsync(0)
    first.release(1000)
    await vi.advanceTimersByTimeAsync(500)
    const again = shared.acquire('k', create)
    expect(again.connection).toBe(first.connection)
    expect(create).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(5000)
    expect(again.connection.getSnapshot().status).toBe('connecting')
    expect(transport.last().closedByClient).toBe(false)
    again.release()
    expect(transport.last().closedByClient).toBe(true)
  })

  it('without graceMs (or 0) the last release stops at once', () => {
    const { shared, create } = setup()
    const lease = shared.acquire('k', create)
    lease.release()
    expect(lease.connection.getSnapshot().status).toBe('idle')
    expect(shared.size).toBe(0)
    const next = shared.acquire('k', create)
    next.release(0)
    expect(next.connection.getSnapshot().status).toBe('idle')
    expect(create).toHaveBeenCalledTimes(2)
  })

  it('releasing a lease twice counts once', async () => {
    const { shared, create } = setup()
    const first = shared.acquire('k', create)
    const second = shared.acquire('k', create)
    first.release()
    first.release()
    expect(second.connection.getSnapshot().status).toBe('connecting')
    expect(shared.size).toBe(1)
    second.release()
    expect(shared.size).toBe(0)
  })

  it('after the grace stop, a new lease creates a new connection', async () => {
    const { shared, create } = setup()
    const first = shared.acquire('k', create)
    first.release(10)
    await vi.advanceTimersByTimeAsync(10)
    const second = shared.acquire('k', create)
    expect(second.connection).not.toBe(first.connection)
    expect(second.connection.getSnapshot().status).toBe('connecting')
    second.release()
  })

  it('the grace value of the last release applies', async () => {
    const { shared, create } = setup()
    const long = shared.acquire('k', create)
    const short = shared.acquire('k', create)
    long.release(10_000)
    short.release(50)
    await vi.advanceTimersByTimeAsync(50)
    expect(long.connection.getSnapshot().status).toBe('idle')
  })
})

describe('ownConnection', () => {
  it('starts the connection and stops it on release', async () => {
    const { create, transport } = setup()
    const lease = ownConnection(create)
    expect(lease.shared).toBe(false)
    expect(lease.connection.getSnapshot().status).toBe('connecting')
    await vi.advanceTimersByTimeAsync(0)
    lease.release()
    expect(lease.connection.getSnapshot().status).toBe('idle')
    expect(transport.last().closedByClient).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })
})
