import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import { Chat, type ChatOutgoing, type ChatOwnProps, type TransportName } from '../src/components'
import { connect, SEND_URL } from './support/backend'
import { loadedOf, SLOW } from './support/loaded'

const meta: Meta = {
  title: 'Components/Chat',
  component: Chat,
  args: { user: 'Ada' },
}

export default meta
type Story = StoryObj

/**
 * A long-poll connection counts as open at its first answer; the chat room holds
 * a request until someone writes, so answer empty polls after a second.
 */
const LONG_POLL_QUERY = { holdMs: 1000 }

function on(transport: TransportName): Story {
  return {
    render: (args, context) => {
      const { backend } = loadedOf(context)
      return (
        <Chat
          {...(args as ChatOwnProps)}
          {...connect<ChatOutgoing>(backend, transport, 'chat', transport === 'long-poll' ? LONG_POLL_QUERY : {})}
          {...(transport === 'websocket' ? {} : { sendUrl: SEND_URL })}
        />
      )
    },
  }
}

/** Types a message with the keyboard and waits for the server's echo to replace the pending copy. */
const sendsAndSeesEcho: Story['play'] = async ({ canvasElement, userEvent, title, name }) => {
  const canvas = within(canvasElement)
  await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Live'), SLOW)
  const text = `Hello from ${name} (${title}) ${Math.random().toString(36).slice(2, 6)}`
  await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), `${text}{Enter}`)
  await waitFor(() => {
    const echoed = [...canvasElement.querySelectorAll('li[data-own="true"]:not([data-state])')]
    return expect(echoed.some((li) => li.textContent?.includes(text))).toBe(true)
  }, SLOW)
  await expect(canvas.getByRole('textbox', { name: 'Message' })).toHaveValue('')
}

export const WebSocket: Story = { ...on('websocket'), play: sendsAndSeesEcho }
export const SSE: Story = { ...on('sse'), play: sendsAndSeesEcho }
export const LongPoll: Story = { ...on('long-poll'), play: sendsAndSeesEcho }

/** Two people in one room: Ada on a WebSocket, Grace on SSE posting over HTTP. */
export const TwoPeople: Story = {
  render: (_args, context) => {
    const { backend } = loadedOf(context)
    return (
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
        <Chat user="Ada" label="Ada's chat" {...connect<ChatOutgoing>(backend, 'websocket', 'chat')} />
        <Chat user="Grace" label="Grace's chat" {...connect<ChatOutgoing>(backend, 'sse', 'chat')} sendUrl={SEND_URL} />
      </div>
    )
  },
  play: async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement)
    const ada = within(canvas.getByRole('region', { name: "Ada's chat" }))
    const grace = within(canvas.getByRole('region', { name: "Grace's chat" }))
    await waitFor(() => expect(ada.getByRole('status')).toHaveTextContent('Live'), SLOW)
    await waitFor(() => expect(grace.getByRole('status')).toHaveTextContent('Live'), SLOW)
    const text = 'Morning! Is the 2.0 release out?'
    await userEvent.type(ada.getByRole('textbox', { name: 'Message' }), `${text}{Enter}`)
    // Grace sees it as someone else's message.
    await waitFor(() => {
      const theirs = [...grace.getAllByRole('listitem')].filter((li) => li.textContent?.includes(text))
      return expect(theirs.map((li) => li.getAttribute('data-own'))).toEqual([null])
    }, SLOW)
  },
}

export const DarkTheme: Story = { ...on('websocket'), globals: { theme: 'dark' }, play: sendsAndSeesEcho }
