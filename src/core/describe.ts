/** A short text for an unknown thrown value. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
