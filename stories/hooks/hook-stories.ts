/**
 * The stories every hook page has, written once: the same promises hold for
 * all three hooks because they run on one reconnection machine.
 */
import type { ArgTypes, StoryObj } from '@storybook/react-vite'
import { createElement, type ComponentType } from 'react'
import { expect, waitFor, within } from 'storybook/test'
import { loadedOf, SLOW } from '../support/loaded'
import type { FaultArgs, LiveHookProps } from './live-hooks'

type Story = StoryObj<FaultArgs>

export const NO_FAULTS: FaultArgs = { rate: 4, dropAfter: 0, refuseFirst: 0, badJsonEvery: 0 }

export const FAULT_ARG_TYPES: Partial<ArgTypes<FaultArgs>> = {
  rate: { control: { type: 'number', min: 0.5, max: 50, step: 0.5 }, description: 'Messages per second the server sends.' },
  dropAfter: {
    control: { type: 'number', min: 0, max: 50, step: 1 },
    description: 'The server drops the connection after this many messages, every time (0: never).',
  },
  refuseFirst: {
    control: { type: 'number', min: 0, max: 10, step: 1 },
    description: 'The server refuses this many connections first: HTTP 503, or WebSocket close 1013 (0: none).',
  },
  badJsonEvery: {
    control: { type: 'number', min: 0, max: 10, step: 1 },
    description: 'Every Nth message is malformed JSON; `parse` throws and the message is skipped (0: never).',
  },
}

function inspector(canvasElement: HTMLElement) {
  const canvas = within(canvasElement)
  return {
    canvas,
    field: (name: 'status' | 'attempt' | 'next-retry' | 'received' | 'last-message' | 'error') => canvas.getByTestId(name),
    received: () => Number(canvas.getByTestId('received').textContent),
  }
}

function rendering(Live: ComponentType<LiveHookProps>): Pick<Story, 'render'> {
  return { render: (args, context) => createElement(Live, { faults: args, ...loadedOf(context) }) }
}

/** Connects and counts messages. */
export function liveStory(Live: ComponentType<LiveHookProps>): Story {
  return {
    ...rendering(Live),
    args: NO_FAULTS,
    play: async ({ canvasElement }) => {
      const { field, received } = inspector(canvasElement)
      await waitFor(() => expect(field('status')).toHaveTextContent('open'), SLOW)
      await waitFor(() => expect(received()).toBeGreaterThanOrEqual(2), SLOW)
      await expect(field('last-message')).toHaveTextContent('"title"')
    },
  }
}

/** `close()` ends the connection for good; `reconnect()` starts it again from `closed`. */
export function closeAndReconnectStory(Live: ComponentType<LiveHookProps>): Story {
  return {
    ...rendering(Live),
    args: NO_FAULTS,
    play: async ({ canvasElement, userEvent }) => {
      const { canvas, field } = inspector(canvasElement)
      await waitFor(() => expect(field('status')).toHaveTextContent('open'), SLOW)
      await userEvent.click(canvas.getByRole('button', { name: 'close()' }))
      await waitFor(() => expect(field('status')).toHaveTextContent('closed'))
      await userEvent.click(canvas.getByRole('button', { name: 'reconnect()' }))
      await waitFor(() => expect(field('status')).toHaveTextContent('open'), SLOW)
    },
  }
}

/** The server drops the connection after every 8 messages: `reconnecting`, a retry countdown, then `open` again. */
export function dropsStory(Live: ComponentType<LiveHookProps>): Story {
  return {
    ...rendering(Live),
    args: { ...NO_FAULTS, rate: 4, dropAfter: 8 },
    play: async ({ canvasElement }) => {
      const { field, received } = inspector(canvasElement)
      await waitFor(() => expect(field('status')).toHaveTextContent('open'), SLOW)
      await waitFor(() => expect(field('status')).toHaveTextContent('reconnecting'), SLOW)
      await expect(field('attempt')).toHaveTextContent('1')
      await waitFor(() => expect(field('status')).toHaveTextContent('open'), SLOW)
      await waitFor(() => expect(received()).toBeGreaterThan(8), SLOW)
    },
  }
}

/** The first two connections are refused: retry 1, retry 2 (each with its countdown and error), then `open`. */
export function refusedStory(Live: ComponentType<LiveHookProps>): Story {
  return {
    ...rendering(Live),
    args: { ...NO_FAULTS, refuseFirst: 2 },
    play: async ({ canvasElement }) => {
      const { field } = inspector(canvasElement)
      await waitFor(() => expect(field('status')).toHaveTextContent('reconnecting'), SLOW)
      await expect(field('attempt')).toHaveTextContent('1')
      await expect(field('next-retry')).not.toHaveTextContent('—')
      await expect(field('error')).not.toHaveTextContent('—')
      await waitFor(() => expect(field('attempt')).toHaveTextContent('2'), SLOW)
      await waitFor(() => expect(field('status')).toHaveTextContent('open'), SLOW)
      await expect(field('error')).toHaveTextContent('—')
    },
  }
}

/** Every third message is malformed: it is skipped and reported as a `parse` error; the connection stays open. */
export function badJsonStory(Live: ComponentType<LiveHookProps>): Story {
  return {
    ...rendering(Live),
    args: { ...NO_FAULTS, rate: 5, badJsonEvery: 3 },
    play: async ({ canvasElement }) => {
      const { field, received } = inspector(canvasElement)
      await waitFor(() => expect(field('error')).toHaveTextContent(/^parse: /), SLOW)
      await expect(field('status')).toHaveTextContent('open')
      await waitFor(() => expect(received()).toBeGreaterThanOrEqual(3), SLOW)
      await expect(field('status')).toHaveTextContent('open')
    },
  }
}
