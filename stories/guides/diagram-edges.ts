import type { Status } from '../../src/core/types'
import type { Edge } from './machine-graph'

/** A (event, target) pair seen from this many statuses is drawn once, in the "from any status" list. */
const ANY_STATUS_THRESHOLD = 4

export interface DiagramEdges {
  /** Drawn as arrows: the path of a connection on an online, visible page. */
  arrows: { from: Status; to: Status; labels: string[] }[]
  /** Events that lead to the same status from nearly everywhere. */
  fromAnyStatus: { label: string; to: Status }[]
}

/**
 * Splits the explored edges for drawing. Edges that need the page offline or
 * hidden are left to the full table; "retries used up" is drawn, marked as such.
 */
export function diagramEdges(edges: readonly Edge[]): DiagramEdges {
  const sources = new Map<string, Set<Status>>()
  for (const edge of edges) {
    if (edge.condition !== undefined) continue
    for (const label of edge.labels) {
      const key = `${label}\u0000${edge.to}`
      sources.set(key, (sources.get(key) ?? new Set()).add(edge.from))
    }
  }
  const isGlobal = (label: string, to: Status): boolean => (sources.get(`${label}\u0000${to}`)?.size ?? 0) >= ANY_STATUS_THRESHOLD
  const fromAnyStatus = [...sources]
    .filter(([, from]) => from.size >= ANY_STATUS_THRESHOLD)
    .map(([key]) => {
      const [label = '', to = ''] = key.split('\u0000')
      return { label, to: to as Status }
    })

  const arrows = new Map<string, { from: Status; to: Status; labels: string[] }>()
  for (const edge of edges) {
    if (edge.condition !== undefined && edge.condition !== 'retries used up') continue
    const labels = edge.labels
      .filter((label) => edge.condition !== undefined || !isGlobal(label, edge.to))
      .map((label) => (edge.condition ? `${label} (${edge.condition})` : label))
    if (labels.length === 0) continue
    const key = `${edge.from} ${edge.to}`
    const arrow = arrows.get(key) ?? { from: edge.from, to: edge.to, labels: [] }
    arrow.labels.push(...labels)
    arrows.set(key, arrow)
  }
  return { arrows: [...arrows.values()], fromAnyStatus }
}
