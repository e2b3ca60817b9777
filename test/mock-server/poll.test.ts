// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { METRIC_NAMES } from '../../mock-server/scenarios'
import { poll, seqs, mockServerPerTest, withQuery } from './helpers'

const ctx = mockServerPerTest()

/** Polls with the returned cursor until `total` messages arrived; bounded. */
async function collect(url: string, total: number): Promise<unknown[]> {
  const messages: unknown[] = []
  let cursor: string | undefined
  for (let round = 0; round < 50 && messages.length < total; round += 1) {
    const { status, body } = await poll(cursor === undefined ? url : withQuery(url, { cursor }))
    if (status === 200 && body !== undefined) {
      messages.push(...body.messages)
      cursor = body.cursor
    }
  }
  return messages
}

describe('GET /poll/:scenario', () => {
  it('answers 200 with messages and a cursor, then 204 after holdMs when nothing is new', async () => {
    const first = await poll(`${ctx.url}/poll/feed?count=3`)
    expect(first.status).toBe(200)
    expect(first.response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(first.body).toEqual({ messages: seqs(3), cursor: '3' })
    const started = Date.now()
    const empty = await poll(`${ctx.url}/poll/feed?count=3&holdMs=80&cursor=3`)
    expect(empty.status).toBe(204)
    expect(Date.now() - started).toBeGreaterThanOrEqual(70)
  })

  it('holds a request until the next message of a paced stream, without loss or duplicates', async () => {
    const started = Date.now()
    const messages = await collect(`${ctx.url}/poll/feed?count=4&rate=25`, 4)
    expect(messages).toEqual(seqs(4))
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
  })

  it('resumes from a cursor', async () => {
    const { body } = await poll(`${ctx.url}/poll/metrics?count=6&cursor=4`)
    expect(body).toEqual({ messages: seqs(2, 5), cursor: '6' })
  })

  it('starts feed and metrics at the live position and sends their shapes', async () => {
    // A first poll (no cursor) is answered at once with the live position and no messages.
    const start = await poll(`${ctx.url}/poll/feed?rate=50`)
    expect(start.body?.messages).toEqual([])
    const position = Number(start.body?.cursor)
    expect(position).toBeGreaterThanOrEqual(1)
    const feed = await poll(withQuery(`${ctx.url}/poll/feed?rate=50`, { cursor: String(position) }))
    const item = feed.body?.messages[0] as { id: number; title: string; text: string; time: number }
    expect(item).toEqual({ id: expect.any(Number), title: expect.any(String), text: expect.any(String), time: expect.any(Number) })
    // A client without cursor only gets what follows its first poll.
    expect(item.id).toBe(position + 1)
    expect(feed.body?.cursor).toBe(String((feed.body?.messages.at(-1) as { id: number }).id))

    const metricsStart = await poll(`${ctx.url}/poll/metrics?rate=100`)
    const metrics = await poll(withQuery(`${ctx.url}/poll/metrics?rate=100`, { cursor: metricsStart.body?.cursor ?? '' }))
    const update = metrics.body?.messages[0] as { metric: string; value: number }
    expect(METRIC_NAMES).toContain(update.metric)
    expect(typeof update.value).toBe('number')
  })

  it('batches at most 500 messages per response', async () => {
    const url = `${ctx.url}/poll/feed?count=1200`
    const sizes: number[] = []
    let cursor = '0'
    for (let i = 0; i < 3; i += 1) {
      const { body } = await poll(withQuery(url, { cursor }))
      sizes.push(body?.messages.length ?? 0)
      cursor = body?.cursor ?? cursor
    }
    expect(sizes).toEqual([500, 500, 200])
    expect(cursor).toBe('1200')
  })

  it('failFirst counts requests per path + query, ignoring cursor', async () => {
    const url = `${ctx.url}/poll/feed?count=2&failFirst=2&status=429&retryAfter=7`
    const first = await poll(url)
    const second = await poll(withQuery(url, { cursor: 1 }))
    expect([first.status, second.status]).toEqual([429, 429])
    expect(first.response.headers.get('retry-after')).toBe('7')
    const third = await poll(withQuery(url, { cursor: 1 }))
    expect(third.body).toEqual({ messages: seqs(1, 2), cursor: '2' })
  })

  it('dropAfter caps each response and drops one request per N messages', async () => {
    const url = `${ctx.url}/poll/feed?count=5&dropAfter=2`
    const outcomes: unknown[] = []
    let cursor = '0'
    for (let i = 0; i < 5; i += 1) {
      try {
        const { body } = await poll(withQuery(url, { cursor }))
        outcomes.push(body?.messages)
        cursor = body?.cursor ?? cursor
      } catch {
        outcomes.push('dropped')
      }
    }
    expect(outcomes).toEqual([seqs(2), 'dropped', seqs(2, 3), 'dropped', seqs(1, 5)])
  })

  it('delayMs delays the answer', async () => {
    const started = Date.now()
    const { status } = await poll(`${ctx.url}/poll/feed?count=1&delayMs=150`)
    expect(status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('badJsonEvery turns every Nth message into a string of malformed JSON', async () => {
    const { body } = await poll(`${ctx.url}/poll/feed?count=3&badJsonEvery=2`)
    expect(body?.messages[0]).toEqual({ seq: 1 })
    expect(typeof body?.messages[1]).toBe('string')
    expect(() => JSON.parse(body?.messages[1] as string)).toThrow()
    expect(body?.messages[2]).toEqual({ seq: 3 })
  })

  it('hang=1 never answers', async () => {
    const controller = new AbortController()
    const pending = fetch(`${ctx.url}/poll/feed?hang=1&count=1`, { signal: controller.signal })
    const outcome = await Promise.race([pending.then(() => 'answered'), new Promise((r) => setTimeout(r, 200, 'still waiting'))])
    expect(outcome).toBe('still waiting')
    controller.abort()
    await expect(pending).rejects.toThrow()
  })

  it('rejects a malformed cursor with 400', async () => {
    const res = await fetch(`${ctx.url}/poll/feed?cursor=-1`)
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/cursor/)
  })
})
