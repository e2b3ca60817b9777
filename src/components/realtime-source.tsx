import type { ReactNode } from 'react'
import { RealtimeError, type UrlSource } from '../core/types'
import type { EventSourceOptions, LongPollOptions, WebSocketOptions } from '../hooks/types'
import { useEventSource } from '../hooks/use-event-source'
import { useLongPoll } from '../hooks/use-long-poll'
import { useWebSocket } from '../hooks/use-web-socket'
import { useRealtime } from '../hooks/use-realtime'
import type { RealtimeEndpoints, UseRealtimeOptions } from '../hooks/realtime-types'
import { defaultDecoder } from './decode'
import type { ConnectProps, DataSourceProps, SourceResult } from './types'

type Render<Out> = (source: SourceResult<Out>) => ReactNode

interface Defaults {
  /** How many messages the hook keeps between two renders; sized to the component. */
  history: number
}

/*
 * Hooks cannot be called conditionally, so each transport gets its own small
 * component that calls exactly one hook. Switching `transport` remounts it,
 * which closes the old connection.
 */

function WebSocketSource<Out>(props: {
  url: UrlSource | null
  options: WebSocketOptions<unknown, Out>
  children: Render<Out>
}): ReactNode {
  return props.children(useWebSocket<unknown, Out>(props.url, props.options))
}

function EventSourceSource<Out>(props: {
  url: UrlSource | null
  options: EventSourceOptions<unknown>
  children: Render<Out>
}): ReactNode {
  return props.children(useEventSource<unknown>(props.url, props.options))
}

function LongPollSource<Out>(props: {
  url: UrlSource | null
  options: LongPollOptions<unknown>
  children: Render<Out>
}): ReactNode {
  return props.children(useLongPoll<unknown>(props.url, props.options))
}

function AutoSource<Out>(props: {
  endpoints: RealtimeEndpoints | null
  options: UseRealtimeOptions<unknown, Out>
  children: Render<Out>
}): ReactNode {
  return props.children(useRealtime<unknown, Out>(props.endpoints, props.options))
}

function withDefaults<O extends { history?: number; parse?(raw: never): unknown }>(
  options: O | undefined,
  transport: ConnectProps['transport'] | 'auto',
  defaults: Defaults,
): O {
  return {
    ...options,
    history: options?.history ?? defaults.history,
    parse: options?.parse ?? defaultDecoder(transport),
  } as O
}

/**
 * Renders `children` with a hook result: the given `source`, or the result of
 * the one hook that `transport` names, created with `url` and `options`.
 */
export function RealtimeSource<Out>({
  props,
  defaults,
  children,
}: {
  props: DataSourceProps<Out>
  defaults: Defaults
  children: Render<Out>
}): ReactNode {
  if (props.source !== undefined) return children(props.source)
  switch (props.transport) {
    case 'websocket':
      return (
        <WebSocketSource url={props.url} options={withDefaults(props.options, 'websocket', defaults)}>
          {children}
        </WebSocketSource>
      )
    case 'sse':
      return (
        <EventSourceSource url={props.url} options={withDefaults(props.options, 'sse', defaults)}>
          {children}
        </EventSourceSource>
      )
    case 'long-poll':
      return (
        <LongPollSource url={props.url} options={withDefaults(props.options, 'long-poll', defaults)}>
          {children}
        </LongPollSource>
      )
    case 'auto':
      return (
        <AutoSource endpoints={props.endpoints} options={withDefaults(props.options, 'auto', defaults)}>
          {children}
        </AutoSource>
      )
    default:
      // Reachable from plain JavaScript only: show it as a failed connection, not a crash.
      return children(unknownTransport(String((props as { transport?: unknown }).transport)))
  }
}

function unknownTransport(name: string): SourceResult<never> {
  return {
    status: 'failed',
    lastMessage: undefined,
    messages: [],
    received: 0,
    error: new RealtimeError('protocol', `Unknown transport "${name}": use 'websocket', 'sse', 'long-poll' or 'auto'`),
    attempt: 0,
    nextRetryAt: undefined,
    close: () => {},
    reconnect: () => {},
  }
}
