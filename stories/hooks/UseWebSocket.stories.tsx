import type { Meta, StoryObj } from '@storybook/react-vite'
import { badJsonStory, closeAndReconnectStory, dropsStory, FAULT_ARG_TYPES, liveStory, NO_FAULTS, refusedStory } from './hook-stories'
import { LiveWebSocket, type FaultArgs } from './live-hooks'

/** `useWebSocket` against the mock server's feed, its result in an inspector; the args are the server's fault switches. */
const meta: Meta<FaultArgs> = {
  title: 'Hooks/useWebSocket',
  args: NO_FAULTS,
  argTypes: FAULT_ARG_TYPES,
}

export default meta
type Story = StoryObj<FaultArgs>

export const Live: Story = liveStory(LiveWebSocket)
export const CloseAndReconnect: Story = closeAndReconnectStory(LiveWebSocket)
export const DropsAndRecovers: Story = dropsStory(LiveWebSocket)
export const RefusedThenOpens: Story = refusedStory(LiveWebSocket)
export const BadJson: Story = badJsonStory(LiveWebSocket)
