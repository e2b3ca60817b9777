import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, waitFor, within } from 'storybook/test'
import { Feed, type ConnectProps } from '../src/components'
import { connect } from './support/backend'
import { consecutive, DropsEveryThree, numbered } from './support/resuming-feed'
import { loadedOf, SLOW } from './support/loaded'

const meta: Meta = {
  title: 'Faults',
  component: Feed,
}

export default meta
type Story = StoryObj

/** A feed that also shows how many connections opened and ended, to make faults visible. */
function CountingFeed({ props }: { props: ConnectProps }) {
  const [opens, setOpens] = useState(0)
  const [closes, setCloses] = useState(0)
  const options = {
    ...props.options,
    onOpen: () => setOpens((n) => n + 1),
    onClose: () => setCloses((n) => n + 1),
  }
  return (
    <div>
      <Feed {...({ ...props, options } as ConnectProps)} label="Feed under faults" />
      <p className="rrk" data-testid="counts">
        opened {opens}, ended {closes}
      </p>
    </div>
  )
}

/**
 * The WebSocket server drops the connection after every 3 messages. The feed
 * reconnects with `?cursor=` (its url is a function), so nothing is lost or doubled.
 */
export const DropsEveryThreeMessages: Story = {
  render: (_args, context) => <DropsEveryThree {...loadedOf(context)} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getAllByRole('listitem').length).toBeGreaterThanOrEqual(7), { timeout: 10_000 })
    await expect(consecutive(canvas.getAllByRole('listitem').map((li) => li.textContent))).toBe(true)
    const [, opened = '0', ended = '0'] = /opened (\d+), ended (\d+)/.exec(canvas.getByTestId('counts').textContent ?? '') ?? []
    await expect(Number(opened)).toBeGreaterThanOrEqual(3)
    await expect(Number(ended)).toBeGreaterThanOrEqual(2)
  },
}

/** Long-poll: the first two requests get 503; the third succeeds. */
export const RefusesFirstAttempts: Story = {
  render: (_args, context) => {
    const { backend, run } = loadedOf(context)
    const props = connect(
      backend,
      'long-poll',
      'feed',
      { rate: 4, failFirst: 2, status: 503, run },
      { reconnect: { initialDelayMs: 500, jitter: 0 } },
    )
    return <CountingFeed props={props} />
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Reconnecting'), SLOW)
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Live'), SLOW)
    await expect(canvas.getByTestId('counts')).toHaveTextContent('opened 1, ended 2')
    await waitFor(() => expect(canvas.getAllByRole('listitem').length).toBeGreaterThanOrEqual(1), SLOW)
  },
}

/** SSE: every third message is malformed JSON. It is skipped and reported; the stream goes on. */
export const SendsBadJson: Story = {
  render: (_args, context) => {
    const { backend } = loadedOf(context)
    return (
      <Feed {...connect(backend, 'sse', 'feed', { count: 10, badJsonEvery: 3 })} parse={numbered} order="newest-last" />
    )
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getAllByRole('listitem')).toHaveLength(7), SLOW)
    await expect(canvas.getAllByRole('listitem').map((li) => li.textContent)).toEqual(
      [1, 2, 4, 5, 7, 8, 10].map((seq) => `Message #${seq}`),
    )
    await expect(canvas.getByText(/A message could not be read/)).toBeVisible()
    await expect(canvas.getByRole('status')).toHaveTextContent('Live')
  },
}
