import { nextPublishGap } from './frame-pacing'
import type { Clock, Environment } from './types'

/** When a subscription publishes: every change at once, at most once per frame, or after a delay in ms. */
export type RenderRate = 'frame' | 'sync' | number

export interface PublishSchedule {
  rate: RenderRate
  /** Publishes now (`sync`) or later, once for any number of requests until then. */
  request(): void
  /** Drops the publish that was requested, if any. */
  cancel(): void
  /** Tells the schedule a publish happened, so that frame pacing counts from it. */
  published(): void
}

export function createPublishSchedule(publish: () => void, clock: Clock, environment: Environment): PublishSchedule {
  let cancelScheduled: (() => void) | undefined
  /** The least time between two publishes at rate 'frame'; grows while frames run late. */
  let gap = 0
  let publishedAt = -Infinity
  const schedule: PublishSchedule = {
    rate: 'frame',
    request() {
      const { rate } = schedule
      if (rate === 'sync') return publish()
      if (cancelScheduled) return
      if (rate === 'frame') {
        const requestedAt = clock.now()
        cancelScheduled = environment.requestFrame(() => {
          cancelScheduled = undefined
          const now = clock.now()
          gap = nextPublishGap(gap, now - requestedAt)
          if (now - publishedAt < gap) schedule.request()
          else publish()
        })
        return
      }
      const handle = clock.setTimeout(publish, rate)
      cancelScheduled = () => clock.clearTimeout(handle)
    },
    cancel() {
      cancelScheduled?.()
      cancelScheduled = undefined
    },
    published() {
      publishedAt = clock.now()
    },
  }
  return schedule
}
