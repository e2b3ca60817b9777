import { renderHook, waitFor } from '@testing-library/react'
import { Fragment, StrictMode } from 'react'
import type { ComponentType, ReactNode } from 'react'
import type { CloseInfo, MessageMeta, RealtimeError, Status, UrlSource } from '../../../src/core/types'
import type { CommonOptions, RealtimeResult } from '../../../src/hooks/types'
import { useEventSource } from '../../../src/hooks/use-event-source'
import { useLongPoll } from '../../../src/hooks/use-long-poll'
import { useWebSocket } from '../../../src/hooks/use-web-socket'
import type { NetworkLedger } from './network-ledger'

export type Kind = 'websocket' | 'sse' | 'long-poll'
export type Msg = Record<string, unknown>

/** The three transports, with the mock server path of each. */
export const KINDS = [
  ['websocket', 'ws'],
  ['sse', 'sse'],
  ['long-poll', 'poll'],
] as const satisfies readonly (readonly [Kind, string])[]

/** Every hook test runs plain and inside StrictMode (double effects, double renders). */
export const WRAPPERS = [
  ['plain', Fragment],
  ['StrictMode', StrictMode],
] as const

export type Wrapper = (typeof WRAPPERS)[number][1]

/** Short backoff so that real-network retries keep the tests fast. */
export const FAST_RECONNECT = { initialDelayMs: 10, maxDelayMs: 50, jitter: 0 } as const

/**
 * JSON text (WS frames, SSE data, and the malformed-message strings in a long-poll
 * body) is parsed; long-poll values that are already objects pass through.
 */
export function parseJson(raw: unknown): Msg {
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw
  if (typeof value !== 'object' || value === null) throw new TypeError(`not a JSON object: ${String(raw)}`)
  return value as Msg
}

/** Anything a hook of any kind may be given here (the kind-specific ones are ignored by the others). */
export interface AnyOptions extends CommonOptions<Msg> {
  parse?: (raw: unknown) => Msg
  queueLimit?: number
  timeoutMs?: number
  minIntervalMs?: number
  headers?: HeadersInit
}

/** Calls the hook of `kind` with the ledger's WebSocket / fetch. Kind never changes for a mounted hook. */
export function useRealtime(kind: Kind, url: UrlSource | null, options: AnyOptions, net: NetworkLedger): RealtimeResult<Msg> & { send?: (message: unknown) => boolean } {
  const hook = HOOKS[kind]
  return hook(url, options, net)
}

function useWs(url: UrlSource | null, options: AnyOptions, net: NetworkLedger) {
  return useWebSocket<Msg, unknown>(url, { ...options, WebSocket: net.WebSocket })
}
function useSse(url: UrlSource | null, options: AnyOptions, net: NetworkLedger) {
  return useEventSource<Msg>(url, { ...options, fetch: net.fetch })
}
function usePoll(url: UrlSource | null, options: AnyOptions, net: NetworkLedger) {
  return useLongPoll<Msg>(url, { ...options, fetch: net.fetch })
}
const HOOKS = { websocket: useWs, sse: useSse, 'long-poll': usePoll } as const

export interface RenderRecord {
  status: Status
  attempt: number
  nextRetryAt: number | undefined
  error: RealtimeError | undefined
  at: number
}

/** What one mounted hook saw: every render, message, error, open and close. */
export interface Recorded {
  readonly result: { readonly current: RealtimeResult<Msg> & { send?: (message: unknown) => boolean } }
  readonly renders: RenderRecord[]
  readonly messages: Msg[]
  readonly metas: MessageMeta[]
  readonly errors: RealtimeError[]
  readonly closes: { info: CloseInfo; at: number }[]
  readonly opens: number[]
  unmount(): void
}

/**
 * Renders one hook of `kind` (plain or in StrictMode) and records everything it
 * reports; `options` callbacks are called too, after the recording.
 */
export function renderRealtime(
  kind: Kind,
  url: UrlSource | null,
  options: AnyOptions,
  net: NetworkLedger,
  wrapper: Wrapper,
): Recorded {
  const renders: RenderRecord[] = []
  const messages: Msg[] = []
  const metas: MessageMeta[] = []
  const errors: RealtimeError[] = []
  const closes: { info: CloseInfo; at: number }[] = []
  const opens: number[] = []
  const recorded: AnyOptions = {
    parse: parseJson,
    reconnect: FAST_RECONNECT,
    ...options,
    onMessage: (message, meta) => {
      messages.push(message)
      metas.push(meta)
      options.onMessage?.(message, meta)
    },
    onError: (error) => {
      errors.push(error)
      options.onError?.(error)
    },
    onClose: (info) => {
      closes.push({ info, at: Date.now() })
      options.onClose?.(info)
    },
    onOpen: () => {
      opens.push(Date.now())
      options.onOpen?.()
    },
  }
  const { result, unmount } = renderHook(
    () => {
      const value = useRealtime(kind, url, recorded, net)
      const last = renders.at(-1)
      if (
        last === undefined ||
        last.status !== value.status ||
        last.attempt !== value.attempt ||
        last.nextRetryAt !== value.nextRetryAt ||
        last.error !== value.error
      ) {
        renders.push({ status: value.status, attempt: value.attempt, nextRetryAt: value.nextRetryAt, error: value.error, at: Date.now() })
      }
      return value
    },
    { wrapper: wrapper as ComponentType<{ children: ReactNode }> },
  )
  return { result, renders, messages, metas, errors, closes, opens, unmount }
}

/** The seq numbers of `{ seq }` messages, in arrival order. */
export function seqs(messages: readonly Msg[]): number[] {
  return messages.map((message) => message.seq as number)
}

/** 1..n */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, index) => index + 1)
}

/**
 * Awaits an assertion on real network events (inside act, so React renders what
 * arrived). Polls every 5 ms: RTL's default 50 ms would dominate these tests.
 */
export function until<T>(assertion: () => T, timeout = 4000): Promise<T> {
  return waitFor(assertion, { timeout, interval: 5 })
}
