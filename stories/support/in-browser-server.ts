/**
 * An in-browser stand-in for the mock server, for a static Storybook build with
 * no server to talk to. It answers the same URLs (`/ws|/sse|/poll/:scenario`,
 * `POST /send/chat`) with the same scenarios and the fault switches the stories
 * use (failFirst, status, closeCode, dropAfter, rate, count, badJsonEvery, hang,
 * delayMs): WebSocket through mock-socket, SSE and long-poll through a fake `fetch`.
 */
import { Server, WebSocket as MockWebSocket, type Client } from 'mock-socket'
import { feedItem, metricUpdate } from '../../mock-server/scenarios'

type Scenario = 'feed' | 'metrics' | 'chat'

interface Switches {
  failFirst: number
  status: number
  closeCode: number | undefined
  dropAfter: number | undefined
  rate: number | undefined
  count: number | undefined
  badJsonEvery: number | undefined
  delayMs: number
  hang: boolean
  holdMs: number
}

const DEFAULT_RATES = { feed: 1, metrics: 10 } as const
const HOLD_MS = 20_000
/** Clock-driven streams wake at most this often and send everything that fell due. */
const TICK_MS = 16

function numberParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name)
  if (value === null || value === '') return undefined
  const number = Number(value)
  return Number.isFinite(number) ? number : undefined
}

function readSwitches(query: URLSearchParams): Switches {
  return {
    failFirst: numberParam(query, 'failFirst') ?? 0,
    status: numberParam(query, 'status') ?? 503,
    closeCode: numberParam(query, 'closeCode'),
    dropAfter: numberParam(query, 'dropAfter'),
    rate: numberParam(query, 'rate'),
    count: numberParam(query, 'count'),
    badJsonEvery: numberParam(query, 'badJsonEvery'),
    delayMs: numberParam(query, 'delayMs') ?? 0,
    hang: query.get('hang') === '1' || query.get('hang') === 'true',
    holdMs: numberParam(query, 'holdMs') ?? HOLD_MS,
  }
}

function route(url: URL): { kind: string; scenario: Scenario } | undefined {
  const match = /^\/(ws|sse|poll|send)\/([^/]+)$/.exec(url.pathname)
  if (!match) return undefined
  const [, kind = '', scenario = ''] = match
  return scenario === 'feed' || scenario === 'metrics' || scenario === 'chat' ? { kind, scenario } : undefined
}

/** Refusals are counted per path + query, without the resume position, like the real server. */
const attempts = new Map<string, number>()
function refuse(url: URL, switches: Switches): boolean {
  const query = new URLSearchParams(url.search)
  query.delete('cursor')
  query.delete('lastEventId')
  const key = `${url.pathname}?${query.toString()}`
  const attempt = (attempts.get(key) ?? 0) + 1
  attempts.set(key, attempt)
  return attempt <= switches.failFirst
}

// ---- message sources --------------------------------------------------------

/** A numbered stream: message `seq` (1-based) is available once `seq <= head()`. */
interface Source {
  head(): number
  /** JSON text of message `seq`, or malformed text when `badJsonEvery` says so. */
  text(seq: number): string
  /** Calls `ready` once when a message after `after` is available; returns a cancel function. */
  onAvailable(after: number, ready: () => void): () => void
}

class ChatRoom {
  readonly log: string[] = []
  private readonly waiting = new Set<() => void>()

  post(fields: Record<string, unknown>): void {
    this.log.push(JSON.stringify({ ...fields, id: this.log.length + 1, time: Date.now() }))
    for (const wake of [...this.waiting]) wake()
  }

  source(): Source {
    return {
      head: () => this.log.length,
      text: (seq) => this.log[seq - 1] ?? 'null',
      onAvailable: (after, ready) => {
        if (this.log.length > after) {
          const handle = setTimeout(ready, 0)
          return () => clearTimeout(handle)
        }
        const wake = (): void => {
          this.waiting.delete(wake)
          ready()
        }
        this.waiting.add(wake)
        return () => this.waiting.delete(wake)
      },
    }
  }
}

const room = new ChatRoom()

