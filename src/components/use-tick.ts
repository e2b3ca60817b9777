import { useCallback, useSyncExternalStore } from 'react'

/**
 * The current time rounded down to `intervalMs`, re-rendering once per interval
 * while `active`. Rounding keeps the snapshot stable between ticks.
 */
export function useTick(intervalMs: number, active: boolean): number {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!active) return () => {}
      const handle = setInterval(onChange, intervalMs)
      return () => clearInterval(handle)
    },
    [intervalMs, active],
  )
  const getSnapshot = useCallback(() => Math.floor(Date.now() / intervalMs) * intervalMs, [intervalMs])
  return useSyncExternalStore(subscribe, getSnapshot, () => 0)
}
