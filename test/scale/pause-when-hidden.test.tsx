import { renderHook } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useLongPoll } from '../../src/hooks/use-long-poll'
import { advance, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakeVisibility } from '../helpers/browser-signals'
import { fakePollFetch } from '../helpers/fake-fetch'
import { fakeTimersForEachTest } from '../helpers/hook-lifecycle'

/*
 * pauseWhenHidden for long-poll, beyond test/hooks/online-and-visibility.test.tsx
 * (which checks the abort and the resume cursor): the attempt count survives the
 * pause, nothing is requested while hidden however long, and a pending retry waits.
 */

const POLL_URL = 'http://127.0.0.1:9876/poll/hidden'
const FAST_RETRY = { initialDelayMs: 100, jitter: 0 } as const

let visibility: ReturnType<typeof fakeVisibility>

fakeTimersForEachTest()
beforeEach(() => {
  visibility = fakeVisibility()
})

describe.each(WRAPPERS)('long-poll pauseWhenHidden (%s)', (_name, wrapper) => {
  function renderPoll(reconnect: { initialDelayMs: number; jitter: number } = FAST_RETRY) {
    const server = fakePollFetch()
    const received: string[] = []
    const hook = renderHook(
      () =>
        useLongPoll<string>(POLL_URL, {
          fetch: server.fetch,
          pauseWhenHidden: true,
          reconnect,
          onMessage: (message) => received.push(message),
        }),
      { wrapper },
    )
    return { ...hook, server, received }
  }

  it('hidden: idle, request aborted, attempt and cursor kept, nothing requested; visible: same cursor, same attempt', async () => {
    const { result, server, received } = renderPoll()
    await advance(0)
    // One failed poll first, so that the attempt count is 1 (it resets only after stableAfterMs).
    server.last().replyWith(new Response(null, { status: 503 }))
    await advance(100 + FRAME_MS)
    expect(server.requests).toHaveLength(2)
    server.last().reply(['a'], 'c1')
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'open', attempt: 1, cursor: 'c1', lastMessage: 'a' })
    expect(server.requests).toHaveLength(3)
    const pending = server.last()
    expect(pending.url).toBe(`${POLL_URL}?cursor=c1`)

    visibility.set(false)
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'idle', attempt: 1, cursor: 'c1', nextRetryAt: undefined })
    expect(pending.signal?.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
    await advance(10 * 60_000)
    expect(server.requests).toHaveLength(3)
    expect(result.current.status).toBe('idle')

    visibility.set(true)
    await advance(0)
    expect(server.requests).toHaveLength(4)
    expect(server.last().url).toBe(`${POLL_URL}?cursor=c1`)
    expect(result.current.attempt).toBe(1)
    server.last().reply(['b'], 'c2')
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'open', attempt: 1, cursor: 'c2', lastMessage: 'b' })
    expect(received).toEqual(['a', 'b'])
    expect(server.last().url).toBe(`${POLL_URL}?cursor=c2`)
  })

  it('a retry pending when the page turns hidden does not fire until visible', async () => {
    const { result, server } = renderPoll({ initialDelayMs: 1000, jitter: 0 })
    await advance(0)
    server.last().reply([], 'c1')
    // An empty answer that came back at once: the next poll follows 250 ms later.
    await advance(250)
    server.last().replyWith(new Response(null, { status: 500 }))
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'reconnecting', attempt: 1 })
    const requestsBefore = server.requests.length

    visibility.set(false)
    await advance(FRAME_MS)
    expect(result.current).toMatchObject({ status: 'idle', attempt: 1, nextRetryAt: undefined })
    await advance(60_000)
    expect(server.requests).toHaveLength(requestsBefore)

    visibility.set(true)
    await advance(0)
    expect(server.requests).toHaveLength(requestsBefore + 1)
    expect(server.last().url).toBe(`${POLL_URL}?cursor=c1`)
  })

  it('mounting while hidden requests nothing until visible', async () => {
    visibility.preset(false)
    const { result, server } = renderPoll()
    await advance(60_000)
    expect(result.current.status).toBe('idle')
    expect(server.requests).toHaveLength(0)
    visibility.set(true)
    await advance(0)
    expect(server.requests).toHaveLength(1)
    expect(server.last().url).toBe(POLL_URL)
  })
})
