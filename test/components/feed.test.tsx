import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Server, WebSocket as MockWebSocket } from 'mock-socket'
import { Fragment, StrictMode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Feed } from '../../src/components'
import { RealtimeError, type Status } from '../../src/core/types'
import { appendTo, fakeSource, HOSTILE } from './fake-source'
import { pollFetch, sseFetch } from './fake-fetch'

const item = (id: number): { id: number; title: string; text: string; time: number } => ({
  id,
  title: `Item ${id}`,
  text: `Details of ${id}`,
  time: 1_700_000_000_000 + id * 1000,
})

function titles(): string[] {
  return within(screen.getByRole('list')).getAllByRole('listitem').map((li) => li.querySelector('.rrk-feed__title')?.textContent ?? li.textContent ?? '')
}

describe('<Feed> with a source', () => {
  it('shows items newest first by default, and newest last on request', () => {
    const source = fakeSource({ messages: [item(1), item(2), item(3)] })
    const { rerender, container } = render(<Feed source={source} />)
    expect(titles()).toEqual(['Item 3', 'Item 2', 'Item 1'])
    expect(container.querySelector('time')?.getAttribute('dateTime')).toBe(new Date(item(3).time).toISOString())
    rerender(<Feed source={source} order="newest-last" />)
    expect(titles()).toEqual(['Item 1', 'Item 2', 'Item 3'])
  })

  it('keeps every message of a burst once, bounded by max', () => {
    let source = fakeSource({ messages: [item(1)] })
    const { rerender } = render(<Feed source={source} max={5} />)
    // Two publishes, as the hook makes them: a window of the last messages each time.
    source = appendTo(source, [item(2), item(3), item(4)])
    rerender(<Feed source={source} max={5} />)
    source = appendTo(source, [item(5), item(6), item(7)])
    rerender(<Feed source={source} max={5} />)
    expect(titles()).toEqual(['Item 7', 'Item 6', 'Item 5', 'Item 4', 'Item 3'])
    // A re-render with the same snapshot adds nothing.
    rerender(<Feed source={source} max={5} />)
    expect(titles()).toHaveLength(5)
  })

  it('counts lastMessage changes when the hook keeps no history', () => {
    const first = { text: 'one' }
    const second = { text: 'two' }
    let source = fakeSource({ messages: [], lastMessage: first, received: 1 })
    const { rerender } = render(<Feed source={source} order="newest-last" />)
    source = appendTo(source, [second], 0)
    rerender(<Feed source={source} order="newest-last" />)
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['one', 'two'])
  })

  it('updates an item whose id comes again instead of duplicating it', () => {
    let source = fakeSource({ messages: [item(1), item(2)] })
    const { rerender } = render(<Feed source={source} />)
    source = appendTo(source, [{ ...item(1), title: 'Item 1 (edited)' }])
    rerender(<Feed source={source} />)
    expect(titles()).toEqual(['Item 2', 'Item 1 (edited)'])
  })

  it('renders hostile text from the network as text', () => {
    const { container } = render(
      <Feed source={fakeSource({ messages: [{ id: 1, title: HOSTILE, text: HOSTILE }, HOSTILE] })} />,
    )
    expect(container.querySelector('img')).toBeNull()
    expect(screen.getAllByText(HOSTILE)).toHaveLength(3)
  })

  it('reports messages it cannot show instead of dropping them silently', () => {
    render(<Feed source={fakeSource({ messages: [item(1), { nope: true }, 42] })} />)
    expect(titles()).toEqual(['Item 1'])
    expect(screen.getByText(/2 messages could not be shown/)).toBeTruthy()
    expect(screen.getByText(/Not a feed item: 42/)).toBeTruthy()
  })

  it('shows the hook’s parse errors (bad JSON) while staying connected', () => {
    const error = new RealtimeError('parse', 'Message is not valid JSON: {"seq": 3,')
    render(<Feed source={fakeSource({ messages: [item(1)], error })} />)
    expect(screen.getByText(/A message could not be read/).textContent).toContain('{"seq": 3,')
  })

  it('adapts other shapes through parse and renderItem', () => {
    const source = fakeSource({ messages: [{ headline: 'Custom', n: 1 }] })
    render(
      <Feed
        source={source}
        parse={(message) => ({ title: (message as { headline: string }).headline })}
        renderItem={(feedItem, info) => <strong data-key={info.key}>{feedItem.title}!</strong>}
      />,
    )
    expect(screen.getByText('Custom!').tagName).toBe('STRONG')
  })

  const empty: Array<[Status, string]> = [
    ['connecting', 'Waiting for the first item…'],
    ['open', 'No items yet.'],
    ['reconnecting', 'Waiting for the first item…'],
    ['closed', 'No items yet.'],
  ]
  it.each(empty)('shows an empty state while %s', (status, text) => {
    const { container } = render(<Feed source={fakeSource({ status })} />)
    expect(container.firstElementChild).toHaveProperty('dataset.status', status)
    expect(screen.getByText(text)).toBeTruthy()
    expect(screen.getByRole('status')).toBeTruthy()
  })

  it('shows an error state when the connection failed, with a way to retry', async () => {
    const source = fakeSource({ status: 'failed', error: new RealtimeError('http', 'HTTP 404 Not Found', { status: 404 }) })
    render(<Feed source={source} renderEmpty={() => 'Nothing here'} />)
    expect(screen.getByText(/The feed could not be loaded: HTTP 404 Not Found/)).toBeTruthy()
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }))
    expect(source.reconnect).toHaveBeenCalledTimes(1)
  })

  it('offers "N new items" once the user scrolled away, and jumps back with the keyboard', async () => {
    let source = fakeSource({ messages: [item(1), item(2)] })
    const { rerender } = render(<Feed source={source} />)
    const list = screen.getByRole('list')
    list.scrollTop = 200
    fireEvent.scroll(list)
    source = appendTo(source, [item(3), item(4), item(5)])
    rerender(<Feed source={source} />)
    const button = screen.getByRole('button', { name: '3 new items' })
    button.focus()
    await userEvent.setup().keyboard('{Enter}')
    expect(screen.queryByRole('button', { name: /new items/ })).toBeNull()
    expect(list.scrollTop).toBe(0)
    expect(document.activeElement).toBe(list)
  })

  it('stays at the bottom for newest-last while the user is there', () => {
    let source = fakeSource({ messages: [item(1)] })
    const { rerender } = render(<Feed source={source} order="newest-last" />)
    const list = screen.getByRole('list')
    Object.defineProperty(list, 'scrollHeight', { configurable: true, value: 900 })
    Object.defineProperty(list, 'clientHeight', { configurable: true, value: 300 })
    source = appendTo(source, [item(2)])
    rerender(<Feed source={source} order="newest-last" />)
    expect(list.scrollTop).toBe(900)
    expect(screen.queryByRole('button', { name: /new item/ })).toBeNull()
  })

  it('announces new items in batches, not one by one', () => {
    vi.useFakeTimers()
    try {
      let source = fakeSource({ messages: [item(1)] })
      const { rerender, container } = render(<Feed source={source} announceEveryMs={2000} />)
      const live = container.querySelector('[aria-live="polite"]') as HTMLElement
      for (const batch of [[item(2)], [item(3), item(4)], [item(5), item(6), item(7)]]) {
        source = appendTo(source, batch)
        rerender(<Feed source={source} announceEveryMs={2000} />)
        act(() => void vi.advanceTimersByTime(300))
      }
      // The item present at mount is not announced; nothing is said before the interval ends.
      expect(live.textContent).toBe('')
      act(() => void vi.advanceTimersByTime(2000))
      expect(live.textContent).toBe('6 new items')
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})

function texts(): string[] {
  return screen.queryAllByRole('listitem').map((li) => li.textContent ?? '')
}

describe.each([
  ['plain', Fragment],
  ['StrictMode', StrictMode],
] as const)('<Feed> with identical messages (%s)', (_name, wrapper) => {
  // `history` is the hook's window; 0 leaves only lastMessage. Feed keeps up to 50 either way.
  it.each([3, 0])('shows ten identical strings that arrive in separate renders (history %i)', (history) => {
    let source = fakeSource({ messages: [], lastMessage: undefined, received: 0 })
    const { rerender } = render(<Feed source={source} />, { wrapper })
    for (let n = 1; n <= 10; n++) {
      source = appendTo(source, ['ping'], history)
      rerender(<Feed source={source} />)
      expect(texts()).toHaveLength(n)
    }
    expect(new Set(texts())).toEqual(new Set(['ping']))
    // A render with the same snapshot adds nothing.
    rerender(<Feed source={source} order="newest-last" />)
    expect(texts()).toHaveLength(10)
  })

  it('shows every identical string of bursts up to the window, and the window of larger ones', () => {
    let source = fakeSource({ messages: [], lastMessage: undefined, received: 0 })
    const { rerender } = render(<Feed source={source} />, { wrapper })
    let shown = 0
    for (const burst of [2, 6, 1, 4, 5]) {
      source = appendTo(source, Array.from({ length: burst }, () => 'ping'), 4)
      rerender(<Feed source={source} />)
      // What the hook no longer holds is gone; everything it holds that is new is shown.
      shown += Math.min(burst, 4)
      expect(texts()).toHaveLength(shown)
    }
    expect(shown).toBe(15)
  })

  it('counts the messages of another source passed in, even when its count is lower', () => {
    const first = appendTo(fakeSource(), ['a', 'a', 'a', 'a'], 4)
    const { rerender } = render(<Feed source={first} order="newest-last" />, { wrapper })
    const other = appendTo(fakeSource(), ['b', 'b'], 4)
    rerender(<Feed source={other} order="newest-last" />)
    expect(texts()).toEqual(['a', 'a', 'a', 'a', 'b', 'b'])
    rerender(<Feed source={appendTo(other, ['c'], 4)} order="newest-last" />)
    expect(texts()).toEqual(['a', 'a', 'a', 'a', 'b', 'b', 'c'])
  })
})

describe('<Feed> with url + transport', () => {
  let server: Server | undefined
  afterEach(() => {
    server?.stop()
    server = undefined
  })

  it('over WebSocket, loses nothing of a burst between two frames (StrictMode)', async () => {
    const url = 'ws://127.0.0.1:9912/feed'
    server = new Server(url)
    server.on('connection', (socket) => {
      for (let id = 1; id <= 120; id++) socket.send(JSON.stringify(item(id)))
    })
    render(<Feed transport="websocket" url={url} max={200} options={{ WebSocket: MockWebSocket as never }} />, {
      wrapper: StrictMode,
    })
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(120))
    expect(titles()[0]).toBe('Item 120')
    expect(titles()[119]).toBe('Item 1')
  })

  it.each([
    ['plain', Fragment],
    ['StrictMode', StrictMode],
  ] as const)('over WebSocket, shows ten identical strings sent one render apart (%s)', async (_name, wrapper) => {
    const url = 'ws://127.0.0.1:9912/pings'
    const mock = new Server(url)
    server = mock
    // A window of 3 fills up after three pings; from then on every window looks the same.
    const { container } = render(
      <Feed transport="websocket" url={url} options={{ history: 3, WebSocket: MockWebSocket as never }} />,
      { wrapper },
    )
    await waitFor(() => expect(container.firstElementChild).toHaveProperty('dataset.status', 'open'))
    expect(mock.clients()).toHaveLength(1)
    for (let n = 1; n <= 10; n++) {
      act(() => {
        for (const socket of mock.clients()) socket.send('"ping"')
      })
      await waitFor(() => expect(texts()).toHaveLength(n))
    }
    expect(new Set(texts())).toEqual(new Set(['ping']))
  })

  it('over WebSocket, takes a new url as a new stream: its messages are new, identical or not', async () => {
    const first = new Server('ws://127.0.0.1:9912/first')
    const second = new Server('ws://127.0.0.1:9912/second')
    first.on('connection', (socket) => {
      for (let i = 0; i < 3; i++) socket.send('"ping"')
    })
    second.on('connection', (socket) => {
      for (let i = 0; i < 2; i++) socket.send('"ping"')
    })
    try {
      const options = { history: 3, WebSocket: MockWebSocket as never }
      const { rerender } = render(<Feed transport="websocket" url="ws://127.0.0.1:9912/first" options={options} />)
      await waitFor(() => expect(texts()).toHaveLength(3))
      // The hook's window starts empty for the new url while its count goes on: 3 + 2.
      rerender(<Feed transport="websocket" url="ws://127.0.0.1:9912/second" options={options} />)
      await waitFor(() => expect(texts()).toHaveLength(5))
      expect(second.clients()).toHaveLength(1)
      expect(first.clients()).toHaveLength(0)
    } finally {
      first.stop()
      second.stop()
    }
  })

  it('over WebSocket, reports bad JSON and goes on', async () => {
    const url = 'ws://127.0.0.1:9912/bad'
    server = new Server(url)
    server.on('connection', (socket) => {
      socket.send(JSON.stringify(item(1)))
      socket.send('{"id": 2, "title": ')
      socket.send(JSON.stringify(item(3)))
    })
    const { container } = render(<Feed transport="websocket" url={url} options={{ WebSocket: MockWebSocket as never }} />)
    await waitFor(() => expect(titles()).toEqual(['Item 3', 'Item 1']))
    expect(screen.getByText(/A message could not be read/).textContent).toContain('not valid JSON')
    expect(container.firstElementChild).toHaveProperty('dataset.status', 'open')
  })

  it('over SSE', async () => {
    const fetch = sseFetch([item(1), item(2)])
    const { container } = render(<Feed transport="sse" url="http://127.0.0.1:9/sse/feed" options={{ fetch }} />)
    await waitFor(() => expect(titles()).toEqual(['Item 2', 'Item 1']))
    expect(container.firstElementChild).toHaveProperty('dataset.status', 'open')
  })

  it('over long-poll, where messages are JSON values already', async () => {
    const fetch = pollFetch([[item(1), 'plain text'], [item(3)]])
    render(<Feed transport="long-poll" url="http://127.0.0.1:9/poll/feed" options={{ fetch }} />)
    await waitFor(() => expect(titles()).toEqual(['Item 3', 'plain text', 'Item 1']))
    expect(fetch.urls[1]).toContain('cursor=1')
  })
})
