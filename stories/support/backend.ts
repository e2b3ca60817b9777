/**
 * Where the stories get their data: the mock server on 127.0.0.1:8787 when it
 * answers (`npm run storybook` and the vitest run start it), else the public test
 * server of react-realtime-kit/testing, in the page (a static `storybook build`
 * opened without a server).
 */
import type { ConnectProps, TransportName } from '../../src/components'
import { createTestServer } from '../../src/testing'

/** One in-page server for every story, so that two chats on one page talk to each other. */
const inBrowserServer = createTestServer()

export type Backend = 'mock-server' | 'in-browser'

export const MOCK_SERVER_ORIGIN = 'http://127.0.0.1:8787'

let detected: Promise<Backend> | undefined

/** Asks the mock server once per page load; anything but an answer within a second means in-browser. */
export function detectBackend(): Promise<Backend> {
  detected ??= fetch(`${MOCK_SERVER_ORIGIN}/ws/feed`, { signal: AbortSignal.timeout(1000) }).then(
    // /ws answers plain HTTP with 426: the server is there.
    (response) => (response.status === 426 ? 'mock-server' : 'in-browser'),
    () => 'in-browser',
  )
  return detected
}

export type Query = Record<string, string | number | boolean>

const PATHS: Record<TransportName, string> = { websocket: 'ws', sse: 'sse', 'long-poll': 'poll' }

/** A fresh value per story render, so `failFirst` counts start again (the server counts per query string). */
export function runId(): string {
  return Math.random().toString(36).slice(2, 10)
}

export function endpoint(transport: TransportName, scenario: string, query: Query = {}): string {
  const origin = transport === 'websocket' ? MOCK_SERVER_ORIGIN.replace(/^http/, 'ws') : MOCK_SERVER_ORIGIN
  const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString()
  return `${origin}/${PATHS[transport]}/${scenario}${search ? `?${search}` : ''}`
}

export const SEND_URL = `${MOCK_SERVER_ORIGIN}/send/chat`

/** Extra hook options shared by every transport (reconnection settings, say). */
export interface SharedOptions {
  reconnect?: false | { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number; jitter?: number; stableAfterMs?: number }
  connectTimeoutMs?: number
}

/** The WebSocket implementation a hook needs to reach the chosen backend (none: the browser's own). */
export function webSocketFor(backend: Backend): { WebSocket?: typeof inBrowserServer.WebSocket } {
  return backend === 'in-browser' ? { WebSocket: inBrowserServer.WebSocket } : {}
}

/** The `fetch` an SSE or long-poll hook needs to reach the chosen backend (none: the browser's own). */
export function fetchFor(backend: Backend): { fetch?: typeof fetch } {
  return backend === 'in-browser' ? { fetch: inBrowserServer.fetch } : {}
}

/** `transport` + `url` + `options` for a component, wired to the chosen backend. */
export function connect<Out = unknown>(
  backend: Backend,
  transport: TransportName,
  scenario: string,
  query: Query = {},
  shared: SharedOptions = {},
): ConnectProps<Out> {
  const url = endpoint(transport, scenario, query)
  switch (transport) {
    case 'websocket':
      return { transport, url, options: { ...shared, ...webSocketFor(backend) } }
    case 'sse':
      return { transport, url, options: { ...shared, ...fetchFor(backend) } }
    case 'long-poll':
      return { transport, url, options: { ...shared, ...fetchFor(backend) } }
  }
}
