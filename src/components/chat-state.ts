import type { RealtimeError } from '../core/types'
import { asParseError } from './errors'
import type { ChatMessage } from './types'
import { upsertKeyed } from './keyed-entries'

/*
 * The state of a <Chat>: the messages received (own echoes included) and the
 * outbox of messages this instance sent that the server has not echoed yet.
 * Pure functions, so React may run them twice.
 */

export type SendState = 'pending' | 'sent' | 'failed'

export interface ChatEntry {
  key: string
  message: ChatMessage
  /** Sent by this instance (its `clientId` came back). */
  own: boolean
}

export interface OutboxEntry {
  localId: number
  text: string
  /** pending: on its way; sent: the server accepted the POST, the echo is due; failed: retry or discard. */
  state: SendState
  /** Epoch ms of the last attempt: pending and sent entries fail without an echo by `sentAt + ackTimeoutMs`. */
  sentAt: number
  reason?: string
}

export interface ChatState {
  /** Oldest first, at most `max`. */
  entries: readonly ChatEntry[]
  /** Oldest first, at most `max`. */
  outbox: readonly OutboxEntry[]
  /** Messages received from others so far, for announcements. */
  fromOthers: number
  received: number
  /** Sends that failed so far (a retry that fails again counts again), for announcements. */
  failures: number
  skipped: number
  lastProblem: RealtimeError | undefined
}

export type ChatAction =
  | { type: 'queue'; localId: number; text: string; at: number; max: number }
  | { type: 'sent'; localId: number }
  | { type: 'failed'; localId: number; reason: string }
  | { type: 'retry'; localId: number; at: number }
  | { type: 'discard'; localId: number }
  /** Pending and sent messages older than `ackTimeoutMs` at `now` fail. */
  | { type: 'expire'; now: number; ackTimeoutMs: number }

export const initialChatState = (): ChatState => ({
  entries: [],
  outbox: [],
  fromOthers: 0,
  received: 0,
  failures: 0,
  skipped: 0,
  lastProblem: undefined,
})

export function receiveMessages(
  state: ChatState,
  messages: readonly unknown[],
  parse: (message: unknown) => ChatMessage,
  clientId: string,
  max: number,
): ChatState {
  let entries = [...state.entries]
  let outbox = state.outbox
  let { fromOthers, received, skipped, lastProblem } = state
  for (const raw of messages) {
    let message: ChatMessage
    try {
      message = parse(raw)
    } catch (error) {
      skipped += 1
      lastProblem = asParseError(error)
      continue
    }
    const own = message.clientId !== undefined && message.clientId === clientId
    if (own) outbox = withoutEcho(outbox, message.text)
    if (!upsertKeyed(entries, message.id, received, (key) => ({ key, message, own }))) continue
    received += 1
    if (!own) fromOthers += 1
  }
  if (entries.length > max) entries = entries.slice(entries.length - max)
  return { ...state, entries, outbox, fromOthers, received, skipped, lastProblem }
}

/** The echo of an own message replaces the oldest outbox entry with the same text. */
function withoutEcho(outbox: readonly OutboxEntry[], text: string): readonly OutboxEntry[] {
  const index = outbox.findIndex((entry) => entry.text === text)
  return index === -1 ? outbox : [...outbox.slice(0, index), ...outbox.slice(index + 1)]
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'queue': {
      const entry: OutboxEntry = { localId: action.localId, text: action.text, state: 'pending', sentAt: action.at }
      return { ...state, outbox: keepAtMost([...state.outbox, entry], action.max) }
    }
    case 'sent':
      return update(state, action.localId, (entry) => (entry.state === 'pending' ? { ...entry, state: 'sent' } : entry))
    case 'failed': {
      const next = update(state, action.localId, (entry) =>
        entry.state === 'pending' ? { ...entry, state: 'failed', reason: action.reason } : entry,
      )
      return next === state ? state : { ...next, failures: state.failures + 1 }
    }
    case 'retry':
      return update(state, action.localId, ({ reason: _reason, ...entry }) => ({ ...entry, state: 'pending', sentAt: action.at }))
    case 'discard':
      return { ...state, outbox: state.outbox.filter((entry) => entry.localId !== action.localId) }
    case 'expire': {
      const expired = (entry: OutboxEntry): boolean =>
        awaitsEcho(entry) && action.now - entry.sentAt >= action.ackTimeoutMs
      const count = state.outbox.filter(expired).length
      if (count === 0) return state
      return {
        ...state,
        failures: state.failures + count,
        outbox: state.outbox.map((entry) =>
          expired(entry) ? { ...entry, state: 'failed', reason: 'No confirmation from the server' } : entry,
        ),
      }
    }
  }
}

/** Drops entries, failed ones first (they only wait for the user), oldest first. */
function keepAtMost(outbox: OutboxEntry[], max: number): OutboxEntry[] {
  while (outbox.length > max) {
    const failed = outbox.findIndex((entry) => entry.state === 'failed')
    outbox.splice(Math.max(failed, 0), 1)
  }
  return outbox
}

function awaitsEcho(entry: OutboxEntry): boolean {
  return entry.state === 'pending' || entry.state === 'sent'
}

function update(state: ChatState, localId: number, change: (entry: OutboxEntry) => OutboxEntry): ChatState {
  const index = state.outbox.findIndex((entry) => entry.localId === localId)
  // Already echoed (and removed) or discarded: nothing to change.
  if (index === -1) return state
  const before = state.outbox[index] as OutboxEntry
  const after = change(before)
  if (after === before) return state
  const outbox = [...state.outbox]
  outbox[index] = after
  return { ...state, outbox }
}

/** When the next message still waiting for its echo times out, or undefined when none is waiting. */
export function nextExpiry(outbox: readonly OutboxEntry[], ackTimeoutMs: number): number | undefined {
  let earliest: number | undefined
  for (const entry of outbox) {
    if (!awaitsEcho(entry)) continue
    const at = entry.sentAt + ackTimeoutMs
    if (earliest === undefined || at < earliest) earliest = at
  }
  return earliest
}
