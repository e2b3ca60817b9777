// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { METRIC_NAMES } from '../../mock-server/scenarios'
import { openSse, seqs, until, mockServerPerTest } from './helpers'
import type { SseBlock } from './helpers'

const ctx = mockServerPerTest({ keepAliveMs: 40 })

const data = (events: SseBlock[]): unknown[] => events.map((e) => JSON.parse(e.data ?? '') as unknown)

describe('GET /sse/:scenario', () => {
  it('streams numbered events after an ": ok" comment, with event-stream headers', async () => {
    const sse = await openSse(`${ctx.url}/sse/feed?count=5`)
    expect(sse.response.status).toBe(200)
    expect(sse.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(sse.response.headers.get('cache-control')).toBe('no-cache')
    await until(() => sse.events.length === 5)
    expect(sse.blocks[0]?.comments).toEqual(['ok'])
    expect(sse.events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5'])
    expect(data(sse.events)).toEqual(seqs(5))
  })

  it('stays open after count and sends keep-alive comments', async () => {
    const sse = await openSse(`${ctx.url}/sse/metrics?count=1`)
    await until(() => sse.blocks.filter((b) => b.comments.includes('keep-alive')).length >= 2)
    expect(sse.events).toHaveLength(1)
  })

  it('sends feed items and metric updates by default', async () => {
    const feed = await openSse(`${ctx.url}/sse/feed?rate=200`)
    const metrics = await openSse(`${ctx.url}/sse/metrics?rate=200`)
    await until(() => feed.events.length >= 3 && metrics.events.length >= 6)
    for (const [i, item] of data(feed.events.slice(0, 3)).entries()) {
      expect(item).toEqual({ id: i + 1, title: expect.any(String), text: expect.any(String), time: expect.any(Number) })
    }
    const updates = data(metrics.events.slice(0, 6)) as Array<{ metric: string; value: number; time: number }>
    expect(new Set(updates.map((u) => u.metric)).size).toBe(METRIC_NAMES.length)
    for (const update of updates) {
      expect(METRIC_NAMES).toContain(update.metric)
      expect(Number.isFinite(update.value)).toBe(true)
      expect(update.time).toBeGreaterThan(0)
    }
  })

  it('resumes after Last-Event-ID (header or ?lastEventId) without loss or duplicates', async () => {
    const byHeader = await openSse(`${ctx.url}/sse/chat?count=10`, { headers: { 'Last-Event-ID': '4' } })
    await until(() => byHeader.events.length === 6)
    expect(byHeader.events.map((e) => e.id)).toEqual(['5', '6', '7', '8', '9', '10'])
    expect(data(byHeader.events)).toEqual(seqs(6, 5))

    const byQuery = await openSse(`${ctx.url}/sse/chat?count=10&lastEventId=8`)
    await until(() => byQuery.events.length === 2)
    expect(data(byQuery.events)).toEqual(seqs(2, 9))
  })

  it('rejects a malformed Last-Event-ID with 400', async () => {
    const res = await fetch(`${ctx.url}/sse/feed`, { headers: { 'Last-Event-ID': 'abc' } })
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/Last-Event-ID/)
  })

  it('failFirst refuses the first N connections per path + query, ignoring lastEventId', async () => {
    const url = `${ctx.url}/sse/feed?count=1&failFirst=2`
    const first = await fetch(url)
    const second = await fetch(`${url}&lastEventId=3`)
    expect([first.status, second.status]).toEqual([503, 503])
    expect(await first.text()).toMatch(/failFirst/)
    const other = await fetch(`${url}&extra=1`)
    expect(other.status).toBe(503)
    const third = await openSse(url)
    expect(third.response.status).toBe(200)
    await until(() => third.events.length === 1)
  })

  it('refuses with status=CODE, adding Retry-After only for 429/503', async () => {
    const limited = await fetch(`${ctx.url}/sse/feed?failFirst=1&status=429&retryAfter=3`)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('3')
    const broken = await fetch(`${ctx.url}/sse/feed?failFirst=1&status=500&retryAfter=3`)
    expect(broken.status).toBe(500)
    expect(broken.headers.get('retry-after')).toBeNull()
    const gone = await fetch(`${ctx.url}/sse/feed?failFirst=1&status=204`)
    expect(gone.status).toBe(204)
  })

  it('dropAfter destroys the response after N events; a resume continues where it broke', async () => {
    const url = `${ctx.url}/sse/feed?count=5&dropAfter=2`
    const first = await openSse(url)
    expect(await first.ended).toBe('error')
    expect(first.events.map((e) => e.id)).toEqual(['1', '2'])
    const second = await openSse(url, { headers: { 'Last-Event-ID': '2' } })
    expect(await second.ended).toBe('error')
    expect(data(second.events)).toEqual(seqs(2, 3))
  })

  it('delayMs holds the response headers back', async () => {
    const started = Date.now()
    const sse = await openSse(`${ctx.url}/sse/feed?count=1&delayMs=150`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(sse.response.status).toBe(200)
  })

  it('rate paces messages', async () => {
    const sse = await openSse(`${ctx.url}/sse/feed?count=4&rate=20`)
    const started = Date.now()
    await until(() => sse.events.length === 4)
    // 3 intervals of 50 ms after the first message.
    expect(Date.now() - started).toBeGreaterThanOrEqual(120)
    expect(data(sse.events)).toEqual(seqs(4))
  })

  it('badJsonEvery sends every Nth message as malformed JSON, still numbered', async () => {
    const sse = await openSse(`${ctx.url}/sse/feed?count=4&badJsonEvery=2`)
    await until(() => sse.events.length === 4)
    expect(sse.events.map((e) => e.id)).toEqual(['1', '2', '3', '4'])
    expect(JSON.parse(sse.events[0]?.data ?? '')).toEqual({ seq: 1 })
    expect(() => JSON.parse(sse.events[1]?.data ?? '')).toThrow()
    expect(() => JSON.parse(sse.events[3]?.data ?? '')).toThrow()
  })

  it('contentType replaces text/event-stream and retry sends a retry field first', async () => {
    const wrong = await fetch(`${ctx.url}/sse/feed?count=1&contentType=text/plain`)
    expect(wrong.headers.get('content-type')).toBe('text/plain')
    await wrong.body?.cancel()
    const sse = await openSse(`${ctx.url}/sse/feed?count=1&retry=1234`)
    await until(() => sse.events.length === 1)
    const retryIndex = sse.blocks.findIndex((b) => b.retry !== undefined)
    expect(sse.blocks[retryIndex]?.retry).toBe('1234')
    expect(retryIndex).toBeLessThan(sse.blocks.indexOf(sse.events[0] as SseBlock))
  })

  it('hang=1 never sends headers', async () => {
    const controller = new AbortController()
    const pending = fetch(`${ctx.url}/sse/feed?hang=1`, { signal: controller.signal })
    const outcome = await Promise.race([pending.then(() => 'answered'), new Promise((r) => setTimeout(r, 200, 'still waiting'))])
    expect(outcome).toBe('still waiting')
    controller.abort()
    await expect(pending).rejects.toThrow()
  })
})
