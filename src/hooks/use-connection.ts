import { useEffect, useState, useSyncExternalStore } from 'react'
import { Connection, DEFAULT_CONNECT_TIMEOUT_MS } from '../core/connection'
import { ownConnection, SharedConnections, type Lease } from '../core/shared-connections'
import { systemClock } from '../core/clock'
import { Subscription, type SubscriptionSnapshot } from '../core/subscription'
import { defined } from '../core/defined'
import type { TransportFactory, UrlSource } from '../core/types'
import type { CommonOptions } from './types'
import { useLatest } from './use-latest'

export type TransportKind = 'websocket' | 'sse' | 'long-poll'

/** Options the generic hook understands, beyond the common ones. */
export interface ConnectionHookOptions<In> extends CommonOptions<In> {
  pauseWhenHidden?: boolean
  queueLimit?: number
}

const DEFAULT_SHARE_GRACE_MS = 1000

interface Latest<T> {
  readonly current: T
}

/**
 * What a shared connection reads its url function and transport options from: a
 * subscriber that still holds a lease (TanStack's observer pattern), the oldest
 * one, not whichever component created the connection.
 */
interface Holder {
  readonly options: Latest<unknown>
  readonly url: Latest<unknown>
}

/** Every hook that asks for `share` in this page uses this registry. (Pure: bundles that use no hook drop it.) */
export const sharedConnections = /* @__PURE__ */ new SharedConnections<Holder>(systemClock)

/**
 * The one hook behind useWebSocket, useEventSource and useLongPoll: it owns a
 * Subscription for the component's lifetime, leases a connection (own or shared)
 * while `url` and `enabled` allow, and reads the snapshot with useSyncExternalStore.
 */
export function useConnection<In, Options extends ConnectionHookOptions<In>>(
  kind: TransportKind,
  url: UrlSource | null,
  options: Options,
  createTransport: (options: Options) => TransportFactory,
): { snapshot: SubscriptionSnapshot<In>; subscription: Subscription<In>; latest: { readonly current: Options } } {
  const latest = useLatest(options)
  const latestUrl = useLatest(url)
  const active = url !== null && options.enabled !== false
  // `history` and `renderRate` are applied by the effect below, before anything connects.
  const [subscription] = useState(
    () => new Subscription<In>({ callbacks: () => latest.current, initialStatus: active ? 'connecting' : 'idle' }),
  )

  // Unmount: declared before the connection effect, so its cleanup runs first and lets go
  // without notifying (no callback runs after unmount); the connection effect's cleanup
  // then finds nothing left to do.
  useEffect(() => () => subscription.disconnect({ graceMs: shareGraceMs(latest) }), [subscription, latest])

  const { history, renderRate, share } = options
  useEffect(() => {
    subscription.configure(defined({ history, renderRate }))
  }, [subscription, history, renderRate])

  // A function `url` is read before every attempt, so its identity must not reconnect.
  const urlKey = typeof url === 'function' ? undefined : url
  const shareKey = sharingKey(kind, url, share)

  useEffect(() => {
    if (!active) {
      subscription.disconnect({ status: 'idle', notify: true })
      return
    }
    const self: Holder = { options: latest, url: latestUrl }
    // Own connection: this hook. Shared: the oldest subscriber still holding a lease (this
    // one when none is left, as during a grace period).
    const source = (): Holder => (shareKey === undefined ? undefined : sharedConnections.firstHolder(shareKey)) ?? self
    const create = (): Connection => {
      const { reconnect, connectTimeoutMs, pauseWhenHidden, queueLimit } = latest.current
      const current = latestUrl.current
      return new Connection({
        url: typeof current === 'function' ? () => readUrl(source().url.current as UrlSource | null) : (current ?? ''),
        // Transport options are read at every attempt, from the latest render.
        transport: (context) => createTransport(source().options.current as Options)(context),
        ...defined({
          reconnect,
          // A long poll may rightly be held longer than any connect timeout (each request has
          // its own `timeoutMs`); the connect timeout then bounds only the url function.
          ...(kind === 'long-poll' ? { connectTimeoutMs: Infinity, urlTimeoutMs: connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS } : { connectTimeoutMs }),
          pauseWhenHidden,
          queueLimit,
        }),
      })
    }
    const acquire = (): Lease => (shareKey === undefined ? ownConnection(create) : sharedConnections.acquire(shareKey, create, self))
    subscription.connect(acquire)
    return () => {
      // The grace period of the last render applies, not the one of this effect's render.
      // A URL change or `enabled: false` still reports the end to onClose.
      subscription.disconnect({ graceMs: shareGraceMs(latest), notify: true })
    }
    // `createTransport` is a module-level function per hook; options are read through `latest`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [subscription, active, urlKey, shareKey, kind])

  const snapshot = useSyncExternalStore(subscription.subscribe, subscription.getSnapshot, subscription.getSnapshot)
  return { snapshot, subscription, latest }
}

function shareGraceMs(latest: { readonly current: { shareGraceMs?: number } }): number {
  return latest.current.shareGraceMs ?? DEFAULT_SHARE_GRACE_MS
}

function readUrl(url: UrlSource | null): string | Promise<string> {
  if (url === null) throw new TypeError('url became null')
  return typeof url === 'string' ? url : url()
}

function sharingKey(kind: TransportKind, url: UrlSource | null, share: boolean | string | undefined): string | undefined {
  if (share === undefined || share === false) return undefined
  if (typeof share === 'string') return `key:${share}`
  if (typeof url === 'function') {
    throw new TypeError(process.env.NODE_ENV !== 'production' ? '`share: true` needs a string url; with a url function, give `share` a key string' : 'share needs a key')
  }
  return `${kind}:${url}`
}
