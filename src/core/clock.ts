import type { Clock } from './types'

/**
 * The longest delay a timer takes: browsers and Node fire a longer one at once
 * (a 30-day Retry-After would retry in a hot loop). Written out: bundlers keep a
 * `**` expression even where it is unused.
 */
const MAX_TIMER_MS = 2_147_483_647

/**
 * The real clock. It looks the globals up on every call (not at import time) so
 * that fake timers installed after import are honoured and server rendering never
 * touches them.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, Math.min(ms, MAX_TIMER_MS)),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}