/** Feed, metrics or `count` messages on a clock: message offset+k is due at start + (k-1) * interval. */
function timeline(scenario: Scenario, switches: Switches, start: number, offset: number): Source {
  const counted = switches.count !== undefined
  const rate = switches.rate ?? (counted ? undefined : DEFAULT_RATES[scenario === 'metrics' ? 'metrics' : 'feed'])
  const interval = rate === undefined ? 0 : 1000 / rate
  const last = switches.count ?? Infinity
  const head = (): number => {
    if (interval === 0) return last
    return Math.min(last, offset + Math.floor((Date.now() - start) / interval) + 1)
  }
  const value = (seq: number): unknown => {
    const time = start + (seq - offset - 1) * interval
    if (counted) return { seq }
    return scenario === 'metrics' ? metricUpdate(seq, Math.round(time)) : feedItem(seq, Math.round(time))
  }
  return {
    head,
    text: (seq) => JSON.stringify(value(seq)),
    onAvailable: (after, ready) => {
      if (after >= last) return () => {}
      const due = interval === 0 ? 0 : start + (after - offset) * interval - Date.now()
      const handle = setTimeout(ready, Math.max(TICK_MS, due))
      return () => clearTimeout(handle)
    },
  }
}

function sourceFor(scenario: Scenario, switches: Switches, start: number, offset: number): Source {
  if (scenario === 'chat' && switches.count === undefined) return room.source()
  return timeline(scenario, switches, start, offset)
}

function wireText(source: Source, seq: number, switches: Switches): string {
  if (switches.badJsonEvery !== undefined && seq % switches.badJsonEvery === 0) return `{"seq": ${seq}, "broken": `
  return source.text(seq)
}

/** Sends every message after `after` as it becomes available, until stopped. */
function pump(source: Source, after: number, send: (seq: number) => boolean): () => void {
  let next = after + 1
  let cancel: () => void = () => {}
  let stopped = false
  const run = (): void => {
    while (!stopped && next <= source.head()) {
      if (!send(next)) return
      next += 1
    }
    if (!stopped) cancel = source.onAvailable(next - 1, run)
  }
  run()
  return () => {
    stopped = true
    cancel()
  }
}

// ---- WebSocket (mock-socket) ---------------------------------------------------

/** mock-socket keys servers by URL without its query, so one server per path reads each client's own URL. */
const servers = new Map<string, Server>()

function serveWebSocket(rawUrl: string): void {
  const { origin, pathname } = new URL(rawUrl)
  const base = `${origin}${pathname}`
  if (servers.has(base)) return
  const server = new Server(base, { mock: false })
  servers.set(base, server)
  server.on('connection', (socket: Client) => {
    const url = new URL(socket.url)
    const found = route(url)
    const switches = readSwitches(url.searchParams)
    if (!found || found.kind !== 'ws') {
      socket.close({ code: 1008, reason: 'not found', wasClean: true })
      return
    }
    if (refuse(url, switches)) {
      socket.close({ code: switches.closeCode ?? 1013, reason: 'refused by failFirst', wasClean: true })
      return
    }
    const cursor = numberParam(url.searchParams, 'cursor')
    const source = sourceFor(found.scenario, switches, Date.now(), cursor ?? 0)
    const start = cursor ?? (found.scenario === 'chat' ? room.log.length : 0)
    let sent = 0
    const stop = pump(source, start, (seq) => {
      socket.send(wireText(source, seq, switches))
      sent += 1
      if (switches.dropAfter !== undefined && sent >= switches.dropAfter) {
        stop()
        // Without closeCode the real server drops the TCP connection: the client sees 1006.
        socket.close({ code: switches.closeCode ?? 1006, reason: 'dropAfter', wasClean: switches.closeCode !== undefined })
        return false
      }
      return true
    })
    socket.on('close', () => stop())
    if (found.scenario === 'chat') {
      socket.on('message', (data) => {
        try {
          room.post(JSON.parse(String(data)) as Record<string, unknown>)
        } catch {
          socket.close({ code: 1007, reason: 'not JSON', wasClean: true })
        }
      })
    }
  })
}

/** A socket that never finishes its opening handshake (the `hang` switch). */
class HangingWebSocket {
  readyState = 0
  binaryType = 'blob'
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  send(): void {
    throw new DOMException('Still in CONNECTING state.', 'InvalidStateError')
  }
  close(): void {
    this.readyState = 3
  }
}

/** A WebSocket constructor for the hooks' `WebSocket` option. */
export const InBrowserWebSocket = function InBrowserWebSocket(url: string, protocols?: string | string[]) {
  if (readSwitches(new URL(url).searchParams).hang) return new HangingWebSocket()
  serveWebSocket(url)
  return new MockWebSocket(url, protocols)
} as unknown as typeof WebSocket

// ---- fetch: SSE, long-poll, send ------------------------------------------------

function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError')
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError())
    const handle = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(handle)
        reject(abortError())
      },
      { once: true },
    )
  })
}

const text = (status: number, body: string): Response =>
  new Response(status === 204 ? null : body, { status, headers: { 'Content-Type': 'text/plain' } })

