import { useCallback, useMemo } from 'react'
import type { Subscription, SubscriptionSnapshot } from '../core/subscription'
import type { RealtimeResult } from './types'

/** The part of every hook's result that comes from the snapshot, with stable actions. */
export function useResult<In>(snapshot: SubscriptionSnapshot<In>, subscription: Subscription<In>): RealtimeResult<In> {
  const close = useCallback(() => subscription.close(), [subscription])
  const reconnect = useCallback(() => subscription.reconnect(), [subscription])
  return useMemo(
    () => ({
      status: snapshot.status,
      lastMessage: snapshot.lastMessage,
      messages: snapshot.messages,
      error: snapshot.error,
      attempt: snapshot.attempt,
      nextRetryAt: snapshot.nextRetryAt,
      close,
      reconnect,
    }),
    [snapshot, close, reconnect],
  )
}
