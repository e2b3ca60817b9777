import type { KeyState } from './admission'
import type { Faults } from './faults'
import { timelineFor } from './scenarios'
import type { ChatRoom, Scenario } from './scenarios'
import type { MessageSource } from './sources'
import { pollJson } from './sources'

/** Most messages in one long-poll response. */
export const POLL_BATCH_LIMIT = 500

/**
 * The 200 body of a long poll: the messages after `after` that exist now (at
 * most `limit`), with `badJsonEvery` applied, and the cursor of the last one.
 * Shared by the Node mock server and the in-process test server.
 */
export function pollBody(
  source: MessageSource,
  after: number,
  limit: number,
  badJsonEvery: number | undefined,
  formatPosition: (seq: number) => string = String,
): { json: string; count: number } {
  const first = Math.max(after + 1, source.tail())
  const last = Math.min(source.head(), first + limit - 1)
  const parts: string[] = []
  for (let seq = first; seq <= last; seq += 1) {
    const msg = source.get(seq)
    if (msg !== undefined) parts.push(pollJson(msg, badJsonEvery))
  }
  return { json: `{"messages":[${parts.join(',')}],"cursor":${JSON.stringify(formatPosition(last))}}`, count: parts.length }
}

/** The body of a first poll (no cursor) when nothing is new: no messages, and the position to poll from. */
export function emptyPollBody(after: number, formatPosition: (seq: number) => string = String): string {
  return `{"messages":[],"cursor":${JSON.stringify(formatPosition(after))}}`
}

/**
 * What the polls of one key read: the chat room, or a clock-driven timeline
 * started by the first poll served and kept in the key's state, so that
 * successive polls read one stream and cursors keep their meaning.
 */
export function pollSource(room: ChatRoom, state: KeyState, scenario: Scenario, faults: Faults): MessageSource {
  if (scenario === 'chat' && faults.count === undefined) return room
  state.timeline ??= timelineFor(scenario, faults, Date.now(), 0)
  return state.timeline ?? room
}
