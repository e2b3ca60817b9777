// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Chat, ConnectionStatus, Dashboard, Feed } from '../../src/components'
import { fakeSource } from './fake-source'

describe('components render on the server', () => {
  it('with url + transport: no window, WebSocket or fetch touched, status connecting', () => {
    expect(typeof window).toBe('undefined')
    const html = renderToString(
      <>
        <Feed transport="websocket" url="ws://127.0.0.1:9/ws/feed" />
        <Dashboard transport="sse" url="http://127.0.0.1:9/sse/metrics" />
        <Chat transport="long-poll" url="http://127.0.0.1:9/poll/chat" sendUrl="http://127.0.0.1:9/send/chat" user="Ada" />
        <ConnectionStatus transport="websocket" url={null} />
      </>,
    )
    expect(html.match(/data-status="connecting"/g)).toHaveLength(6)
    expect(html).toContain('data-status="idle"')
  })

  it('with a source, including its messages', () => {
    const html = renderToString(<Feed source={fakeSource({ messages: [{ id: 1, title: 'Rendered on the server' }] })} />)
    expect(html).toContain('Rendered on the server')
  })
})
