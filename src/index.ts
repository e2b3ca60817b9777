// react-realtime-kit — hooks, components and types.
export { useWebSocket } from './hooks/use-web-socket'
export { useEventSource } from './hooks/use-event-source'
export { useLongPoll } from './hooks/use-long-poll'
export type {
  CommonOptions,
  WebSocketOptions,
  EventSourceOptions,
  LongPollOptions,
  RealtimeResult,
  WebSocketResult,
  EventSourceResult,
  LongPollResult,
} from './hooks/types'
export {
  RealtimeError,
  type Status,
  type ErrorKind,
  type CloseInfo,
  type ReconnectOptions,
  type MessageMeta,
  type UrlSource,
} from './core/types'
export type { RenderRate } from './core/subscription'
export type { MessageDecoding } from './core/decode-message'
export type { StandardSchemaV1, StandardSchemaV1Issue, InferSchemaOutput } from './core/standard-schema'
export type { HeartbeatOptions } from './core/transports/websocket'
export * from './components'
