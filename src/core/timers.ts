import { ignore } from './guard'
import type { Clock } from './types'

/** Starts one timer unless `ms` is Infinity; returns a function that clears it. */
export function startTimer(clock: Clock, ms: number, callback: () => void): () => void {
  if (ms === Infinity) return ignore
  const handle = clock.setTimeout(callback, ms)
  return () => clock.clearTimeout(handle)
}
