import { useMemo } from 'react'
import type { Subscription, SubscriptionSnapshot } from '../core/subscription'
import type { RealtimeResult } from './types'

/** The part of every hook's result that comes from the snapshot, with stable actions. */
export function useResult<In>(snapshot: SubscriptionSnapshot<In>, subscription: Subscription<In>): RealtimeResult<In> {
  const actions = useMemo(
    () => ({ close: () => subscription.close(), reconnect: () => subscription.reconnect() }),
    [subscription],
  )
  return useMemo(() => {
    // `resumeFrom` is each hook's own: `lastEventId` or `cursor`.
    const { resumeFrom: _resumeFrom, ...shared } = snapshot
    return { ...shared, ...actions }
  }, [snapshot, actions])
}
