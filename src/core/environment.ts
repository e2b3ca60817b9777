import { ignore } from './guard'
import type { Environment, Signal } from './types'


/** Animation frames stop in hidden tabs; this timer makes sure a scheduled frame still runs. */
const FRAME_FALLBACK_MS = 100

/** `read`, and the events on `globalThis[target]` after which it may have changed. */
function windowSignal(read: () => boolean, target: 'window' | 'document', events: readonly string[]): Signal {
  return {
    get: read,
    subscribe(listener) {
      // Looked up when subscribing: absent outside browsers.
      const eventTarget = (globalThis as Partial<Record<typeof target, EventTarget>>)[target]
      if (!eventTarget) return ignore
      for (const name of events) eventTarget.addEventListener(name, listener)
      return () => {
        for (const name of events) eventTarget.removeEventListener(name, listener)
      }
    },
  }
}

/**
 * The browser's online and visibility facts, read lazily so that importing this module
 * (or rendering on the server) touches no browser global. Outside a browser it reports
 * online and visible, and never changes.
 */
export const browserEnvironment: Environment = {
  // Pure calls, so that bundles that never use the environment drop it.
  online: /* @__PURE__ */ windowSignal(
    () => typeof navigator === 'undefined' || navigator.onLine !== false,
    'window',
    ['online', 'offline'],
  ),
  visible: /* @__PURE__ */ windowSignal(
    () => typeof document === 'undefined' || document.visibilityState !== 'hidden',
    'document',
    ['visibilitychange'],
  ),
  requestFrame(callback) {
    // Whichever fires first cancels the other, so the callback runs once.
    const run = (): void => {
      cancel()
      callback()
    }
    const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : undefined
    const timer = setTimeout(run, FRAME_FALLBACK_MS)
    function cancel(): void {
      if (frame !== undefined) cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
    return cancel
  },
}

/**
 * Reports the environment's changes as machine events while a connection is active
 * (`seen` is what the machine believes now: a change made while nothing listened is
 * reported at once). Returns the function that stops listening.
 */
export function watchEnvironment(
  { online, visible }: Environment,
  seen: { readonly online: boolean; readonly visible: boolean },
  report: (event: 'online' | 'offline' | 'visible' | 'hidden') => void,
): () => void {
  const onOnline = (): void => report(online.get() ? 'online' : 'offline')
  const onVisible = (): void => report(visible.get() ? 'visible' : 'hidden')
  const unsubscribers = [online.subscribe(onOnline), visible.subscribe(onVisible)]
  if (online.get() !== seen.online) onOnline()
  if (visible.get() !== seen.visible) onVisible()
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe())
}
