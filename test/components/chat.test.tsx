import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Server, WebSocket as MockWebSocket } from 'mock-socket'
import type { ReactElement } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Chat, type ChatOutgoing, type ChatOwnProps } from '../../src/components'
import type { Status } from '../../src/core/types'
import { appendTo, fakeSource, HOSTILE, type FakeSource } from './fake-source'
import { chatRoomFetch } from './fake-fetch'

const ME = 'client-me'

function messages(): HTMLElement[] {
  return within(screen.getByRole('list', { name: 'Messages' })).getAllByRole('listitem')
}

function input(): HTMLInputElement {
  return screen.getByRole('textbox', { name: 'Message' })
}

describe('<Chat> with a source', () => {
  it('tells own messages (by clientId) from others’', () => {
    const source = fakeSource({
      messages: [
        { id: 1, user: 'Ann', text: 'Hi', clientId: 'someone-else', time: 1_700_000_000_000 },
        { id: 2, user: 'Me', text: 'Hello', clientId: ME },
        { id: 3, user: 'Bob', text: 'Yo' },
      ],
    })
    render(<Chat source={source} user="Me" clientId={ME} />)
    expect(messages().map((li) => li.dataset.own === 'true')).toEqual([false, true, false])
    expect(messages()[1]?.textContent).toContain('Me (you)')
  })

  it('sends { user, text, clientId } over the WebSocket with the keyboard, pending until echoed', async () => {
    const sent: ChatOutgoing[] = []
    let source: FakeSource<ChatOutgoing> = fakeSource<ChatOutgoing>({ send: (message) => sent.push(message) > 0 })
    const { rerender } = render(<Chat source={source} user="Me" clientId={ME} />)
    const user = userEvent.setup()
    await user.tab()
    expect(document.activeElement).toBe(input())
    await user.keyboard('  Hello there  {Enter}')
    expect(sent).toEqual([{ user: 'Me', text: 'Hello there', clientId: ME }])
    expect(input().value).toBe('')
    expect(messages()).toHaveLength(1)
    expect(messages()[0]?.dataset.state).toBe('pending')
    expect(messages()[0]?.textContent).toContain('Sending…')

    source = appendTo(source, [{ id: 9, user: 'Me', text: 'Hello there', clientId: ME, time: Date.now() }])
    rerender(<Chat source={source} user="Me" clientId={ME} />)
    expect(messages()).toHaveLength(1)
    expect(messages()[0]?.dataset.state).toBeUndefined()
    expect(messages()[0]?.dataset.own).toBe('true')
  })

  it('marks a send the socket refused as failed, and retries it from the keyboard', async () => {
    let accept = false
    const send = vi.fn((_message: ChatOutgoing) => accept)
    render(<Chat source={fakeSource<ChatOutgoing>({ status: 'failed', send })} user="Me" clientId={ME} />)
    const user = userEvent.setup()
    await user.type(input(), 'Are you there?{Enter}')
    expect(messages()[0]?.dataset.state).toBe('failed')
    expect(messages()[0]?.textContent).toContain('Not sent: Not connected')
    const retry = screen.getByRole('button', { name: 'Retry sending “Are you there?”' })
    retry.focus()
    accept = true
    await user.keyboard('{Enter}')
    expect(send).toHaveBeenCalledTimes(2)
    expect(messages()[0]?.dataset.state).toBe('pending')
  })

  it('discards a failed message', async () => {
    render(<Chat source={fakeSource<ChatOutgoing>({ send: () => false })} user="Me" />)
    const user = userEvent.setup()
    await user.type(input(), 'oops{Enter}')
    await user.click(screen.getByRole('button', { name: 'Discard “oops”' }))
    expect(screen.queryByRole('list', { name: 'Messages' })).toBeNull()
  })

  it('fails a message that is not echoed within ackTimeoutMs', () => {
    vi.useFakeTimers()
    try {
      const { container } = render(
        <Chat source={fakeSource<ChatOutgoing>({ send: () => true })} user="Me" ackTimeoutMs={3000} />,
      )
      fireEvent.change(input(), { target: { value: 'ping' } })
      fireEvent.submit(input().form as HTMLFormElement)
      expect(messages()[0]?.dataset.state).toBe('pending')
      act(() => void vi.advanceTimersByTime(2999))
      expect(messages()[0]?.dataset.state).toBe('pending')
      act(() => void vi.advanceTimersByTime(1))
      expect(messages()[0]?.dataset.state).toBe('failed')
      expect(messages()[0]?.textContent).toContain('No confirmation from the server')
      // Screen readers hear about it too, once.
      const live = [...container.querySelectorAll('[aria-live="polite"]')].map((region) => region.textContent)
      expect(live).toEqual(['', ''])
      act(() => void vi.advanceTimersByTime(500))
      expect([...container.querySelectorAll('[aria-live="polite"]')].map((region) => region.textContent)).toEqual([
        '',
        'A message was not sent',
      ])
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('POSTs JSON to sendUrl when the source cannot send, and shows HTTP failures', async () => {
    const requests: Array<{ url: string; init: RequestInit | undefined }> = []
    let status = 500
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push({ url: String(input), init })
      return new Response(null, { status })
    }) as typeof globalThis.fetch
    render(<Chat source={fakeSource()} user="Ann" clientId={ME} sendUrl="http://127.0.0.1:9/send/chat" fetch={fetch} />)
    const user = userEvent.setup()
    await user.type(input(), 'Via HTTP{Enter}')
    await waitFor(() => expect(messages()[0]?.dataset.state).toBe('failed'))
    expect(messages()[0]?.textContent).toContain('The server answered 500')
    expect(requests[0]?.url).toBe('http://127.0.0.1:9/send/chat')
    expect(requests[0]?.init?.method).toBe('POST')
    expect(new Headers(requests[0]?.init?.headers).get('Content-Type')).toBe('application/json')
    expect(JSON.parse(String(requests[0]?.init?.body))).toEqual({ user: 'Ann', text: 'Via HTTP', clientId: ME })
    status = 204
    await user.click(screen.getByRole('button', { name: /^Retry/ }))
    await waitFor(() => expect(messages()[0]?.dataset.state).toBe('sent'))
  })

  it('fails clearly when there is no way to send', async () => {
    render(<Chat source={fakeSource()} user="Ann" />)
    await userEvent.setup().type(input(), 'hello{Enter}')
    expect(messages()[0]?.textContent).toContain('No way to send: pass sendUrl')
  })

  it('uses sendMessage when given', async () => {
    const sendMessage = vi.fn(async (_message: ChatOutgoing) => undefined)
    render(<Chat source={fakeSource<ChatOutgoing>({ send: () => false })} user="Ann" clientId={ME} sendMessage={sendMessage} />)
    await userEvent.setup().type(input(), 'custom{Enter}')
    expect(sendMessage).toHaveBeenCalledWith({ user: 'Ann', text: 'custom', clientId: ME })
    await waitFor(() => expect(messages()[0]?.dataset.state).toBe('sent'))
  })

  it('does not send empty messages', async () => {
    const send = vi.fn(() => true)
    render(<Chat source={fakeSource<ChatOutgoing>({ send })} user="Ann" />)
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true)
    await userEvent.setup().type(input(), '   {Enter}')
    expect(send).not.toHaveBeenCalled()
  })

  it('renders hostile text, received and own, as text', async () => {
    const { container } = render(
      <Chat source={fakeSource<ChatOutgoing>({ messages: [{ user: HOSTILE, text: HOSTILE }], send: () => true })} user={HOSTILE} />,
    )
    await userEvent.setup().type(input(), `${HOSTILE}{Enter}`)
    expect(container.querySelector('img')).toBeNull()
    expect(screen.getAllByText(HOSTILE)).toHaveLength(3)
  })

  it('replaces a message whose id comes again (a resend after a reconnect) instead of showing it twice', () => {
    let source = fakeSource()
    const props = { user: 'Me', clientId: ME } as const
    const { rerender } = render(<Chat source={source} {...props} />)
    source = appendTo(source, [{ id: 7, user: 'Ann', text: 'First try' }, { id: 8, user: 'Bob', text: 'Other' }])
    rerender(<Chat source={source} {...props} />)
    source = appendTo(source, [{ id: 7, user: 'Ann', text: 'Edited' }])
    rerender(<Chat source={source} {...props} />)
    expect(screen.queryByText('First try')).toBeNull()
    expect(screen.getAllByText('Edited')).toHaveLength(1)
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      expect.stringContaining('Edited'),
      expect.stringContaining('Other'),
    ])
  })

  it('announces messages from others in batches, and not own ones', () => {
    vi.useFakeTimers()
    try {
      let source = fakeSource()
      const props = { user: 'Me', clientId: ME, announceEveryMs: 1000 } as const
      const { rerender, container } = render(<Chat source={source} {...props} />)
      const [incoming] = [...container.querySelectorAll('[aria-live="polite"]')] as HTMLElement[]
      source = appendTo(source, [{ id: 1, user: 'Ann', text: 'One' }])
      rerender(<Chat source={source} {...props} />)
      act(() => void vi.advanceTimersByTime(1000))
      expect(incoming?.textContent).toBe('Ann: One')
      source = appendTo(source, [{ id: 2, user: 'Bob', text: 'Two' }, { id: 3, user: 'Me', text: 'mine', clientId: ME }])
      rerender(<Chat source={source} {...props} />)
      source = appendTo(source, [{ id: 4, user: 'Cy', text: 'Three' }, { id: 5, user: 'Di', text: 'Four' }])
      rerender(<Chat source={source} {...props} />)
      act(() => void vi.advanceTimersByTime(999))
      expect(incoming?.textContent).toBe('Ann: One')
      act(() => void vi.advanceTimersByTime(1))
      expect(incoming?.textContent).toBe('3 new messages')
    } finally {
      vi.useRealTimers()
    }
  })

  const states: Array<[Status, string]> = [
    ['connecting', 'Connecting to the chat…'],
    ['open', 'No messages yet. Say hello!'],
    ['failed', 'The chat is not available.'],
  ]
  it.each(states)('shows an empty state while %s', (status, text) => {
    const { container } = render(<Chat source={fakeSource({ status })} user="Ann" />)
    expect(container.firstElementChild).toHaveProperty('dataset.status', status)
    expect(screen.getByText(text)).toBeTruthy()
  })
})

