/**
 * Whether two snapshots hold the same values, key by key: by identity, except
 * arrays, which are rebuilt on every read (a history) and compare item by item.
 */
export function sameSnapshot<T extends object>(next: T, previous: T): boolean {
  return (Object.keys(next) as (keyof T)[]).every((key) => {
    const a = next[key]
    const b = previous[key]
    return a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => item === b[i]))
  })
}
