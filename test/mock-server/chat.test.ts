// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { openSse, openWs, parsed, poll, seqs, until, mockServerPerTest } from './helpers'

const ctx = mockServerPerTest()

function post(body: string, path = '/send/chat'): Promise<Response> {
  return fetch(`${ctx.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
}

interface ChatMessage {
  id: number
  user: string
  text: string
  time: number
  clientId?: string
}

describe('the chat room', () => {
  it('broadcasts messages from POST and from a WebSocket to every transport, keeping all fields', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/chat`)
    const sse = await openSse(`${ctx.url}/sse/chat`)
    await ws.opened
    // A first poll learns its position at once; the next one is held until something is said.
    const start = await poll(`${ctx.url}/poll/chat`)
    expect(start.body).toEqual({ messages: [], cursor: '0' })
    const held = poll(`${ctx.url}/poll/chat?cursor=0`)
    await until(() => ctx.logs.some((line) => line.startsWith('poll /poll/chat: holding')))

    const before = Date.now()
    const res = await post(JSON.stringify({ user: 'ada', text: 'hello', clientId: 'c-1', extra: { n: 1 } }))
    expect(res.status).toBe(200)
    const stored = (await res.json()) as ChatMessage
    expect(stored).toEqual({ user: 'ada', text: 'hello', clientId: 'c-1', extra: { n: 1 }, id: 1, time: expect.any(Number) })
    expect(stored.time).toBeGreaterThanOrEqual(before)

    ws.socket.send(JSON.stringify({ user: 'bob', text: 'hi there', clientId: 'c-2' }))

    await until(() => ws.frames.length === 2 && sse.events.length === 2)
    const fromWs = parsed(ws.frames) as ChatMessage[]
    expect(fromWs[0]).toEqual(stored)
    expect(fromWs[1]).toEqual({ user: 'bob', text: 'hi there', clientId: 'c-2', id: 2, time: expect.any(Number) })
    expect(sse.events.map((e) => e.id)).toEqual(['1', '2'])
    expect(sse.events.map((e) => JSON.parse(e.data ?? '') as unknown)).toEqual(fromWs)

    const first = await held
    expect(first.body?.messages).toEqual([stored])
    expect(first.body?.cursor).toBe('1')
    const next = await poll(`${ctx.url}/poll/chat?cursor=1`)
    expect(next.body).toEqual({ messages: [fromWs[1]], cursor: '2' })
  })

  it('lets SSE, long-poll and WebSocket clients resume from a message id', async () => {
    for (const text of ['one', 'two', 'three']) expect((await post(JSON.stringify({ user: 'ada', text }))).status).toBe(200)

    const sse = await openSse(`${ctx.url}/sse/chat`, { headers: { 'Last-Event-ID': '1' } })
    await until(() => sse.events.length === 2)
    expect(sse.events.map((e) => (JSON.parse(e.data ?? '') as ChatMessage).text)).toEqual(['two', 'three'])

    const polled = await poll(`${ctx.url}/poll/chat?cursor=2`)
    expect((polled.body?.messages as ChatMessage[]).map((m) => m.text)).toEqual(['three'])

    const ws = openWs(`${ctx.wsUrl}/ws/chat?cursor=0`)
    await until(() => ws.frames.length === 3)
    expect((parsed(ws.frames) as ChatMessage[]).map((m) => m.id)).toEqual([1, 2, 3])
  })

  it('starts new subscribers at the live position when they give no id', async () => {
    await post(JSON.stringify({ user: 'ada', text: 'old news' }))
    const ws = openWs(`${ctx.wsUrl}/ws/chat`)
    await ws.opened
    await post(JSON.stringify({ user: 'ada', text: 'fresh' }))
    await until(() => ws.frames.length === 1)
    expect((parsed(ws.frames)[0] as ChatMessage).text).toBe('fresh')
  })

  it('validates what is posted: 400 for bad JSON or a missing text, 413 above 64 KiB', async () => {
    const bad = await post('{nope')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/JSON/)
    const noText = await post(JSON.stringify({ user: 'ada' }))
    expect(noText.status).toBe(400)
    expect(await noText.text()).toMatch(/text/)
    expect((await post('[1,2]')).status).toBe(400)
    expect((await post(JSON.stringify({ user: 3, text: 'x' }))).status).toBe(400)
    const huge = await post(JSON.stringify({ user: 'ada', text: 'x'.repeat(70 * 1024) }))
    expect(huge.status).toBe(413)
    // Nothing of the refused posts reached the room.
    const ws = openWs(`${ctx.wsUrl}/ws/chat?cursor=0`)
    await ws.opened
    const ok = await post(JSON.stringify({ text: 'finally' }))
    expect(((await ok.json()) as ChatMessage).user).toBe('anonymous')
    await until(() => ws.frames.length === 1)
    expect((parsed(ws.frames)[0] as ChatMessage).id).toBe(1)
  })

  it('answers 404 to POST /send/feed and /send/metrics', async () => {
    expect((await post('{"text":"x"}', '/send/feed')).status).toBe(404)
    expect((await post('{"text":"x"}', '/send/metrics')).status).toBe(404)
  })

  it('applies fault switches to POST too', async () => {
    const refused = await post('{"text":"x"}', '/send/chat?failFirst=1&retryAfter=2')
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('2')
    expect((await post('{"text":"x"}', '/send/chat?failFirst=1&retryAfter=2')).status).toBe(200)
  })

  it('replaces chat content with numbered messages under count', async () => {
    const ws = openWs(`${ctx.wsUrl}/ws/chat?count=3`)
    await until(() => ws.frames.length === 3)
    expect(parsed(ws.frames)).toEqual(seqs(3))
  })
})
