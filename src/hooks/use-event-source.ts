import { createEventSourceTransport } from '../core/transports/event-source'
import type { UrlSource } from '../core/types'
import type { EventSourceOptions, EventSourceResult } from './types'
import { useConnection } from './use-connection'
import { useResult } from './use-result'

/**
 * Server-Sent Events over `fetch` streaming, with custom headers, Last-Event-ID on
 * every reconnect, and the shared reconnection rules.
 */
export function useEventSource<In = unknown>(
  url: UrlSource | null,
  options: EventSourceOptions<In> = {},
): EventSourceResult<In> {
  const { snapshot, subscription } = useConnection<In, EventSourceOptions<In>>(
    'sse',
    url,
    options,
    createEventSourceTransport,
  )
  return useResult(snapshot, subscription, 'lastEventId', snapshot.resumeFrom)
}
