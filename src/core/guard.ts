/**
 * The one place where calls into application code are caught. A callback that
 * throws is reported the way the DOM reports a throwing event listener
 * (`reportError`, else `console.error`), and the caller carries on as if it had
 * returned: one buggy handler must not stop a stream, a retry or another subscriber.
 */
export function callSafely<Args extends unknown[], Result>(
  callback: ((...args: Args) => Result) | undefined,
  ...args: Args
): Result | undefined {
  if (callback === undefined) return undefined
  try {
    return callback(...args)
  } catch (error) {
    reportUserError(error)
    return undefined
  }
}

/** Reports an exception thrown by application code without rethrowing it. */
export function reportUserError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (typeof report === 'function') {
    try {
      report(error)
      return
    } catch {
      // Some hosts' reportError throws outside an event loop task; fall back below.
    }
  }
  console.error(error)
}

/** A function that does nothing: where something must listen, a promise's rejection is expected, or there is nothing to stop. */
export function ignore(): void {}
