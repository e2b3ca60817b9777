import type { ServerContext } from './context'
import type { Faults } from './faults'
import { connectionStream } from './scenarios'
import type { Scenario } from './scenarios'
import type { Scope } from './scope'
import { wireText } from './sources'
import type { MessageSource, StreamMessage } from './sources'

/** What a push transport (SSE, WebSocket) offers the pump. */
export interface PushTarget {
  /**
   * Writes one message; `flushed` runs once it has left for the network.
   * Returns false when the transport's buffer is full: the pump then waits
   * for `waitForDrain` before writing more.
   */
  write(message: StreamMessage, text: string, flushed?: () => void): boolean
  waitForDrain(resume: () => void): void
  /** `dropAfter` reached: end the connection the way the transport's fault says. */
  drop(): void
}

export interface PumpOptions {
  source: MessageSource
  /** Last message the client already has (0 = none). */
  after: number
  dropAfter: number | undefined
  badJsonEvery: number | undefined
  scope: Scope
  target: PushTarget
}

/** Messages written per turn of the event loop, so a big `count` cannot starve other clients. */
const BATCH = 256

/**
 * Feeds a source into a push transport from position `after` on, in order,
 * at the pace the source makes messages available and the socket accepts
 * them. Stops when the scope is disposed.
 */
export function pump(options: PumpOptions): void {
  const { source, dropAfter, badJsonEvery, scope, target } = options
  let next = options.after + 1
  let sent = 0

  if (dropAfter === 0) {
    target.drop()
    return
  }

  const step = (): void => {
    for (let budget = BATCH; budget > 0; budget -= 1) {
      if (scope.isDisposed) return
      if (next > source.head()) {
        source.onAvailable(next - 1, step, scope)
        return
      }
      // The chat log is bounded: a client too far behind skips what is gone.
      next = Math.max(next, source.tail())
      const msg = source.get(next)
      if (msg === undefined) {
        source.onAvailable(next - 1, step, scope)
        return
      }
      next += 1
      sent += 1
      if (dropAfter !== undefined && sent >= dropAfter) {
        // The last message must reach the client before the connection goes.
        target.write(msg, wireText(msg, badJsonEvery), () => {
          if (!scope.isDisposed) target.drop()
        })
        return
      }
      if (!target.write(msg, wireText(msg, badJsonEvery))) {
        target.waitForDrain(step)
        return
      }
    }
    scope.timeout(step, 0)
  }

  step()
}

/**
 * A push connection (SSE, WebSocket): its stream (see connectionStream) pumped
 * into `target`, shaped by the connection's `dropAfter` and `badJsonEvery`.
 */
export function pumpConnection(
  ctx: Pick<ServerContext, 'room' | 'log'>,
  label: string,
  connection: { scenario: Scenario; faults: Faults; scope: Scope; resume: number | undefined },
  target: PushTarget,
): void {
  const { scenario, faults, scope, resume } = connection
  const { source, after } = connectionStream(scenario, faults, ctx.room, resume)
  ctx.log(`${label}: open after ${after}`)
  pump({ source, after, dropAfter: faults.dropAfter, badJsonEvery: faults.badJsonEvery, scope, target })
}
