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

// An exception anywhere (a library failing to load, say) ends the run with its message.
window.addEventListener('error', (event) => fail(`page error: ${String(event.message)}`))
window.addEventListener('unhandledrejection', (event) => fail(`unhandled rejection: ${String(event.reason)}`))
