// @vitest-environment node
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('server rendering', () => {
  it('imports and renders every hook without touching browser globals', async () => {
    const touched: string[] = []
    for (const name of ['WebSocket', 'EventSource', 'fetch', 'window', 'document', 'requestAnimationFrame']) {
      vi.stubGlobal(name, new Proxy(() => {}, { get: () => touched.push(name), apply: () => touched.push(name), construct: () => (touched.push(name), {}) }))
    }
    const kit = await import('../../src/index')
    function Page() {
      const ws = kit.useWebSocket('ws://127.0.0.1:1/ws/feed')
      const sse = kit.useEventSource('http://127.0.0.1:1/sse/feed')
      const poll = kit.useLongPoll(null)
      return createElement('p', null, `${ws.status} ${sse.status} ${poll.status} ${ws.messages.length}`)
    }
    expect(renderToString(createElement(Page))).toBe('<p>connecting connecting idle 0</p>')
    expect(touched).toEqual([])
  })
})
