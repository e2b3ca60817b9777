import { RealtimeError } from '../core/types'
import { decodeJsonText, preview } from './decode'
import type { ChatMessage, FeedItem, MetricUpdate } from './types'

/*
 * The default `parse` props of the components: they accept the documented
 * message shapes and throw a RealtimeError (kind 'parse') for anything else,
 * which the component counts and reports instead of dropping it silently.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${preview(value)}"`
  try {
    return preview(JSON.stringify(value) ?? String(value))
  } catch {
    return typeof value
  }
}

function reject(what: string, value: unknown): never {
  throw new RealtimeError('parse', `Not ${what}: ${describe(value)}`)
}

/** An id or a time: a string, or a finite number. */
function optionalStringOrNumber(value: unknown): string | number | undefined {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** `{ id?, title?, text?, time? }` or a plain string (which becomes `{ text }`). */
export function toFeedItem(message: unknown): FeedItem {
  if (typeof message === 'string') return { text: message }
  if (!isRecord(message)) return reject('a feed item', message)
  const title = optionalString(message.title)
  const text = optionalString(message.text)
  if (title === undefined && text === undefined) return reject('a feed item (no title or text)', message)
  const item: FeedItem = {}
  const id = optionalStringOrNumber(message.id)
  const time = optionalStringOrNumber(message.time)
  if (id !== undefined) item.id = id
  if (title !== undefined) item.title = title
  if (text !== undefined) item.text = text
  if (time !== undefined) item.time = time
  return item
}

function toMetricUpdate(value: unknown): MetricUpdate {
  if (!isRecord(value)) return reject('a metric update', value)
  const { metric, value: number } = value
  if (typeof metric !== 'string' || metric === '' || typeof number !== 'number' || !Number.isFinite(number)) {
    return reject('a metric update ({ metric, value })', value)
  }
  const update: MetricUpdate = { metric, value: number }
  const time = optionalStringOrNumber(value.time)
  if (time !== undefined) update.time = time
  return update
}

/** `{ metric, value, time? }` or an array of them; JSON text is decoded first. */
export function toMetricUpdates(message: unknown): MetricUpdate[] {
  const value = typeof message === 'string' ? decodeJsonText(message) : message
  return Array.isArray(value) ? value.map(toMetricUpdate) : [toMetricUpdate(value)]
}

/** `{ id?, user, text, time?, clientId? }`; JSON text is decoded first. */
export function toChatMessage(message: unknown): ChatMessage {
  const value = typeof message === 'string' ? decodeJsonText(message) : message
  if (!isRecord(value) || typeof value.user !== 'string' || typeof value.text !== 'string') {
    return reject('a chat message ({ user, text })', value)
  }
  const chat: ChatMessage = { user: value.user, text: value.text }
  const id = optionalStringOrNumber(value.id)
  const time = optionalStringOrNumber(value.time)
  const clientId = optionalString(value.clientId)
  if (id !== undefined) chat.id = id
  if (time !== undefined) chat.time = time
  if (clientId !== undefined) chat.clientId = clientId
  return chat
}

/** The time to show for a `time` field, or undefined when it is not a date. */
export function toDate(time: number | string | undefined): Date | undefined {
  if (time === undefined) return undefined
  const date = new Date(time)
  return Number.isNaN(date.getTime()) ? undefined : date
}
