// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../src/core/clock'

afterEach(() => {
  vi.useRealTimers()
})

describe('systemClock', () => {
  it('caps huge delays, which timers would otherwise fire at once (a 30-day Retry-After, say)', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const handle = systemClock.setTimeout(() => undefined, 30 * 24 * 3600 * 1000)
    systemClock.clearTimeout(handle)
    expect(setTimeoutSpy).toHaveBeenCalledWith(expect.any(Function), 2 ** 31 - 1)
    setTimeoutSpy.mockRestore()
  })

  it('passes ordinary delays through, and reads the globals at call time (fake timers installed later apply)', () => {
    vi.useFakeTimers({ now: 1_000 })
    const callback = vi.fn()
    systemClock.setTimeout(callback, 250)
    expect(systemClock.now()).toBe(1_000)
    vi.advanceTimersByTime(249)
    expect(callback).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(callback).toHaveBeenCalledOnce()
  })

  it('a long Retry-After waits instead of firing at once', () => {
    vi.useFakeTimers({ now: 0 })
    const callback = vi.fn()
    systemClock.setTimeout(callback, 30 * 24 * 3600 * 1000)
    vi.advanceTimersByTime(24 * 3600 * 1000)
    expect(callback).not.toHaveBeenCalled()
  })
})
