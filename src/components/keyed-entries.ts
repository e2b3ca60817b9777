/**
 * Adds an entry keyed by its `id`, or by its arrival number when it has none. An
 * entry whose id is already there is replaced in place (a message resent after a
 * reconnect, or an edit). Returns true when the entry was added, false when replaced.
 */
export function upsertKeyed<E extends { key: string }>(
  entries: E[],
  id: string | number | undefined,
  arrival: number,
  entryFor: (key: string) => E,
): boolean {
  const key = id === undefined ? `n:${arrival}` : `id:${id}`
  const existing = id === undefined ? -1 : entries.findIndex((entry) => entry.key === key)
  if (existing === -1) {
    entries.push(entryFor(key))
    return true
  }
  entries[existing] = entryFor(key)
  return false
}
