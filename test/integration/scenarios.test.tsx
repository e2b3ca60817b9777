import { describe, expect, it } from 'vitest'
import { KINDS, renderRealtime, until, WRAPPERS } from './support/hook-harness'
import type { Kind, Msg } from './support/hook-harness'
import { networkLedgerPerTest } from './support/network-ledger'
import { mockServerForFile, tag } from './support/server'

/*
 * Every hook against every scenario of the real mock server: it opens, delivers
 * parsed messages of the documented shapes, and (StrictMode included) makes
 * exactly one connection — counted on the client by the ledger and on the
 * server by its log.
 */

const mock = mockServerForFile()
const net = networkLedgerPerTest()

const METRIC_NAMES = ['cpu', 'memory', 'requests', 'latency', 'errors']

function expectFeedItem(message: Msg): void {
  expect(message).toEqual({ id: expect.any(Number), title: expect.any(String), text: expect.any(String), time: expect.any(Number) })
}

function expectMetricUpdate(message: Msg): void {
  expect(message).toEqual({ metric: expect.any(String), value: expect.any(Number), time: expect.any(Number) })
  expect(METRIC_NAMES).toContain(message.metric)
}

/** Server log lines of connections it served on `path` (WS upgrades, SSE streams, held polls). */
function served(path: string, what: 'open after' | 'holding after'): number {
  return mock.logs.filter((line) => line.includes(` ${path}`) && line.includes(what)).length
}

/** Waits until the hook is really listening: open, or for long-poll a request held by the server. */
async function listening(kind: Kind, path: string, status: () => string): Promise<void> {
  await until(() => {
    if (kind === 'long-poll') expect(served(path, 'holding after')).toBeGreaterThan(0)
    else expect(status()).toBe('open')
  })
}

/** One connection made: the ledger saw one socket / one request at a time, none thrown away early. */
function expectOneConnection(kind: Kind, path: string): void {
  if (kind === 'websocket') {
    expect(net.sockets).toHaveLength(1)
    expect(served(path, 'open after')).toBe(1)
  } else if (kind === 'sse') {
    expect(net.requests).toHaveLength(1)
    expect(served(path, 'open after')).toBe(1)
  } else {
    // Polls follow one another; a phantom chain would show as two at once or one aborted unanswered.
    expect(net.maxLiveRequests).toBe(1)
    for (const request of net.requests.filter((r) => !r.live)) expect(request.status).toBeDefined()
  }
}

describe.each(WRAPPERS)('every hook against every scenario (%s)', (_name, wrapper) => {
  describe.each(KINDS)('%s', (kind, prefix) => {
    it('feed: opens and delivers feed items { id, title, text, time }, over one connection', async () => {
      const path = `/${prefix}/feed?rate=40&${tag()}`
      const hook = renderRealtime(kind, `${mock.url}${path}`, {}, net, wrapper)
      await until(() => expect(hook.messages.length).toBeGreaterThanOrEqual(3))
      await until(() => expect(hook.result.current.status).toBe('open'))
      hook.messages.forEach(expectFeedItem)
      const ids = hook.messages.map((message) => message.id as number)
      expect(ids).toEqual([...ids].sort((a, b) => a - b))
      expect(new Set(ids).size).toBe(ids.length)
      for (const meta of hook.metas) expect(meta.receivedAt).toBeGreaterThan(0)
      // lastMessage is published once per frame (so await the next one): one of the
      // delivered objects, not a copy.
      await until(() => expect(hook.messages).toContain(hook.result.current.lastMessage))
      expect(hook.errors).toEqual([])
      expectOneConnection(kind, path)
    })

    it('metrics: opens and delivers dashboard updates { metric, value, time }, over one connection', async () => {
      const path = `/${prefix}/metrics?rate=50&${tag()}`
      const hook = renderRealtime(kind, `${mock.url}${path}`, {}, net, wrapper)
      await until(() => expect(hook.messages.length).toBeGreaterThanOrEqual(6))
      hook.messages.forEach(expectMetricUpdate)
      // Metrics take turns: five in a row name five different metrics.
      expect(new Set(hook.messages.slice(0, 5).map((message) => message.metric)).size).toBe(5)
      if (kind === 'sse') expect(hook.metas[0]).toMatchObject({ type: 'message', id: expect.any(String) })
      if (kind === 'long-poll') expect(hook.metas[0]).toMatchObject({ cursor: expect.any(String) })
      expect(hook.errors).toEqual([])
      expectOneConnection(kind, path)
    })

    it('chat: a POSTed message arrives with user, text, id and time, over one connection', async () => {
      const path = `/${prefix}/chat?${tag()}`
      const hook = renderRealtime(kind, `${mock.url}${path}`, {}, net, wrapper)
      await listening(kind, path, () => hook.result.current.status)
      const text = `hello from ${kind}`
      const posted = await fetch(`${mock.url}/send/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: 'ada', text }),
      })
      expect(posted.status).toBe(200)
      await until(() => expect(hook.messages.some((message) => message.text === text)).toBe(true))
      const received = hook.messages.find((message) => message.text === text)
      expect(received).toEqual({ user: 'ada', text, id: expect.any(Number), time: expect.any(Number) })
      await until(() => expect(hook.result.current.status).toBe('open'))
      expect(hook.errors).toEqual([])
      expectOneConnection(kind, path)
    })
  })
})
