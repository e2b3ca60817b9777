/** Where a fallback remembers the transport that last worked. */
export interface TransportMemory {
  read(): string | null
  write(name: string): void
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>

/**
 * `sessionStorage` under `key`. Storage can be missing (server rendering, Node),
 * or throw (Safari private mode, a full quota, a sandboxed iframe): remembering
 * is a hint, so every failure just means "nothing remembered".
 */
export function sessionMemory(key: string, storage: () => StorageLike | undefined = defaultStorage): TransportMemory {
  return {
    read: () => {
      try {
        return storage()?.getItem(key) ?? null
      } catch {
        return null
      }
    },
    write: (name) => {
      try {
        storage()?.setItem(key, name)
      } catch {
        // Not remembered: the next run starts with the preferred transport, which is still correct.
      }
    },
  }
}

function defaultStorage(): StorageLike | undefined {
  // Reading the property itself throws in some sandboxed documents.
  return (globalThis as { sessionStorage?: StorageLike }).sessionStorage
}