function serveSse(scenario: Scenario, switches: Switches, init: RequestInit | undefined): Response {
  const lastEventId = new Headers(init?.headers).get('Last-Event-ID')
  const resumed = lastEventId === null ? undefined : Number(lastEventId)
  const source = sourceFor(scenario, switches, Date.now(), resumed ?? 0)
  const start = resumed ?? (scenario === 'chat' && switches.count === undefined ? room.log.length : 0)
  const encoder = new TextEncoder()
  let stop: () => void = () => {}
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let sent = 0
      stop = pump(source, start, (seq) => {
        controller.enqueue(encoder.encode(`id: ${seq}\ndata: ${wireText(source, seq, switches)}\n\n`))
        sent += 1
        if (switches.dropAfter !== undefined && sent >= switches.dropAfter) {
          stop()
          controller.error(new TypeError('network error: dropAfter'))
          return false
        }
        return true
      })
      init?.signal?.addEventListener(
        'abort',
        () => {
          stop()
          try {
            controller.error(abortError())
          } catch {
            // Already errored.
          }
        },
        { once: true },
      )
    },
    cancel() {
      stop()
    },
  })
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
}

/** Long-poll timelines start with the first request for a key and stay put, so cursors mean the same thing. */
const pollStarts = new Map<string, number>()
const pollDelivered = new Map<string, number>()

async function servePoll(url: URL, scenario: Scenario, switches: Switches, signal: AbortSignal | null | undefined): Promise<Response> {
  const query = new URLSearchParams(url.search)
  query.delete('cursor')
  const key = `${url.pathname}?${query.toString()}`
  if (!pollStarts.has(key)) pollStarts.set(key, Date.now())
  const source = sourceFor(scenario, switches, pollStarts.get(key) as number, 0)
  const cursor = numberParam(url.searchParams, 'cursor') ?? source.head() - (scenario === 'chat' ? 0 : 1)

  if (switches.dropAfter !== undefined && (pollDelivered.get(key) ?? 0) >= switches.dropAfter) {
    pollDelivered.set(key, 0)
    throw new TypeError('Failed to fetch (dropAfter)')
  }
  if (source.head() <= cursor) {
    const arrived = await new Promise<boolean>((resolve, reject) => {
      const cancel = source.onAvailable(cursor, () => {
        clearTimeout(timeout)
        resolve(true)
      })
      const timeout = setTimeout(() => {
        cancel()
        resolve(false)
      }, switches.holdMs)
      signal?.addEventListener(
        'abort',
        () => {
          cancel()
          clearTimeout(timeout)
          reject(abortError())
        },
        { once: true },
      )
    })
    if (!arrived || source.head() <= cursor) return text(204, '')
  }
  const limit = switches.dropAfter ?? Infinity
  const last = Math.min(source.head(), cursor + limit)
  const messages: unknown[] = []
  for (let seq = cursor + 1; seq <= last; seq++) {
    const wire = wireText(source, seq, switches)
    // A malformed message travels as a JSON string, so the body stays valid JSON.
    try {
      messages.push(JSON.parse(wire))
    } catch {
      messages.push(wire)
    }
  }
  pollDelivered.set(key, (pollDelivered.get(key) ?? 0) + messages.length)
  return new Response(JSON.stringify({ messages, cursor: String(last) }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  })
}

async function serveSend(init: RequestInit | undefined): Promise<Response> {
  try {
    room.post(JSON.parse(String(init?.body)) as Record<string, unknown>)
  } catch {
    return text(400, 'the body is not JSON')
  }
  return new Response('{"ok":true}', { status: 200, headers: { 'Content-Type': 'application/json' } })
}

/** A `fetch` for the hooks' `fetch` option (and `<Chat>`'s POSTs). */
export const inBrowserFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input))
  const found = route(url)
  if (!found) return text(404, 'not found')
  const switches = readSwitches(url.searchParams)
  if (switches.hang) return new Promise<never>((_, reject) => init?.signal?.addEventListener('abort', () => reject(abortError())))
  if (switches.delayMs > 0) await sleep(switches.delayMs, init?.signal)
  if (found.kind === 'send') return serveSend(init)
  if ((found.kind === 'sse' || found.kind === 'poll') && refuse(url, switches)) return text(switches.status, 'refused by failFirst')
  if (found.kind === 'sse') return serveSse(found.scenario, switches, init)
  if (found.kind === 'poll') return servePoll(url, found.scenario, switches, init?.signal)
  return text(426, 'this endpoint speaks WebSocket')
}
