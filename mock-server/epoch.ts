import { randomBytes } from 'node:crypto'
import type { ServerContext } from './context'
import { FaultError, parsePosition } from './faults'

/**
 * `?epoch=1`: positions (SSE ids, long-poll cursors, WS `cursor`, and the
 * `position` field of WS messages) read `<epoch>@<seq>`. The epoch is made
 * afresh by every server start, so a client resuming from a position of an
 * earlier run is told apart: it starts over (as a client without a position
 * would), and its new positions carry the new epoch, which is how it can tell
 * that the stream restarted instead of splicing two runs together.
 *
 * Without the switch, positions are plain sequence numbers, as before.
 */

// A WeakMap instead of a ServerContext field: each server gets its own epoch
// without every place that builds a context having to know about it.
const epochs = new WeakMap<object, string>()

function serverEpoch(ctx: Pick<ServerContext, 'room'>): string {
  let epoch = epochs.get(ctx.room)
  if (epoch === undefined) {
    // Time first (readable in logs), then randomness: two servers started in one ms differ.
    epoch = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`
    epochs.set(ctx.room, epoch)
  }
  return epoch
}

/** How positions are written and read for one request. */
export interface Positions {
  /** The position of message `seq` on the wire. */
  format(seq: number): string
  /** A resume position from the client: a number, or undefined to start over. Throws FaultError when malformed. */
  read(raw: string | undefined, name: string): number | undefined
  /** True when positions carry the epoch (and WS messages carry their `position`). */
  readonly withEpoch: boolean
}

/** The positions of a request, as its `epoch` switch asks. */
export function positionsFor(ctx: Pick<ServerContext, 'room'>, query: URLSearchParams): Positions {
  if (!epochSwitch(query)) {
    return { withEpoch: false, format: String, read: parsePosition }
  }
  const epoch = serverEpoch(ctx)
  return {
    withEpoch: true,
    format: (seq) => `${epoch}@${seq}`,
    read: (raw, name) => {
      if (raw === undefined || raw === '') return undefined
      const at = raw.lastIndexOf('@')
      // A plain number is still accepted: the client has not seen an epoch yet.
      if (at === -1) return parsePosition(raw, name)
      const seq = parsePosition(raw.slice(at + 1), name)
      return raw.slice(0, at) === epoch ? seq : undefined
    },
  }
}

function epochSwitch(query: URLSearchParams): boolean {
  const values = query.getAll('epoch')
  if (values.length === 0) return false
  if (values.length > 1) throw new FaultError(`epoch is given ${values.length} times; give it once`)
  const [raw] = values
  if (raw === '0' || raw === 'false') return false
  if (raw === '' || raw === '1' || raw === 'true') return true
  throw new FaultError(`epoch must be 1 or 0, got ${JSON.stringify(raw)}`)
}

/** A WS frame's text with the message's `position` added (JSON objects only; other values go as they are). */
export function withPositionField(text: string, value: unknown, position: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return text
  return JSON.stringify({ ...value, position })
}
