/**
 * Each hook against the feed scenario, with the fault switches as story args,
 * rendered through the inspector. Reached through backend.ts, so the same
 * stories run against the mock server or the in-browser stand-in.
 */
import type { ReactNode } from 'react'
import { useEventSource } from '../../src/hooks/use-event-source'
import { useLongPoll } from '../../src/hooks/use-long-poll'
import { useWebSocket } from '../../src/hooks/use-web-socket'
import type { TransportName } from '../../src/components'
import { endpoint, fetchFor, webSocketFor, type Backend, type Query } from '../support/backend'
import { HookInspector } from '../support/hook-inspector'

/** The mock server's fault switches a reader can turn (0 turns one off). */
export interface FaultArgs {
  /** Messages per second the server sends. */
  rate: number
  /** The server drops the connection after this many messages, every time. */
  dropAfter: number
  /** The server refuses this many connections first (HTTP 503; WebSocket close 1013). */
  refuseFirst: number
  /** Every Nth message is malformed JSON: `parse` throws, the message is skipped. */
  badJsonEvery: number
}

export interface LiveHookProps {
  faults: FaultArgs
  backend: Backend
  /** Fresh per render, so `refuseFirst` counts start again. */
  run: string
}

function feedUrl(transport: TransportName, { rate, dropAfter, refuseFirst, badJsonEvery }: FaultArgs, run: string): string {
  const query: Query = { rate, run }
  if (dropAfter > 0) query.dropAfter = dropAfter
  if (refuseFirst > 0) query.failFirst = refuseFirst
  if (badJsonEvery > 0) query.badJsonEvery = badJsonEvery
  return endpoint(transport, 'feed', query)
}

/** WebSocket and SSE deliver text; a long-poll body is JSON already, except a malformed message kept as a string. */
function parseJson(raw: unknown): unknown {
  return typeof raw === 'string' ? JSON.parse(raw) : raw
}

export function LiveWebSocket({ faults, backend, run }: LiveHookProps): ReactNode {
  const result = useWebSocket(feedUrl('websocket', faults, run), {
    parse: parseJson,
    ...webSocketFor(backend),
  })
  return <HookInspector hook="useWebSocket" result={result} />
}

export function LiveEventSource({ faults, backend, run }: LiveHookProps): ReactNode {
  const result = useEventSource(feedUrl('sse', faults, run), { parse: parseJson, ...fetchFor(backend) })
  return <HookInspector hook="useEventSource" result={result} />
}

export function LiveLongPoll({ faults, backend, run }: LiveHookProps): ReactNode {
  const result = useLongPoll(feedUrl('long-poll', faults, run), { parse: parseJson, ...fetchFor(backend) })
  return <HookInspector hook="useLongPoll" result={result} />
}
