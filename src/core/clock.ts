import type { Clock } from './types'

/**
 * The real clock. It looks the globals up on every call (not at import time) so
 * that fake timers installed after import are honoured and server rendering never
 * touches them.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}
