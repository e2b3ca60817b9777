import { act, cleanup, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { renderRealtime, WRAPPERS } from './support/hook-harness'
import type { Msg, Recorded } from './support/hook-harness'
import { networkLedger } from './support/network-ledger'
import type { NetworkLedger } from './support/network-ledger'
import { mockServerForFile, tag } from './support/server'

/*
 * The chat scenario is one room behind every transport: what one client sends over
 * its WebSocket reaches SSE and long-poll subscribers, and a POST reaches
 * WebSocket subscribers, each with the sender's fields plus the server's id and time.
 */

const mock = mockServerForFile()
let net: NetworkLedger

beforeEach(() => {
  net = networkLedger()
})
afterEach(() => {
  cleanup()
  net.destroy()
})

const WAIT = { timeout: 4000 }

/** How many polls on `path` the server has parked (held until something new arrives). */
function held(path: string): number {
  return mock.logs.filter((line) => line.includes(` ${path}:`) && line.includes('holding after')).length
}

function post(fields: Record<string, unknown>): Promise<Response> {
  return fetch(`${mock.http}/send/chat`, {
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
    const ws = renderRealtime('websocket', `${mock.ws}/ws/chat?${t}`, {}, net, wrapper)
    const sse = renderRealtime('sse', `${mock.http}/sse/chat?${t}`, {}, net, wrapper)
    const poll = renderRealtime('long-poll', `${mock.http}${pollPath}`, {}, net, wrapper)
    await waitFor(() => {
      expect(ws.result.current.status).toBe('open')
      expect(sse.result.current.status).toBe('open')
      expect(held(pollPath)).toBe(1)
    }, WAIT)

    const clientId = `client-${t}`
    const text = `hello everyone ${t}`
    let sent: boolean | undefined
    act(() => {
      sent = ws.result.current.send?.({ user: 'ada', text, clientId })
    })
    expect(sent).toBe(true)

    await waitFor(() => {
      for (const hook of [ws, sse, poll]) expect(withText(hook, text)).toBeDefined()
    }, WAIT)
    const copies = [ws, sse, poll].map((hook) => withText(hook, text))
    for (const copy of copies) {
      expect(copy).toEqual({ user: 'ada', text, clientId, id: expect.any(Number), time: expect.any(Number) })
    }
    // One message in the room: the same id everywhere, the sender's echo included.
    expect(new Set(copies.map((copy) => copy?.id)).size).toBe(1)
    await waitFor(() => expect(poll.result.current.status).toBe('open'))
  })

  it('a POST to /send/chat reaches the WebSocket subscriber', async () => {
    const ws = renderRealtime('websocket', `${mock.ws}/ws/chat?${tag()}`, {}, net, wrapper)
    await waitFor(() => expect(ws.result.current.status).toBe('open'), WAIT)
    const text = `posted ${tag()}`
    const response = await post({ user: 'grace', text, clientId: 'poster' })
    expect(response.status).toBe(200)
    const stored = (await response.json()) as Msg
    await waitFor(() => expect(withText(ws, text)).toBeDefined(), WAIT)
    expect(withText(ws, text)).toEqual({ user: 'grace', text, clientId: 'poster', id: stored.id, time: stored.time })
  })

  it('long-poll: a message posted between a 204 and the next poll (sent without a cursor) is not lost', async () => {
    // The server answers the first, cursor-less poll 204 after 100 ms; the next poll
    // starts 400 ms after the first (minIntervalMs), still without a cursor.
    const pollPath = `/poll/chat?holdMs=100&${tag()}`
    const poll = renderRealtime('long-poll', `${mock.http}${pollPath}`, { minIntervalMs: 400 }, net, wrapper)
    await waitFor(() => expect(poll.result.current.status).toBe('open'), WAIT)
    expect(net.requests.map((request) => request.status)).toEqual([204])

    const gap = `in the gap ${tag()}`
    expect((await post({ user: 'ada', text: gap })).status).toBe(200)
    // Precondition: the message was stored before the next poll reached the server.
    expect(held(pollPath)).toBe(1)

    await waitFor(() => expect(held(pollPath)).toBe(2), WAIT)
    const later = `after the gap ${tag()}`
    expect((await post({ user: 'ada', text: later })).status).toBe(200)
    await waitFor(() => expect(withText(poll, later)).toBeDefined(), WAIT)
    expect(poll.messages.map((message) => message.text)).toEqual([gap, later])
  })
})
