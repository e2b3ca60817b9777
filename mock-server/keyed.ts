/**
 * Per-key state (failFirst counters, long-poll timelines), bounded so that a
 * client inventing new query strings cannot grow the server's memory forever.
 */
export class KeyedState<T> {
  private readonly entries = new Map<string, T>()

  constructor(
    private readonly create: () => T,
    private readonly limit = 2000,
  ) {}

  get(key: string): T {
    const existing = this.entries.get(key)
    if (existing !== undefined) return existing
    const created = this.create()
    this.entries.set(key, created)
    if (this.entries.size > this.limit) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.entries.keys().next()
      if (oldest.done !== true) this.entries.delete(oldest.value)
    }
    return created
  }

  clear(): void {
    this.entries.clear()
  }
}
