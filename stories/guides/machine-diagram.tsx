import type { ReactNode } from 'react'
import type { Status } from '../../src/core/types'
import { diagramEdges } from './diagram-edges'
import { exploreMachine, STATUSES } from './machine-graph'
import './guides.css'

const BOX = { width: 128, height: 36 }
const VIEW = { width: 900, height: 400 }

/** Where each status sits: the way to `open` along the top, trouble below it, the ends on the left. */
const POSITIONS: Record<Status, { x: number; y: number }> = {
  idle: { x: 80, y: 40 },
  connecting: { x: 330, y: 40 },
  open: { x: 760, y: 40 },
  offline: { x: 300, y: 200 },
  reconnecting: { x: 580, y: 200 },
  closed: { x: 110, y: 360 },
  failed: { x: 580, y: 360 },
}

/** Where along an arrow its label sits (0.5 unless moved off a crossing). */
const LABEL_AT: Partial<Record<string, number>> = { 'connecting->failed': 0.7 }

/** Labels of (nearly) vertical arrows go beside the line, not across it. */
const VERTICAL_SLOPE = 0.2

/** Two arrows between the same pair of statuses are pulled apart by this much. */
const PAIR_OFFSET = 14

/** The point where the line from the centre of `box` towards `toward` leaves the box. */
function boxExit(box: { x: number; y: number }, toward: { x: number; y: number }): { x: number; y: number } {
  const dx = toward.x - box.x
  const dy = toward.y - box.y
  const scale = Math.min(
    dx === 0 ? Infinity : BOX.width / 2 / Math.abs(dx),
    dy === 0 ? Infinity : BOX.height / 2 / Math.abs(dy),
  )
  return { x: box.x + dx * scale, y: box.y + dy * scale }
}

/** The reconnection machine's statuses and transitions, drawn from `exploreMachine()`. */
export function MachineDiagram(): ReactNode {
  const { arrows, shared } = diagramEdges(exploreMachine())
  const paired = new Set(arrows.map(({ from, to }) => `${from} ${to}`))
  return (
    <figure className="rrk rrk-guide rrk-diagram">
      <svg viewBox={`0 0 ${VIEW.width} ${VIEW.height}`} role="img" aria-labelledby="rrk-diagram-title">
        <title id="rrk-diagram-title">
          Status transitions of the reconnection machine; every transition is listed in the table below
        </title>
        <defs>
          <marker id="rrk-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" className="rrk-diagram__head" />
          </marker>
        </defs>
        {arrows.map(({ from, to, labels }) => {
          const a = POSITIONS[from]
          const b = POSITIONS[to]
          const length = Math.hypot(b.x - a.x, b.y - a.y)
          // Arrows both ways between two statuses each move to their own side.
          const shift = paired.has(`${to} ${from}`) ? PAIR_OFFSET : 0
          const nx = (-(b.y - a.y) / length) * shift
          const ny = ((b.x - a.x) / length) * shift
          const start = boxExit({ x: a.x + nx, y: a.y + ny }, { x: b.x + nx, y: b.y + ny })
          const end = boxExit({ x: b.x + nx, y: b.y + ny }, { x: a.x + nx, y: a.y + ny })
          const at = LABEL_AT[`${from}->${to}`] ?? 0.5
          const mid = { x: start.x + (end.x - start.x) * at + nx * 1.5, y: start.y + (end.y - start.y) * at + ny * 1.5 }
          const vertical = Math.abs(b.x - a.x) < Math.abs(b.y - a.y) * VERTICAL_SLOPE
          const labelX = vertical ? mid.x + 8 : mid.x
          return (
            <g key={`${from}-${to}`} data-edge={`${from}->${to}`}>
              <line x1={start.x} y1={start.y} x2={end.x} y2={end.y} className="rrk-diagram__line" markerEnd="url(#rrk-arrow)" />
              <text
                x={labelX}
                y={mid.y - ((labels.length - 1) * 13) / 2}
                className="rrk-diagram__label"
                textAnchor={vertical ? 'start' : 'middle'}
              >
                {labels.map((label, index) => (
                  <tspan key={label} x={labelX} dy={index === 0 ? 4 : 13}>
                    {label}
                  </tspan>
                ))}
              </text>
            </g>
          )
        })}
        {STATUSES.map((status) => {
          const { x, y } = POSITIONS[status]
          return (
            <g key={status} data-node={status}>
              <rect
                x={x - BOX.width / 2}
                y={y - BOX.height / 2}
                width={BOX.width}
                height={BOX.height}
                rx={18}
                className="rrk-diagram__node"
                data-status={status}
              />
              <text x={x} y={y + 5} className="rrk-diagram__status">
                {status}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption>
        Not drawn as arrows, because they lead to one status from several:
        <ul>
          {shared.map(({ label, to, from }) => (
            <li key={`${label}-${to}`}>
              <strong>{label}</strong> → <code>{to}</code>, from {from.map((status) => status).join(', ')}
            </li>
          ))}
        </ul>
        Moves that happen only while the browser is offline or the page is hidden are in the table below.
      </figcaption>
    </figure>
  )
}

/** Every (status, event) → status the exploration found, including the offline and hidden cases. */
export function TransitionTable(): ReactNode {
  return (
    <div className="rrk rrk-guide">
      <table className="rrk-guide__table">
        <thead>
          <tr>
            <th scope="col">from</th>
            <th scope="col">event</th>
            <th scope="col">to</th>
            <th scope="col">only when</th>
          </tr>
        </thead>
        <tbody>
          {exploreMachine().map(({ from, to, condition, labels }) => (
            <tr key={`${from}-${to}-${condition ?? ''}`}>
              <td>
                <code>{from}</code>
              </td>
              <td>{labels.join(', ')}</td>
              <td>
                <code>{to}</code>
              </td>
              <td>{condition ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
