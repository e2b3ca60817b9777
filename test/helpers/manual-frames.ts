import type { Environment } from '../../src/core/types'

/**
 * An environment whose animation frames run only when the test says so: the way to
 * see exactly how many snapshots a burst of messages produces.
 */
export function manualFrames() {
  const pending = new Set<() => void>()
  let requested = 0
  const never = { get: () => true, subscribe: () => () => undefined }
  const environment: Environment = {
    online: never,
    visible: never,
    requestFrame(callback) {
      requested++
      pending.add(callback)
      return () => void pending.delete(callback)
    },
  }
  return {
    environment,
    /** Frames requested so far, cancelled ones included. */
    requested: () => requested,
    /** Frames requested and neither run nor cancelled. */
    pending: () => pending.size,
    /** Runs every pending frame callback. */
    flush(): void {
      const callbacks = [...pending]
      pending.clear()
      for (const callback of callbacks) callback()
    },
  }
}
