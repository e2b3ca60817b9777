import type { Backend } from './backend'

/** What the preview's loader hands every story. */
export interface Loaded {
  backend: Backend
  /** Unique per render: added to fault-injecting URLs so their counters start afresh. */
  run: string
}

export function loadedOf(context: { loaded: Record<string, unknown> }): Loaded {
  return context.loaded as unknown as Loaded
}

/** Test waits: data arrive over real connections, so allow a few seconds. */
export const SLOW = { timeout: 8000 }
