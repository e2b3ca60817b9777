// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { decodeFailure, describeIssues, MessageDecoder } from '../../src/core/decode-message'
import { Connection } from '../../src/core/connection'
import { ownConnection } from '../../src/core/shared-connections'
import type { StandardSchemaV1, StandardSchemaV1Result } from '../../src/core/standard-schema'
import { Subscription } from '../../src/core/subscription'
import { RealtimeError } from '../../src/core/types'
import { fakeEnvironment, fakeTransport } from '../helpers/fake-transport'
import { manualFrames } from '../helpers/manual-frames'

const Numbered = z.object({ seq: z.number() })

/** A Standard Schema whose validate answers with a Promise (zod's async refinements do the same). */
function asyncSchema(answer: Promise<StandardSchemaV1Result<{ seq: number }>>): StandardSchemaV1<unknown, { seq: number }> {
  return { '~standard': { version: 1, vendor: 'test', validate: () => answer } }
}

/** The error a decode attempt throws, as the subscription would report it. */
function failureOf(decode: () => unknown): RealtimeError | undefined {
  try {
    decode()
  } catch (cause) {
    return decodeFailure(cause)
  }
  throw new Error('decode did not fail')
}

describe('MessageDecoder', () => {
  it('without a schema: parse, or the raw value unchanged', () => {
    const decoder = new MessageDecoder()
    expect(decoder.decode('{"seq":1}', {})).toBe('{"seq":1}')
    expect(decoder.decode('7', { parse: Number })).toBe(7)
  })

  it('with a schema and no parse: text is JSON-decoded, other values are validated as they are', () => {
    const decoder = new MessageDecoder()
    expect(decoder.decode('{"seq":1}', { schema: Numbered })).toEqual({ seq: 1 })
    expect(decoder.decode({ seq: 2 }, { schema: Numbered })).toEqual({ seq: 2 })
  })

  it('with a schema and parse: the schema sees what parse returned', () => {
    const decoder = new MessageDecoder()
    const parse = vi.fn((raw: unknown) => ({ seq: Number(raw) }))
    expect(decoder.decode('3', { parse, schema: Numbered })).toEqual({ seq: 3 })
    expect(parse).toHaveBeenCalledWith('3')
  })

  it('an invalid message is a parse error carrying the schema issues', () => {
    const error = failureOf(() => new MessageDecoder().decode('{"seq":"one"}', { schema: Numbered }))
    expect(error).toBeInstanceOf(RealtimeError)
    expect(error?.kind).toBe('parse')
    expect(error?.issues?.[0]?.path).toEqual(['seq'])
    expect(error?.message).toMatch(/^The message does not match the schema: seq: /)
  })

  it('text that is not JSON is a parse error with the SyntaxError as cause', () => {
    const error = failureOf(() => new MessageDecoder().decode('{"seq":', { schema: Numbered }))
    expect(error?.kind).toBe('parse')
    expect(error?.cause).toBeInstanceOf(SyntaxError)
    expect(error?.issues).toBeUndefined()
  })

  it('something that is not a Standard Schema is a clear parse error', () => {
    const schema = { parse: () => 1 } as unknown as StandardSchemaV1<unknown, number>
    const error = failureOf(() => new MessageDecoder().decode('1', { schema }))
    expect(error?.message).toMatch(/not a Standard Schema/)
  })

  it('an asynchronous schema is reported once; every message is skipped; its rejection is not left unhandled', async () => {
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      const decoder = new MessageDecoder()
      const schema = asyncSchema(Promise.reject(new Error('async refinement failed')))
      const first = failureOf(() => decoder.decode('{"seq":1}', { schema }))
      expect(first?.kind).toBe('parse')
      expect(first?.message).toMatch(/validated asynchronously/)
      expect(failureOf(() => decoder.decode('{"seq":2}', { schema }))).toBeUndefined()
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })

  it('describes at most three issues', () => {
    const issues = [1, 2, 3, 4, 5].map((n) => ({ message: `issue ${n}`, path: [{ key: 'a' }, n] }))
    expect(describeIssues(issues)).toBe('a.1: issue 1; a.2: issue 2; a.3: issue 3 (and 2 more)')
  })
})

describe('Subscription with a schema', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('skips an invalid message, reports it with issues, keeps the connection open and delivers the next', async () => {
    const transport = fakeTransport()
    const frames = manualFrames()
    const onMessage = vi.fn()
    const onError = vi.fn()
    const subscription = new Subscription<{ seq: number }>({
      callbacks: () => ({ schema: Numbered, onMessage, onError }),
      initialStatus: 'connecting',
      environment: frames.environment,
    })
    subscription.connect(() =>
      ownConnection(() => new Connection({ url: 'ws://127.0.0.1/schema', transport: transport.factory, environment: fakeEnvironment().environment })),
    )
    await vi.advanceTimersByTimeAsync(0)
    const { sink } = transport.last().context
    sink.open()
    sink.message('{"seq":1}')
    sink.message('{"seq":"two"}')
    sink.message('{"seq":3}')
    frames.flush()
    expect(onMessage.mock.calls.map(([message]) => message as unknown)).toEqual([{ seq: 1 }, { seq: 3 }])
    expect(onError).toHaveBeenCalledTimes(1)
    const { status, lastMessage, error } = subscription.getSnapshot()
    expect({ status, lastMessage }).toEqual({ status: 'open', lastMessage: { seq: 3 } })
    expect(error?.issues?.[0]?.path).toEqual(['seq'])
  })
})
