import type { Meta, StoryObj } from '@storybook/react-vite'
import { badJsonStory, closeAndReconnectStory, dropsStory, FAULT_ARG_TYPES, liveStory, NO_FAULTS, refusedStory } from './hook-stories'
import { LiveLongPoll, type FaultArgs } from './live-hooks'

/** `useLongPoll` against the mock server's feed, its result in an inspector; the args are the server's fault switches. */
const meta: Meta<FaultArgs> = {
  title: 'Hooks/useLongPoll',
  args: NO_FAULTS,
  argTypes: FAULT_ARG_TYPES,
}

export default meta
type Story = StoryObj<FaultArgs>

export const Live: Story = liveStory(LiveLongPoll)
export const CloseAndReconnect: Story = closeAndReconnectStory(LiveLongPoll)
/**
 * Pinned to the in-browser stand-in: the mock server drops a poll by resetting
 * its connection before any response byte, and Chromium silently re-sends such a
 * request on a fresh connection, so against the real server the drop never shows.
 */
export const DropsAndRecovers: Story = { ...dropsStory(LiveLongPoll), parameters: { backend: 'in-browser' } }
export const RefusedThenOpens: Story = refusedStory(LiveLongPoll)
export const BadJson: Story = badJsonStory(LiveLongPoll)
