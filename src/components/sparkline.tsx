import type { ReactElement } from 'react'

export interface SparklineProps {
  values: readonly number[]
  /** Accessible name; the drawing itself is described by its range. */
  label: string
  width?: number
  height?: number
  className?: string
}

/** A trend line drawn with SVG, scaled to the range of `values`. */
export function Sparkline({ values, label, width = 120, height = 32, className = 'rrk-sparkline' }: SparklineProps): ReactElement {
  const description = describe(values)
  return (
    <svg
      className={className}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={description ? `${label}: ${description}` : label}
    >
      {values.length >= 2 && (
        <polyline
          points={toPoints(values, width, height)}
          fill="none"
          stroke="currentColor"
          strokeWidth={1.5}
          strokeLinejoin="round"
          vectorEffect="non-scaling-stroke"
        />
      )}
    </svg>
  )
}

/** Padding keeps the stroke inside the box at the extremes. */
const PAD = 2

export function toPoints(values: readonly number[], width: number, height: number): string {
  let min = Infinity
  let max = -Infinity
  for (const value of values) {
    if (value < min) min = value
    if (value > max) max = value
  }
  const range = max - min
  const step = values.length > 1 ? width / (values.length - 1) : 0
  return values
    .map((value, index) => {
      // A flat series is drawn along the middle.
      const ratio = range === 0 ? 0.5 : (value - min) / range
      const y = PAD + (1 - ratio) * (height - 2 * PAD)
      return `${round(index * step)},${round(y)}`
    })
    .join(' ')
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}

function describe(values: readonly number[]): string {
  if (values.length === 0) return 'no data yet'
  const min = Math.min(...values)
  const max = Math.max(...values)
  return `${values.length} values, from ${formatNumber(min)} to ${formatNumber(max)}`
}

let numberFormat: Intl.NumberFormat | undefined

/** Up to two decimals, in the reader's locale. */
export function formatNumber(value: number): string {
  numberFormat ??= new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 })
  return numberFormat.format(value)
}
