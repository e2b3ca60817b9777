'use client'
/*
 * The client side of react-realtime-kit: the hooks and the components, which use
 * state and effects. The build keeps this module (and only this one) behind a
 * 'use client' directive, so the main entry's types, errors, parsers and constants
 * stay usable in React Server Components.
 */
export { useWebSocket } from './hooks/use-web-socket'
export { useEventSource } from './hooks/use-event-source'
export { useLongPoll } from './hooks/use-long-poll'
export { useRealtime } from './hooks/use-realtime'
export { Feed, FeedView } from './components/feed'
export { Dashboard, DashboardView } from './components/dashboard'
export { Chat, ChatView } from './components/chat'
export { ConnectionStatus, ConnectionStatusView } from './components/connection-status'
export { Sparkline } from './components/sparkline'
