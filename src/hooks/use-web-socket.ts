import { useMemo } from 'react'
import { reportUserError } from '../core/guard'
import type { Subscription } from '../core/subscription'
import { createWebSocketTransport } from '../core/transports/websocket'
import { RealtimeError, type UrlSource, type WireData } from '../core/types'
import type { WebSocketOptions, WebSocketResult } from './types'
import { useConnection } from './use-connection'
import { useResult } from './use-result'

/** Strings go out as they are; anything else as JSON. */
function defaultSerialize(message: unknown): WireData {
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

  const send = useMemo(() => sender(latest, subscription), [latest, subscription])
  return useResult(snapshot, subscription, 'send', send)
}

/** `send`: serializes with the latest `serialize`, then sends or queues. */
export function sender<In, Out>(
  latest: { readonly current: WebSocketOptions<In, Out> },
  subscription: Subscription<In>,
): (message: Out) => boolean {
  return (message) => {
    const { serialize } = latest.current
    let data: WireData
    try {
      data = serialize ? serialize(message) : defaultSerialize(message)
    } catch (cause) {
      // Application code (or JSON.stringify on a cycle) threw: reported, and the message dropped.
      reportUserError(new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? 'Could not serialize the message; it was not sent' : 'Not serializable', { cause }))
      return false
    }
    return subscription.send(data)
  }
}
