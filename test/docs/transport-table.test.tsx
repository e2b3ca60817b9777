import { readFileSync } from 'node:fs'
import path from 'node:path'
import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { transportBench, TransportTable } from '../../stories/guides/transport-table'

// vitest runs from the package root.
const readme = readFileSync(path.resolve('README.md'), 'utf8')

/** The README's measured transport table: the one under "## Choosing a transport" that has latency in it. */
function readmeTransportRows(): string[] {
  const section = readme.split('## Choosing a transport')[1]?.split('\n## ')[0] ?? ''
  return section.split('\n').filter((line) => line.startsWith('| latency') || line.startsWith('| max sustained'))
}

describe('TransportTable (the Choosing a transport page)', () => {
  it('renders the transports table of bench/results/latest.json', () => {
    const { table } = transportBench()
    render(<TransportTable />)
    const rendered = within(screen.getByRole('table'))
    expect(rendered.getAllByRole('row')).toHaveLength(table.rows.length + 1)
    for (const row of table.rows) {
      const [label = '', ...cells] = row
      const header = rendered.getByRole('rowheader', { name: label })
      const cellsShown = within(header.closest('tr') as HTMLElement).getAllByRole('cell').map((cell) => cell.textContent)
      expect(cellsShown).toEqual(cells)
    }
  })

  it('shows the same latency and throughput numbers as the README', () => {
    const cells = transportBench().table.rows.flat().join(' ')
    const rows = readmeTransportRows()
    expect(rows).toHaveLength(2)
    for (const number of rows.join(' ').match(/\d[\d,.]*\d|\d/g) ?? []) {
      if (number === '20' || number === '2' || number === '99') continue // "(20 msg/s)", "(flood, 2 s)", "p99"
      expect(cells, `README number ${number}`).toContain(number)
    }
  })

  it('names what is missing when the results have no transports table', () => {
    expect(() => transportBench({ parts: {} })).toThrow(/no transports table/)
  })
})
