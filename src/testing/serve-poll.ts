import { parsePosition, type Faults } from '../../mock-server/faults'
import { emptyPollBody, POLL_BATCH_LIMIT, pollBody, pollSource } from '../../mock-server/poll-body'
import { startPosition } from '../../mock-server/scenarios'
import type { Target } from './paths'
import type { IncomingRequest } from './request'
import { jsonResponse, networkError, onAbortWithin, refusalResponse, textResponse } from './responses'
import { admitConnection, keyOf, track, type ServerState } from './state'

/**
 * GET /poll/:scenario?cursor=C — the mock server's long poll: messages after C at
 * once, else the request is held until some exist or `holdMs` passes (204). Messages
 * given to `push` go to the held polls of the path, or wait for its next poll.
 */
export function servePoll(state: ServerState, target: Target, faults: Faults, request: IncomingRequest): Promise<Response> {
  const cursor = parsePosition(target.query.get('cursor') ?? undefined, 'cursor')
  const key = keyOf(target)
  const scope = state.scope.child()

  return new Promise<Response>((resolve, reject) => {
    let settled = false
    const settle = (outcome: () => void): void => {
      if (settled) return
      settled = true
      scope.dispose()
      outcome()
    }
    onAbortWithin(scope, request.signal, (reason) => settle(() => reject(reason)))
    // Closing the server fails what is still waiting, like a lost connection.
    scope.add(() => settle(() => reject(networkError('the server was closed'))))

    admitConnection(state, target, faults, scope, (admission, effective) => {
      if (admission.refused) {
        const response = refusalResponse(effective, admission)
        settle(() => resolve(response))
        return
      }
      const keyState = state.keys.get(key)
      let limit = POLL_BATCH_LIMIT
      if (faults.dropAfter !== undefined) {
        if (keyState.deliveredSinceDrop >= faults.dropAfter) {
          keyState.deliveredSinceDrop = 0
          state.log(`poll ${key}: dropAfter=${faults.dropAfter} reached, dropping this request`)
          settle(() => reject(networkError(`dropAfter=${faults.dropAfter}`)))
          return
        }
        limit = Math.min(limit, faults.dropAfter - keyState.deliveredSinceDrop)
      }
      const source = pollSource(state.room, keyState, target.scenario, faults)
      const after = startPosition(source, cursor, faults.count !== undefined)
      const answerPushed = (messages: readonly unknown[]): void => {
        const json = JSON.stringify({ messages, cursor: String(after) })
        settle(() => resolve(jsonResponse(200, json)))
      }

      const queued = state.queuedPolls.get(target.pathname)
      if (queued !== undefined) {
        state.queuedPolls.delete(target.pathname)
        answerPushed(queued)
        return
      }

      const answer = (): void => {
        if (settled) return
        if (source.head() <= after) {
          // A first poll (no cursor) learns its position at once instead of waiting for news.
          if (cursor === undefined) return settle(() => resolve(jsonResponse(200, emptyPollBody(after))))
          source.onAvailable(after, answer, scope)
          return
        }
        const body = pollBody(source, after, limit, faults.badJsonEvery)
        keyState.deliveredSinceDrop += body.count
        settle(() => resolve(jsonResponse(200, body.json)))
      }
      track(state, scope, {
        path: target.pathname,
        kind: 'poll',
        push: (message) => answerPushed([message]),
        drop: () => settle(() => reject(networkError('the server dropped the connection'))),
      })
      scope.timeout(() => settle(() => resolve(textResponse(204, ''))), faults.holdMs)
      answer()
    })
  })
}
