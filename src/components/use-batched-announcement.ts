import { useEffect, useRef, useState } from 'react'

/**
 * Text for a polite live region that summarises what arrived, at most once per
 * `intervalMs`: ten messages in a burst become one "10 new items", not ten
 * announcements. `count` is a running total; what was there at mount is not
 * announced. `intervalMs <= 0` turns announcements off.
 */
export function useBatchedAnnouncement(count: number, describe: (added: number) => string, intervalMs: number): string {
  const [text, setText] = useState('')
  const announced = useRef(count)
  const latest = useRef({ count, describe })
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  useEffect(() => {
    latest.current = { count, describe }
    if (intervalMs <= 0) {
      announced.current = count
      return
    }
    if (count <= announced.current || timer.current !== undefined) return
    timer.current = setTimeout(() => {
      timer.current = undefined
      const added = latest.current.count - announced.current
      announced.current = latest.current.count
      if (added > 0) setText((previous) => distinct(latest.current.describe(added), previous))
    }, intervalMs)
  }, [count, describe, intervalMs])

  useEffect(
    () => () => {
      clearTimeout(timer.current)
      timer.current = undefined
    },
    [],
  )

  return text
}

/** Screen readers skip a live region whose text did not change, so vary it invisibly. */
function distinct(next: string, previous: string): string {
  return next === previous ? `${next}\u00a0` : next
}
