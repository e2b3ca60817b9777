import { act } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMockServer, type MockServer } from '../../mock-server/index'
import { range, seqs, until, WRAPPERS } from '../integration/support/hook-harness'
import { networkLedgerPerTest } from '../integration/support/network-ledger'
import { mockServerForFile, tag } from '../integration/support/server'
import { endpointsOf, renderFallback } from './support'

const mock = mockServerForFile()
let restartable: MockServer | undefined
const net = networkLedgerPerTest(async () => {
  await restartable?.close()
  restartable = undefined
})

beforeEach(() => sessionStorage.clear())
afterEach(() => sessionStorage.clear())

describe.each(WRAPPERS)('useRealtime (%s)', (_name, wrapper) => {
  it('a restarted server (another epoch) is not spliced: onReset fires before the first message of the new stream', async () => {
    restartable = await startMockServer({ port: 0 })
    const { port } = restartable
    const server = { url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` }
    const hook = renderFallback(endpointsOf(server, { count: 50, epoch: 1, t: tag() }), {}, net, wrapper)
    await until(() => expect(hook.messages).toHaveLength(50), 8000)
    const before = hook.messages.at(-1)?.position as string

    await restartable.close()
    restartable = await startMockServer({ port })
    await until(() => expect(hook.messages).toHaveLength(100), 8000)

    expect(seqs(hook.messages)).toEqual([...range(50), ...range(50)])
    expect(hook.resets).toHaveLength(1)
    expect(hook.resets[0]).toMatchObject({ from: before, afterMessages: 50 })
    expect(hook.resets[0]?.to.split('@')[0]).not.toBe(before.split('@')[0])
  })

  it('send() goes over the WebSocket while on it, and as a JSON POST to sendUrl while on SSE', async () => {
    const t = tag()
    const sendUrl = `${mock.url}/send/chat`
    const onWs = renderFallback({ ...endpointsOf(mock, { t }, {}, 'chat'), sendUrl }, {}, net, wrapper)
    await until(() => expect(onWs.result.current.status).toBe('open'))
    expect(onWs.result.current.transport).toBe('websocket')
    act(() => {
      expect(onWs.result.current.send({ user: 'ada', text: 'over the socket' })).toBe(true)
    })
    await until(() => expect(onWs.messages.map((m) => m.text)).toContain('over the socket'))
    expect(net.requests.filter((r) => r.method === 'POST')).toHaveLength(0)

    const onSse = renderFallback({ ...endpointsOf(mock, { t, block: 'websocket' }, {}, 'chat'), sendUrl }, {}, net, wrapper)
    await until(() => expect(onSse.result.current.transport).toBe('sse'))
    await until(() => expect(onSse.result.current.status).toBe('open'))
    act(() => {
      expect(onSse.result.current.send({ user: 'bob', text: 'by POST' })).toBe(true)
    })
    await until(() => expect(onSse.messages.map((m) => m.text)).toContain('by POST'))
    // Both hooks read one chat room: the socket user sees the POSTed message too.
    await until(() => expect(onWs.messages.map((m) => m.text)).toContain('by POST'))
    const posts = net.requests.filter((r) => r.method === 'POST')
    expect(posts.map((r) => r.url)).toEqual([sendUrl])
    expect(posts[0]?.headers.get('Content-Type')).toBe('application/json')
  })

  it('without sendUrl, send() on SSE returns false and reports why', async () => {
    const hook = renderFallback(endpointsOf(mock, { t: tag(), block: 'websocket' }, {}, 'chat'), {}, net, wrapper)
    await until(() => expect(hook.result.current.transport).toBe('sse'))
    await until(() => expect(hook.result.current.status).toBe('open'))
    act(() => {
      expect(hook.result.current.send({ user: 'ada', text: 'lost?' })).toBe(false)
    })
    expect(hook.errors.at(-1)?.message).toMatch(/sendUrl/)
  })

  it.each([
    [{ transports: ['carrier-pigeon' as never] }, /transports.*carrier-pigeon/],
    [{ fallbackAfter: 0 }, /fallbackAfter/],
    [{ upgradeAfterMs: -1 }, /upgradeAfterMs/],
  ])('bad options (%o) fail the connection with a clear error, no crash, no connection', async (options, message) => {
    const hook = renderFallback(endpointsOf(mock, { t: tag() }), options, net, wrapper)
    await until(() => expect(hook.result.current.status).toBe('failed'))
    expect(hook.result.current.error?.kind).toBe('protocol')
    expect(hook.result.current.error?.message).toMatch(message)
    expect(net.sockets).toHaveLength(0)
    expect(net.requests).toHaveLength(0)
  })

  it('a transport listed without its endpoint is a clear error', async () => {
    const { websocket } = endpointsOf(mock, { t: tag() })
    const hook = renderFallback({ websocket: websocket ?? '' }, { transports: ['websocket', 'sse'] }, net, wrapper)
    await until(() => expect(hook.result.current.status).toBe('failed'))
    expect(hook.result.current.error?.message).toMatch(/endpoints\.sse is missing/)
  })
})
