import { callSafely } from './guard'

/** A value that changes over time, read the way `useSyncExternalStore` reads it. */
export interface ReadableStore<T> {
  /** The current value; the same object until it changes. */
  getSnapshot(): T
  /** Listens for changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

export interface Store<T> extends ReadableStore<T> {
  /** Publishes `next`, unless it is the same as the current value by the store's `same`. */
  set(next: T): void
}

/** Listeners kept in an array that is replaced, never changed: a publish iterates it without a copy. */
export interface ListenerList<L> {
  readonly current: readonly L[]
  /** Returns the function that removes this one entry. */
  add(listener: L): () => void
}

export function createListenerList<L>(): ListenerList<L> {
  let current: readonly L[] = []
  return {
    get current() {
      return current
    },
    add(listener) {
      current = [...current, listener]
      let added = true
      return () => {
        if (!added) return
        added = false
        const index = current.indexOf(listener)
        if (index !== -1) current = [...current.slice(0, index), ...current.slice(index + 1)]
      }
    },
  }
}

/**
 * The one store primitive: Connection, Subscription, the shared-connection registry and
 * the fallback engine each keep their published state in one (Zustand's vanilla store,
 * with an equality check instead of a merge). A listener that throws is reported, and
 * the others still hear of the change.
 */
export function createStore<T>(initial: T, same: (next: T, previous: T) => boolean = Object.is): Store<T> {
  let value = initial
  const listeners = createListenerList<() => void>()
  return {
    getSnapshot: () => value,
    subscribe: (listener) => listeners.add(listener),
    set(next) {
      if (same(next, value)) return
      value = next
      for (const listener of listeners.current) callSafely(listener)
    },
  }
}
