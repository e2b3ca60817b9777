import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import { Chat, Dashboard, Feed, type ChatOutgoing } from '../src/components'
import { dropsStory } from './hooks/hook-stories'
import { LiveEventSource, LiveWebSocket } from './hooks/live-hooks'
import { connect, SEND_URL } from './support/backend'
import { consecutive, DropsEveryThree } from './support/resuming-feed'
import { loadedOf, SLOW } from './support/loaded'

/**
 * What a static Storybook build shows without a mock server: the same stories
 * against the in-browser stand-in (mock-socket and a fake fetch). Pinned here
 * so the test run covers the fallback while the real server is up.
 */
const meta: Meta = {
  title: 'In-browser fallback',
  parameters: { backend: 'in-browser' },
}

export default meta
type Story = StoryObj

export const FeedOverWebSocket: Story = {
  render: (_args, context) => <Feed {...connect(loadedOf(context).backend, 'websocket', 'feed', { rate: 5 })} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getAllByRole('listitem').length).toBeGreaterThanOrEqual(2), SLOW)
  },
}

export const DashboardOverSSE: Story = {
  render: (_args, context) => <Dashboard {...connect(loadedOf(context).backend, 'sse', 'metrics', { rate: 50 })} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getAllByRole('listitem')).toHaveLength(5), SLOW)
  },
}

export const ChatOverLongPoll: Story = {
  render: (_args, context) => (
    <Chat user="Ada" {...connect<ChatOutgoing>(loadedOf(context).backend, 'long-poll', 'chat', { holdMs: 1000 })} sendUrl={SEND_URL} />
  ),
  play: async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Live'), SLOW)
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Offline demo{Enter}')
    await waitFor(
      () => expect(canvasElement.querySelector('li[data-own="true"]:not([data-state])')).toHaveTextContent('Offline demo'),
      SLOW,
    )
  },
}

export const FaultsDropEveryThree: Story = {
  render: (_args, context) => <DropsEveryThree {...loadedOf(context)} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getAllByRole('listitem').length).toBeGreaterThanOrEqual(7), { timeout: 10_000 })
    await expect(consecutive(canvas.getAllByRole('listitem').map((li) => li.textContent))).toBe(true)
  },
}

/** The hook pages' inspector: the stand-in drops the connection and the machine recovers (long-poll: on its own page). */
export const UseWebSocketDrops = dropsStory(LiveWebSocket)
export const UseEventSourceDrops = dropsStory(LiveEventSource)
