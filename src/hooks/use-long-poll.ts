import { createLongPollTransport } from '../core/transports/long-poll'
import type { UrlSource } from '../core/types'
import type { LongPollOptions, LongPollResult } from './types'
import { useConnection } from './use-connection'
import { useResult } from './use-result'

/**
 * Long polling: `GET url?cursor=…` answered with `{ messages, cursor }` or 204, the next
 * poll as soon as a response arrives, and the shared reconnection rules.
 */
export function useLongPoll<In = unknown>(url: UrlSource | null, options: LongPollOptions<In> = {}): LongPollResult<In> {
  const { snapshot, subscription } = useConnection<In, LongPollOptions<In>>(
    'long-poll',
    url,
    options,
    createLongPollTransport,
  )
  return useResult(snapshot, subscription, 'cursor', snapshot.resumeFrom)
}
