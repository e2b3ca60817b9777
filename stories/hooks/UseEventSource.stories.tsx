import type { Meta, StoryObj } from '@storybook/react-vite'
import { badJsonStory, closeAndReconnectStory, dropsStory, FAULT_ARG_TYPES, liveStory, NO_FAULTS, refusedStory } from './hook-stories'
import { LiveEventSource, type FaultArgs } from './live-hooks'

/** `useEventSource` against the mock server's feed, its result in an inspector; the args are the server's fault switches. */
const meta: Meta<FaultArgs> = {
  title: 'Hooks/useEventSource',
  args: NO_FAULTS,
  argTypes: FAULT_ARG_TYPES,
}

export default meta
type Story = StoryObj<FaultArgs>

export const Live: Story = liveStory(LiveEventSource)
export const CloseAndReconnect: Story = closeAndReconnectStory(LiveEventSource)
export const DropsAndRecovers: Story = dropsStory(LiveEventSource)
export const RefusedThenOpens: Story = refusedStory(LiveEventSource)
export const BadJson: Story = badJsonStory(LiveEventSource)
