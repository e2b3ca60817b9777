import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Server, WebSocket as MockWebSocket } from 'mock-socket'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConnectionStatus, type ConnectionStatusProps } from '../../src/components'
import { RealtimeError, type Status } from '../../src/core/types'
import { fakeSource, HOSTILE } from './fake-source'

describe('<ConnectionStatus> with a source', () => {
  const cases: Array<[Status, string, boolean]> = [
    ['idle', 'Not connected', false],
    ['connecting', 'Connecting…', false],
    ['open', 'Live', false],
    ['reconnecting', 'Reconnecting', true],
    ['offline', 'Offline', true],
    ['closed', 'Closed', true],
    ['failed', 'Connection failed', true],
  ]

  it.each(cases)('shows %s in a status region, with a reconnect button: %s', (status, label, button) => {
    const { container } = render(<ConnectionStatus source={fakeSource({ status })} />)
    expect(container.firstElementChild).toHaveProperty('dataset.status', status)
    expect(screen.getByRole('status').textContent).toContain(label)
    expect(screen.queryByRole('button', { name: 'Reconnect now' }) !== null).toBe(button)
  })

  it('shows the attempt and counts down to nextRetryAt every second, outside the live region', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    try {
      render(<ConnectionStatus source={fakeSource({ status: 'reconnecting', attempt: 2, nextRetryAt: 1_003_000 })} />)
      const region = screen.getByRole('status')
      expect(region.textContent).toBe('Reconnecting (attempt 2)')
      expect(screen.getByText('next try in 3 s')).toBeTruthy()
      expect(region.textContent).not.toContain('next try')
      act(() => void vi.advanceTimersByTime(1000))
      expect(screen.getByText('next try in 2 s')).toBeTruthy()
      act(() => void vi.advanceTimersByTime(1000))
      expect(screen.getByText('next try in 1 s')).toBeTruthy()
      act(() => void vi.advanceTimersByTime(1000))
      expect(screen.getByText('trying now…')).toBeTruthy()
      // Nothing keeps ticking once the retry time has passed.
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('stops the countdown timer when the status leaves reconnecting', () => {
    vi.useFakeTimers({ now: 0 })
    try {
      const { rerender } = render(<ConnectionStatus source={fakeSource({ status: 'reconnecting', attempt: 1, nextRetryAt: 30_000 })} />)
      expect(vi.getTimerCount()).toBe(1)
      rerender(<ConnectionStatus source={fakeSource({ status: 'open' })} />)
      expect(vi.getTimerCount()).toBe(0)
      expect(screen.queryByText(/next try/)).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it('calls reconnect() from the button, with the keyboard', async () => {
    const source = fakeSource({ status: 'failed', error: new RealtimeError('http', 'HTTP 404', { status: 404 }) })
    const user = userEvent.setup()
    render(<ConnectionStatus source={source} />)
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Reconnect now' }))
    await user.keyboard('{Enter}')
    await user.keyboard(' ')
    expect(source.reconnect).toHaveBeenCalledTimes(2)
  })

  it('announces why it failed, as text', () => {
    const error = new RealtimeError('close', `Closed: ${HOSTILE}`, { code: 1008, reason: HOSTILE })
    const { container } = render(<ConnectionStatus source={fakeSource({ status: 'failed', error })} />)
    expect(screen.getByRole('status').textContent).toContain(HOSTILE)
    expect(container.querySelector('img')).toBeNull()
  })

  it('takes custom labels', () => {
    render(<ConnectionStatus source={fakeSource({ status: 'open' })} labels={{ open: 'Verbunden' }} reconnectLabel="Neu verbinden" />)
    expect(screen.getByRole('status').textContent).toBe('Verbunden')
  })
})

describe('<ConnectionStatus> with url + transport', () => {
  let server: Server | undefined
  afterEach(() => {
    server?.stop()
    server = undefined
  })

  it('follows a real useWebSocket from connecting to open, and reconnects on demand', async () => {
    const url = 'ws://127.0.0.1:9911/status'
    server = new Server(url)
    const sockets: Array<{ close(options?: { code: number; reason: string; wasClean: boolean }): void }> = []
    server.on('connection', (socket) => void sockets.push(socket))
    const { container } = render(
      <ConnectionStatus
        transport="websocket"
        url={url}
        options={{ WebSocket: MockWebSocket as never, reconnect: { initialDelayMs: 30_000, jitter: 0 } }}
      />,
    )
    const root = container.firstElementChild as HTMLElement
    expect(root.dataset.status).toBe('connecting')
    await waitFor(() => expect(root.dataset.status).toBe('open'))
    expect(screen.getByRole('status').textContent).toBe('Live')
    expect(sockets).toHaveLength(1)

    sockets[0]?.close({ code: 1011, reason: 'server error', wasClean: false })
    await waitFor(() => expect(root.dataset.status).toBe('reconnecting'))
    expect(screen.getByRole('status').textContent).toContain('attempt 1')
    expect(screen.getByText(/next try in (29|30) s/)).toBeTruthy()
    await userEvent.setup().click(screen.getByRole('button', { name: 'Reconnect now' }))
    await waitFor(() => expect(root.dataset.status).toBe('open'))
    expect(sockets).toHaveLength(2)
  })

  it('shows failed for an unknown transport instead of crashing', () => {
    const props = { transport: 'carrier-pigeon', url: 'x' } as unknown as ConnectionStatusProps
    render(<ConnectionStatus {...props} />)
    expect(screen.getByRole('status').textContent).toContain('Unknown transport "carrier-pigeon"')
  })
})
