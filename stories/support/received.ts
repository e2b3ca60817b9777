import { useCallback, useState } from 'react'
import type { RealtimeResult } from '../../src/hooks/types'

/**
 * The inspector's "received" count, kept in this one place. Until the hook
 * results carry `received` (issue 9) it is counted here through `onMessage`;
 * once they do, `options` becomes `{}` and `of` returns `result.received`.
 */
export function useReceived(): {
  options: { onMessage: () => void }
  of: (result: RealtimeResult<unknown>) => number
} {
  const [received, setReceived] = useState(0)
  const onMessage = useCallback(() => setReceived((count) => count + 1), [])
  return { options: { onMessage }, of: () => received }
}
