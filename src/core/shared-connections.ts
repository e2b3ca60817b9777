import type { Clock } from './types'
import type { Connection } from './connection'
import { createStore, type ReadableStore } from './store'

/** One use of a connection; `release` gives it back. */
export interface Lease {
  readonly connection: Connection
  /** Whether other leases may hold the same connection. */
  readonly shared: boolean
  /** Gives the connection back. A shared one stops `graceMs` after its last lease is released. */
  release(graceMs?: number): void
}

interface Entry<Holder> {
  readonly connection: Connection
  refs: number
  /** Who holds a lease now, first come first: what asked for one with a holder and has not released it. */
  readonly holders: Set<Holder>
  graceTimer: unknown
}

/**
 * Ref-counted connections by key (SWR's model): the first lease creates and starts
 * the connection, the last release stops it after a grace period, so StrictMode's
 * double effects and quick remounts do not reconnect. A lease may name its holder,
 * so a connection can read its options from a holder that is still there.
 */
export class SharedConnections<Holder = unknown> {
  /** The lookup, written before a new connection starts (a re-entrant acquire finds it). */
  readonly #entries = new Map<string, Entry<Holder>>()
  /** What is published: a copy of the lookup, once a change is complete. */
  readonly #store = createStore<ReadonlyMap<string, Entry<Holder>>>(new Map())
  readonly #clock: Clock

  constructor(clock: Clock) {
    this.#clock = clock
  }

  /** The shared connections by key, a new map whenever one comes or goes (for devtools and leak checks). */
  get connections(): ReadableStore<ReadonlyMap<string, { readonly connection: Connection }>> {
    return this.#store
  }

  acquire(key: string, create: () => Connection, holder?: Holder): Lease {
    let entry = this.#entries.get(key)
    const created = !entry
    if (!entry) {
      entry = { connection: create(), refs: 0, holders: new Set(), graceTimer: undefined }
      this.#entries.set(key, entry)
      entry.connection.start()
    }
    if (entry.graceTimer !== undefined) {
      this.#clock.clearTimeout(entry.graceTimer)
      entry.graceTimer = undefined
    }
    entry.refs++
    if (holder !== undefined) entry.holders.add(holder)
    // Published once the lease counts and the connection runs.
    if (created) this.#store.set(new Map(this.#entries))
    const held = entry
    let released = false
    return {
      connection: held.connection,
      shared: true,
      release: (graceMs = 0) => {
        if (released) return
        released = true
        if (holder !== undefined) held.holders.delete(holder)
        held.refs--
        if (held.refs > 0) return
        const end = (): void => {
          held.graceTimer = undefined
          if (this.#entries.get(key) === held && this.#entries.delete(key)) this.#store.set(new Map(this.#entries))
          held.connection.stop()
        }
        if (graceMs <= 0) end()
        else held.graceTimer = this.#clock.setTimeout(end, graceMs)
      },
    }
  }

  /** The longest-standing holder of a lease on `key`'s connection, if any is left. */
  firstHolder(key: string): Holder | undefined {
    return this.#entries.get(key)?.holders.values().next().value
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
