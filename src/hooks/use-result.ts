import { useMemo } from 'react'
import type { Subscription, SubscriptionSnapshot } from '../core/subscription'
import type { RealtimeResult } from './types'

/**
 * A hook's result: the snapshot, stable actions, and the one member that is the
 * hook's own (`send`, `lastEventId` or `cursor`), under `name`.
 */
export function useResult<In, Name extends string, Value>(
  snapshot: SubscriptionSnapshot<In>,
  subscription: Subscription<In>,
  name: Name,
  value: Value,
): RealtimeResult<In> & Record<Name, Value> {
  const actions = useMemo(
    () => ({ close: () => subscription.close(), reconnect: () => subscription.reconnect() }),
    [subscription],
  )
  return useMemo(() => {
    // `resumeFrom` is only shown under each hook's own name.
    const { resumeFrom: _resumeFrom, ...shared } = snapshot
    return { ...shared, ...actions, [name]: value } as RealtimeResult<In> & Record<Name, Value>
  }, [snapshot, actions, name, value])
}
