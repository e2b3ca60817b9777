import { useCallback, useSyncExternalStore } from 'react'

/**
 * Whole seconds until `target` (epoch ms), updated on each second boundary
 * while it lies ahead; undefined without a target. The value only changes at
 * boundaries, so it is a stable snapshot between ticks.
 */
export function useCountdown(target: number | undefined): number | undefined {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (target === undefined) return () => {}
      let handle: ReturnType<typeof setTimeout> | undefined
      const schedule = (): void => {
        const left = target - Date.now()
        if (left <= 0) return
        // Wake at the next whole-second boundary, where the rounded-up value changes.
        // A timer that fires early just schedules the short rest.
        handle = setTimeout(() => {
          onChange()
          schedule()
        }, left % 1000 || 1000)
      }
      schedule()
      return () => clearTimeout(handle)
    },
    [target],
  )
  const getSnapshot = useCallback(
    () => (target === undefined ? undefined : Math.max(0, Math.ceil((target - Date.now()) / 1000))),
    [target],
  )
  return useSyncExternalStore(subscribe, getSnapshot, () => undefined)
}
