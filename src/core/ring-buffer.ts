/** A fixed-capacity buffer that keeps the newest items; pushing is O(1) at any rate. */
export class RingBuffer<T> {
  #items: (T | undefined)[]
  #start = 0
  #length = 0
  #capacity: number

  constructor(capacity: number) {
    this.#capacity = capacity
    this.#items = new Array<T | undefined>(Math.max(0, capacity))
  }

  push(item: T): void {
    if (this.#capacity <= 0) return
    const end = (this.#start + this.#length) % this.#capacity
    this.#items[end] = item
    if (this.#length < this.#capacity) this.#length++
    else this.#start = (this.#start + 1) % this.#capacity
  }

  /** Oldest first. */
  toArray(): T[] {
    const result = new Array<T>(this.#length)
    for (let index = 0; index < this.#length; index++) {
      result[index] = this.#items[(this.#start + index) % this.#capacity] as T
    }
    return result
  }

  /** Changes the capacity, keeping the newest items that still fit. */
  resize(capacity: number): void {
    const kept = capacity > 0 ? this.toArray().slice(-capacity) : []
    this.#capacity = Math.max(0, capacity)
    this.#items = new Array<T | undefined>(this.#capacity)
    this.#start = 0
    this.#length = 0
    for (const item of kept) this.push(item)
  }

  clear(): void {
    this.#items = new Array<T | undefined>(this.#capacity)
    this.#start = 0
    this.#length = 0
  }
}
