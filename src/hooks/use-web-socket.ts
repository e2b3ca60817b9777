import { useCallback, useMemo } from 'react'
import { createWebSocketTransport } from '../core/transports/websocket'
import { RealtimeError, type UrlSource, type WireData } from '../core/types'
import type { WebSocketOptions, WebSocketResult } from './types'
import { useConnection } from './use-connection'
import { useResult } from './use-result'

/** Strings go out as they are; anything else as JSON. */
export function defaultSerialize(message: unknown): WireData {
  return typeof message === 'string' ? message : JSON.stringify(message)
}

/**
 * A WebSocket that reconnects by the shared rules, queues `send` while not open,
 * and publishes at most once per frame.
 */
export function useWebSocket<In = unknown, Out = unknown>(
  url: UrlSource | null,
  options: WebSocketOptions<In, Out> = {},
): WebSocketResult<In, Out> {
  const { snapshot, subscription, latest } = useConnection<In, WebSocketOptions<In, Out>>(
    'websocket',
    url,
    options,
    createWebSocketTransport,
  )

  const send = useCallback(
    (message: Out): boolean => {
      const { serialize, onError } = latest.current
      let data: WireData
      try {
        data = serialize ? serialize(message) : defaultSerialize(message)
      } catch (cause) {
        onError?.(new RealtimeError('protocol', 'Could not serialize the message to send', { cause }))
        return false
      }
      return subscription.send(data)
    },
    [latest, subscription],
  )

  const result = useResult(snapshot, subscription)
  return useMemo(() => ({ ...result, send }), [result, send])
}
