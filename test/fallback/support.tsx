import { renderHook } from '@testing-library/react'
import type { ComponentType, ReactNode } from 'react'
import type { CloseInfo, RealtimeError } from '../../src/core/types'
import type { ResetInfo, TransportName, UseRealtimeOptions, UseRealtimeResult } from '../../src/hooks/realtime-types'
import { useRealtime } from '../../src/hooks/use-realtime'
import type { RealtimeEndpoints } from '../../src/hooks/realtime-types'
import { FAST_RECONNECT, parseJson, type Msg, type Wrapper } from '../integration/support/hook-harness'
import type { NetworkLedger } from '../integration/support/network-ledger'

export type Query = Record<string, string | number>

/** The three endpoints of one numbered stream on the mock server, each with its own extra query. */
export function endpointsOf(
  server: { url: string; wsUrl: string },
  shared: Query,
  own: Partial<Record<TransportName, Query>> = {},
  scenario = 'feed',
): RealtimeEndpoints {
  const url = (base: string, path: string, name: TransportName): string => {
    const query = new URLSearchParams(Object.entries({ ...shared, ...own[name] }).map(([k, v]) => [k, String(v)]))
    return `${base}/${path}/${scenario}?${query.toString()}`
  }
  return {
    websocket: url(server.wsUrl, 'ws', 'websocket'),
    sse: url(server.url, 'sse', 'sse'),
    longPoll: url(server.url, 'poll', 'long-poll'),
  }
}

/** What one mounted useRealtime saw. */
export interface RecordedRealtime {
  readonly result: { readonly current: UseRealtimeResult<Msg, unknown> }
  readonly messages: Msg[]
  /** The transport each message came over, told by its meta (SSE: type and id, long-poll: cursor, WS: neither). */
  readonly carriers: (TransportName | undefined)[]
  /** Every value `transport` took, in order, without repeats. */
  readonly transports: (TransportName | undefined)[]
  readonly errors: RealtimeError[]
  readonly closes: CloseInfo[]
  /** Each reset, with how many messages had arrived before it. */
  readonly resets: (ResetInfo & { afterMessages: number })[]
  unmount(): void
}

export function renderFallback(
  endpoints: RealtimeEndpoints,
  options: UseRealtimeOptions<Msg, unknown>,
  net: NetworkLedger,
  wrapper: Wrapper,
): RecordedRealtime {
  const messages: Msg[] = []
  const carriers: (TransportName | undefined)[] = []
  const transports: (TransportName | undefined)[] = []
  const errors: RealtimeError[] = []
  const closes: CloseInfo[] = []
  const resets: (ResetInfo & { afterMessages: number })[] = []
  const { result, unmount } = renderHook(
    () => {
      const value = useRealtime<Msg, unknown>(endpoints, {
        parse: parseJson,
        reconnect: FAST_RECONNECT,
        WebSocket: net.WebSocket,
        fetch: net.fetch,
        ...options,
        onMessage: (message, meta) => {
          messages.push(message)
          carriers.push(meta.type !== undefined ? 'sse' : meta.cursor !== undefined ? 'long-poll' : 'websocket')
        },
        onError: (error) => errors.push(error),
        onClose: (info) => closes.push(info),
        onReset: (info) => resets.push({ ...info, afterMessages: messages.length }),
      })
      if (transports.at(-1) !== value.transport) transports.push(value.transport)
      return value
    },
    { wrapper: wrapper as ComponentType<{ children: ReactNode }> },
  )
  return { result, messages, carriers, transports, errors, closes, resets, unmount }
}
