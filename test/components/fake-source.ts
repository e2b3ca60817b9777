import { vi } from 'vitest'
import type { SourceResult } from '../../src/components'
import type { RealtimeError, Status } from '../../src/core/types'

export interface FakeSource<Out = unknown> extends SourceResult<Out> {
  close: ReturnType<typeof vi.fn<() => void>>
  reconnect: ReturnType<typeof vi.fn<() => void>>
}

/** A hook result made by hand: the components need no connection to render it. */
export function fakeSource<Out = unknown>(
  overrides: Partial<{
    status: Status
    messages: readonly unknown[]
    lastMessage: unknown
    error: RealtimeError
    attempt: number
    nextRetryAt: number
    received: number
    send: (message: Out) => boolean
  }> = {},
): FakeSource<Out> {
  const messages = overrides.messages ?? []
  const source: FakeSource<Out> = {
    status: overrides.status ?? 'open',
    messages,
    received: overrides.received ?? messages.length,
    lastMessage: 'lastMessage' in overrides ? overrides.lastMessage : messages[messages.length - 1],
    error: overrides.error,
    attempt: overrides.attempt ?? 0,
    nextRetryAt: overrides.nextRetryAt,
    close: vi.fn<() => void>(),
    reconnect: vi.fn<() => void>(),
  }
  if (overrides.send) source.send = overrides.send
  return source
}

/**
 * The next snapshot of a stream whose hook keeps the last `limit` messages (`history`),
 * as a hook publishes it; with `limit` 0 only `lastMessage` tells what came.
 */
export function appendTo<Out>(source: FakeSource<Out>, added: readonly unknown[], limit = 1000): FakeSource<Out> {
  const all = [...source.messages, ...added]
  const messages = limit > 0 ? all.slice(-limit) : []
  const lastMessage = added.length > 0 ? added[added.length - 1] : source.lastMessage
  return { ...source, messages, received: source.received + added.length, lastMessage }
}

export const HOSTILE = '<img src=x onerror=alert(1)>'