describe('<Chat> confirmation timeout and bounds', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }))
  afterEach(() => void vi.useRealTimers())

  function submit(text: string): void {
    fireEvent.change(input(), { target: { value: text } })
    fireEvent.submit(input().form as HTMLFormElement)
  }

  /** Lets resolved sends (fetch, sendMessage) report back. */
  async function settle(): Promise<void> {
    await act(() => vi.advanceTimersByTimeAsync(0))
  }

  const accepted = async (): Promise<Response> => new Response(null, { status: 204 })
  type Path = Omit<Partial<ChatOwnProps>, 'user'> & { source?: FakeSource<ChatOutgoing> }
  const paths: Array<[string, Path, 'pending' | 'sent']> = [
    ['POSTed to sendUrl and accepted', { sendUrl: 'http://127.0.0.1:9/send/chat', fetch: accepted }, 'sent'],
    ['POSTed to sendUrl, never answered', { sendUrl: 'http://127.0.0.1:9/send/chat', fetch: () => new Promise<Response>(() => {}) }, 'pending'],
    ['given to sendMessage, resolved', { sendMessage: async () => undefined }, 'sent'],
    ['given to sendMessage, accepted at once', { sendMessage: () => true }, 'sent'],
    ['queued by the WebSocket while reconnecting', { source: fakeSource<ChatOutgoing>({ status: 'reconnecting', send: () => true }) }, 'pending'],
  ]
  it.each(paths)('fails a message %s that is never echoed, after ackTimeoutMs', async (_path, { source, ...props }, before) => {
    render(<Chat {...props} source={source ?? fakeSource<ChatOutgoing>()} user="Me" clientId={ME} ackTimeoutMs={3000} />)
    submit('ping')
    await settle()
    expect(messages()[0]?.dataset.state).toBe(before)
    await act(() => vi.advanceTimersByTimeAsync(2999))
    expect(messages()[0]?.dataset.state).toBe(before)
    await act(() => vi.advanceTimersByTimeAsync(1))
    expect(messages()[0]?.dataset.state).toBe('failed')
    expect(messages()[0]?.textContent).toContain('No confirmation from the server')
  })

  it('keeps the timeout from sending while the component re-renders', () => {
    let source = fakeSource<ChatOutgoing>({ send: () => true })
    // New callbacks and new snapshots on every render, as an app passes them.
    const view = (): ReactElement => <Chat source={source} user="Me" clientId={ME} ackTimeoutMs={3000} sendMessage={() => true} />
    const { rerender } = render(view())
    submit('ping')
    for (let i = 1; i <= 5; i++) {
      act(() => void vi.advanceTimersByTime(500))
      source = appendTo(source, [{ id: i, user: 'Ann', text: `news ${i}` }])
      rerender(view())
    }
    expect(screen.getByText('ping').closest('li')?.dataset.state).toBe('sent')
    act(() => void vi.advanceTimersByTime(500))
    expect(screen.getByText('ping').closest('li')?.dataset.state).toBe('failed')
  })

  it('fails the message even when its timer fires before Date.now() reaches the deadline', () => {
    render(<Chat source={fakeSource<ChatOutgoing>({ send: () => true })} user="Me" ackTimeoutMs={3000} />)
    submit('ping')
    // The wall clock falls behind the timer (a clock adjustment, or a timer that fires early).
    vi.setSystemTime(Date.now() - 5)
    act(() => void vi.advanceTimersByTime(3000))
    expect(messages()[0]?.dataset.state).toBe('failed')
    // Only the announcement of the failure is left to run.
    act(() => void vi.advanceTimersByTime(500))
    expect(vi.getTimerCount()).toBe(0)
  })

  it('takes a failed message off the outbox when its echo comes late', () => {
    let source = fakeSource<ChatOutgoing>({ send: () => true })
    const { rerender } = render(<Chat source={source} user="Me" clientId={ME} ackTimeoutMs={3000} />)
    submit('late')
    act(() => void vi.advanceTimersByTime(3000))
    expect(messages()[0]?.dataset.state).toBe('failed')
    source = appendTo(source, [{ id: 1, user: 'Me', text: 'late', clientId: ME }])
    rerender(<Chat source={source} user="Me" clientId={ME} ackTimeoutMs={3000} />)
    expect(messages()).toHaveLength(1)
    expect(messages()[0]?.dataset.state).toBeUndefined()
    expect(messages()[0]?.dataset.own).toBe('true')
  })

  it('keeps at most max received messages', () => {
    let source = fakeSource<ChatOutgoing>()
    const { rerender } = render(<Chat source={source} user="Me" max={3} />)
    for (let i = 1; i <= 5; i++) {
      source = appendTo(source, [{ id: i, user: 'Ann', text: `m${i}` }])
      rerender(<Chat source={source} user="Me" max={3} />)
    }
    expect(messages().map((li) => li.querySelector('.rrk-chat__text')?.textContent)).toEqual(['m3', 'm4', 'm5'])
  })

  it('keeps at most max own sends, dropping failed ones first', () => {
    let accept = false
    render(<Chat source={fakeSource<ChatOutgoing>({ send: () => accept })} user="Me" max={2} />)
    submit('a')
    accept = true
    submit('b')
    submit('c')
    const shown = (): Array<[string | null | undefined, string | undefined]> =>
      messages().map((li) => [li.querySelector('.rrk-chat__text')?.textContent, li.dataset.state])
    expect(shown()).toEqual([
      ['b', 'pending'],
      ['c', 'pending'],
    ])
    submit('d')
    expect(shown()).toEqual([
      ['c', 'pending'],
      ['d', 'pending'],
    ])
  })
})

