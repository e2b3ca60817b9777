import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useRef, useState } from 'react'
import { expect, waitFor, within } from 'storybook/test'
import { Dashboard, type DashboardOwnProps, type TransportName } from '../src/components'
import { connect, type Backend } from './support/backend'
import { loadedOf, SLOW } from './support/loaded'

const meta: Meta = {
  title: 'Components/Dashboard',
  component: Dashboard,
  args: { points: 40, staleAfterMs: 5000 },
}

export default meta
type Story = StoryObj

const METRICS = ['cpu', 'memory', 'requests', 'latency', 'errors']

function on(transport: TransportName): Story {
  return {
    render: (args, context) => {
      const { backend } = loadedOf(context)
      return <Dashboard {...(args as DashboardOwnProps)} {...connect(backend, transport, 'metrics', { rate: 20 })} />
    },
  }
}

const showsAllTiles: Story['play'] = async ({ canvasElement }) => {
  const canvas = within(canvasElement)
  await waitFor(() => expect(canvas.getAllByRole('listitem')).toHaveLength(METRICS.length), SLOW)
  for (const metric of METRICS) await expect(canvas.getByText(metric)).toBeVisible()
  // Sparklines fill in as updates arrive.
  await waitFor(() => expect(canvasElement.querySelectorAll('polyline').length).toBe(METRICS.length), SLOW)
}

export const WebSocket: Story = { ...on('websocket'), play: showsAllTiles }
export const SSE: Story = { ...on('sse'), play: showsAllTiles }
export const LongPoll: Story = { ...on('long-poll'), play: showsAllTiles }

/** Counts the updates the hook delivers, shown once a second next to the dashboard. */
function HighRate({ backend, args }: { backend: Backend; args: DashboardOwnProps }) {
  const count = useRef(0)
  const [perSecond, setPerSecond] = useState(0)
  useEffect(() => {
    let last = count.current
    const handle = setInterval(() => {
      setPerSecond(count.current - last)
      last = count.current
    }, 1000)
    return () => clearInterval(handle)
  }, [])
  const props = connect(backend, 'websocket', 'metrics', { rate: 1500 })
  return (
    <div>
      <Dashboard
        {...args}
        {...props}
        options={{ ...props.options, onMessage: () => void (count.current += 1) }}
        label="High-rate metrics"
      />
      <p className="rrk" data-testid="rate">
        {perSecond} updates/s
      </p>
    </div>
  )
}

/** 1500 updates per second over one WebSocket; the hook publishes once per frame. */
export const HighRateUpdates: Story = {
  render: (args, context) => <HighRate backend={loadedOf(context).backend} args={args as DashboardOwnProps} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getAllByRole('listitem')).toHaveLength(METRICS.length), SLOW)
    await waitFor(
      () => expect(Number.parseInt(canvas.getByTestId('rate').textContent ?? '0', 10)).toBeGreaterThanOrEqual(1000),
      { timeout: 5000 },
    )
    await expect(canvasElement.querySelector('.rrk-dashboard')).toHaveAttribute('data-status', 'open')
  },
}

/** Updates stop after a moment; a second later every tile is marked stale. */
export const Stale: Story = {
  args: { staleAfterMs: 1000 },
  render: (args, context) => {
    const { backend } = loadedOf(context)
    return (
      <Dashboard
        {...(args as DashboardOwnProps)}
        {...connect(backend, 'sse', 'metrics', { count: 10 })}
        parse={(message) => ({ metric: 'seq', value: (message as { seq: number }).seq })}
      />
    )
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByText('10')).toBeVisible(), SLOW)
    await waitFor(() => expect(canvas.getByText('Stale')).toBeVisible(), { timeout: 3000 })
    await expect(canvas.getByRole('listitem')).toHaveAttribute('data-stale', 'true')
  },
}

export const DarkTheme: Story = { ...on('websocket'), globals: { theme: 'dark' }, play: showsAllTiles }
