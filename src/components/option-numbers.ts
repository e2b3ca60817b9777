/** A whole number of at least 1 from a numeric prop, else `fallback` (for counts such as `max`). */
export function positiveInt(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback
}

/** A finite number above 0 from a numeric prop, else `fallback` (for sizes and durations). */
export function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback
}
