import type { ReactNode } from 'react'
import { toDate } from './normalize'

/** A `<time>` for a message's `time` field; nothing when it is not a date. */
export function TimeLabel({ time, className }: { time: number | string | undefined; className?: string }): ReactNode {
  const date = toDate(time)
  if (!date) return null
  return (
    <time className={className} dateTime={date.toISOString()}>
      {date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}
    </time>
  )
}
