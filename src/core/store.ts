import { callSafely } from './guard'

/** A value that changes over time, read the way `useSyncExternalStore` reads it. */
export interface ReadableStore<T> {
  /** The current value; the same object until it changes. */
  getSnapshot(): T
  /** Listens for changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

export interface Store<T> extends ReadableStore<T> {
  /** Publishes `next`, unless it is the same as the current value by the store's `same`; says whether it did. */
  set(next: T): boolean
  /**
   * The value changed, faster than anyone may read it (a resume position, once per SSE
   * event): `compute` builds the value when it is next read. Listeners hear of the first
   * change after a read; until the next read, more changes with the same `compute` are
   * silent (a listener told once reads them all).
   */
  invalidate(compute: () => T): void
}

/** Listeners kept in an array that is replaced, never changed: a publish iterates it without a copy. */
export interface ListenerList<L> {
  readonly current: readonly L[]
  /** Returns the function that removes this one entry. */
  add(listener: L): () => void
}

export function createListenerList<L>(): ListenerList<L> {
  // A plain property, not a getter: it is read once per message.
  const list: { current: readonly L[]; add(listener: L): () => void } = {
    current: [],
    add(listener) {
      // As a Set (and addEventListener): a listener added twice is there once, and any of
      // its unsubscribe functions removes it.
      if (!list.current.includes(listener)) list.current = [...list.current, listener]
      return () => {
        if (list.current.includes(listener)) list.current = list.current.filter((other) => other !== listener)
      }
    },
  }
  return list
}

/**
 * The one store primitive: Connection, Subscription, the shared-connection registry and
 * the fallback engine each keep their published state in one (Zustand's vanilla store,
 * with an equality check instead of a merge). A listener that throws is reported, and
 * the others still hear of the change.
 */
export function createStore<T>(initial: T, same: (next: T, previous: T) => boolean = Object.is): Store<T> {
  let value = initial
  let stale: (() => T) | undefined
  const listeners = createListenerList<() => void>()
  const notify = (): void => {
    for (const listener of listeners.current) callSafely(listener)
  }
  return {
    getSnapshot() {
      if (stale) {
        const next = stale()
        stale = undefined
        if (!same(next, value)) value = next
      }
      return value
    },
    subscribe: (listener) => listeners.add(listener),
    set(next) {
      stale = undefined
      if (same(next, value)) return false
      value = next
      notify()
      return true
    },
    invalidate(compute) {
      // Already stale the same way: the listeners were told, and have not read since.
      if (stale === compute) return
      stale = compute
      notify()
    },
  }
}
