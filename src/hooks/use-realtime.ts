import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { defined } from '../core/defined'
import { reportUserError } from '../core/guard'
import { TransportFallback } from '../core/fallback/engine'
import { sessionMemory, type TransportMemory } from '../core/fallback/memory'
import { defaultPositionOf } from '../core/fallback/position'
import type { FallbackConfig } from '../core/fallback/types'
import type { MessageMeta } from '../core/types'
import type { RealtimeEndpoints, UseRealtimeOptions, UseRealtimeResult } from './realtime-types'
import { useConnection } from './use-connection'
import { useLatest } from './use-latest'
import { useResult } from './use-result'
import { sender } from './use-web-socket'

const MEMORY_PREFIX = 'react-realtime-kit:transport:'

/**
 * One hook over WebSocket, SSE and long-poll: it falls back from one to the next
 * when a transport fails, carries the stream position across every switch (so a
 * server that numbers messages the same way on all three loses and repeats
 * nothing), and upgrades back to the preferred transport later.
 */
export function useRealtime<In = unknown, Out = unknown>(
  endpoints: RealtimeEndpoints | null,
  options: UseRealtimeOptions<In, Out> = {},
): UseRealtimeResult<In, Out> {
  const latest = useLatest({ endpoints, options })
  const [fallback] = useState(() => new TransportFallback(() => fallbackConfig(latest.current)))
  const key = endpoints === null ? null : endpointsKey(endpoints)
  const active = key !== null && options.enabled !== false

  // Declared before useConnection's effects, so it runs before a connection starts:
  // every fresh start tries the remembered (or preferred) transport first.
  useEffect(() => {
    if (active) fallback.restart()
  }, [fallback, key, active])

  const { snapshot, subscription, latest: latestConnection } = useConnection<In, UseRealtimeOptions<In, Out>>(
    'websocket',
    key === null ? null : `realtime:${key}`,
    {
      ...options,
      reconnect: fallback.reconnectOptions(options.reconnect),
      // Each attempt times its own transport (a held long poll is no timeout).
      connectTimeoutMs: Infinity,
      onMessage: (message: In, meta: MessageMeta) => {
        if (fallback.getSnapshot().transport === 'websocket') fallback.notePosition(positionOf(latest.current.options, message, meta))
        latest.current.options.onMessage?.(message, meta)
      },
    },
    () => fallback.transport,
  )

  const send = useMemo(() => sender(latestConnection, subscription), [latestConnection, subscription])
  const result = useResult(snapshot, subscription, 'send', send)
  const { transport } = useSyncExternalStore(fallback.subscribe, fallback.getSnapshot, fallback.getSnapshot)
  const { reconnect: reconnectConnection } = result
  const reconnect = useCallback(() => {
    fallback.restart()
    reconnectConnection()
  }, [fallback, reconnectConnection])
  return useMemo(
    () => ({ ...result, transport: result.status === 'idle' ? undefined : transport, reconnect }),
    [result, transport, reconnect],
  )
}

function positionOf<In>(options: Pick<UseRealtimeOptions<In, never>, 'positionOf'>, message: In, meta: MessageMeta): string | undefined {
  try {
    return options.positionOf ? options.positionOf(message, meta) : defaultPositionOf(message)
  } catch (error) {
    // A throwing positionOf loses only the position (a later switch resumes from the one before).
    reportUserError(error)
    return undefined
  }
}

function fallbackConfig<In, Out>({
  endpoints,
  options,
}: {
  endpoints: RealtimeEndpoints | null
  options: UseRealtimeOptions<In, Out>
}): FallbackConfig {
  const { reconnect, WebSocket, fetch } = options
  return {
    endpoints: endpoints ?? {},
    ...defined({
      transports: options.transports,
      fallbackAfter: options.fallbackAfter,
      upgradeAfterMs: options.upgradeAfterMs,
      connectTimeoutMs: options.connectTimeoutMs,
      stableAfterMs: reconnect === false ? undefined : reconnect?.stableAfterMs,
      resumeParam: options.resumeParam,
      epochOf: options.epochOf,
      fetch,
      memory: memoryFor(options.remember, endpoints),
    }),
    onReset: (info) => options.onReset?.(info),
    websocket: { ...defined({ WebSocket }), ...options.websocket },
    sse: { ...defined({ fetch }), ...options.sse },
    longPoll: { ...defined({ fetch }), ...options.longPoll },
  }
}

function memoryFor(remember: boolean | string | undefined, endpoints: RealtimeEndpoints | null): TransportMemory | undefined {
  if (remember === false || endpoints === null) return undefined
  return sessionMemory(typeof remember === 'string' ? remember : `${MEMORY_PREFIX}${endpointsKey(endpoints)}`)
}

/** The endpoints as a string: a change reconnects, a new object with the same URLs does not. */
function endpointsKey(endpoints: RealtimeEndpoints): string {
  const { websocket, sse, longPoll, sendUrl } = endpoints
  // A url function is read before every attempt: its identity does not matter.
  const text = (url: unknown): string | null => (typeof url === 'string' ? url : url === undefined ? null : 'function')
  return JSON.stringify([text(websocket), text(sse), text(longPoll), text(sendUrl)])
}
