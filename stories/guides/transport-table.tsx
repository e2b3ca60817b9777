/**
 * The transport comparison as `npm run bench` last measured it: read from
 * bench/results/latest.json when Storybook is built, never copied by hand.
 */
import type { ReactNode } from 'react'
import latest from '../../bench/results/latest.json'
import './guides.css'

export interface BenchTable {
  title: string
  columns: string[]
  rows: string[][]
}

export interface TransportBench {
  table: BenchTable
  notes: string[]
  /** When and where it was measured. */
  measured: string
}

/** The transports part of a bench results file (`parts.transports`), or an error naming what is missing. */
export function transportBench(results: unknown = latest): TransportBench {
  const { machine, parts } = results as {
    machine?: { cpu?: string; cores?: number; node?: string }
    parts?: { transports?: { date?: string; tables?: BenchTable[]; notes?: string[] } }
  }
  const transports = parts?.transports
  const table = transports?.tables?.[0]
  if (!transports || !table) throw new Error('bench/results/latest.json has no transports table: run `npm run bench`')
  const day = transports.date?.slice(0, 10) ?? 'an unknown date'
  const where = machine ? `${machine.cores ?? '?'}-core ${machine.cpu ?? 'machine'}, Node ${machine.node ?? '?'}` : 'an unknown machine'
  return { table, notes: transports.notes ?? [], measured: `Measured on ${day} (${where}).` }
}

export function TransportTable(): ReactNode {
  const { table, notes, measured } = transportBench()
  return (
    <div className="rrk rrk-guide">
      <table className="rrk-guide__table">
        <caption>{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((column, index) => (
              <th key={index} scope="col">
                {column || 'measure'}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map(([label = '', ...cells]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {cells.map((cell, index) => (
                <td key={index}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p>{measured}</p>
      <ul>
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </div>
  )
}
