import { act, render, renderHook } from '@testing-library/react'
import { WebSocket as MockWebSocket } from 'mock-socket'
import { describe, expect, it, vi } from 'vitest'
import type { WebSocketResult } from '../../src/hooks/types'
import { sharedConnections } from '../../src/hooks/use-connection'
import { useWebSocket } from '../../src/hooks/use-web-socket'
import { advance, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakeTimersForEachTest, releaseSharedConnections } from '../helpers/hook-lifecycle'
import { MOCK_SOCKET_DELAY_MS, startMockWsServer } from '../helpers/mock-ws-server'

const OPEN_MS = MOCK_SOCKET_DELAY_MS + FRAME_MS

fakeTimersForEachTest(releaseSharedConnections)

interface SubscriberSpec {
  id: string
  url: string
  share?: boolean | string
  parse?: (raw: unknown) => string
  history?: number
}

/** Renders one `share`d useWebSocket per spec; results and received messages are kept by id. */
function harness(wrapper: (typeof WRAPPERS)[number][1], graceMs = 500) {
  const results: Record<string, WebSocketResult<string, string>> = {}
  const received: Record<string, string[]> = {}

  function Subscriber({ spec }: { spec: SubscriberSpec }) {
    const result = useWebSocket<string, string>(spec.url, {
      WebSocket: MockWebSocket,
      share: spec.share ?? true,
      shareGraceMs: graceMs,
      ...(spec.parse === undefined ? {} : { parse: spec.parse }),
      ...(spec.history === undefined ? {} : { history: spec.history }),
      onMessage: (message) => (received[spec.id] ??= []).push(message),
    })
    results[spec.id] = result
    return null
  }
  const App = ({ specs }: { specs: SubscriberSpec[] }) => (
    <>
      {specs.map((spec) => (
        <Subscriber key={spec.id} spec={spec} />
      ))}
    </>
  )
  const view = render(<App specs={[]} />, { wrapper })
  return {
    results,
    received,
    show: (specs: SubscriberSpec[]) => view.rerender(<App specs={specs} />),
    result(id: string): WebSocketResult<string, string> {
      const result = results[id]
      if (!result) throw new Error(`no subscriber ${id}`)
      return result
    },
  }
}

