// react-realtime-kit — hooks, components and types.
// Hooks and components come from the 'use client' module; everything else here is
// server-safe (types, RealtimeError, the default parsers and constants).
export * from './client'
export type { RealtimeEndpoints, UseRealtimeOptions, UseRealtimeResult, ResetInfo } from './hooks/realtime-types'
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
  type WebSocketMessageMeta,
  type EventSourceMessageMeta,
  type LongPollMessageMeta,
  type UrlSource,
} from './core/types'
export type { RenderRate } from './core/subscription'
export type { MessageDecoding } from './core/decode-message'
export type { StandardSchemaV1, StandardSchemaV1Issue, InferSchemaOutput } from './core/standard-schema'
export type { HeartbeatOptions } from './core/transports/websocket'
export { toFeedItem, toMetricUpdates, toChatMessage } from './components/normalize'
export { DEFAULT_STATUS_LABELS } from './components/status-text'
export type { StatusLabels } from './components/status-text'
export { DEFAULT_FEED_MAX } from './components/feed-max'
export type { FeedProps, FeedOwnProps, FeedItemInfo } from './components/feed'
export type { DashboardProps, DashboardOwnProps, MetricTile } from './components/dashboard'
export type { ChatProps, ChatOwnProps, ChatMessageInfo, ChatMessageState } from './components/chat'
export type { ConnectionStatusProps, ConnectionStatusOwnProps } from './components/connection-status'
export type { SparklineProps } from './components/sparkline'
export type { Order } from './components/use-follow-newest'
export type {
  TransportName,
  SourceResult,
  ConnectProps,
  SourceProp,
  DataSourceProps,
  FeedItem,
  MetricUpdate,
  ChatMessage,
  ChatOutgoing,
} from './components/types'
