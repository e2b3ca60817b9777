import { renderHook } from '@testing-library/react'
import type { ComponentType, ReactNode } from 'react'
import { type } from 'arktype'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { RealtimeError } from '../../src/core/types'
import type { StandardSchemaV1 } from '../../src/core/standard-schema'
import { useEventSource } from '../../src/hooks/use-event-source'
import { useLongPoll } from '../../src/hooks/use-long-poll'
import { useWebSocket } from '../../src/hooks/use-web-socket'
import { FAST_RECONNECT, KINDS, type Kind, range, until, WRAPPERS, type Wrapper } from './support/hook-harness'
import { type NetworkLedger, networkLedgerPerTest } from './support/network-ledger'
import { mockServerForFile, tag } from './support/server'

/*
 * `schema` with real zod, valibot and arktype schemas, through each transport, against
 * the mock server. `count=8` sends { seq: 1 } … { seq: 8 }; the schemas accept seq ≤ 5,
 * and `badJsonEvery=7` turns message 7 into malformed JSON. So 1–5 are delivered, 6 and 8
 * are reported with the schema's issues, 7 as a JSON failure, and the connection stays up.
 */

const mock = mockServerForFile()
const net = networkLedgerPerTest()

interface Numbered {
  seq: number
}

const SCHEMAS = [
  ['zod', z.object({ seq: z.number().int().max(5) })],
  ['valibot', v.object({ seq: v.pipe(v.number(), v.integer(), v.maxValue(5)) })],
  ['arktype', type({ seq: '0 < number.integer <= 5' })],
] as const satisfies readonly (readonly [string, StandardSchemaV1<unknown, Numbered>])[]

interface Seen {
  messages: Numbered[]
  errors: RealtimeError[]
}

type HookOptions = {
  schema: StandardSchemaV1<unknown, Numbered>
  reconnect: typeof FAST_RECONNECT
  onMessage: (message: Numbered) => void
  onError: (error: RealtimeError) => void
}

function useWs(url: string, options: HookOptions, ledger: NetworkLedger) {
  return useWebSocket(url, { ...options, WebSocket: ledger.WebSocket })
}
function useSse(url: string, options: HookOptions, ledger: NetworkLedger) {
  return useEventSource(url, { ...options, fetch: ledger.fetch })
}
function usePoll(url: string, options: HookOptions, ledger: NetworkLedger) {
  return useLongPoll(url, { ...options, fetch: ledger.fetch })
}
/** One hook per transport, each given the recording ledger's WebSocket or fetch. */
const HOOKS = { websocket: useWs, sse: useSse, 'long-poll': usePoll } as const satisfies Record<Kind, unknown>

describe.each(WRAPPERS)('schema (%s)', (_name, wrapper: Wrapper) => {
  describe.each(KINDS)('%s', (kind, prefix) => {
    it.each(SCHEMAS)('%s: valid messages arrive, invalid ones are skipped and reported with issues, the connection stays', async (_library, schema) => {
      const seen: Seen = { messages: [], errors: [] }
      const url = `${mock.url}/${prefix}/feed?count=8&badJsonEvery=7&${tag()}`
      const options: HookOptions = {
        schema,
        reconnect: FAST_RECONNECT,
        onMessage: (message) => seen.messages.push(message),
        onError: (error) => seen.errors.push(error),
      }
      const useHook = HOOKS[kind]
      const { result } = renderHook(() => useHook(url, options, net), {
        wrapper: wrapper as ComponentType<{ children: ReactNode }>,
      })

      await until(() => expect(seen.errors).toHaveLength(3))
      expect(seen.messages).toEqual(range(5).map((seq) => ({ seq })))

      const [sixth, seventh, eighth] = seen.errors
      for (const error of [sixth, eighth]) {
        expect(error?.kind).toBe('parse')
        expect(error?.message).toMatch(/does not match the schema: seq: /)
        expect(error?.issues).toHaveLength(1)
        const path = Array.from(error?.issues?.[0]?.path ?? [], (segment) => (typeof segment === 'object' ? segment.key : segment))
        expect(path).toEqual(['seq'])
      }
      expect(seventh?.kind).toBe('parse')
      expect(seventh?.issues).toBeUndefined()
      expect(seventh?.cause).toBeInstanceOf(SyntaxError)

      await until(() => expect(result.current.error).toBe(eighth))
      expect(result.current.lastMessage).toEqual({ seq: 5 })
      expect(result.current.status).toBe('open')
      // One connection: a bad message never cost a reconnect.
      if (kind === 'long-poll') expect(net.requests.filter((request) => request.status !== 200 && request.status !== undefined)).toEqual([])
      else expect(kind === 'websocket' ? net.sockets : net.requests).toHaveLength(1)
    })
  })
})
