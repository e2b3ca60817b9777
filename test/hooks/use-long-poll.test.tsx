import { act } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { MessageMeta, UrlSource } from '../../src/core/types'
import type { LongPollOptions } from '../../src/hooks/types'
import { useLongPoll } from '../../src/hooks/use-long-poll'
import { advance, changes, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakePollFetch } from '../helpers/fake-fetch'
import { fakeTimersForEachTest } from '../helpers/hook-lifecycle'
import { renderRecordingStatuses } from '../helpers/render-hook'

const URL = 'http://127.0.0.1:9876/poll/feed?room=1'
const FAST_RETRY = { initialDelayMs: 100, jitter: 0 } as const

fakeTimersForEachTest()

describe.each(WRAPPERS)('useLongPoll (%s)', (_name, wrapper) => {
  function renderPoll<In = unknown>(options: LongPollOptions<In> = {}, url: UrlSource | null = URL) {
    const server = fakePollFetch()
    const useWithFakeServer = (hookUrl: UrlSource | null, hookOptions: LongPollOptions<In>) =>
      useLongPoll<In>(hookUrl, { fetch: server.fetch, ...hookOptions })
    return { ...renderRecordingStatuses(useWithFakeServer, { wrapper, url, options }), server }
  }

  it('makes one request per mount and opens on the first answer', async () => {
    const { result, server, statuses } = renderPoll()
    await advance(FRAME_MS)
    expect(server.requests).toHaveLength(1)
    expect(server.last().url).toBe(URL)
    expect(result.current.status).toBe('connecting')
    server.last().replyNothing()
    await advance(FRAME_MS)
    expect(result.current.status).toBe('open')
    expect(changes(statuses)).toEqual(['connecting', 'open'])
    // The 204 came back at once: the next poll, with no cursor yet, waits 250 ms.
    expect(server.requests).toHaveLength(1)
    await advance(250 - FRAME_MS)
    expect(server.requests).toHaveLength(2)
    expect(server.last().url).toBe(URL)
  })

  it('delivers messages with meta { cursor, receivedAt }, exposes cursor and merges it into the query', async () => {
    const received: [unknown, MessageMeta][] = []
    const { result, server } = renderPoll({ onMessage: (message, meta) => received.push([message, meta]) })
    await advance(0)
    expect(result.current.cursor).toBeUndefined()
    const before = Date.now()
    server.last().reply([{ n: 1 }, { n: 2 }], 'c1')
    await advance(FRAME_MS)
    expect(received.map(([message]) => message)).toEqual([{ n: 1 }, { n: 2 }])
    for (const [, meta] of received) {
      expect(meta.cursor).toBe('c1')
      expect(meta.receivedAt).toBeGreaterThanOrEqual(before)
      expect(meta.receivedAt).toBeLessThanOrEqual(Date.now())
    }
    expect(result.current.cursor).toBe('c1')
    expect(result.current.lastMessage).toEqual({ n: 2 })
    expect(server.last().url).toBe(`${URL}&cursor=c1`)

    // 204: nothing new, poll again with the same cursor (after 250 ms: it came back at once).
    server.last().replyNothing()
    await advance(250)
    expect(server.requests).toHaveLength(3)
    expect(server.last().url).toBe(`${URL}&cursor=c1`)
    expect(result.current.status).toBe('open')
  })

  it('cursorParam names the query parameter', async () => {
    const { server } = renderPoll({ cursorParam: 'since' })
    await advance(0)
    server.last().reply([], 'c9')
    await advance(250)
    expect(server.last().url).toBe(`${URL}&since=c9`)
  })

  it('parses each message with parse', async () => {
    const { result, server } = renderPoll<string>({ parse: (raw) => `#${String((raw as { n: number }).n)}` })
    await advance(0)
    server.last().reply([{ n: 1 }], 'c1')
    await advance(FRAME_MS)
    expect(result.current.lastMessage).toBe('#1')
  })

  it.each([
    [404, 'failed', 1],
    [410, 'failed', 1],
    [503, 'reconnecting', 2],
    [500, 'reconnecting', 2],
  ] as const)('HTTP %i → %s', async (status, expected, requests) => {
    const { result, server } = renderPoll({ reconnect: { initialDelayMs: 500, jitter: 0 } })
    await advance(0)
    server.last().replyWith(new Response(null, { status }))
    await advance(FRAME_MS)
    expect(result.current.status).toBe(expected)
    expect(result.current.error).toMatchObject({ kind: 'http', status })
    await advance(500)
    expect(server.requests).toHaveLength(requests)
  })

  it('resumes from the cursor after a failed poll', async () => {
    const { result, server } = renderPoll({ reconnect: FAST_RETRY })
    await advance(0)
    server.last().reply(['a'], 'c1')
    await advance(FRAME_MS)
    server.last().replyWith(new Response(null, { status: 503 }))
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'reconnecting', attempt: 1, cursor: 'c1' })
    await advance(100)
    expect(server.requests).toHaveLength(3)
    expect(server.last().url).toBe(`${URL}&cursor=c1`)
  })

  it('after an outage, a poll the server holds counts as open after 1000 ms, before it answers', async () => {
    const { result, server, statuses } = renderPoll({ reconnect: FAST_RETRY })
    await advance(0)
    server.last().replyWith(new Response(null, { status: 503 }))
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'reconnecting', error: { kind: 'http', status: 503 } })
    await advance(100)
    expect(server.requests).toHaveLength(2)
    // The server holds the retry: nothing comes back, but nothing fails either.
    await advance(999 - FRAME_MS)
    expect(result.current).toMatchObject({ status: 'reconnecting', error: { status: 503 } })
    await advance(FRAME_MS + 1)
    expect(result.current).toMatchObject({ status: 'open', error: undefined, nextRetryAt: undefined })
    expect(server.last().settled).toBe(false)
    expect(changes(statuses)).toEqual(['connecting', 'reconnecting', 'open'])
  })

  it('a url function that never settles is a timeout after connectTimeoutMs; a held poll is not', async () => {
    const { result, server } = renderPoll({ connectTimeoutMs: 500 }, () => new Promise<string>(() => undefined))
    await advance(499)
    expect(result.current.status).toBe('connecting')
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'reconnecting', error: { kind: 'timeout' } })
    expect(server.requests).toHaveLength(0)
  })

  it('close() aborts the pending request', async () => {
    const { result, server } = renderPoll()
    await advance(0)
    const pending = server.last()
    expect(pending.signal?.aborted).toBe(false)
    act(() => result.current.close())
    expect(result.current.status).toBe('closed')
    expect(pending.signal?.aborted).toBe(true)
    await advance(60_000)
    expect(server.requests).toHaveLength(1)
  })
})
