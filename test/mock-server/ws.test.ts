// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { METRIC_NAMES } from '../../mock-server/scenarios'
import { openWs, parsed, seqs, until, mockServerPerTest } from './helpers'

const ctx = mockServerPerTest()

describe('/ws/:scenario', () => {
  it('sends count messages as JSON text frames, then stays open', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/feed?count=5`)
    await until(() => ws.frames.length === 5)
    expect(parsed(ws.frames)).toEqual(seqs(5))
    // Still open and answering: a ping gets its pong after the last message.
    ws.socket.send('ping')
    await until(() => ws.frames.length === 6)
    expect(ws.frames[5]).toBe('pong')
    expect(ws.socket.readyState).toBe(ws.socket.OPEN)
  })

  it('sends feed items and metric updates', async () => {
    const feed = openWs(`${ctx.wsUrl}/ws/feed?rate=200`)
    const metrics = openWs(`${ctx.wsUrl}/ws/metrics?rate=200`)
    await until(() => feed.frames.length >= 2 && metrics.frames.length >= 5)
    expect(parsed(feed.frames)[0]).toEqual({ id: 1, title: expect.any(String), text: expect.any(String), time: expect.any(Number) })
    const updates = parsed(metrics.frames.slice(0, 5)) as Array<{ metric: string; value: number }>
    expect(updates.map((u) => u.metric)).toEqual(METRIC_NAMES)
    expect(updates.every((u) => Number.isFinite(u.value))).toBe(true)
  })

  it('resumes after ?cursor=i', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/metrics?count=6&cursor=3`)
    await until(() => ws.frames.length === 3)
    expect(parsed(ws.frames)).toEqual(seqs(3, 4))
  })

  it('failFirst accepts and closes at once with 1013, counting per path + query without cursor', async () => {
    const url = `${ctx.wsUrl}/ws/feed?count=1&failFirst=2`
    const first = openWs(url)
    expect((await first.closed).code).toBe(1013)
    const second = openWs(`${url}&cursor=0`)
    const refusal = await second.closed
    expect(refusal.code).toBe(1013)
    expect(refusal.reason).toMatch(/failFirst/)
    const third = openWs(`${url}&cursor=0`)
    await until(() => third.frames.length === 1)
    expect(third.frames).toEqual(['{"seq":1}'])
  })

  it('closeCode sets the refusal code', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/chat?failFirst=1&closeCode=4001`)
    expect((await ws.closed).code).toBe(4001)
  })

  it('dropAfter without closeCode terminates abruptly after N messages', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/feed?count=10&dropAfter=3`)
    expect((await ws.closed).code).toBe(1006)
    expect(parsed(ws.frames)).toEqual(seqs(3))
  })

  it('dropAfter with closeCode closes with that code after N messages', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/feed?count=10&dropAfter=3&closeCode=4002`)
    expect((await ws.closed).code).toBe(4002)
    expect(parsed(ws.frames)).toEqual(seqs(3))
  })

  it('delayMs delays the upgrade', async () => {
    const started = Date.now()
    const ws = openWs(`${ctx.wsUrl}/ws/feed?count=1&delayMs=150`)
    await ws.opened
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('rate paces messages', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/feed?count=4&rate=20`)
    await ws.opened
    const started = Date.now()
    await until(() => ws.frames.length === 4)
    expect(Date.now() - started).toBeGreaterThanOrEqual(120)
  })

  it('badJsonEvery sends every Nth frame as malformed JSON', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/feed?count=3&badJsonEvery=3`)
    await until(() => ws.frames.length === 3)
    expect(parsed(ws.frames.slice(0, 2))).toEqual(seqs(2))
    expect(() => JSON.parse(ws.frames[2] ?? '')).toThrow()
  })

  it('hang=1 never completes the upgrade', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/feed?hang=1`)
    const outcome = await Promise.race([ws.opened.then(() => 'opened'), new Promise((r) => setTimeout(r, 200, 'still waiting'))])
    expect(outcome).toBe('still waiting')
  })

  it('closes frames over 64 KiB with 1009', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/chat`)
    await ws.opened
    ws.socket.send(JSON.stringify({ user: 'a', text: 'x'.repeat(70 * 1024) }))
    expect((await ws.closed).code).toBe(1009)
  })

  it('answers non-JSON chat text with an error frame and stays open; binary frames close 1003', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/chat`)
    await ws.opened
    ws.socket.send('not json')
    ws.socket.send(JSON.stringify({ user: 'a' }))
    await until(() => ws.frames.length === 2)
    expect(parsed(ws.frames)).toEqual([{ error: expect.stringMatching(/JSON/) }, { error: expect.stringMatching(/text/) }])
    ws.socket.send(Buffer.from([1, 2, 3]))
    expect((await ws.closed).code).toBe(1003)
  })

  it('refuses bad switches, unknown scenarios and other paths with an HTTP status', async () => {
    expect(await openWs(`${ctx.wsUrl}/ws/feed?closeCode=1005`).rejected).toBe(400)
    expect(await openWs(`${ctx.wsUrl}/ws/nope`).rejected).toBe(404)
    expect(await openWs(`${ctx.wsUrl}/elsewhere`).rejected).toBe(404)
    expect(await openWs(`${ctx.wsUrl}/sse/feed`).rejected).toBe(400)
    expect(await openWs(`${ctx.wsUrl}/ws/feed?cursor=x`).rejected).toBe(400)
  })
})
