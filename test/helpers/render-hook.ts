import { renderHook } from '@testing-library/react'
import type { Status, UrlSource } from '../../src/core/types'
import type { Wrapper } from './act-timers'

/**
 * Renders `useHook(url, options)` inside `wrapper` and records the status of every
 * render, so a test sees each status a user would have seen, not only the last one.
 */
export function renderRecordingStatuses<Options, Result extends { status: Status }>(
  useHook: (url: UrlSource | null, options: Options) => Result,
  { wrapper, url, options }: { wrapper: Wrapper; url: UrlSource | null; options: Options },
) {
  const statuses: Status[] = []
  const hook = renderHook(
    (props: { url: UrlSource | null; options: Options }) => {
      const result = useHook(props.url, props.options)
      statuses.push(result.status)
      return result
    },
    { wrapper, initialProps: { url, options } },
  )
  return { ...hook, statuses }
}
