/**
 * Props-shaped stand-ins for the hooks' options. react-docgen reads components,
 * not hooks, so each hook's options type is given to one here and the docs
 * pages show `<ArgTypes of={…} />`: the table comes from the types and their
 * JSDoc, never from a hand-written list. Never rendered.
 */
import type { ReactNode } from 'react'
import type { UseRealtimeOptions } from '../../src/hooks/realtime-types'
import type { EventSourceOptions, LongPollOptions, WebSocketOptions } from '../../src/hooks/types'

function optionNames(options: object): ReactNode {
  return <>{Object.keys(options).join(', ')}</>
}

/** Options of `useWebSocket(url, options)`. */
export function UseWebSocketOptions(options: WebSocketOptions<unknown, unknown>): ReactNode {
  return optionNames(options)
}

/** Options of `useEventSource(url, options)`. */
export function UseEventSourceOptions(options: EventSourceOptions<unknown>): ReactNode {
  return optionNames(options)
}

/** Options of `useLongPoll(url, options)`. */
export function UseLongPollOptions(options: LongPollOptions<unknown>): ReactNode {
  return optionNames(options)
}

/** Options of `useRealtime(endpoints, options)`. */
export function UseRealtimeOptionsTable(options: UseRealtimeOptions<unknown, unknown>): ReactNode {
  return optionNames(options)
}
