import { refusalHeaders, refusalText, type Admission } from '../../mock-server/admission'
import type { Faults } from '../../mock-server/faults'
import type { Scope } from '../../mock-server/scope'
/** Answers and failures of the test server's `fetch`, shaped like a real network's. */

export function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  const body = status === 204 || status === 304 ? null : `${text}\n`
  return new Response(body, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
}

/** The HTTP answer to a connection that `failFirst` refuses (status, text and Retry-After from `faults`). */
export function refusalResponse(faults: Faults, admission: Admission): Response {
  return textResponse(faults.status, refusalText(faults, admission), refusalHeaders(faults.status, faults.retryAfter))
}

export function jsonResponse(status: number, json: string): Response {
  return new Response(json, { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } })
}

/** What `fetch` rejects with when the connection is lost (the browsers' wording). */
export function networkError(why: string): TypeError {
  return new TypeError(`Failed to fetch (test server: ${why})`)
}

export function abortReason(signal: AbortSignal | null | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError')
}

/** Calls `onAbort` with the abort reason when the request's `signal` aborts, for as long as `scope` lives. */
export function onAbortWithin(scope: Scope, signal: AbortSignal | null | undefined, onAbort: (reason: unknown) => void): void {
  const listener = (): void => onAbort(abortReason(signal))
  signal?.addEventListener('abort', listener, { once: true })
  scope.add(() => signal?.removeEventListener('abort', listener))
}
