import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import { MOCK_SERVER_ORIGIN } from './support/backend'
import { FallbackFeed, itemTitles, REFUSED } from './support/fallback-feed'
import { loadedOf } from './support/loaded'
import { consecutive } from './support/resuming-feed'

/**
 * `useRealtime` against a mock server that refuses some transports. These stories
 * need the mock server (`npm run storybook` starts it); it runs on another origin
 * than Storybook, so every play function is also a cross-origin check in Chromium.
 * (`?block=websocket,sse` on the mock server does the same as the per-transport
 * `failFirst` used here, with one query for all three endpoints.)
 */
const meta: Meta = {
  title: 'Hooks/useRealtime',
  parameters: { backend: 'mock-server' },
}

export default meta
type Story = StoryObj

const LONG = { timeout: 30_000 }
const COUNT = 200

function transportShown(canvasElement: HTMLElement): string | null {
  return within(canvasElement).getByTestId('transport').getAttribute('data-transport')
}

async function showsAllOnce(canvasElement: HTMLElement): Promise<void> {
  await waitFor(() => expect(itemTitles(canvasElement)).toHaveLength(COUNT), LONG)
  await expect(consecutive(itemTitles(canvasElement))).toBe(true)
}

/** The WebSocket is refused (as by a proxy): after two tries the feed goes on over SSE. */
export const WebSocketBlocked: Story = {
  name: 'WebSocket blocked',
  render: (_args, context) => (
    <FallbackFeed query={{ count: COUNT, rate: 400, epoch: 1, run: loadedOf(context).run }} own={{ websocket: REFUSED }} />
  ),
  play: async ({ canvasElement }) => {
    // The page and the mock server are different origins: this is the cross-origin case.
    await expect(window.location.origin).not.toBe(MOCK_SERVER_ORIGIN)
    await waitFor(() => expect(transportShown(canvasElement)).toBe('sse'), LONG)
    await waitFor(() => expect(within(canvasElement).getByRole('status')).toHaveTextContent('Live'), LONG)
    await showsAllOnce(canvasElement)
    await expect(within(canvasElement).getByTestId('transport')).toHaveTextContent('Live over: sse')
  },
}

/** WebSocket and SSE are both blocked: long polling gets through. */
export const EverythingButLongPollBlocked: Story = {
  name: 'Everything but long-poll blocked',
  render: (_args, context) => (
    <FallbackFeed
      query={{ count: COUNT, rate: 400, epoch: 1, run: loadedOf(context).run }}
      own={{ websocket: REFUSED, sse: { ...REFUSED, status: 503 } }}
    />
  ),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(transportShown(canvasElement)).toBe('long-poll'), LONG)
    await showsAllOnce(canvasElement)
    await expect(within(canvasElement).getByTestId('transport')).toHaveTextContent('Live over: long-poll')
  },
}

/**
 * The WebSocket refuses its first two connections: the feed falls back to SSE, then
 * upgrades back to the WebSocket (`upgradeAfterMs: 1000`), resuming from the SSE position.
 */
export const UpgradesBackToWebSocket: Story = {
  name: 'Upgrades back to WebSocket',
  render: (_args, context) => (
    <FallbackFeed
      query={{ count: COUNT, rate: 80, epoch: 1, run: loadedOf(context).run }}
      own={{ websocket: { failFirst: 2 } }}
      options={{ upgradeAfterMs: 1000 }}
    />
  ),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(transportShown(canvasElement)).toBe('sse'), LONG)
    const onSse = itemTitles(canvasElement).length
    await waitFor(() => expect(transportShown(canvasElement)).toBe('websocket'), LONG)
    // It upgraded mid-stream, so both transports carried part of it.
    await expect(onSse).toBeLessThan(COUNT)
    await showsAllOnce(canvasElement)
  },
}
