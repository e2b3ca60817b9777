import { admit, refuseHttp } from './context'
import type { ServerContext } from './context'
import { positionsFor } from './epoch'
import { isFinished, sendEmpty, sendJsonText } from './http'
import { startPosition } from './scenarios'
import type { OutgoingHttpHeaders } from 'node:http'
import type { RouteRequest } from './request'
import { emptyPollBody, POLL_BATCH_LIMIT, pollBody, pollSource } from './poll-body'

export { POLL_BATCH_LIMIT } from './poll-body'

/**
 * GET /poll/:scenario?cursor=C — answers 200 {"messages", "cursor"} as soon as
 * messages after C exist, else holds the request up to `holdMs` and answers
 * 204. A poll without a cursor is answered at once (with no messages when there
 * is nothing yet), so the client is open and knows its position. The cursor is the number of the last message delivered.
 * Clock-driven streams (feed, metrics, count) share one timeline per key,
 * started by the first request served, so successive polls read one stream.
 */
export function handlePoll(ctx: ServerContext, request: RouteRequest): void {
  const { res, scenario, faults, key, query, cors, scope } = request
  const positions = positionsFor(ctx, query)
  const cursor = positions.read(query.get('cursor') ?? undefined, 'cursor')

  admit(ctx, key, faults, scope, (admission) => {
    if (isFinished(res)) return
    if (admission.refused) {
      refuseHttp(ctx, `poll ${key}`, res, faults, admission, cors)
      return
    }
    const state = ctx.keys.get(key)
    let limit = POLL_BATCH_LIMIT
    if (faults.dropAfter !== undefined) {
      if (state.deliveredSinceDrop >= faults.dropAfter) {
        state.deliveredSinceDrop = 0
        ctx.log(`poll ${key}: dropAfter=${faults.dropAfter} reached, dropping this request`)
        dropMidResponse(res, cors)
        return
      }
      limit = Math.min(limit, faults.dropAfter - state.deliveredSinceDrop)
    }

    const source = pollSource(ctx.room, state, scenario, faults)
    const after = startPosition(source, cursor, faults.count !== undefined)

    let held = false
    const answer = (): void => {
      if (isFinished(res)) return
      if (source.head() <= after) {
        // A first poll (no cursor) learns its position at once instead of waiting for news.
        if (cursor === undefined) {
          sendJsonText(res, 200, emptyPollBody(after, positions.format), cors)
          return
        }
        if (!held) ctx.log(`poll ${key}: holding after ${after}`)
        held = true
        source.onAvailable(after, answer, scope)
        return
      }
      const body = pollBody(source, after, limit, faults.badJsonEvery, positions.format)
      state.deliveredSinceDrop += body.count
      sendJsonText(res, 200, body.json, cors)
    }

    scope.timeout(() => sendEmpty(res, 204, cors), faults.holdMs)
    answer()
  })
}

/**
 * Fails the request the way a dying server or proxy does mid-answer: headers and the
 * start of a body, then the connection is cut. (Cutting it before any byte is not seen
 * by browsers: Chromium quietly sends the request again on a fresh connection.)
 */
function dropMidResponse(res: RouteRequest['res'], cors: OutgoingHttpHeaders): void {
  const promised = '{"messages":['
  res.writeHead(200, {
    ...cors,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': promised.length + 1024,
    'Cache-Control': 'no-store',
  })
  res.write(promised, () => res.destroy())
}
