import type { ReactNode } from 'react'
import { backoffDelay, DEFAULT_RECONNECT } from '../../src/core/backoff'
import { isRetryableByDefault } from '../../src/core/retry-policy'
import { RealtimeError } from '../../src/core/types'
import './guides.css'

export interface RetryRow {
  /** "1", or "6 and later" once the delay is capped. */
  retries: string
  minMs: number
  maxMs: number
}

/** Retry n's wait with the default options, computed by the machine's own backoff (jitter at both ends). */
export function retryRows(options = DEFAULT_RECONNECT): RetryRow[] {
  const rows: RetryRow[] = []
  // Bounded: the delay reaches maxDelayMs after log_factor(max / initial) retries.
  for (let retry = 1; retry <= 64; retry++) {
    const maxMs = backoffDelay(retry, options, () => 0)
    const capped = maxMs >= options.maxDelayMs || options.factor <= 1
    rows.push({ retries: capped ? `${retry} and later` : String(retry), minMs: backoffDelay(retry, options, () => 1), maxMs })
    if (capped) break
  }
  return rows
}

function seconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 2 })} s`
}

export function RetryDelayTable(): ReactNode {
  return (
    <div className="rrk rrk-guide">
      <table className="rrk-guide__table">
        <thead>
          <tr>
            <th scope="col">retry</th>
            <th scope="col">waits (default options)</th>
          </tr>
        </thead>
        <tbody>
          {retryRows().map(({ retries, minMs, maxMs }) => (
            <tr key={retries}>
              <td>{retries}</td>
              <td>
                {seconds(minMs)} – {seconds(maxMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** "1002, 1003, 1007–1010": consecutive numbers joined into ranges. */
export function ranges(numbers: readonly number[]): string {
  const parts: string[] = []
  let index = 0
  while (index < numbers.length) {
    const first = numbers[index] as number
    let last = first
    while (numbers[index + 1] === last + 1) last = numbers[++index] as number
    parts.push(last - first >= 2 ? `${first}–${last}` : last === first ? String(first) : `${first}, ${last}`)
    index++
  }
  return parts.join(', ')
}

function codesWhere(from: number, to: number, fatal: (value: number) => boolean): number[] {
  return Array.from({ length: to - from + 1 }, (_, offset) => from + offset).filter(fatal)
}

/** What the default retry policy refuses to retry, found by asking it about every close code and HTTP status. */
export function nonRetryable(): { closeCodes: string; httpStatuses: string } {
  const closeCodes = codesWhere(1000, 4999, (code) => {
    const clean = code === 1000 || code === 1001
    return !isRetryableByDefault({ wasClean: clean, code, ...(clean ? {} : { error: new RealtimeError('close', '', { code }) }) })
  })
  const httpStatuses = codesWhere(400, 599, (status) =>
    !isRetryableByDefault({ wasClean: false, status, error: new RealtimeError('http', '', { status }) }),
  )
  return { closeCodes: ranges(closeCodes), httpStatuses: ranges(httpStatuses) }
}

export function NonRetryableTable(): ReactNode {
  const { closeCodes, httpStatuses } = nonRetryable()
  return (
    <div className="rrk rrk-guide">
      <table className="rrk-guide__table">
        <thead>
          <tr>
            <th scope="col">transport</th>
            <th scope="col">not retried by default (status becomes failed)</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>WebSocket close codes</td>
            <td>{closeCodes}</td>
          </tr>
          <tr>
            <td>HTTP statuses (SSE, long-poll)</td>
            <td>{httpStatuses}</td>
          </tr>
          <tr>
            <td>any transport</td>
            <td>
              errors of kind <code>protocol</code>: an SSE response that is not <code>text/event-stream</code>, a long-poll body
              that is not the wire format, an invalid URL
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  )
}
