import { vi } from 'vitest'
import { WebSocket } from 'ws'
import type { RawData } from 'ws'
import type { MockServerOptions } from '../../mock-server/index'
import { runningMockServer } from '../helpers/mock-server'
import type { RunningMockServer } from '../helpers/mock-server'

/** Every client a test opened, closed after the test so nothing leaks between tests. */
const cleanups: Array<() => void> = []

/** Starts a fresh server (any free port) before each test and closes it, and all clients, after. */
export function mockServerPerTest(options: MockServerOptions = {}): RunningMockServer {
  return runningMockServer('each test', { options, beforeClose: closeClients })
}

function closeClients(): void {
  for (const cleanup of cleanups.splice(0)) cleanup()
}

/** Awaits a condition with a bounded wait (never a fixed sleep). */
export function until<T>(check: () => T, timeout = 2000): Promise<T> {
  return vi.waitFor(
    () => {
      const value = check()
      if (value === false || value === undefined) throw new Error('not yet')
      return value
    },
    { timeout, interval: 5 },
  )
}

// --- a tiny SSE reader (blocks split on blank lines; enough for these tests) -----

export interface SseBlock {
  id?: string
  data?: string
  retry?: string
  comments: string[]
}

export interface SseClient {
  response: Response
  blocks: SseBlock[]
  /** Blocks carrying data, in order. */
  readonly events: SseBlock[]
  /** Resolves when the body ends: 'end' (clean) or 'error' (connection dropped/aborted). */
  ended: Promise<'end' | 'error'>
  close(): void
}

function parseBlock(text: string): SseBlock {
  const block: SseBlock = { comments: [] }
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) {
      block.comments.push(line.slice(1).trim())
      continue
    }
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'id') block.id = value
    else if (field === 'data') block.data = block.data === undefined ? value : `${block.data}\n${value}`
    else if (field === 'retry') block.retry = value
  }
  return block
}

export async function openSse(url: string, init: RequestInit = {}): Promise<SseClient> {
  const controller = new AbortController()
  const response = await fetch(url, { ...init, signal: init.signal ?? controller.signal })
  const blocks: SseBlock[] = []
  const ended = (async (): Promise<'end' | 'error'> => {
    if (response.body === null) return 'end'
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return 'end'
        buffer += value.replace(/\r\n?/g, '\n')
        let boundary = buffer.indexOf('\n\n')
        while (boundary !== -1) {
          blocks.push(parseBlock(buffer.slice(0, boundary)))
          buffer = buffer.slice(boundary + 2)
          boundary = buffer.indexOf('\n\n')
        }
      }
    } catch {
      return 'error'
    }
  })()
  const close = (): void => controller.abort()
  cleanups.push(close)
  return {
    response,
    blocks,
    get events() {
      return blocks.filter((b) => b.data !== undefined)
    },
    ended,
    close,
  }
}

// --- WebSocket client --------------------------------------------------------------

export interface WsClient {
  socket: WebSocket
  /** Text frames received, in order. */
  frames: string[]
  opened: Promise<void>
  closed: Promise<{ code: number; reason: string }>
  /** HTTP status when the upgrade was refused. */
  rejected: Promise<number>
}

export function openWs(url: string, options: { origin?: string } = {}): WsClient {
  const socket = new WebSocket(url, options.origin === undefined ? {} : { origin: options.origin })
  const frames: string[] = []
  socket.on('message', (data: RawData) => frames.push(String(data)))
  socket.on('error', () => {})
  const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  const rejected = new Promise<number>((resolve) =>
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      socket.terminate()
    }),
  )
  cleanups.push(() => socket.terminate())
  return { socket, frames, opened, closed, rejected }
}

export function parsed(frames: readonly string[]): unknown[] {
  return frames.map((f) => JSON.parse(f) as unknown)
}

export function seqs(count: number, from = 1): Array<{ seq: number }> {
  return Array.from({ length: count }, (_, i) => ({ seq: from + i }))
}

// --- long-poll ---------------------------------------------------------------------

export interface PollBody {
  messages: unknown[]
  cursor: string
}

export async function poll(url: string, init: RequestInit = {}): Promise<{ status: number; body: PollBody | undefined; response: Response }> {
  const response = await fetch(url, init)
  const text = await response.text()
  return { status: response.status, body: response.status === 200 ? (JSON.parse(text) as PollBody) : undefined, response }
}

export function withQuery(url: string, params: Record<string, string | number>): string {
  const u = new URL(url)
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v))
  return u.toString()
}
