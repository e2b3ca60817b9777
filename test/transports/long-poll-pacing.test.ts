// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLongPollTransport, emptyAnswerWait } from '../../src/core/transports/long-poll'
import { connectorFor, httpServerPerTest, recordingFetch } from '../helpers/transport-harness'

/*
 * API.md's long-poll pacing and `open` rules: an instant empty answer (204, or 200
 * with no messages, back in under 1000 ms) makes the next poll wait 250 ms, doubling
 * up to 5000 ms; messages or a held answer reset the wait; the client always yields
 * a macrotask between polls; a poll in flight 1000 ms without failing is `open`;
 * bodies are bounded by maxResponseBytes.
 */

const connect = connectorFor(createLongPollTransport, 'http://example.test/poll')
const { serve } = httpServerPerTest('/poll')

const json = (body: unknown): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })

afterEach(() => {
  vi.useRealTimers()
})

describe('emptyAnswerWait', () => {
  it.each([
    [0, 0],
    [1, 250],
    [2, 500],
    [3, 1000],
    [4, 2000],
    [5, 4000],
    [6, 5000],
    [60, 5000],
  ])('after %i instant empty answers in a row: %i ms', (streak, ms) => {
    expect(emptyAnswerWait(streak)).toBe(ms)
  })
})

describe('long-poll pacing (fake timers)', () => {
  it('a server answering 204 at once gets 4 requests in 2 s, not a storm', async () => {
    vi.useFakeTimers()
    const { fetch, requests } = recordingFetch(() => Promise.resolve(new Response(null, { status: 204 })))
    const { transport, kinds } = connect({ fetch })
    await vi.advanceTimersByTimeAsync(2000)
    // Requests at 0, 250, 750 and 1750 ms; the fifth would start at 3750 ms.
    expect(requests).toHaveLength(4)
    expect(kinds()).toEqual(['open'])
    transport.close()
  })

  it('200 with no messages counts as empty; an answer with messages resets the wait', async () => {
    vi.useFakeTimers()
    const answers = [[], [], ['m'], []]
    const startTimes: number[] = []
    const { fetch } = recordingFetch((index) => {
      startTimes.push(Date.now())
      return Promise.resolve(json({ messages: answers[index] ?? [], cursor: `c${index}` }))
    })
    const { transport } = connect({ fetch })
    await vi.advanceTimersByTimeAsync(1500)
    const gaps = startTimes.slice(1, 5).map((at, index) => at - startTimes[index]!)
    // +250 (one empty); +500 (two in a row); messages: the next at once (a 0 ms timer,
    // which fake timers count as 1 ms, like Node); one empty again: +250.
    expect(gaps).toEqual([250, 500, 1, 250])
    transport.close()
  })

  it('an empty answer held 1000 ms or more is no reason to wait', async () => {
    vi.useFakeTimers()
    const { fetch, requests } = recordingFetch(
      () => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response(null, { status: 204 })), 1000)),
    )
    const { transport } = connect({ fetch })
    await vi.advanceTimersByTimeAsync(3010)
    // Each poll is held a second and the next follows at once: 0, 1000, 2000, 3000.
    expect(requests).toHaveLength(4)
    transport.close()
  })

  it('a held poll counts as open after 1000 ms, before it answers', async () => {
    vi.useFakeTimers()
    const { fetch } = recordingFetch(() => new Promise<Response>(() => undefined))
    const { transport, kinds } = connect({ fetch })
    await vi.advanceTimersByTimeAsync(999)
    expect(kinds()).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(kinds()).toEqual(['open'])
    transport.close()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a poll that fails within 1000 ms never opened', async () => {
    vi.useFakeTimers()
    const { fetch } = recordingFetch(
      () => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response(null, { status: 500 })), 999)),
    )
    const { kinds } = connect({ fetch })
    await vi.advanceTimersByTimeAsync(1000)
    expect(kinds()).toEqual(['close'])
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('long-poll pacing (real timers)', () => {
  it('a request() that resolves empty at once yields to the event loop between polls', async () => {
    let requests = 0
    let ticks = 0
    const ticker = setInterval(() => ticks++, 5)
    const { transport } = connect({
      request: () => {
        requests++
        return Promise.resolve({ messages: [] })
      },
    })
    try {
      // Polls at 0, 250 and 750 ms: the page kept ticking all along.
      await vi.waitFor(() => expect(requests).toBe(3), { timeout: 3000 })
      expect(ticks).toBeGreaterThan(50)
      expect(requests).toBe(3)
    } finally {
      transport.close()
      clearInterval(ticker)
    }
  })

  it('a real server answering 204 at once: 4 requests by 1750 ms, no fifth before 3750 ms', async () => {
    const times: number[] = []
    const url = await serve((_request, response) => {
      times.push(Date.now())
      response.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end()
    })
    const { transport } = connect({}, { url })
    try {
      await vi.waitFor(() => expect(times).toHaveLength(4), { timeout: 4000 })
      expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(1700)
    } finally {
      transport.close()
    }
  })
})

describe('maxResponseBytes', () => {
  it('a body larger than maxResponseBytes is a protocol error, not retried', async () => {
    const big = JSON.stringify({ messages: ['x'.repeat(2000)], cursor: 'c' })
    const { fetch } = recordingFetch((index) =>
      index === 0 ? Promise.resolve(new Response(big, { status: 200 })) : new Promise<Response>(() => undefined),
    )
    const { until, closeCall } = connect({ fetch, maxResponseBytes: 1000 })
    await until('close')
    expect(closeCall().info.error).toMatchObject({ kind: 'protocol', status: 200 })
    expect(closeCall().info.error?.message).toMatch(/larger than 1000 bytes/)
  })

  it('a Content-Length over the limit is refused before reading', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' })
      response.write('{"messages":[')
      // The rest never comes: the client must not wait for it.
    })
    const { until, closeCall } = connect({ maxResponseBytes: 4096 }, { url })
    await until('close')
    expect(closeCall().info.error).toMatchObject({ kind: 'protocol' })
  })

  it('a body within the limit is read whole, in UTF-8 across chunks', async () => {
    const url = await serve((_request, response) => {
      const body = Buffer.from(JSON.stringify({ messages: ['héllo wörld ✓'], cursor: 'c1' }))
      response.writeHead(200, { 'Content-Type': 'application/json' })
      // Split inside a multi-byte character.
      const cut = body.indexOf(Buffer.from('✓')) + 1
      response.write(body.subarray(0, cut))
      setTimeout(() => response.end(body.subarray(cut)), 20)
    })
    const { until, calls, transport } = connect({ maxResponseBytes: 1024 }, { url })
    await until('message')
    expect(calls.find((call) => call.kind === 'message')).toMatchObject({ data: 'héllo wörld ✓' })
    transport.close()
  })
})
