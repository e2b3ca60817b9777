/** Properties given as `undefined` count as absent (what `exactOptionalPropertyTypes` wants). */
export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> }

/** A copy of `object` without its `undefined` properties, so spreading it keeps defaults. */
export function defined<T extends object>(object: T): Defined<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Defined<T>
}