describe('<Chat> with url + transport', () => {
  let server: Server | undefined
  afterEach(() => {
    server?.stop()
    server = undefined
  })

  it('over WebSocket: sends through the socket, and the echo replaces the pending message', async () => {
    const url = 'ws://127.0.0.1:9914/chat'
    server = new Server(url)
    let id = 0
    server.on('connection', (socket) => {
      socket.send(JSON.stringify({ id: ++id, user: 'Bot', text: 'Welcome' }))
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>
        socket.send(JSON.stringify({ ...message, id: ++id, time: Date.now() }))
      })
    })
    const { container } = render(
      <Chat transport="websocket" url={url} user="Me" clientId={ME} options={{ WebSocket: MockWebSocket as never }} />,
    )
    await waitFor(() => expect(container.firstElementChild).toHaveProperty('dataset.status', 'open'))
    await userEvent.setup().type(input(), 'Over the socket{Enter}')
    await waitFor(() => expect(messages()[1]?.dataset.state).toBeUndefined())
    expect(messages().map((li) => li.dataset.own === 'true')).toEqual([false, true])
    expect(messages()[1]?.textContent).toContain('Over the socket')
  })

  it('over long-poll: POSTs to sendUrl and shows the message when it comes back', async () => {
    const fetch = chatRoomFetch()
    render(
      <Chat
        transport="long-poll"
        url="http://127.0.0.1:9/poll/chat"
        sendUrl="http://127.0.0.1:9/send/chat"
        user="Me"
        clientId={ME}
        options={{ fetch }}
      />,
    )
    await userEvent.setup().type(input(), 'Over HTTP{Enter}')
    await waitFor(() => expect(messages()).toHaveLength(1))
    await waitFor(() => expect(messages()[0]?.dataset.state).toBeUndefined())
    expect(messages()[0]?.dataset.own).toBe('true')
    expect(fetch.posts).toEqual([{ user: 'Me', text: 'Over HTTP', clientId: ME }])
  })
})
