import type { Status } from '../../src/core/types'
import type { Edge } from './machine-graph'

/** An event that leads to the same status from this many statuses is listed once instead of drawn as arrows. */
const SHARED_THRESHOLD = 3

export interface DiagramEdges {
  /** Drawn as arrows: the path of a connection on an online, visible page. */
  arrows: { from: Status; to: Status; labels: string[] }[]
  /** Events that lead to one status from several: listed under the diagram with where they apply. */
  shared: { label: string; to: Status; from: Status[] }[]
}

function labelOf(label: string, edge: Edge): string {
  return edge.condition ? `${label} (${edge.condition})` : label
}

/**
 * Splits the explored edges for drawing. Edges that need the page offline or
 * hidden are left to the full table; "retries used up" is drawn, marked as such.
 */
export function diagramEdges(edges: readonly Edge[]): DiagramEdges {
  const drawn = edges.filter((edge) => edge.condition === undefined || edge.condition === 'retries used up')
  const sources = new Map<string, { label: string; to: Status; from: Status[] }>()
  for (const edge of drawn) {
    for (const label of edge.labels.map((plain) => labelOf(plain, edge))) {
      const key = `${label} ${edge.to}`
      const entry = sources.get(key) ?? { label, to: edge.to, from: [] }
      if (!entry.from.includes(edge.from)) entry.from.push(edge.from)
      sources.set(key, entry)
    }
  }
  const isShared = (label: string, to: Status): boolean => (sources.get(`${label} ${to}`)?.from.length ?? 0) >= SHARED_THRESHOLD

  const arrows = new Map<string, { from: Status; to: Status; labels: string[] }>()
  for (const edge of drawn) {
    const labels = edge.labels.map((plain) => labelOf(plain, edge)).filter((label) => !isShared(label, edge.to))
    if (labels.length === 0) continue
    const key = `${edge.from} ${edge.to}`
    const arrow = arrows.get(key) ?? { from: edge.from, to: edge.to, labels: [] }
    arrow.labels.push(...labels)
    arrows.set(key, arrow)
  }
  const shared = [...sources.values()].filter(({ from }) => from.length >= SHARED_THRESHOLD)
  return { arrows: [...arrows.values()], shared }
}
