import { useMemo, type ReactElement, type ReactNode } from 'react'
import { applyUpdates, initialDashboardState } from './dashboard-state'
import { ConnectionStatusView } from './connection-status'
import { cx } from './cx'
import { toMetricUpdates } from './normalize'
import { ProblemNote } from './problem-note'
import { RealtimeSource } from './realtime-source'
import { formatNumber, Sparkline } from './sparkline'
import type { StatusLabels } from './status-text'
import type { DataSourceProps, MetricUpdate, SourceResult } from './types'
import { useSourceReducer } from './use-source-reducer'
import { useTick } from './use-tick'
import { positive, positiveInt } from './option-numbers'

const DEFAULT_POINTS = 40
const DEFAULT_STALE_AFTER_MS = 5000
const DEFAULT_MAX_METRICS = 100
/** Enough for a burst of 1000+ updates per second between two renders. */
const DASHBOARD_HISTORY = 2000

/** What a tile shows; `renderTile` receives it. */
export interface MetricTile {
  metric: string
  /** Undefined until the first update of a metric named in `metrics`. */
  value: number | undefined
  /** The last `points` values, oldest first. */
  values: readonly number[]
  /** Epoch ms of the last update's arrival. */
  updatedAt: number | undefined
  /** No update for `staleAfterMs`. */
  stale: boolean
}

export interface DashboardOwnProps {
  /** Which metrics get a tile, in this order. Default: all, in order of first arrival. */
  metrics?: readonly string[]
  /** Values kept per sparkline. Default 40. */
  points?: number
  /**
   * Most metrics kept. Past it, the metric updated least recently is dropped, unless
   * `metrics` names it. Default 100; a smaller value applies from the next update.
   */
  maxMetrics?: number
  /** A tile is marked stale after this long without an update. Default 5000. */
  staleAfterMs?: number
  /** Turns a message into updates; throw to skip it (it is counted and reported). */
  parse?: (message: unknown) => MetricUpdate | readonly MetricUpdate[]
  formatValue?: (value: number, metric: string) => string
  /** Replaces the content of a tile. */
  renderTile?: (tile: MetricTile) => ReactNode
  /** Accessible name of the dashboard. Default "Live metrics". */
  label?: string
  labels?: Partial<StatusLabels>
  className?: string
}

export type DashboardProps = DataSourceProps & DashboardOwnProps

/** A grid of live metric tiles: current value, SVG sparkline, stale marker. */
export function Dashboard(props: DashboardProps): ReactElement {
  const { source, url, transport, options, endpoints, ...own } = props
  return (
    <RealtimeSource props={{ source, url, transport, options, endpoints } as DataSourceProps} defaults={{ history: DASHBOARD_HISTORY }}>
      {(result) => <DashboardView {...own} source={result} />}
    </RealtimeSource>
  )
}

function DefaultTile({ tile, format }: { tile: MetricTile; format: (value: number, metric: string) => string }): ReactNode {
  return (
    <>
      <span className="rrk-tile__name">{tile.metric}</span>
      <span className="rrk-tile__value">{tile.value === undefined ? '—' : format(tile.value, tile.metric)}</span>
      {tile.stale && <span className="rrk-tile__stale">Stale</span>}
      <Sparkline values={tile.values} label={`${tile.metric} trend`} />
    </>
  )
}

const defaultFormat = (value: number): string => formatNumber(value)

/** `<Dashboard>` for a hook result. */
export function DashboardView({
  source,
  metrics,
  points: pointsProp,
  maxMetrics: maxMetricsProp,
  staleAfterMs: staleProp,
  parse = toMetricUpdates,
  formatValue = defaultFormat,
  renderTile,
  label = 'Live metrics',
  labels,
  className,
}: DashboardOwnProps & { source: SourceResult<never> }): ReactElement {
  const points = Math.floor(positive(pointsProp, DEFAULT_POINTS))
  const maxMetrics = positiveInt(maxMetricsProp, DEFAULT_MAX_METRICS)
  const staleAfterMs = positive(staleProp, DEFAULT_STALE_AFTER_MS)
  const pinned = useMemo(() => new Set(metrics), [metrics])
  const [state] = useSourceReducer(source, initialDashboardState, (current, messages) =>
    applyUpdates(current, messages, parse, { points, maxMetrics, pinned }),
  )
  const now = useTick(Math.min(1000, Math.max(100, staleAfterMs / 5)), state.series.size > 0)

  const names = metrics ?? state.order
  const tiles: MetricTile[] = names.map((metric) => {
    const series = state.series.get(metric)
    // applyUpdates keeps at most `points`; a smaller `points` than before trims here.
    const values = !series ? [] : series.values.length > points ? series.values.slice(-points) : series.values
    return {
      metric,
      value: values[values.length - 1],
      values,
      updatedAt: series?.updatedAt,
      stale: series !== undefined && now - series.updatedAt > staleAfterMs,
    }
  })

  return (
    <section className={cx('rrk', 'rrk-dashboard', className)} data-status={source.status} aria-label={label}>
      <div className="rrk-header">
        <ConnectionStatusView source={source} labels={labels} />
      </div>
      <ProblemNote skipped={state.skipped} lastProblem={state.lastProblem} hookError={source.error} />
      {tiles.length === 0 ? (
        <p className="rrk-empty">
          {source.status === 'failed' ? 'No metrics: the connection failed.' : 'Waiting for the first update…'}
        </p>
      ) : (
        <ul className="rrk-dashboard__grid">
          {tiles.map((tile) => (
            <li key={tile.metric} className="rrk-tile" data-stale={tile.stale ? 'true' : undefined}>
              {renderTile ? renderTile(tile) : <DefaultTile tile={tile} format={formatValue} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
