import { act } from '@testing-library/react'
import { WebSocket as MockWebSocket } from 'mock-socket'
import type { CommonOptions, RealtimeResult } from '../../src/hooks/types'
import { useEventSource } from '../../src/hooks/use-event-source'
import { useLongPoll } from '../../src/hooks/use-long-poll'
import { useWebSocket } from '../../src/hooks/use-web-socket'
import { advance, FRAME_MS } from '../helpers/act-timers'
import { fakePollFetch, fakeSseFetch } from '../helpers/fake-fetch'
import { MOCK_SOCKET_DELAY_MS, startMockWsServer } from '../helpers/mock-ws-server'

/*
 * One way to drive each hook from the server side, so that the scale tests run the
 * same script against all three transports: render with `useHook`, `open()` the
 * connection, then deliver a `burst` of messages in one go (one WebSocket task of
 * synchronous frames, one SSE chunk, one long-poll response).
 */

export type HookName = 'useWebSocket' | 'useEventSource' | 'useLongPoll'
export const HOOK_NAMES: readonly HookName[] = ['useWebSocket', 'useEventSource', 'useLongPoll']

export type ScaleOptions = Pick<
  CommonOptions<string>,
  'history' | 'renderRate' | 'onMessage' | 'onClose' | 'onError' | 'share' | 'shareGraceMs' | 'reconnect'
> & { parse?: (raw: unknown) => string }

export interface Driver {
  readonly name: HookName
  /** The hook, wired to this driver's fake server. Call it inside a component. */
  useHook(options?: ScaleOptions): RealtimeResult<string>
  /** Lets every mounted hook reach `open`. */
  open(): Promise<void>
  /** The server sends all of `messages` at once; they are delivered (not yet rendered) when this resolves. */
  burst(messages: readonly string[]): Promise<void>
  /** The server ends the connection uncleanly (WS close 1011, SSE stream end, long-poll HTTP 500): a retry follows. */
  drop(): Promise<void>
  /** Connections the server has seen (WebSocket upgrades, SSE requests, long-poll request chains). */
  connections(): number
  /** Connections still open on the server side. */
  liveConnections(): number
}

const SSE_URL = 'http://127.0.0.1:9876/sse/scale'
const POLL_URL = 'http://127.0.0.1:9876/poll/scale'

export function makeDriver(name: HookName): Driver {
  switch (name) {
    case 'useWebSocket':
      return webSocketDriver()
    case 'useEventSource':
      return eventSourceDriver()
    case 'useLongPoll':
      return longPollDriver()
  }
}

function webSocketDriver(): Driver {
  const server = startMockWsServer()
  return {
    name: 'useWebSocket',
    useHook: (options = {}) => useWebSocket<string, string>(server.url, { WebSocket: MockWebSocket, ...options }),
    open: () => advance(MOCK_SOCKET_DELAY_MS + FRAME_MS),
    async burst(messages) {
      // mock-socket delivers server frames synchronously: the whole burst is one task.
      act(() => {
        for (const message of messages) server.send(message)
      })
      await advance(0)
    },
    async drop() {
      act(() => server.close(1011, 'dropped'))
      await advance(MOCK_SOCKET_DELAY_MS + FRAME_MS)
    },
    connections: () => server.connections.length,
    liveConnections: () => server.openClients().length,
  }
}

function eventSourceDriver(): Driver {
  const server = fakeSseFetch()
  return {
    name: 'useEventSource',
    useHook: (options = {}) => useEventSource<string>(SSE_URL, { fetch: server.fetch, ...options }),
    open: () => advance(FRAME_MS),
    async burst(messages) {
      const chunk = messages.map((message) => `data: ${message}\n\n`).join('')
      act(() => server.last().stream.push(chunk))
      // The body is read through promises: let them settle.
      await advance(0)
    },
    async drop() {
      act(() => server.last().stream.end())
      await advance(FRAME_MS)
    },
    connections: () => server.requests.length,
    liveConnections: () => server.requests.filter((request) => !request.signal?.aborted).length,
  }
}

function longPollDriver(): Driver {
  const server = fakePollFetch()
  let cursor = 0
  const pending = () => server.requests.filter((request) => !request.settled)
  return {
    name: 'useLongPoll',
    useHook: (options = {}) => useLongPoll<string>(POLL_URL, { fetch: server.fetch, ...options }),
    async open() {
      await advance(0)
      // Long-poll is open on its first answer. It carries a cursor, so that every later
      // request of the chain has one and only a chain's first request has none.
      for (const request of pending()) request.reply([], 'c0')
      // An empty answer that came back at once: the next poll follows 250 ms later (API.md pacing).
      await advance(250)
    },
    async burst(messages) {
      const [request, ...others] = pending()
      if (!request || others.length > 0) throw new Error(`expected one pending poll, found ${pending().length}`)
      cursor++
      request.reply(messages, `c${cursor}`)
      await advance(0)
    },
    async drop() {
      for (const request of pending()) request.replyWith(new Response(null, { status: 500 }))
      await advance(FRAME_MS)
    },
    // A chain is one request after another; it starts without a cursor (see `open`; no reconnects here).
    connections: () => server.requests.filter((request) => !request.url.includes('cursor=')).length,
    liveConnections: () => pending().length,
  }
}

/** `['m1', 'm2', …]`: numbered messages, so order and loss are visible. */
export function numbered(count: number, from = 1): string[] {
  return Array.from({ length: count }, (_, index) => `m${from + index}`)
}
