import path from 'node:path'
import { vi } from 'vitest'
import type { Clock } from '../../../src/core/types'

/**
 * Where the library's own code lives: timers set from here are "ours". (vitest runs
 * from the project root; import.meta.url is not a file URL under jsdom.)
 */
const SOURCE_DIR = path.join(process.cwd(), 'src') + path.sep

export interface TimerLedger {
  /** Creation stacks of our timers that have neither fired nor been cleared. */
  pending(): string[]
  /** How many of our timers were set in all. */
  readonly started: number
}

/**
 * Watches the real global setTimeout (real timers: the network is real) and keeps
 * the timers set from `src/` that are still pending — the library's clock, frame
 * fallback, grace and transport timers all go through the global. React's and the
 * test's own timers are left out by their stack. Undone by vitest's restoreMocks.
 */
export function trackLibraryTimers(): TimerLedger {
  const pending = new Map<unknown, string>()
  let started = 0
  const realSetTimeout = globalThis.setTimeout
  const realClearTimeout = globalThis.clearTimeout

  const wrappedSetTimeout = (callback: unknown, ms?: number, ...args: unknown[]): unknown => {
    const stack = new Error('timer set here').stack ?? ''
    const ours = stack.includes(SOURCE_DIR)
    const handle: unknown = realSetTimeout(() => {
      pending.delete(handle)
      if (typeof callback === 'function') (callback as (...values: unknown[]) => void)(...args)
    }, ms)
    if (ours) {
      started += 1
      pending.set(handle, stack)
    }
    return handle
  }
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(wrappedSetTimeout as typeof setTimeout)
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
    pending.delete(handle)
    realClearTimeout(handle)
  })

  return {
    pending: () => [...pending.values()],
    get started() {
      return started
    },
  }
}

export interface CountingClock extends Clock {
  /** Timers set through this clock that have neither fired nor been cleared. */
  pending(): number
  readonly started: number
}

/** The system clock, counting what is pending: for Connection tests without React. */
export function countingClock(): CountingClock {
  const pending = new Set<ReturnType<typeof setTimeout>>()
  let started = 0
  return {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      started += 1
      const handle = setTimeout(() => {
        pending.delete(handle)
        callback()
      }, ms)
      pending.add(handle)
      return handle
    },
    clearTimeout(handle) {
      pending.delete(handle as ReturnType<typeof setTimeout>)
      clearTimeout(handle as ReturnType<typeof setTimeout>)
    },
    pending: () => pending.size,
    get started() {
      return started
    },
  }
}
