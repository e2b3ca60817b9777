// @vitest-environment node
/*
 * Type tests for `schema`: `In` comes from the schema's output type, for zod,
 * valibot and arktype alike. Checked by `tsc --noEmit` (expectTypeOf is a no-op
 * at runtime; each @ts-expect-error fails the build if the misuse compiles).
 */
import { type } from 'arktype'
import * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import {
  type RealtimeError,
  type StandardSchemaV1,
  type StandardSchemaV1Issue,
  useEventSource,
  useLongPoll,
  useWebSocket,
} from '../../src/index'

const ZodMessage = z.object({ id: z.number(), text: z.string() })
const ValibotMessage = v.object({ id: v.number(), text: v.string() })
const ArkMessage = type({ id: 'number', text: 'string' })
/** A schema whose output differs from its input: `In` is the output. */
const Stamped = z.object({ at: z.string() }).transform(({ at }) => new Date(at))

interface Message {
  id: number
  text: string
}

/** Never called: it exists so that tsc checks these calls and misuses. */
function useTypeChecks(): void {
  const zodWs = useWebSocket('ws://127.0.0.1/ws/feed', {
    schema: ZodMessage,
    onMessage: (message) => expectTypeOf(message).toEqualTypeOf<Message>(),
  })
  expectTypeOf(zodWs.lastMessage).toEqualTypeOf<Message | undefined>()
  expectTypeOf(zodWs.messages).toEqualTypeOf<readonly Message[]>()

  const valibotSse = useEventSource('http://127.0.0.1/sse/feed', { schema: ValibotMessage })
  expectTypeOf(valibotSse.lastMessage).toEqualTypeOf<Message | undefined>()

  const arkPoll = useLongPoll('http://127.0.0.1/poll/feed', { schema: ArkMessage })
  expectTypeOf(arkPoll.lastMessage).toEqualTypeOf<Message | undefined>()

  const transformed = useWebSocket('ws://127.0.0.1/ws/feed', { schema: Stamped })
  expectTypeOf(transformed.lastMessage).toEqualTypeOf<Date | undefined>()

  // With a schema, `parse` returns the schema's input, whatever its type.
  const decoded = useEventSource('http://127.0.0.1/sse/feed', {
    parse: (raw) => JSON.parse(String(raw)),
    schema: ZodMessage,
  })
  expectTypeOf(decoded.lastMessage).toEqualTypeOf<Message | undefined>()
  const typedParse = useWebSocket('ws://127.0.0.1/ws/feed', { parse: (raw: unknown): unknown => raw, schema: ValibotMessage })
  expectTypeOf(typedParse.lastMessage).toEqualTypeOf<Message | undefined>()

  // Without a schema, `In` still comes from what `parse` returns, null included.
  const parsed = useEventSource('http://127.0.0.1/sse/feed', { parse: (raw) => (raw === '' ? null : String(raw)) })
  expectTypeOf(parsed.lastMessage).toEqualTypeOf<string | null | undefined>()
  expectTypeOf(useEventSource('http://127.0.0.1/sse/feed').lastMessage).toEqualTypeOf<unknown>()

  // An explicit `In` must match the schema's output.
  useWebSocket<Message>('ws://127.0.0.1/ws/feed', { schema: ZodMessage })
  // @ts-expect-error: the schema's output has no `user`
  useWebSocket<{ user: string }>('ws://127.0.0.1/ws/feed', { schema: ZodMessage })
  // @ts-expect-error: a schema is a Standard Schema, not a plain object
  useWebSocket('ws://127.0.0.1/ws/feed', { schema: { id: 'number' } })
  // @ts-expect-error: without a schema, parse still has to return In
  useLongPoll<Message>('http://127.0.0.1/poll/feed', { parse: () => 'text' })

  useWebSocket('ws://127.0.0.1/ws/feed', {
    schema: ZodMessage,
    onError: (error) => expectTypeOf(error.issues).toEqualTypeOf<readonly StandardSchemaV1Issue[] | undefined>(),
  })
}

describe('schema types', () => {
  it('infers In from the schema output and types error.issues', () => {
    expectTypeOf(useTypeChecks).toBeFunction()
    expectTypeOf(ZodMessage).toExtend<StandardSchemaV1<unknown, Message>>()
    expectTypeOf(ValibotMessage).toExtend<StandardSchemaV1<unknown, Message>>()
    expectTypeOf(ArkMessage).toExtend<StandardSchemaV1<unknown, Message>>()
    expectTypeOf<RealtimeError['issues']>().toEqualTypeOf<readonly StandardSchemaV1Issue[] | undefined>()
  })
})
