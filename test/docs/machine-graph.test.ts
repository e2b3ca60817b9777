import { describe, expect, it } from 'vitest'
import { diagramEdges } from '../../stories/guides/diagram-edges'
import { exploreMachine, STATUSES, type Edge } from '../../stories/guides/machine-graph'

const edges = exploreMachine()

function labelsOf(from: string, to: string, condition?: Edge['condition']): string[] {
  return edges.find((edge) => edge.from === from && edge.to === to && edge.condition === condition)?.labels ?? []
}

describe('exploreMachine (the Reconnection page diagram)', () => {
  it('reaches every status', () => {
    const reached = new Set(edges.flatMap((edge) => [edge.from, edge.to]))
    expect([...reached].sort()).toEqual([...STATUSES].sort())
  })

  it('finds the way a connection lives: start, open, drop, retry, open again', () => {
    expect(labelsOf('idle', 'connecting')).toContain('start')
    expect(labelsOf('connecting', 'open')).toEqual(['opened'])
    expect(labelsOf('open', 'reconnecting')).toEqual(['dropped / refused'])
    expect(labelsOf('reconnecting', 'open')).toEqual(['opened'])
    expect(labelsOf('offline', 'reconnecting')).toEqual(['online'])
  })

  it('marks what depends on circumstances: retries used up, offline, hidden', () => {
    expect(labelsOf('reconnecting', 'failed', 'retries used up')).toContain('dropped / refused')
    expect(labelsOf('reconnecting', 'failed')).toEqual(['non-retryable error'])
    expect(labelsOf('open', 'offline', 'while offline')).toContain('dropped / refused')
    expect(labelsOf('reconnecting', 'idle', 'while hidden')).toContain('retry timer')
  })

  it('lets reconnect() leave every status but idle, and close() end in closed', () => {
    for (const from of ['open', 'reconnecting', 'offline', 'closed', 'failed']) {
      expect(labelsOf(from, 'connecting'), from).toContain('reconnect()')
    }
    for (const from of ['connecting', 'open', 'reconnecting', 'offline', 'failed']) {
      expect(labelsOf(from, 'closed'), from).toContain('close()')
    }
  })

  it('never lists a status change to the same status', () => {
    expect(edges.filter((edge) => edge.from === edge.to)).toEqual([])
  })
})

describe('diagramEdges', () => {
  it('draws or lists every transition of a visible, online page, and nothing else', () => {
    const { arrows, shared } = diagramEdges(edges)
    const shown = new Set([
      ...arrows.flatMap(({ from, to, labels }) => labels.map((label) => `${from} ${label} ${to}`)),
      ...shared.flatMap(({ from, label, to }) => from.map((status) => `${status} ${label} ${to}`)),
    ])
    const expected = edges
      .filter((edge) => edge.condition === undefined || edge.condition === 'retries used up')
      .flatMap((edge) =>
        edge.labels.map((label) => `${edge.from} ${edge.condition ? `${label} (${edge.condition})` : label} ${edge.to}`),
      )
    expect([...shown].sort()).toEqual([...new Set(expected)].sort())
  })

  it('lists an event once when it leads to one status from three or more', () => {
    const { shared } = diagramEdges(edges)
    expect(shared).toContainEqual({ label: 'close()', to: 'closed', from: ['connecting', 'open', 'reconnecting', 'offline', 'failed'] })
  })
})
