import { admit, refuseHttp } from './context'
import type { ServerContext } from './context'
import { positionsFor } from './epoch'
import { isFinished, sendEmpty, sendJsonText } from './http'
import { startPosition, timelineFor } from './scenarios'
import type { RouteRequest } from './request'
import { pollJson } from './sources'
import type { MessageSource } from './sources'

/** Most messages in one long-poll response. */
export const POLL_BATCH_LIMIT = 500

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
        res.destroy()
        return
      }
      limit = Math.min(limit, faults.dropAfter - state.deliveredSinceDrop)
    }

    let source: MessageSource = ctx.room
    if (scenario !== 'chat' || faults.count !== undefined) {
      state.timeline ??= timelineFor(scenario, faults, Date.now(), 0)
      if (state.timeline !== undefined) source = state.timeline
    }
    const after = startPosition(source, cursor, faults.count !== undefined)

    let held = false
    const answer = (): void => {
      if (isFinished(res)) return
      if (source.head() <= after) {
        // A first poll (no cursor) learns its position at once instead of waiting for news.
        if (cursor === undefined) {
          sendJsonText(res, 200, `{"messages":[],"cursor":${JSON.stringify(positions.format(after))}}`, cors)
          return
        }
        if (!held) ctx.log(`poll ${key}: holding after ${after}`)
        held = true
        source.onAvailable(after, answer, scope)
        return
      }
      const first = Math.max(after + 1, source.tail())
      const last = Math.min(source.head(), first + limit - 1)
      const parts: string[] = []
      for (let seq = first; seq <= last; seq += 1) {
        const msg = source.get(seq)
        if (msg !== undefined) parts.push(pollJson(msg, faults.badJsonEvery))
      }
      state.deliveredSinceDrop += parts.length
      sendJsonText(res, 200, `{"messages":[${parts.join(',')}],"cursor":${JSON.stringify(positions.format(last))}}`, cors)
    }

    scope.timeout(() => sendEmpty(res, 204, cors), faults.holdMs)
    answer()
  })
}
