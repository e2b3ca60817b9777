import { act, render, screen, waitFor, within } from '@testing-library/react'
import { Server, WebSocket as MockWebSocket } from 'mock-socket'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Dashboard } from '../../src/components'
import { toPoints } from '../../src/components/sparkline'
import type { Status } from '../../src/core/types'
import { appendTo, fakeSource, HOSTILE } from './fake-source'
import { pollFetch, sseFetch } from './fake-fetch'

const update = (metric: string, value: number): { metric: string; value: number } => ({ metric, value })

function tiles(): HTMLElement[] {
  return within(screen.getByRole('list')).getAllByRole('listitem')
}

function tileOf(metric: string): HTMLElement {
  const tile = tiles().find((li) => li.querySelector('.rrk-tile__name')?.textContent === metric)
  if (!tile) throw new Error(`no tile for ${metric}`)
  return tile
}

describe('<Dashboard> with a source', () => {
  it('shows one tile per metric, in order of arrival, with the latest value and a sparkline', () => {
    const source = fakeSource({
      messages: [update('cpu', 10), update('memory', 50.123), update('cpu', 30), [update('cpu', 20), update('errors', 1)]],
    })
    render(<Dashboard source={source} />)
    expect(tiles().map((li) => li.querySelector('.rrk-tile__name')?.textContent)).toEqual(['cpu', 'memory', 'errors'])
    expect(tileOf('cpu').querySelector('.rrk-tile__value')?.textContent).toBe('20')
    expect(tileOf('memory').querySelector('.rrk-tile__value')?.textContent).toBe('50.12')
    const svg = within(tileOf('cpu')).getByRole('img')
    expect(svg.getAttribute('aria-label')).toBe('cpu trend: 3 values, from 10 to 30')
    expect(svg.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(3)
  })

  it('draws the sparkline scaled to its range', () => {
    expect(toPoints([0, 10], 100, 20)).toBe('0,18 100,2')
    expect(toPoints([5, 5, 5], 100, 20)).toBe('0,10 50,10 100,10')
  })

  it('keeps up with a burst of 1000 updates in one publish, bounded by points', () => {
    let source = fakeSource({ messages: [update('rps', 0)] })
    const { rerender } = render(<Dashboard source={source} points={30} />)
    source = appendTo(source, Array.from({ length: 1000 }, (_, i) => update('rps', i + 1)), 2000)
    rerender(<Dashboard source={source} points={30} />)
    expect(tileOf('rps').querySelector('.rrk-tile__value')?.textContent).toBe('1,000')
    expect(tileOf('rps').querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(30)
    expect(within(tileOf('rps')).getByRole('img').getAttribute('aria-label')).toContain('from 971 to 1,000')
  })

  it('orders and filters tiles with metrics, with a placeholder until data comes', () => {
    render(<Dashboard source={fakeSource({ messages: [update('cpu', 1), update('disk', 2)] })} metrics={['disk', 'net']} />)
    expect(tiles().map((li) => li.querySelector('.rrk-tile__name')?.textContent)).toEqual(['disk', 'net'])
    expect(tileOf('net').querySelector('.rrk-tile__value')?.textContent).toBe('—')
    expect(within(tileOf('net')).getByRole('img').getAttribute('aria-label')).toBe('net trend: no data yet')
  })

  it('marks a tile stale when it gets no update for staleAfterMs', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    try {
      let source = fakeSource({ messages: [update('cpu', 1), update('memory', 2)] })
      const { rerender } = render(<Dashboard source={source} staleAfterMs={2000} />)
      expect(screen.queryByText('Stale')).toBeNull()
      act(() => void vi.advanceTimersByTime(1500))
      source = appendTo(source, [update('cpu', 3)])
      rerender(<Dashboard source={source} staleAfterMs={2000} />)
      act(() => void vi.advanceTimersByTime(1000))
      expect(tileOf('memory').dataset.stale).toBe('true')
      expect(within(tileOf('memory')).getByText('Stale')).toBeTruthy()
      expect(tileOf('cpu').dataset.stale).toBeUndefined()
      act(() => void vi.advanceTimersByTime(1600))
      expect(tileOf('cpu').dataset.stale).toBe('true')
    } finally {
      vi.useRealTimers()
    }
  })

  it('renders hostile metric names as text and reports updates it cannot use', () => {
    const { container } = render(
      <Dashboard source={fakeSource({ messages: [update(HOSTILE, 1), { metric: 'cpu', value: 'high' }, 'nonsense'] })} />,
    )
    expect(container.querySelector('img')).toBeNull()
    expect(screen.getByText(HOSTILE)).toBeTruthy()
    expect(screen.getByText(/2 messages could not be shown/)).toBeTruthy()
  })

  it('takes formatValue, renderTile and parse', () => {
    const source = fakeSource({ messages: [{ name: 'temp', reading: 21.5 }] })
    render(
      <Dashboard
        source={source}
        parse={(message) => {
          const { name, reading } = message as { name: string; reading: number }
          return { metric: name, value: reading }
        }}
        renderTile={(tile) => <output>{`${tile.metric}=${tile.value} (${tile.values.length})`}</output>}
      />,
    )
    expect(screen.getByText('temp=21.5 (1)').tagName).toBe('OUTPUT')
  })

  it('keeps at most 100 metrics by default, dropping the ones updated least recently', () => {
    let source = fakeSource({ messages: Array.from({ length: 100 }, (_, i) => update(`m${i}`, i)) })
    const { rerender } = render(<Dashboard source={source} />)
    source = appendTo(source, [update('m0', 1000), ...Array.from({ length: 50 }, (_, i) => update(`n${i}`, i))])
    rerender(<Dashboard source={source} />)
    const names = tiles().map((li) => li.querySelector('.rrk-tile__name')?.textContent)
    expect(names).toHaveLength(100)
    // m0 was updated again, so m1…m50 were the least recent; order of first arrival stays.
    expect(names.slice(0, 3)).toEqual(['m0', 'm51', 'm52'])
    expect(names.at(-1)).toBe('n49')
  })

  it('bounds the metrics by maxMetrics, never dropping one that metrics names', () => {
    let source = fakeSource({ messages: [update('a', 1), update('b', 2), update('c', 3)] })
    const names = (): Array<string | null | undefined> => tiles().map((li) => li.querySelector('.rrk-tile__name')?.textContent)
    const { rerender } = render(<Dashboard source={source} maxMetrics={3} />)
    source = appendTo(source, [update('a', 4)])
    rerender(<Dashboard source={source} maxMetrics={3} />)
    source = appendTo(source, [update('d', 5)])
    rerender(<Dashboard source={source} maxMetrics={3} />)
    expect(names()).toEqual(['a', 'c', 'd'])

    // 'c' is the least recent now, but named: 'a' goes instead, and 'd' after it.
    source = appendTo(source, [update('e', 6), update('f', 7)])
    rerender(<Dashboard source={source} maxMetrics={3} metrics={['c', 'x']} />)
    expect(names()).toEqual(['c', 'x'])
    rerender(<Dashboard source={source} maxMetrics={3} />)
    expect(names()).toEqual(['c', 'e', 'f'])
    expect(tileOf('c').querySelector('.rrk-tile__value')?.textContent).toBe('3')
  })

  const states: Array<[Status, string]> = [
    ['connecting', 'Waiting for the first update…'],
    ['failed', 'No metrics: the connection failed.'],
  ]
  it.each(states)('shows an empty state while %s', (status, text) => {
    const { container } = render(<Dashboard source={fakeSource({ status })} />)
    expect(container.firstElementChild).toHaveProperty('dataset.status', status)
    expect(screen.getByText(text)).toBeTruthy()
  })
})

describe('<Dashboard> with url + transport', () => {
  let server: Server | undefined
  afterEach(() => {
    server?.stop()
    server = undefined
  })

  it('over WebSocket', async () => {
    const url = 'ws://127.0.0.1:9913/metrics'
    server = new Server(url)
    server.on('connection', (socket) => {
      for (let i = 1; i <= 500; i++) socket.send(JSON.stringify(update(i % 2 ? 'a' : 'b', i)))
    })
    render(<Dashboard transport="websocket" url={url} options={{ WebSocket: MockWebSocket as never }} />)
    await waitFor(() => expect(tileOf('b').querySelector('.rrk-tile__value')?.textContent).toBe('500'))
    expect(tileOf('a').querySelector('.rrk-tile__value')?.textContent).toBe('499')
  })

  it('over SSE', async () => {
    const fetch = sseFetch([update('cpu', 1), [update('cpu', 2), update('mem', 3)]])
    render(<Dashboard transport="sse" url="http://127.0.0.1:9/sse/metrics" options={{ fetch }} />)
    await waitFor(() => expect(tiles()).toHaveLength(2))
    expect(tileOf('cpu').querySelector('.rrk-tile__value')?.textContent).toBe('2')
  })

  it('over long-poll', async () => {
    const fetch = pollFetch([[update('cpu', 1)], [update('cpu', 7)]])
    const { container } = render(<Dashboard transport="long-poll" url="http://127.0.0.1:9/poll/metrics" options={{ fetch }} />)
    await waitFor(() => expect(tileOf('cpu').querySelector('.rrk-tile__value')?.textContent).toBe('7'))
    expect(container.firstElementChild).toHaveProperty('dataset.status', 'open')
  })
})
