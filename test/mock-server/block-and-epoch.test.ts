// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import { startMockServer } from '../../mock-server/index'
import { mockServerPerTest, openSse, openWs, parsed, poll, until } from './helpers'

const ctx = mockServerPerTest()

describe('block=…', () => {
  it('refuses a blocked WebSocket upgrade with 503 and answers blocked HTTP endpoints 503; others pass', async () => {
    const query = 'count=3&block=websocket,sse'
    expect(await openWs(`${ctx.wsUrl}/ws/feed?${query}`).rejected).toBe(503)
    const sse = await fetch(`${ctx.url}/sse/feed?${query}`)
    expect(sse.status).toBe(503)
    expect(await sse.text()).toMatch(/blocked/)
    const polled = await poll(`${ctx.url}/poll/feed?${query}`)
    expect(polled.body?.messages).toHaveLength(3)
  })

  it('blockAfter lets the first N connections through; blockMs lifts the block after that long', async () => {
    const first = openWs(`${ctx.wsUrl}/ws/feed?count=2&block=websocket&blockAfter=1&blockMs=150`)
    await first.opened
    await until(() => first.frames.length === 2)
    expect(await openWs(`${ctx.wsUrl}/ws/feed?count=2&block=websocket&blockAfter=1&blockMs=150&cursor=2`).rejected).toBe(503)
    // Lifted once 150 ms have passed since the first refusal: retried until it opens (bounded).
    const lifted = await vi.waitFor(
      async () => {
        const socket = openWs(`${ctx.wsUrl}/ws/feed?count=2&block=websocket&blockAfter=1&blockMs=150`)
        const outcome = await Promise.race([socket.opened.then(() => 'open'), socket.rejected.then(() => 'refused')])
        if (outcome !== 'open') throw new Error('still blocked')
        return socket
      },
      { timeout: 3000, interval: 20 },
    )
    await until(() => lifted.frames.length === 2)
  })

  it('rejects a malformed block switch with 400, naming it', async () => {
    const res = await fetch(`${ctx.url}/sse/feed?block=carrier-pigeon`)
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/block/)
    expect((await fetch(`${ctx.url}/sse/feed?block=sse&blockMs=soon`)).status).toBe(400)
  })
})

describe('epoch=1', () => {
  it('writes <epoch>@<seq> positions on all three transports, and WS messages carry theirs', async () => {
    const sse = await openSse(`${ctx.url}/sse/feed?count=2&epoch=1`)
    await until(() => sse.blocks.filter((block) => block.id !== undefined).length === 2)
    const ids = sse.blocks.flatMap((block) => (block.id === undefined ? [] : [block.id]))
    expect(ids[0]).toMatch(/^[0-9a-z]+@1$/)
    const epoch = ids[0]?.split('@')[0]
    expect(ids[1]).toBe(`${epoch}@2`)

    const polled = await poll(`${ctx.url}/poll/feed?count=2&epoch=1`)
    expect(polled.body?.cursor).toBe(`${epoch}@2`)

    const ws = openWs(`${ctx.wsUrl}/ws/feed?count=3&epoch=1&cursor=${epoch}@1`)
    await until(() => ws.frames.length === 2)
    expect(parsed(ws.frames)).toEqual([
      { seq: 2, position: `${epoch}@2` },
      { seq: 3, position: `${epoch}@3` },
    ])
  })

  it('a position from another epoch (a restarted server) starts over; a plain number still resumes', async () => {
    const other = await startMockServer({ port: 0 })
    try {
      const first = await poll(`${other.url}/poll/feed?count=5&epoch=1`)
      const stale = first.body?.cursor ?? ''
      expect(stale).toMatch(/@5$/)
      // This server never made that epoch: the poll starts from the beginning.
      const restarted = await poll(`${ctx.url}/poll/feed?count=5&epoch=1&cursor=${encodeURIComponent(stale)}`)
      expect(restarted.body?.messages).toHaveLength(5)
      expect(restarted.body?.cursor).not.toBe(stale)
      const plain = await poll(`${ctx.url}/poll/feed?count=5&epoch=1&cursor=3&x=1`)
      expect(plain.body?.messages).toEqual([{ seq: 4 }, { seq: 5 }])
    } finally {
      await other.close()
    }
  })

  it('rejects a malformed epoch position with 400', async () => {
    const res = await fetch(`${ctx.url}/poll/feed?count=5&epoch=1&cursor=abc@x`)
    expect(res.status).toBe(400)
  })
})
