import type { ReactNode } from 'react'
import type { Status } from '../../src/core/types'
import { diagramEdges } from './diagram-edges'
import { exploreMachine, STATUSES } from './machine-graph'
import './guides.css'

const BOX = { width: 128, height: 36 }
const VIEW = { width: 980, height: 540 }

/** Where each status sits: the happy path along the top, trouble below it. */
const POSITIONS: Record<Status, { x: number; y: number }> = {
  idle: { x: 90, y: 50 },
  connecting: { x: 360, y: 50 },
  open: { x: 720, y: 50 },
  reconnecting: { x: 540, y: 270 },
  offline: { x: 540, y: 490 },
  closed: { x: 120, y: 490 },
  failed: { x: 890, y: 490 },
}

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
  const { arrows, fromAnyStatus } = diagramEdges(exploreMachine())
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
          const mid = { x: (start.x + end.x) / 2 + nx * 1.5, y: (start.y + end.y) / 2 + ny * 1.5 }
          return (
            <g key={`${from}-${to}`} data-edge={`${from}->${to}`}>
              <line x1={start.x} y1={start.y} x2={end.x} y2={end.y} className="rrk-diagram__line" markerEnd="url(#rrk-arrow)" />
              <text x={mid.x} y={mid.y - ((labels.length - 1) * 13) / 2} className="rrk-diagram__label">
                {labels.map((label, index) => (
                  <tspan key={label} x={mid.x} dy={index === 0 ? 4 : 13}>
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
        From any status:{' '}
        {fromAnyStatus.map(({ label, to }, index) => (
          <span key={`${label}-${to}`}>
            {index > 0 && '; '}
            <code>{label}</code> → <code>{to}</code>
          </span>
        ))}
        . Moves that happen only while the browser is offline or the page hidden are in the table.
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
