import type { RealtimeError } from '../core/types'
import { asParseError } from './errors'
import { toMetricUpdates } from './normalize'
import type { MetricUpdate } from './types'

/*
 * The state of a <Dashboard>: a bounded series per metric, at most `maxMetrics`
 * metrics. Pure functions, so React may run them twice.
 */

export interface Series {
  values: readonly number[]
  updatedAt: number
}

export interface DashboardState {
  /** Least recently updated first, so the metric to drop is the first one not pinned. */
  series: ReadonlyMap<string, Series>
  /** Metric names in order of first arrival. */
  order: readonly string[]
  skipped: number
  lastProblem: RealtimeError | undefined
}

export interface DashboardLimits {
  /** Values kept per metric. */
  points: number
  maxMetrics: number
  /** Metrics never dropped to make room (the ones `metrics` names). */
  pinned: ReadonlySet<string>
}

export const initialDashboardState = (): DashboardState => ({ series: new Map(), order: [], skipped: 0, lastProblem: undefined })

export function applyUpdates(
  state: DashboardState,
  messages: readonly unknown[],
  parse: (message: unknown) => MetricUpdate | readonly MetricUpdate[],
  limits: DashboardLimits,
): DashboardState {
  // Per metric first, so each series is copied once per batch, not once per update;
  // in order of each metric's last update, so the most recent ends up last.
  // `arrived`: metrics never seen before, in order of first arrival.
  const added = new Map<string, number[]>()
  const arrived: string[] = []
  let { skipped, lastProblem } = state
  for (const message of messages) {
    let updates: readonly MetricUpdate[]
    try {
      const parsed = parse(message)
      updates = isUpdateList(parsed) ? parsed : [parsed]
      // The default parser only returns valid updates; a custom one is checked.
      if (parse !== toMetricUpdates) for (const update of updates) checkUpdate(update)
    } catch (error) {
      skipped += 1
      lastProblem = asParseError(error)
      continue
    }
    for (const { metric, value } of updates) {
      const values = added.get(metric) ?? []
      if (values.length === 0 && !state.series.has(metric)) arrived.push(metric)
      values.push(value)
      added.delete(metric)
      added.set(metric, values)
    }
  }
  if (added.size === 0) return { ...state, skipped, lastProblem }
  const updatedAt = Date.now()
  const series = new Map(state.series)
  for (const [metric, values] of added) {
    const previous = series.get(metric)
    series.delete(metric)
    const all = previous ? [...previous.values, ...values] : values
    series.set(metric, { values: all.length > limits.points ? all.slice(all.length - limits.points) : all, updatedAt })
  }
  const dropped = dropLeastRecent(series, limits)
  const order = [...state.order, ...arrived]
  return { series, order: dropped.size > 0 ? order.filter((metric) => !dropped.has(metric)) : order, skipped, lastProblem }
}

/** Removes the least recently updated metrics that are not pinned until at most `maxMetrics` are left. */
function dropLeastRecent(series: Map<string, Series>, { maxMetrics, pinned }: DashboardLimits): ReadonlySet<string> {
  const dropped = new Set<string>()
  let excess = series.size - maxMetrics
  for (const metric of series.keys()) {
    if (excess <= 0) break
    if (pinned.has(metric)) continue
    dropped.add(metric)
    excess -= 1
  }
  for (const metric of dropped) series.delete(metric)
  return dropped
}

function isUpdateList(value: MetricUpdate | readonly MetricUpdate[]): value is readonly MetricUpdate[] {
  return Array.isArray(value)
}

/** A custom `parse` may return anything at run time; a tile needs a name and a finite number. */
function checkUpdate(update: MetricUpdate): void {
  if (typeof update.metric !== 'string' || typeof update.value !== 'number' || !Number.isFinite(update.value)) {
    throw asParseError(new TypeError('parse returned something that is not { metric: string, value: number }'))
  }
}
