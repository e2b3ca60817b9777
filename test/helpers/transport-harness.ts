/*
 * What the fetch-based transport tests (event-source, long-poll) drive a transport
 * with: a sink that records every report, a fetch that records every request, a
 * clock that moves only when told, and a real HTTP server on a free port.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, vi } from 'vitest'
import { systemClock } from '../../src/core/clock'
import type {
  Clock,
  CloseHints,
  CloseInfo,
  RealtimeError,
  Transport,
  TransportFactory,
  TransportMessageMeta,
  TransportSink,
} from '../../src/core/types'

// Captured before any test fakes timers: yielding to the event loop is how a test
// lets promise chains (fetch, stream reads) run before asserting that nothing (more) happened.
export const realSetTimeout = globalThis.setTimeout
export const flush = (): Promise<void> => new Promise((resolve) => realSetTimeout(resolve, 0))

/** One report the transport made to its sink. */
export type SinkCall =
  | { kind: 'open' }
  | { kind: 'message'; data: unknown; meta: TransportMessageMeta | undefined }
  | { kind: 'error'; error: RealtimeError }
  | { kind: 'resumeFrom'; token: string }
  | { kind: 'retryDelay'; ms: number }
  | { kind: 'close'; info: CloseInfo; hints: CloseHints | undefined }

/** A sink that records every report in order, and lets a test wait for a report. */
export function recordingSink(onCall?: (call: SinkCall) => void) {
  const calls: SinkCall[] = []
  const waiters: { done: () => boolean; resolve: () => void }[] = []
  const record = (call: SinkCall): void => {
    calls.push(call)
    onCall?.(call)
    for (const waiter of [...waiters]) {
      if (waiter.done()) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve()
      }
    }
  }
  const arrivals: number[] = []
  const sink: TransportSink = {
    open: () => record({ kind: 'open' }),
    // `receivedAt` (given by transports that read many messages at once) is kept apart, in
    // `arrivals`, so that tests compare the meta a transport knows from the wire.
    message: (data, meta) => {
      if (meta?.receivedAt === undefined) return record({ kind: 'message', data, meta })
      const { receivedAt, ...wireMeta } = meta
      arrivals.push(receivedAt)
      record({ kind: 'message', data, meta: wireMeta })
    },
    error: (error) => record({ kind: 'error', error }),
    resumeFrom: (token) => record({ kind: 'resumeFrom', token }),
    retryDelay: (ms) => record({ kind: 'retryDelay', ms }),
    close: (info, hints) => record({ kind: 'close', info, hints }),
  }
  const count = (kind: SinkCall['kind']): number => calls.filter((call) => call.kind === kind).length
  /** Resolves once `times` calls of `kind` were recorded (the test timeout bounds the wait). */
  const until = (kind: SinkCall['kind'], times = 1): Promise<void> =>
    count(kind) >= times
      ? Promise.resolve()
      : new Promise((resolve) => waiters.push({ done: () => count(kind) >= times, resolve }))
  const closeCall = (): { info: CloseInfo; hints: CloseHints | undefined } => {
    const call = calls.find((c) => c.kind === 'close')
    if (call?.kind !== 'close') throw new Error('no close call recorded')
    return { info: call.info, hints: call.hints }
  }
  const messages = (): { data: unknown; meta: TransportMessageMeta | undefined }[] =>
    calls.flatMap((call) => (call.kind === 'message' ? [{ data: call.data, meta: call.meta }] : []))
  return { sink, calls, arrivals, until, closeCall, messages, kinds: () => calls.map((call) => call.kind) }
}

export interface ConnectContext {
  url?: string
  resumeFrom?: string
  clock?: Clock
  /** Sees every report as it is made, with the transport (to close it from inside a callback). */
  onCall?: (call: SinkCall, transport: Transport) => void
}

/**
 * `connect(options, context)` for one transport: makes the factory from `options`,
 * connects it to a recording sink, and returns the recording with the transport.
 */
export function connectorFor<Options>(createTransport: (options: Options) => TransportFactory, defaultUrl: string) {
  return function connect(
    options: Options,
    { url = defaultUrl, resumeFrom, clock = systemClock, onCall }: ConnectContext = {},
  ) {
    // The callback needs the transport, which exists only once the factory returned.
    const holder: { transport?: Transport } = {}
    const recording = recordingSink(onCall && ((call) => onCall(call, holder.transport!)))
    const transport = createTransport(options)({ url, sink: recording.sink, clock, resumeFrom })
    holder.transport = transport
    return { ...recording, transport }
  }
}

export interface SeenRequest {
  url: string
  init: RequestInit
  headers: Headers
}

/**
 * A fetch that records its requests and answers the nth one (from 0) with `respond(n)`.
 * It ignores the signal on purpose: the tests check that the transport aborts.
 */
export function recordingFetch(respond: (index: number) => Promise<Response>) {
  const requests: SeenRequest[] = []
  const implementation = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), init: init ?? {}, headers: new Headers(init?.headers) })
    return respond(requests.length - 1)
  })
  return { fetch: implementation as unknown as typeof fetch, requests, implementation }
}

/** A clock whose time only moves when the test says so (for real-server tests). */
export function manualClock() {
  let now = 0
  let nextHandle = 1
  const timers = new Map<number, { at: number; callback: () => void }>()
  const clock: Clock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const handle = nextHandle++
      timers.set(handle, { at: now + ms, callback })
      return handle
    },
    clearTimeout: (handle) => {
      timers.delete(handle as number)
    },
  }
  const advance = (ms: number): void => {
    const target = now + ms
    for (let guard = 0; guard < 1000; guard++) {
      const due = [...timers.entries()].filter(([, timer]) => timer.at <= target).sort((a, b) => a[1].at - b[1].at)[0]
      if (due === undefined) break
      timers.delete(due[0])
      now = due[1].at
      due[1].callback()
    }
    now = target
  }
  return { clock, advance, pending: () => timers.size }
}

/**
 * A real HTTP server for the tests of the calling describe block: `serve(handler)`
 * starts it on a free port and returns the URL of `path` on it; it is stopped after
 * each test, dropping open connections so a held request cannot keep it alive.
 */
export function httpServerPerTest(path: string) {
  let server: http.Server | undefined

  async function stop(): Promise<void> {
    if (server === undefined) return
    const closing = server
    server = undefined
    closing.closeAllConnections()
    await new Promise<void>((resolve) => closing.close(() => resolve()))
  }

  async function serve(handler: http.RequestListener): Promise<string> {
    const started = http.createServer(handler)
    server = started
    await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(started.address() as AddressInfo).port}${path}`
  }

  afterEach(stop)
  return { serve, stop }
}
