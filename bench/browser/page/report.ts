/** What the page hands to Playwright through `window.__bench`. */
export interface PageReport {
  done: boolean
  error?: string
  result?: Record<string, unknown>
  /** Read by the driver to time its clicks. */
  firstMessageAt?: number
}

declare global {
  interface Window {
    __bench: PageReport
  }
}

window.__bench = { done: false }

export function finish(result: Record<string, unknown>): void {
  window.__bench.result = result
  window.__bench.done = true
}

export function fail(message: string): void {
  window.__bench.error = message
  window.__bench.done = true
}

/**
 * Uncaught exceptions during a run are counted, not fatal: a library that throws
 * under load (React's "Maximum update depth exceeded", say) is part of what is
 * measured. The first few messages are kept for the report.
 */
export const pageErrors: { count: number; first: string[] } = { count: 0, first: [] }

function recordError(text: string): void {
  pageErrors.count += 1
  if (pageErrors.first.length < 3 && !pageErrors.first.includes(text)) pageErrors.first.push(text)
}

window.addEventListener('error', (event) => recordError(String(event.message)))
window.addEventListener('unhandledrejection', (event) => recordError(`unhandled rejection: ${String(event.reason)}`))
