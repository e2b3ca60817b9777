import { describe, expect, it } from 'vitest'
import { nonRetryable, ranges, retryRows } from '../../stories/guides/retry-tables'

describe('retryRows (the Reconnection page retry table)', () => {
  it('gives the API.md delays for the default options, jittered by half, until the 30 s cap', () => {
    expect(retryRows()).toEqual([
      { retries: '1', minMs: 500, maxMs: 1000 },
      { retries: '2', minMs: 1000, maxMs: 2000 },
      { retries: '3', minMs: 2000, maxMs: 4000 },
      { retries: '4', minMs: 4000, maxMs: 8000 },
      { retries: '5', minMs: 8000, maxMs: 16_000 },
      { retries: '6 and later', minMs: 15_000, maxMs: 30_000 },
    ])
  })

  it('stops at once when the delay cannot grow', () => {
    const flat = { initialDelayMs: 1000, maxDelayMs: 30_000, factor: 1, jitter: 0, maxAttempts: Infinity, stableAfterMs: 5000 }
    expect(retryRows(flat)).toEqual([{ retries: '1 and later', minMs: 1000, maxMs: 1000 }])
  })
})

describe('nonRetryable', () => {
  it('finds the API.md table by asking the retry policy', () => {
    expect(nonRetryable()).toEqual({ closeCodes: '1002, 1003, 1007–1010, 4000–4499', httpStatuses: '400, 401, 403–405, 410, 422' })
  })

  it('joins runs of three or more into ranges', () => {
    expect(ranges([1, 2, 4, 5, 6, 9])).toBe('1, 2, 4–6, 9')
    expect(ranges([])).toBe('')
  })
})
