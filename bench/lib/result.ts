/** One printed table; the same numbers also go to bench/results/latest.json. */
export interface Table {
  title: string
  columns: readonly string[]
  rows: readonly (readonly (string | number)[])[]
}

/** What every bench part hands back to bench/run.ts. */
export interface BenchResult {
  /** Key in latest.json, e.g. 'transports'. */
  name: string
  tables: readonly Table[]
  /** Raw numbers behind the tables (medians, every sample that matters). */
  data: Record<string, unknown>
  /** Caveats printed under the tables: what was measured how, what to distrust. */
  notes: readonly string[]
}
