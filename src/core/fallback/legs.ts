/** Where a fallback attempt's legs come from: their url and their transport. */
import { createEventSourceTransport } from '../transports/event-source'
import { createLongPollTransport } from '../transports/long-poll'
import { createWebSocketTransport } from '../transports/websocket'
import { RealtimeError, type TransportFactory, type UrlSource } from '../types'
import type { FallbackConfig, TransportName } from './types'

export async function resolveUrl(source: UrlSource | undefined): Promise<string> {
  if (source === undefined) throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? 'No endpoint for this transport' : 'No endpoint')
  const url: unknown = typeof source === 'string' ? source : await source()
  if (typeof url !== 'string') throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? `The url function returned ${typeof url}, not a string` : 'bad url')
  return url
}

export function factoryFor(name: TransportName, config: FallbackConfig): TransportFactory {
  const custom = config.factories?.[name]
  if (custom !== undefined) return custom
  switch (name) {
    case 'websocket':
      return createWebSocketTransport(config.websocket)
    case 'sse':
      return createEventSourceTransport(config.sse)
    case 'long-poll':
      return createLongPollTransport(config.longPoll)
  }
}
