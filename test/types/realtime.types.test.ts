// @vitest-environment node
/*
 * Type tests for useRealtime and transport="auto" (checked by `tsc --noEmit`).
 */
import { describe, expectTypeOf, it } from 'vitest'
import { Chat, Feed, useRealtime, type MessageMeta, type UseRealtimeResult } from '../../src/index'
import { createFallbackConnection, type TransportFallback, type TransportName } from '../../src/core/index'

interface Incoming {
  seq: number
  position: string
}
interface Outgoing {
  text: string
}

type Result = ReturnType<typeof useRealtime<Incoming, Outgoing>>

/** Never called: it exists so that tsc checks these calls and misuses. */
function useTypeChecks(): void {
  const result = useRealtime<Incoming, Outgoing>(
    { websocket: 'ws://127.0.0.1/ws', sse: () => Promise.resolve('http://127.0.0.1/sse'), sendUrl: 'http://127.0.0.1/send' },
    {
      transports: ['websocket', 'sse'],
      fallbackAfter: 3,
      remember: 'my-key',
      upgradeAfterMs: false,
      positionOf: (message, meta) => {
        expectTypeOf(message).toEqualTypeOf<Incoming>()
        expectTypeOf(meta).toEqualTypeOf<MessageMeta>()
        return message.position
      },
      onReset: (info) => expectTypeOf(info).toEqualTypeOf<{ from: string; to: string }>(),
      websocket: { protocols: ['v1'] },
      longPoll: { timeoutMs: 1000 },
    },
  )
  expectTypeOf(result.transport).toEqualTypeOf<TransportName | undefined>()
  expectTypeOf(result.send).toEqualTypeOf<(message: Outgoing) => boolean>()
  // @ts-expect-error: only the three transports
  useRealtime(null, { transports: ['webtransport'] })
  // @ts-expect-error: a shared fallback is not supported
  useRealtime(null, { share: true })
  // @ts-expect-error: endpoints are an object of URLs
  useRealtime('ws://127.0.0.1/ws')
}

describe('useRealtime types', () => {
  it('types the result, the callbacks and the components', () => {
    expectTypeOf(useTypeChecks).toBeFunction()
    expectTypeOf<Result>().toEqualTypeOf<UseRealtimeResult<Incoming, Outgoing>>()
    expectTypeOf(Feed).toBeCallableWith({ transport: 'auto', endpoints: { sse: 'http://127.0.0.1/sse' } })
    expectTypeOf(Chat).toBeCallableWith({ transport: 'auto', endpoints: null, user: 'ada' })
    expectTypeOf(createFallbackConnection).returns.toEqualTypeOf<{
      connection: ReturnType<typeof createFallbackConnection>['connection']
      fallback: TransportFallback
    }>()
  })
})
