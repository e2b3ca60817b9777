import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { StrictMode } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Chat, Feed } from '../../src/components'
import { until } from '../integration/support/hook-harness'
import { networkLedgerPerTest } from '../integration/support/network-ledger'
import { mockServerForFile, tag } from '../integration/support/server'
import { endpointsOf } from './support'

const mock = mockServerForFile()
const net = networkLedgerPerTest()
const QUICK = { reconnect: { initialDelayMs: 10, maxDelayMs: 50, jitter: 0 } }

beforeEach(() => sessionStorage.clear())
afterEach(() => sessionStorage.clear())

describe('components with transport="auto"', () => {
  it('<Feed> falls back to SSE when the WebSocket is blocked and shows every item once', async () => {
    const endpoints = endpointsOf(mock, { rate: 100, epoch: 1, t: tag(), block: 'websocket' })
    render(
      <StrictMode>
        <Feed transport="auto" endpoints={endpoints} options={{ ...QUICK, WebSocket: net.WebSocket, fetch: net.fetch }} max={50} />
      </StrictMode>,
    )
    await until(() => expect(screen.getAllByRole('listitem').length).toBeGreaterThanOrEqual(20), 8000)
    expect(screen.getByRole('status').textContent).toMatch(/live/i)
    // Newest first, one apart: nothing skipped or shown twice.
    const numbers = screen.getAllByRole('listitem').map((item) => Number(/#(\d+)/.exec(item.textContent ?? '')?.[1]))
    expect(numbers.slice(1).every((n, index) => n === (numbers[index] ?? 0) - 1)).toBe(true)
    expect(net.sockets).toHaveLength(2)
  }, 15_000)

  it('<Chat> sends through send(): a JSON POST to its sendUrl while on SSE, echoed back once', async () => {
    const endpoints = endpointsOf(mock, { t: tag(), block: 'websocket' }, {}, 'chat')
    render(
      <Chat
        transport="auto"
        endpoints={endpoints}
        sendUrl={`${mock.url}/send/chat`}
        user="ada"
        options={{ ...QUICK, WebSocket: net.WebSocket, fetch: net.fetch }}
      />,
    )
    await until(() => expect(screen.getByRole('status').textContent).toMatch(/live/i), 8000)
    const user = userEvent.setup()
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'hello by POST{Enter}')
    const messages = (): HTMLElement => screen.getByRole('list', { name: 'Messages' })
    // Confirmed by the echo that came back over SSE: shown once, no longer pending.
    await until(() => expect(within(messages()).getAllByText('hello by POST')).toHaveLength(1))
    await until(() => expect(messages().querySelector('[data-state="pending"]')).toBeNull())
    expect(net.requests.filter((request) => request.method === 'POST')).toHaveLength(1)
    expect(net.sockets.every((socket) => socket.openedAt === undefined)).toBe(true)
  }, 15_000)
})
