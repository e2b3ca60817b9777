import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import { Feed, type FeedOwnProps, type TransportName } from '../src/components'
import { connect, type Query } from './support/backend'
import { loadedOf, SLOW } from './support/loaded'

const meta: Meta = {
  title: 'Components/Feed',
  component: Feed,
  args: { order: 'newest-first', max: 50 },
  argTypes: { order: { control: 'inline-radio', options: ['newest-first', 'newest-last'] } },
}

export default meta
type Story = StoryObj

/** The feed scenario, a little faster than its default one item per second. */
function on(transport: TransportName, query: Query = { rate: 4 }): Story {
  return {
    render: (args, context) => {
      const { backend } = loadedOf(context)
      return <Feed {...(args as FeedOwnProps)} {...connect(backend, transport, 'feed', query)} />
    },
  }
}

const showsItems: Story['play'] = async ({ canvasElement }) => {
  const canvas = within(canvasElement)
  await waitFor(() => expect(canvas.getAllByRole('listitem').length).toBeGreaterThanOrEqual(2), SLOW)
  await expect(canvasElement.querySelector('.rrk-feed')).toHaveAttribute('data-status', 'open')
  await expect(canvas.getByRole('status')).toHaveTextContent('Live')
}

export const WebSocket: Story = { ...on('websocket'), play: showsItems }
export const SSE: Story = { ...on('sse'), play: showsItems }
export const LongPoll: Story = { ...on('long-poll'), play: showsItems }

/** Thirty numbered items at once, oldest at the top. */
export const NewestLast: Story = {
  ...on('websocket', { count: 30 }),
  args: { order: 'newest-last' },
  render: (args, context) => {
    const { backend } = loadedOf(context)
    return (
      <Feed
        {...(args as FeedOwnProps)}
        {...connect(backend, 'websocket', 'feed', { count: 30 })}
        parse={(message) => ({ title: `Message #${(message as { seq: number }).seq}` })}
      />
    )
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getAllByRole('listitem')).toHaveLength(30), SLOW)
    const items = canvas.getAllByRole('listitem')
    await expect(items[0]).toHaveTextContent('Message #1')
    await expect(items[29]).toHaveTextContent('Message #30')
  },
}

/** Scroll away from the newest item and the feed offers "N new items" instead of moving. */
export const NewItemsWhileScrolledAway: Story = {
  ...on('websocket', { rate: 8 }),
  args: { max: 100 },
  play: async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getAllByRole('listitem').length).toBeGreaterThanOrEqual(12), { timeout: 10_000 })
    const list = canvas.getByRole('list')
    list.scrollTop = list.scrollHeight
    list.dispatchEvent(new Event('scroll'))
    const button = await canvas.findByRole('button', { name: /new items?/ }, SLOW)
    await userEvent.click(button)
    await waitFor(() => expect(list.scrollTop).toBe(0))
    await expect(list).toHaveFocus()
  },
}

/** The server answers 404, which is not retried: the error state. */
export const ErrorState: Story = {
  render: (args, context) => {
    const { backend, run } = loadedOf(context)
    return <Feed {...(args as FeedOwnProps)} {...connect(backend, 'sse', 'feed', { failFirst: 1000, status: 404, run })} />
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByText(/The feed could not be loaded/)).toBeVisible(), SLOW)
    await expect(canvasElement.querySelector('.rrk-feed')).toHaveAttribute('data-status', 'failed')
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled()
  },
}

/** Connected, nothing sent yet. */
export const Empty: Story = {
  ...on('sse', { count: 0 }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Live'), SLOW)
    await expect(canvas.getByText('No items yet.')).toBeVisible()
  },
}

/** The dark theme (`data-theme="dark"`; `prefers-color-scheme: dark` does the same). */
export const DarkTheme: Story = { ...on('websocket'), globals: { theme: 'dark' }, play: showsItems }
