import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import { ConnectionStatus, type SourceResult, type TransportName } from '../src/components'
import { RealtimeError, type Status } from '../src/core/types'
import { connect, type Query, type SharedOptions } from './support/backend'
import { loadedOf, SLOW } from './support/loaded'
import { goOffline } from './support/offline'

const meta: Meta = {
  title: 'Components/ConnectionStatus',
  component: ConnectionStatus,
}

export default meta
type Story = StoryObj

/** A story that connects `ConnectionStatus` to the feed scenario on one transport. */
function on(transport: TransportName, query: Query = {}, shared: SharedOptions = {}, fresh = false): Story {
  return {
    render: (_args, context) => {
      const { backend, run } = loadedOf(context)
      return <ConnectionStatus {...connect(backend, transport, 'feed', fresh ? { ...query, run } : query, shared)} />
    },
  }
}

const reachesLive: Story['play'] = async ({ canvasElement }) => {
  const canvas = within(canvasElement)
  await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Live'), SLOW)
  await expect(canvasElement.querySelector('[data-status]')).toHaveAttribute('data-status', 'open')
}

export const WebSocket: Story = { ...on('websocket'), play: reachesLive }
export const SSE: Story = { ...on('sse'), play: reachesLive }
export const LongPoll: Story = { ...on('long-poll'), play: reachesLive }

/** The server accepts the connection and never answers. */
export const Connecting: Story = {
  ...on('sse', { hang: 1 }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('status')).toHaveTextContent('Connecting…')
    await new Promise((resolve) => setTimeout(resolve, 300))
    await expect(canvas.getByRole('status')).toHaveTextContent('Connecting…')
    await expect(canvas.queryByRole('button')).toBeNull()
  },
}

export const Open: Story = { ...on('websocket'), play: reachesLive }

/** Every attempt is refused with 503; the next retry is 8 s away and counts down. */
export const ReconnectingWithCountdown: Story = {
  ...on('sse', { failFirst: 1000, status: 503 }, { reconnect: { initialDelayMs: 8000, jitter: 0 } }, true),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Reconnecting (attempt 1)'), SLOW)
    const first = canvas.getByText(/next try in \d+ s/).textContent
    await waitFor(() => expect(canvas.getByText(/next try in \d+ s/).textContent).not.toBe(first), { timeout: 2500 })
    await expect(canvas.getByRole('button', { name: 'Reconnect now' })).toBeVisible()
  },
}

/** The browser reports offline: no attempts until it is back online. */
export const Offline: Story = {
  ...on('websocket'),
  beforeEach: () => goOffline(),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Offline'), SLOW)
    await expect(canvas.getByRole('button', { name: 'Reconnect now' })).toBeVisible()
  },
}

/** SSE answered 204: the server says there is nothing more, so the connection ends cleanly. */
export const Closed: Story = {
  ...on('sse', { failFirst: 1000, status: 204 }, {}, true),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Closed'), SLOW)
    await expect(canvas.getByRole('button', { name: 'Reconnect now' })).toBeVisible()
  },
}

/** The first attempt gets a 404 (not retried): failed. "Reconnect now" tries again, and that one works. */
export const Failed: Story = {
  ...on('long-poll', { failFirst: 1, status: 404 }, {}, true),
  play: async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Connection failed'), SLOW)
    await expect(canvas.getByRole('status')).toHaveTextContent('404')
    await userEvent.click(canvas.getByRole('button', { name: 'Reconnect now' }))
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Live'), SLOW)
  },
}

export const DarkTheme: Story = {
  ...on('sse', { failFirst: 1000, status: 503 }, { reconnect: { initialDelayMs: 8000, jitter: 0 } }, true),
  globals: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Reconnecting (attempt 1)'), SLOW)
    await expect(canvasElement.querySelector('.rrk-story')).toHaveAttribute('data-theme', 'dark')
  },
}

const STATUS_EXAMPLES: Array<{ status: Status; attempt?: number; retryInMs?: number; error?: RealtimeError }> = [
  { status: 'idle' },
  { status: 'connecting' },
  { status: 'open' },
  {
    status: 'reconnecting',
    attempt: 3,
    retryInMs: 12_000,
    error: new RealtimeError('close', 'WebSocket closed with code 1011: server restarting', { code: 1011 }),
  },
  { status: 'offline' },
  { status: 'closed' },
  { status: 'failed', error: new RealtimeError('http', 'The server answered HTTP 401 Unauthorized', { status: 401 }) },
]

function staticSource(example: (typeof STATUS_EXAMPLES)[number], retryAt: number): SourceResult {
  return {
    status: example.status,
    lastMessage: undefined,
    messages: [],
    received: 0,
    error: example.error,
    attempt: example.attempt ?? 0,
    nextRetryAt: example.retryInMs === undefined ? undefined : retryAt + example.retryInMs,
    close: () => {},
    reconnect: () => {},
  }
}

/** Every status side by side, from hand-made hook results (`source`), no connection. */
export const AllStatuses: Story = {
  render: () => {
    const now = Date.now()
    return (
      <div style={{ display: 'grid', gap: 8, justifyItems: 'start' }}>
        {STATUS_EXAMPLES.map((example) => (
          <ConnectionStatus key={example.status} source={staticSource(example, now)} />
        ))}
      </div>
    )
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const regions = canvas.getAllByRole('status')
    await expect(regions.map((region) => region.closest('[data-status]')?.getAttribute('data-status'))).toEqual(
      STATUS_EXAMPLES.map((example) => example.status),
    )
    await expect(canvas.getByText(/next try in 1[12] s/)).toBeVisible()
    await expect(canvas.getAllByRole('button', { name: 'Reconnect now' })).toHaveLength(4)
  },
}
