import type { ReactNode } from 'react'
import type { RealtimeError } from '../core/types'
import { countOf } from './plural'

/**
 * A quiet note that some messages could not be used: `skipped` counts those the
 * component could not understand; `error` is the hook's last parse error (a
 * message that was not valid JSON, say), which the hook already skipped.
 */
export function ProblemNote({ skipped, lastProblem, hookError }: {
  skipped: number
  lastProblem: RealtimeError | undefined
  hookError: RealtimeError | undefined
}): ReactNode {
  const parseError = hookError?.kind === 'parse' ? hookError : undefined
  if (skipped === 0 && parseError === undefined) return null
  const detail = parseError ?? lastProblem
  return (
    <p className="rrk-note">
      {skipped > 0 ? `${countOf(skipped, 'message', 'messages')} could not be shown.` : 'A message could not be read.'}
      {detail !== undefined && <span className="rrk-note__detail"> {detail.message}</span>}
    </p>
  )
}
