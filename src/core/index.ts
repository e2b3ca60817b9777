// react-realtime-kit/core — framework-free: the connection machine, transports, backoff.
export * from './types'
export { backoffDelay, resolveReconnectOptions, DEFAULT_RECONNECT, type ResolvedReconnectOptions } from './backoff'
export { isRetryableByDefault } from './retry-policy'
export {
  transition,
  initialState,
  type MachineState,
  type MachineEvent,
  type MachineConfig,
  type MachineContext,
  type Effect,
  type Link,
  type TimerName,
  type Transition,
} from './machine'
export { systemClock } from './clock'
export { browserEnvironment } from './environment'
export {
  Connection,
  type ConnectionConfig,
  type ConnectionOptions,
  type ConnectionSnapshot,
  type ConnectionEvents,
} from './connection'
export {
  Subscription,
  type SubscriptionCallbacks,
  type SubscriptionHandlers,
  type SubscriptionConfig,
  type SubscriptionSnapshot,
  type RenderRate,
} from './subscription'
export { SharedConnections, ownConnection, type Lease } from './shared-connections'
export { createSseParser } from './sse-parser'
export {
  createWebSocketTransport,
  type WebSocketTransportOptions,
  type WebSocketConstructor,
  type WebSocketLike,
  type HeartbeatOptions,
} from './transports/websocket'
export { createEventSourceTransport, type EventSourceTransportOptions } from './transports/event-source'
export { createLongPollTransport, type LongPollTransportOptions } from './transports/long-poll'
export { TransportFallback } from './fallback/engine'
export { createFallbackConnection, type FallbackConnectionOptions } from './fallback/connection'
export { sessionMemory, type TransportMemory } from './fallback/memory'
export { defaultEpochOf, defaultPositionOf } from './fallback/position'
export type { FallbackConfig, FallbackEndpoints, FallbackSnapshot, ResetInfo, TransportName } from './fallback/types'
export type { MessageDecoding } from './decode-message'
export type * from './standard-schema'
