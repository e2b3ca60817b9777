export { Feed, FeedView, DEFAULT_FEED_MAX } from './feed'
export type { FeedProps, FeedOwnProps, FeedItemInfo } from './feed'
export { Dashboard, DashboardView } from './dashboard'
export type { DashboardProps, DashboardOwnProps, MetricTile } from './dashboard'
export { Chat, ChatView } from './chat'
export type { ChatProps, ChatOwnProps, ChatMessageInfo, ChatMessageState } from './chat'
export { ConnectionStatus, ConnectionStatusView } from './connection-status'
export type { ConnectionStatusProps, ConnectionStatusOwnProps } from './connection-status'
export { Sparkline } from './sparkline'
export type { SparklineProps } from './sparkline'
export { toFeedItem, toMetricUpdates, toChatMessage } from './normalize'
export { DEFAULT_STATUS_LABELS } from './status-text'
export type { StatusLabels } from './status-text'
export type { Order } from './use-follow-newest'
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
} from './types'
