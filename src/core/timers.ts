import type { Clock } from './types'

/** Named one-shot timers: starting a name again replaces its timer. */
export interface Timers<Name extends string> {
  start(name: Name, ms: number, callback: () => void): void
  cancel(name: Name): void
}

export function createTimers<Name extends string>(clock: Clock): Timers<Name> {
  const handles = new Map<Name, unknown>()
  const cancel = (name: Name): void => {
    if (!handles.has(name)) return
    clock.clearTimeout(handles.get(name))
    handles.delete(name)
  }
  return {
    cancel,
    start(name, ms, callback) {
      cancel(name)
      handles.set(
        name,
        clock.setTimeout(() => {
          handles.delete(name)
          callback()
        }, ms),
      )
    },
  }
}

/** Starts one timer unless `ms` is Infinity; returns a function that clears it. */
export function startTimer(clock: Clock, ms: number, callback: () => void): () => void {
  if (ms === Infinity) return () => undefined
  const handle = clock.setTimeout(callback, ms)
  return () => clock.clearTimeout(handle)
}
