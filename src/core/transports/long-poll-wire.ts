/** The default long-poll wire format: `GET url?cursor=…`, answered by JSON `{ messages, cursor? }` or 204. */
import { describe } from '../describe'
import { RealtimeError } from '../types'
import { readBoundedText, type PreparedRequest } from './http'
import type { LongPollResult, LongPollTransportOptions, PollRequest } from './long-poll'
import { withQueryParam } from './url'

const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024

export function wireRequest(request: PreparedRequest, options: LongPollTransportOptions): PollRequest {
  const { url } = request
  const cursorParam = options.cursorParam ?? 'cursor'
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  return async (cursor, signal) => {
    const response = await request.send(cursor === undefined ? url.href : withQueryParam(url, cursorParam, cursor), signal)
    if (response === undefined) return 'nothing-new'
    const { status } = response
    const text = await readBoundedText(response, maxResponseBytes, 'The poll response')
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch (cause) {
      throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? `The poll response is not JSON: ${describe(cause)}` : 'Not JSON', { cause, status })
    }
    return checkResult(body, 'The poll response is', status)
  }
}

/** Accepts `{ messages: [...], cursor?: string }` (a `null` cursor counts as absent). */
export function checkResult(value: unknown, what: string, status?: number): LongPollResult {
  const invalid = (problem: string): RealtimeError =>
    new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? `${what} not in the long-poll format: ${problem}` : 'Not the long-poll format', status === undefined ? {} : { status })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(process.env.NODE_ENV !== 'production' ? 'expected an object { messages: [...], cursor?: string }' : '')
  }
  const { messages, cursor } = value as { messages?: unknown; cursor?: unknown }
  if (!Array.isArray(messages)) throw invalid(process.env.NODE_ENV !== 'production' ? '"messages" must be an array' : '')
  if (cursor === undefined || cursor === null) return { messages }
  if (typeof cursor !== 'string') throw invalid(process.env.NODE_ENV !== 'production' ? '"cursor" must be a string' : '')
  return { messages, cursor }
}
