import { act } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderRealtime, until, WRAPPERS } from './support/hook-harness'
import type { Msg, Recorded } from './support/hook-harness'
import { networkLedgerPerTest } from './support/network-ledger'
import { mockServerForFile, tag } from './support/server'

/*
 * The chat scenario is one room behind every transport: what one client sends over
 * its WebSocket reaches SSE and long-poll subscribers, and a POST reaches
 * WebSocket subscribers, each with the sender's fields plus the server's id and time.
 */

const mock = mockServerForFile()
const net = networkLedgerPerTest()

/** How many polls on `path` the server has parked (held until something new arrives). */
function held(path: string): number {
  return mock.logs.filter((line) => line.includes(` ${path}:`) && line.includes('holding after')).length
}

function post(fields: Record<string, unknown>): Promise<Response> {
  return fetch(`${mock.url}/send/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fields),
  })
}

function withText(hook: Recorded, text: string): Msg | undefined {
  return hook.messages.find((message) => message.text === text)
}

describe.each(WRAPPERS)('chat across transports (%s)', (_name, wrapper) => {
  it('useWebSocket(...).send({ user, text, clientId }) reaches an SSE and a long-poll subscriber with clientId, id and time', async () => {
    const t = tag()
    const pollPath = `/poll/chat?${t}`
    const ws = renderRealtime('websocket', `${mock.wsUrl}/ws/chat?${t}`, {}, net, wrapper)
    const sse = renderRealtime('sse', `${mock.url}/sse/chat?${t}`, {}, net, wrapper)
    const poll = renderRealtime('long-poll', `${mock.url}${pollPath}`, {}, net, wrapper)
    await until(() => {
      expect(ws.result.current.status).toBe('open')
      expect(sse.result.current.status).toBe('open')
      expect(held(pollPath)).toBe(1)
    })

    const clientId = `client-${t}`
    const text = `hello everyone ${t}`
    let sent: boolean | undefined
    act(() => {
      sent = ws.result.current.send?.({ user: 'ada', text, clientId })
    })
    expect(sent).toBe(true)

    await until(() => {
      for (const hook of [ws, sse, poll]) expect(withText(hook, text)).toBeDefined()
    })
    const copies = [ws, sse, poll].map((hook) => withText(hook, text))
    for (const copy of copies) {
      expect(copy).toEqual({ user: 'ada', text, clientId, id: expect.any(Number), time: expect.any(Number) })
    }
    // One message in the room: the same id everywhere, the sender's echo included.
    expect(new Set(copies.map((copy) => copy?.id)).size).toBe(1)
    await until(() => expect(poll.result.current.status).toBe('open'))
  })

  it('a POST to /send/chat reaches the WebSocket subscriber', async () => {
    const ws = renderRealtime('websocket', `${mock.wsUrl}/ws/chat?${tag()}`, {}, net, wrapper)
    await until(() => expect(ws.result.current.status).toBe('open'))
    const text = `posted ${tag()}`
    const response = await post({ user: 'grace', text, clientId: 'poster' })
    expect(response.status).toBe(200)
    const stored = (await response.json()) as Msg
    await until(() => expect(withText(ws, text)).toBeDefined())
    expect(withText(ws, text)).toEqual({ user: 'grace', text, clientId: 'poster', id: stored.id, time: stored.time })
  })

  it('long-poll: a message posted between the first answer and the next poll (which has no cursor yet) is not lost', async () => {
    // The first poll has no cursor; the server answers it at once (or with 204 after
    // holdMs=100). The next poll starts 400 ms after the first (minIntervalMs).
    const pollPath = `/poll/chat?holdMs=100&${tag()}`
    const poll = renderRealtime('long-poll', `${mock.url}${pollPath}`, { minIntervalMs: 400 }, net, wrapper)
    await until(() => expect(poll.result.current.status).toBe('open'))

    const heldBefore = held(pollPath)
    const gap = `in the gap ${tag()}`
    expect((await post({ user: 'ada', text: gap })).status).toBe(200)
    // Precondition: the message was stored before the next poll started.
    expect(net.requests).toHaveLength(1)

    // The next poll either brings it (it had a cursor) or is parked by the server without it.
    await until(() => expect(held(pollPath) > heldBefore || withText(poll, gap) !== undefined).toBe(true))
    const later = `after the gap ${tag()}`
    expect((await post({ user: 'ada', text: later })).status).toBe(200)
    await until(() => expect(withText(poll, later)).toBeDefined())
    expect(poll.messages.map((message) => message.text)).toEqual([gap, later])
  })
})