describe.each(WRAPPERS)('share (%s)', (_name, wrapper) => {
  it('three hooks on one URL make one connection and each gets every message once', async () => {
    const ws = startMockWsServer()
    const app = harness(wrapper)
    app.show(['a', 'b', 'c'].map((id) => ({ id, url: ws.url })))
    await advance(OPEN_MS)
    expect(ws.connections).toHaveLength(1)
    expect(sharedConnections.size).toBe(1)
    act(() => {
      ws.send('one')
      ws.send('two')
    })
    await advance(FRAME_MS)
    for (const id of ['a', 'b', 'c']) {
      expect(app.received[id]).toEqual(['one', 'two'])
      expect(app.result(id)).toMatchObject({ status: 'open', lastMessage: 'two' })
    }
    expect(ws.closes).toEqual([])
  })

  it('parse and history are each subscriber’s own', async () => {
    const ws = startMockWsServer()
    const app = harness(wrapper)
    app.show([
      { id: 'upper', url: ws.url, parse: (raw) => String(raw).toUpperCase(), history: 5 },
      { id: 'plain', url: ws.url },
    ])
    await advance(OPEN_MS)
    act(() => ws.send('x'))
    await advance(FRAME_MS)
    expect(app.result('upper')).toMatchObject({ lastMessage: 'X', messages: ['X'] })
    expect(app.result('plain')).toMatchObject({ lastMessage: 'x', messages: [] })
    expect(ws.connections).toHaveLength(1)
  })

  it('unmounting two keeps the connection; the third closes it after shareGraceMs', async () => {
    const ws = startMockWsServer()
    const app = harness(wrapper, 500)
    app.show(['a', 'b', 'c'].map((id) => ({ id, url: ws.url })))
    await advance(OPEN_MS)
    app.show([{ id: 'c', url: ws.url }])
    await advance(2000)
    expect(ws.openClients()).toHaveLength(1)
    act(() => ws.send('still'))
    expect(app.received.c).toEqual(['still'])
    expect(app.received.a).toBeUndefined()

    app.show([])
    await advance(499)
    expect(ws.openClients()).toHaveLength(1)
    expect(sharedConnections.size).toBe(1)
    await advance(1 + MOCK_SOCKET_DELAY_MS)
    expect(ws.openClients()).toHaveLength(0)
    expect(ws.closes).toEqual([1000])
    expect(sharedConnections.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a quick remount within the grace period keeps the connection and sees its current snapshot', async () => {
    const ws = startMockWsServer()
    const app = harness(wrapper, 500)
    app.show([{ id: 'a', url: ws.url }])
    await advance(OPEN_MS)
    app.show([])
    await advance(200)
    app.show([{ id: 'b', url: ws.url }])
    // Published at once when attached: no frame needed.
    expect(app.result('b').status).toBe('open')
    await advance(5000)
    expect(ws.connections).toHaveLength(1)
    expect(ws.closes).toEqual([])
  })

  it('close() from one subscriber detaches only it; its reconnect() re-attaches it', async () => {
    const ws = startMockWsServer()
    const app = harness(wrapper)
    app.show([
      { id: 'a', url: ws.url },
      { id: 'b', url: ws.url },
    ])
    await advance(OPEN_MS)
    act(() => app.result('a').close())
    expect(app.result('a').status).toBe('closed')
    expect(app.result('a').send('from a')).toBe(false)
    act(() => ws.send('while a is away'))
    await advance(FRAME_MS)
    expect(app.received.a).toBeUndefined()
    expect(app.received.b).toEqual(['while a is away'])
    expect(app.result('b').status).toBe('open')
    expect(ws.openClients()).toHaveLength(1)

    act(() => app.result('a').reconnect())
    expect(app.result('a').status).toBe('open')
    act(() => ws.send('back'))
    expect(app.received.a).toEqual(['back'])
    expect(app.received.b).toEqual(['while a is away', 'back'])
    expect(ws.connections).toHaveLength(1)
  })

  it('close() from the only subscriber closes the connection; reconnect() opens a new one', async () => {
    const ws = startMockWsServer()
    const app = harness(wrapper)
    app.show([{ id: 'a', url: ws.url }])
    await advance(OPEN_MS)
    act(() => app.result('a').close())
    await advance(MOCK_SOCKET_DELAY_MS)
    expect(app.result('a').status).toBe('closed')
    expect(ws.openClients()).toHaveLength(0)
    act(() => app.result('a').reconnect())
    await advance(OPEN_MS)
    expect(app.result('a').status).toBe('open')
    expect(ws.connections).toHaveLength(2)
  })

  it('a key string shares one connection across URLs (the first subscriber’s URL)', async () => {
    const first = startMockWsServer()
    const second = startMockWsServer()
    const app = harness(wrapper)
    app.show([
      { id: 'a', url: first.url, share: 'feed' },
      { id: 'b', url: second.url, share: 'feed' },
    ])
    await advance(OPEN_MS)
    expect(first.connections).toHaveLength(1)
    expect(second.connections).toHaveLength(0)
    act(() => first.send('hello'))
    expect(app.received).toEqual({ a: ['hello'], b: ['hello'] })
  })

  it('share: true with a function url throws a clear TypeError', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(() =>
      renderHook(() => useWebSocket(() => 'ws://127.0.0.1:9876/fn', { WebSocket: MockWebSocket, share: true }), {
        wrapper,
      }),
    ).toThrow(expect.objectContaining({ name: 'TypeError', message: expect.stringMatching(/share/) }))
  })
})
