// @vitest-environment node
/*
 * Type tests for the public hook API. expectTypeOf is a no-op at runtime; the
 * checks (and the @ts-expect-error lines, which fail if the misuse compiles) are
 * made by `tsc --noEmit`, which `npm test` runs.
 */
import { describe, expectTypeOf, it } from 'vitest'
import {
  type RealtimeError,
  useEventSource,
  useLongPoll,
  useWebSocket,
  type CloseInfo,
  type EventSourceResult,
  type LongPollResult,
  type EventSourceMessageMeta,
  type LongPollMessageMeta,
  type WebSocketMessageMeta,
  type Status,
  type WebSocketResult,
} from '../../src/index'

interface Incoming {
  n: number
}
interface Outgoing {
  text: string
}

type WsResult = ReturnType<typeof useWebSocket<Incoming, Outgoing>>
type SseResult = ReturnType<typeof useEventSource<Incoming>>
type PollResult = ReturnType<typeof useLongPoll<Incoming>>

/** Never called: it exists so that tsc checks these calls and misuses. */
function useTypeChecks(): void {
  const ws = useWebSocket<Incoming, Outgoing>('ws://127.0.0.1/x', {
    parse: (raw) => {
      expectTypeOf(raw).toEqualTypeOf<string | ArrayBuffer>()
      return JSON.parse(String(raw)) as Incoming
    },
    serialize: (message) => message.text,
    onMessage: (message, meta) => {
      expectTypeOf(message).toEqualTypeOf<Incoming>()
      expectTypeOf(meta).toEqualTypeOf<WebSocketMessageMeta>()
      // @ts-expect-error: WebSocket messages have no event type
      void meta.type
    },
    onClose: (info) => expectTypeOf(info).toEqualTypeOf<CloseInfo>(),
    onError: (error) => expectTypeOf(error).toEqualTypeOf<RealtimeError>(),
  })
  ws.send({ text: 'hi' })
  // @ts-expect-error: send takes Out ({ text }), not In
  ws.send({ n: 1 })
  // @ts-expect-error: send takes exactly one message
  ws.send()

  // @ts-expect-error: parse must return In
  useWebSocket<Incoming>('ws://127.0.0.1/x', { parse: () => 'not an Incoming' })
  // @ts-expect-error: url is a string, a function, or null
  useWebSocket(42)
  useWebSocket(null)
  useWebSocket(() => 'ws://127.0.0.1/x')
  useWebSocket(async () => 'ws://127.0.0.1/x')
  // @ts-expect-error: renderRate is 'frame', 'sync' or a number of ms
  useWebSocket('ws://127.0.0.1/x', { renderRate: 'often' })
  // @ts-expect-error: reconnect is false or an options object
  useWebSocket('ws://127.0.0.1/x', { reconnect: true })

  const sse = useEventSource<Incoming>('http://127.0.0.1/sse', {
    events: ['update'],
    pauseWhenHidden: true,
    parse: (raw) => {
      expectTypeOf(raw).toEqualTypeOf<string>()
      return JSON.parse(raw) as Incoming
    },
    onMessage: (_message, meta) => {
      expectTypeOf(meta).toEqualTypeOf<EventSourceMessageMeta>()
      // Always set for SSE: no undefined to rule out.
      expectTypeOf(meta.type).toEqualTypeOf<string>()
      expectTypeOf(meta.id).toEqualTypeOf<string>()
    },
  })
  // @ts-expect-error: an event source cannot send
  sse.send({ text: 'hi' })
  // @ts-expect-error: SSE has lastEventId, not cursor
  void sse.cursor

  const poll = useLongPoll<Incoming>('http://127.0.0.1/poll', {
    cursorParam: 'since',
    minIntervalMs: 100,
    maxResponseBytes: 1024,
    onMessage: (_message, meta) => {
      expectTypeOf(meta).toEqualTypeOf<LongPollMessageMeta>()
      expectTypeOf(meta.cursor).toEqualTypeOf<string | undefined>()
    },
  })
  // @ts-expect-error: long-poll has cursor, not lastEventId
  void poll.lastEventId
}

describe('public hook types', () => {
  it('useWebSocket<In, Out> returns the documented fields', () => {
    expectTypeOf(useTypeChecks).toBeFunction()
    expectTypeOf<WsResult>().toEqualTypeOf<WebSocketResult<Incoming, Outgoing>>()
    expectTypeOf<WsResult['status']>().toEqualTypeOf<Status>()
    expectTypeOf<WsResult['lastMessage']>().toEqualTypeOf<Incoming | undefined>()
    expectTypeOf<WsResult['messages']>().toEqualTypeOf<readonly Incoming[]>()
    expectTypeOf<WsResult['error']>().toEqualTypeOf<RealtimeError | undefined>()
    expectTypeOf<WsResult['attempt']>().toEqualTypeOf<number>()
    expectTypeOf<WsResult['nextRetryAt']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<WsResult['received']>().toEqualTypeOf<number>()
    expectTypeOf<WsResult['send']>().toEqualTypeOf<(message: Outgoing) => boolean>()
    expectTypeOf<WsResult['close']>().toEqualTypeOf<() => void>()
    expectTypeOf<WsResult['reconnect']>().toEqualTypeOf<() => void>()
  })

  it('messages is read-only', () => {
    expectTypeOf<WsResult['messages']>().not.toEqualTypeOf<Incoming[]>()
    expectTypeOf<WsResult['messages']>().not.toHaveProperty('push')
  })

  it('defaults In and Out to unknown', () => {
    type Default = ReturnType<typeof useWebSocket>
    expectTypeOf<Default['lastMessage']>().toEqualTypeOf<unknown>()
    expectTypeOf<Default['send']>().toEqualTypeOf<(message: unknown) => boolean>()
  })

  it('useEventSource has lastEventId and no send', () => {
    expectTypeOf<SseResult>().toEqualTypeOf<EventSourceResult<Incoming>>()
    expectTypeOf<SseResult['lastEventId']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<SseResult['lastMessage']>().toEqualTypeOf<Incoming | undefined>()
    expectTypeOf<SseResult['messages']>().toEqualTypeOf<readonly Incoming[]>()
    expectTypeOf<SseResult>().not.toHaveProperty('send')
  })

  it('useLongPoll has cursor and no send', () => {
    expectTypeOf<PollResult>().toEqualTypeOf<LongPollResult<Incoming>>()
    expectTypeOf<PollResult['cursor']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<PollResult['messages']>().toEqualTypeOf<readonly Incoming[]>()
    expectTypeOf<PollResult>().not.toHaveProperty('send')
  })

  it('Status is exactly the seven documented values', () => {
    expectTypeOf<Status>().toEqualTypeOf<
      'idle' | 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed' | 'failed'
    >()
    // @ts-expect-error: not a status
    expectTypeOf<'connected'>().toExtend<Status>()
  })

  it('RealtimeError carries kind, status, code and reason', () => {
    expectTypeOf<RealtimeError['kind']>().toEqualTypeOf<
      'network' | 'http' | 'close' | 'timeout' | 'parse' | 'protocol'
    >()
    expectTypeOf<RealtimeError['status']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<RealtimeError['code']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<RealtimeError['reason']>().toEqualTypeOf<string | undefined>()
  })
})
