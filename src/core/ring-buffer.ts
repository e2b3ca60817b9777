/**
 * Keeps the newest `capacity` items. Pushing is amortised O(1) at any rate: the
 * array grows to twice the capacity, then the oldest half goes in one cut.
 */
export class RingBuffer<T> {
  #items: T[] = []
  #capacity = 0

  constructor(capacity: number) {
    this.resize(capacity)
  }

  push(item: T): void {
    if (this.#capacity <= 0) return
    this.#items.push(item)
    if (this.#items.length >= 2 * this.#capacity) this.#items.splice(0, this.#capacity)
  }

  /** Oldest first. */
  toArray(): T[] {
    return this.#capacity > 0 ? this.#items.slice(-this.#capacity) : []
  }

  /** Changes the capacity, keeping the newest items that still fit. */
  resize(capacity: number): void {
    // Whole items only; NaN keeps none.
    this.#capacity = capacity > 0 ? Math.floor(capacity) : 0
    this.#items = this.toArray()
  }

  clear(): void {
    this.#items = []
  }
}
