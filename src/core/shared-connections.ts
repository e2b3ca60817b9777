import type { Clock } from './types'
import type { Connection } from './connection'

/** One use of a connection; `release` gives it back. */
export interface Lease {
  readonly connection: Connection
  /** Whether other leases may hold the same connection. */
  readonly shared: boolean
  /** Gives the connection back. A shared one stops `graceMs` after its last lease is released. */
  release(graceMs?: number): void
}

interface Entry {
  connection: Connection
  refs: number
  graceTimer: unknown
}

/**
 * Ref-counted connections by key (SWR's model): the first lease creates and starts
 * the connection, the last release stops it after a grace period, so StrictMode's
 * double effects and quick remounts do not reconnect.
 */
export class SharedConnections {
  readonly #entries = new Map<string, Entry>()
  readonly #clock: Clock

  constructor(clock: Clock) {
    this.#clock = clock
  }

  acquire(key: string, create: () => Connection): Lease {
    let entry = this.#entries.get(key)
    if (!entry) {
      entry = { connection: create(), refs: 0, graceTimer: undefined }
      this.#entries.set(key, entry)
      entry.connection.start()
    }
    if (entry.graceTimer !== undefined) {
      this.#clock.clearTimeout(entry.graceTimer)
      entry.graceTimer = undefined
    }
    entry.refs++
    const held = entry
    let released = false
    return {
      connection: held.connection,
      shared: true,
      release: (graceMs = 0) => {
        if (released) return
        released = true
        held.refs--
        if (held.refs > 0) return
        const end = (): void => {
          held.graceTimer = undefined
          if (this.#entries.get(key) === held) this.#entries.delete(key)
          held.connection.stop()
        }
        if (graceMs <= 0) end()
        else held.graceTimer = this.#clock.setTimeout(end, graceMs)
      },
    }
  }

  /** How many shared connections exist (for tests and leak checks). */
  get size(): number {
    return this.#entries.size
  }
}

/** A lease on a connection of one's own: started now, stopped on release. */
export function ownConnection(create: () => Connection): Lease {
  const connection = create()
  connection.start()
  return { connection, shared: false, release: () => connection.stop() }
}
