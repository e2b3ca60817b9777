import { describe, expect, it } from 'vitest'
import { backoffDelay, DEFAULT_RECONNECT, resolveReconnectOptions } from '../../src/core/backoff'
import { RingBuffer } from '../../src/core/ring-buffer'

describe('backoffDelay', () => {
  const options = { initialDelayMs: 1000, maxDelayMs: 30_000, factor: 2, jitter: 0 }

  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [5, 16_000],
    [6, 30_000],
    [50, 30_000],
  ])('retry %i waits %i ms without jitter', (attempt, expected) => {
    expect(backoffDelay(attempt, options)).toBe(expected)
  })

  it('jitter spreads the delay uniformly over [d * (1 - jitter), d]', () => {
    const jittered = { ...options, jitter: 0.5 }
    expect(backoffDelay(2, jittered, () => 0)).toBe(2000)
    expect(backoffDelay(2, jittered, () => 0.5)).toBe(1500)
    expect(backoffDelay(2, jittered, () => 0.999_999)).toBeCloseTo(1000, 2)
  })

  it('clamps jitter outside 0..1 and never goes negative', () => {
    expect(backoffDelay(1, { ...options, jitter: 7 }, () => 1)).toBe(0)
    expect(backoffDelay(1, { ...options, jitter: -1 }, () => 1)).toBe(1000)
  })
})

describe('resolveReconnectOptions', () => {
  it('fills the documented defaults', () => {
    expect(resolveReconnectOptions(undefined)).toEqual({
      initialDelayMs: 1000,
      maxDelayMs: 30_000,
      factor: 2,
      jitter: 0.5,
      maxAttempts: Infinity,
      stableAfterMs: 5000,
    })
    expect(DEFAULT_RECONNECT.maxAttempts).toBe(Infinity)
  })

  it('keeps given values, ignores explicit undefined, passes shouldReconnect through', () => {
    const shouldReconnect = () => false
    const resolved = resolveReconnectOptions({ maxAttempts: 3, factor: undefined, shouldReconnect } as never)
    expect(resolved).toMatchObject({ maxAttempts: 3, factor: 2, shouldReconnect })
  })
})

describe('RingBuffer', () => {
  it('keeps the newest items, oldest first', () => {
    const ring = new RingBuffer<number>(3)
    for (let value = 1; value <= 5; value++) ring.push(value)
    expect(ring.toArray()).toEqual([3, 4, 5])
  })

  it('with capacity 0 keeps nothing', () => {
    const ring = new RingBuffer<number>(0)
    ring.push(1)
    expect(ring.toArray()).toEqual([])
  })

  it('resizes keeping the newest items', () => {
    const ring = new RingBuffer<number>(4)
    for (let value = 1; value <= 6; value++) ring.push(value)
    ring.resize(2)
    expect(ring.toArray()).toEqual([5, 6])
    ring.resize(3)
    ring.push(7)
    expect(ring.toArray()).toEqual([5, 6, 7])
    ring.clear()
    expect(ring.toArray()).toEqual([])
  })
})
