import type { Table } from './result'

/** A plain-text table with a title, columns padded to their widest cell. */
export function renderTable(table: Table): string {
  const cells = [table.columns, ...table.rows].map((row) => row.map((cell) => String(cell)))
  const widths = table.columns.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)))
  const line = (row: readonly string[]): string =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`
  const [header, ...body] = cells
  return [table.title, line(header ?? []), rule, ...body.map(line)].join('\n')
}

/** The "met" cell of a targets table. */
export function yes(met: boolean): string {
  return met ? 'yes' : 'NO'
}

/** The list in a different order each round (rotated by `round`), so none always runs first or last. */
export function rotated<T>(list: readonly T[], round: number): T[] {
  return list.map((_, i) => list[(i + round) % list.length] as T)
}
