import { Feed } from '../../src/components'
import { useRealtime } from '../../src/hooks/use-realtime'
import type { UseRealtimeOptions } from '../../src/hooks/realtime-types'
import type { TransportName } from '../../src/components'
import { endpoint, type Query } from './backend'
import { numbered } from './resuming-feed'

/** WS and SSE carry JSON text; long-poll messages are values already. */
function json(raw: unknown): unknown {
  return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw
}

export type PerTransport = Partial<Record<TransportName, Query>>

/** The three endpoints of one numbered stream on the mock server: the shared query, plus each one's own. */
export function fallbackEndpoints(query: Query, own: PerTransport = {}) {
  return {
    websocket: endpoint('websocket', 'feed', { ...query, ...own.websocket }),
    sse: endpoint('sse', 'feed', { ...query, ...own.sse }),
    longPoll: endpoint('long-poll', 'feed', { ...query, ...own['long-poll'] }),
  }
}

/**
 * Refuses every connection of a transport. The stories use `failFirst` (which every
 * mock server has) rather than the newer `block` switch, so that they pass against
 * whichever mock server already listens on 8787: a WebSocket is accepted and closed
 * at once with 1013 (what a browser sees of a refusing proxy is close enough), an
 * HTTP transport is answered 503.
 */
export const REFUSED: Query = { failFirst: 1_000_000 }

/**
 * A feed over `useRealtime` that says which transport is live. `count` streams
 * are numbered, so a gap or a repeat across a switch shows as a break in 1, 2, 3…
 */
export function FallbackFeed({
  query,
  own = {},
  options = {},
}: {
  query: Query
  own?: PerTransport
  options?: UseRealtimeOptions<unknown, unknown>
}) {
  const result = useRealtime(fallbackEndpoints(query, own), {
    parse: json,
    history: 500,
    reconnect: { initialDelayMs: 100, maxDelayMs: 400, jitter: 0 },
    // Each story starts from the preferred transport, whatever an earlier story found.
    remember: false,
    ...options,
  })
  return (
    <div>
      <p className="rrk" data-testid="transport" data-transport={result.transport ?? ''}>
        Live over: <strong>{result.status === 'open' ? (result.transport ?? '—') : '—'}</strong>
      </p>
      <Feed source={result} parse={numbered} order="newest-last" max={500} label="Numbered feed" />
    </div>
  )
}

/** The list shows 1, 2, 3, … n with nothing missing and nothing twice. */
export function itemTitles(canvasElement: HTMLElement): (string | null)[] {
  return [...canvasElement.querySelectorAll('.rrk-feed li')].map((item) => item.textContent)
}
