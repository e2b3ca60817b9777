/**
 * Bench part a: long polling vs SSE vs WebSocket through real servers on
 * 127.0.0.1, using the project's own core (Connection + transports) with `ws`
 * and Node's fetch.
 *
 * - latency: a bench-only stamp server (bench/lib/stamp-server.ts) in this
 *   process, so sender and receiver read the same clock;
 * - throughput, bytes, requests, reconnect: the project's mock server, in a
 *   child process, with a counting TCP proxy in front of it for bytes.
 */
import { WebSocket as WsWebSocket } from 'ws'
import { Connection } from '../src/core/connection'
import { createEventSourceTransport } from '../src/core/transports/event-source'
import { createLongPollTransport } from '../src/core/transports/long-poll'
import { createWebSocketTransport } from '../src/core/transports/websocket'
import type { WebSocketConstructor } from '../src/core/transports/websocket'
import type { ReconnectOptions, TransportFactory } from '../src/core/types'
import { startChildMockServer } from './lib/child-mock-server'
import type { ChildMockServer } from './lib/child-mock-server'
import { startCountingProxy } from './lib/counting-proxy'
import type { CountingProxy } from './lib/counting-proxy'
import { describeLoad, loadAverage } from './lib/machine'
import type { BenchResult, Table } from './lib/result'
import { startStampServer, stampNow } from './lib/stamp-server'
import type { StampedMessage } from './lib/stamp-server'
import { fmt, median, percentile, round } from './lib/stats'

type Kind = 'long-poll' | 'sse' | 'websocket'
const KINDS: readonly Kind[] = ['long-poll', 'sse', 'websocket']
const LABELS: Record<Kind, string> = { 'long-poll': 'long polling', sse: 'SSE', websocket: 'WebSocket' }

/** Latency stream: LATENCY_RATE msg/s for LATENCY_COUNT messages; the first few warm the JIT up. */
const LATENCY_RATE = 20
const LATENCY_COUNT = 60
const LATENCY_WARMUP = 5
/** Flood: measured after a warm-up, for a fixed window. */
const FLOOD_WARMUP_MS = 500
const FLOOD_WINDOW_MS = 2000
const FLOOD_COUNT = 5_000_000
/** Bytes at flood: a fixed number of messages, as fast as the server sends them. */
const BURST_COUNT = 5000
/** Reconnect: drops measured per transport, with a small fixed delay. */
const RECONNECT_DROPS = 5
const RECONNECT_DELAY_MS = 50
const RECONNECT: ReconnectOptions = {
  initialDelayMs: RECONNECT_DELAY_MS,
  maxDelayMs: RECONNECT_DELAY_MS,
  factor: 1,
  jitter: 0,
  stableAfterMs: 60_000,
}

/** Counts HTTP requests: every fetch, and the upgrade request of every WebSocket. */
interface RequestCounter {
  requests: number
}

function countingFetch(counter: RequestCounter): typeof fetch {
  return (input, init) => {
    counter.requests += 1
    return fetch(input, init)
  }
}

function countingWebSocket(counter: RequestCounter): WebSocketConstructor {
  return class extends WsWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      counter.requests += 1
    }
  }
}

function transportFor(kind: Kind, counter: RequestCounter): TransportFactory {
  switch (kind) {
    case 'websocket':
      return createWebSocketTransport({ WebSocket: countingWebSocket(counter) })
    case 'sse':
      return createEventSourceTransport({ fetch: countingFetch(counter) })
    case 'long-poll':
      return createLongPollTransport({ fetch: countingFetch(counter) })
  }
}

/** A transport's endpoint on a server at `base` (http://…): /ws…, /sse… or /poll…, with ws:// for WebSocket. */
function endpoint(base: string, kind: Kind, rest: string): string {
  const path = { websocket: 'ws', sse: 'sse', 'long-poll': 'poll' }[kind]
  const origin = kind === 'websocket' ? base.replace(/^http/, 'ws') : base
  return `${origin}/${path}${rest}`
}

/** The mock server's feed for a transport, e.g. /poll/feed. */
function mockUrl(base: string, kind: Kind, query: string): string {
  return endpoint(base, kind, `/feed?${query}`)
}

/** WS and SSE hand over text; long-poll hands over values already parsed from the body. */
function decode(raw: unknown): unknown {
  return typeof raw === 'string' ? JSON.parse(raw) : raw
}

function payloadBytes(raw: unknown): number {
  return Buffer.byteLength(typeof raw === 'string' ? raw : JSON.stringify(raw))
}

interface DriveOptions {
  kind: Kind
  url: string
  counter?: RequestCounter
  reconnect?: false | ReconnectOptions
  /** Hard bound on the run. */
  maxMs: number
  /** Return true to end the run. */
  onMessage?(raw: unknown): boolean | void
  onOpen?(): boolean | void
  onClose?(): void
}

/** Runs one Connection until a handler says stop or `maxMs` passes; always closes it. */
function drive(options: DriveOptions): Promise<{ timedOut: boolean }> {
  const counter = options.counter ?? { requests: 0 }
  const connection = new Connection({
    url: options.url,
    transport: transportFor(options.kind, counter),
    reconnect: options.reconnect ?? false,
  })
  return new Promise((resolve) => {
    let done = false
    const finish = (timedOut: boolean): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      unlisten()
      connection.close()
      resolve({ timedOut })
    }
    const timer = setTimeout(() => finish(true), options.maxMs)
    const unlisten = connection.listen({
      message: (raw) => {
        if (!done && options.onMessage?.(raw) === true) finish(false)
      },
      open: () => {
        if (!done && options.onOpen?.() === true) finish(false)
      },
      close: () => {
        if (!done) options.onClose?.()
      },
    })
    connection.start()
  })
}

// --- latency -----------------------------------------------------------------

async function measureLatency(kind: Kind, stampBase: string): Promise<{ samples: number[]; timedOut: boolean }> {
  const url = endpoint(stampBase, kind, `?rate=${LATENCY_RATE}&count=${LATENCY_COUNT}&stream=${kind}-${Date.now()}`)
  const samples: number[] = []
  const { timedOut } = await drive({
    kind,
    url,
    maxMs: (LATENCY_COUNT / LATENCY_RATE) * 1000 + 5000,
    onMessage: (raw) => {
      const now = stampNow()
      const message = decode(raw) as StampedMessage
      samples.push(now - message.t)
      return message.seq >= LATENCY_COUNT
    },
  })
  return { samples: samples.slice(LATENCY_WARMUP), timedOut }
}

// --- throughput --------------------------------------------------------------

async function measureThroughput(
  kind: Kind,
  mock: ChildMockServer,
): Promise<{ perSecond: number; counted: number; clientCpu: number; serverCpu: number }> {
  const mockBase = mock.url
  let firstAt: number | undefined
  let counted = 0
  // This process's CPU time over the window: near 100% of one core means the client is the limit.
  let cpuAtStart: NodeJS.CpuUsage | undefined
  let clientCpu = NaN
  let serverCpuAtStart: Promise<number> | undefined
  let serverCpuAtEnd: Promise<number> | undefined
  await drive({
    kind,
    url: mockUrl(mockBase, kind, `count=${FLOOD_COUNT}`),
    maxMs: FLOOD_WARMUP_MS + FLOOD_WINDOW_MS + 5000,
    onMessage: (raw) => {
      decode(raw)
      const now = performance.now()
      firstAt ??= now
      const elapsed = now - firstAt
      if (elapsed >= FLOOD_WARMUP_MS + FLOOD_WINDOW_MS) {
        const used = process.cpuUsage(cpuAtStart)
        clientCpu = (used.user + used.system) / 1000 / FLOOD_WINDOW_MS
        serverCpuAtEnd = mock.cpuMicros()
        return true
      }
      if (elapsed >= FLOOD_WARMUP_MS) {
        if (cpuAtStart === undefined) {
          cpuAtStart = process.cpuUsage()
          serverCpuAtStart = mock.cpuMicros()
        }
        counted += 1
      }
      return false
    },
  })
  const serverCpu =
    serverCpuAtStart && serverCpuAtEnd ? ((await serverCpuAtEnd) - (await serverCpuAtStart)) / 1000 / FLOOD_WINDOW_MS : NaN
  return { perSecond: counted / (FLOOD_WINDOW_MS / 1000), counted, clientCpu, serverCpu }
}

// --- bytes and requests ------------------------------------------------------

interface Overhead {
  /** Wire bytes per message, both directions. */
  wirePerMessage: number
  /** JSON payload bytes per message. */
  payloadPerMessage: number
  /** Bytes before the first message beyond one message's share (handshake, headers). */
  setupBytes: number
  requestsPerMessage: number
  connections: number
  messages: number
  timedOut: boolean
}

/**
 * Low rate: bytes between the first and the last message, per message (the
 * steady cost), plus what the connection cost to set up. Flood: all bytes over
 * all messages.
 */
async function measureOverhead(kind: Kind, proxy: CountingProxy, mode: 'low' | 'flood'): Promise<Overhead> {
  const count = mode === 'low' ? LATENCY_COUNT : BURST_COUNT
  const query = mode === 'low' ? `count=${count}&rate=${LATENCY_RATE}` : `count=${count}`
  const counter: RequestCounter = { requests: 0 }
  proxy.reset()
  let received = 0
  let payload = 0
  let first: { bytes: number; requests: number } | undefined
  let last: { bytes: number; requests: number } | undefined
  const { timedOut } = await drive({
    kind,
    counter,
    url: mockUrl(proxy.url, kind, query),
    maxMs: mode === 'low' ? (count / LATENCY_RATE) * 1000 + 5000 : 15_000,
    onMessage: (raw) => {
      received += 1
      payload += payloadBytes(raw)
      const { up, down } = proxy.counts()
      const point = { bytes: up + down, requests: counter.requests }
      first ??= point
      last = point
      return received >= count
    },
  })
  const connections = proxy.counts().connections
  if (!first || !last || received < 2) {
    return { wirePerMessage: NaN, payloadPerMessage: NaN, setupBytes: NaN, requestsPerMessage: NaN, connections, messages: received, timedOut }
  }
  const steady = mode === 'low' ? (last.bytes - first.bytes) / (received - 1) : last.bytes / received
  return {
    wirePerMessage: steady,
    payloadPerMessage: payload / received,
    // Long-poll has no setup to speak of (every response pays its own headers); the
    // first request is only shorter, as it has no cursor yet.
    setupBytes: mode === 'low' ? Math.max(0, first.bytes - steady) : NaN,
    requestsPerMessage: mode === 'low' ? (last.requests - first.requests) / (received - 1) : last.requests / received,
    connections,
    messages: received,
    timedOut,
  }
}

// --- reconnect ---------------------------------------------------------------

async function measureReconnect(kind: Kind, mockBase: string): Promise<{ samples: number[]; timedOut: boolean }> {
  const samples: number[] = []
  let closedAt: number | undefined
  const { timedOut } = await drive({
    kind,
    // The server drops every connection after 20 messages (WS: terminated, no close frame).
    url: mockUrl(mockBase, kind, 'count=1000000&dropAfter=20'),
    reconnect: RECONNECT,
    maxMs: 15_000,
    onClose: () => {
      closedAt = performance.now()
    },
    onOpen: () => {
      if (closedAt === undefined) return false
      samples.push(performance.now() - closedAt)
      closedAt = undefined
      return samples.length >= RECONNECT_DROPS
    },
  })
  return { samples, timedOut }
}

// --- the part ----------------------------------------------------------------

interface KindNumbers {
  latencyP50: number
  latencyP99: number
  latencySamples: number
  messagesPerSecond: number
  /** Share of one core this process used during the flood window. */
  clientCpu: number
  /** The same for the mock server's process. */
  serverCpu: number
  low: Overhead
  flood: Overhead
  reconnectMedian: number
  reconnectSamples: number[]
  timedOut: string[]
}

export async function runTransports(log: (line: string) => void = console.log): Promise<BenchResult> {
  const loadBefore = loadAverage()
  const stamp = await startStampServer()
  const mock = await startChildMockServer()
  const proxy = await startCountingProxy(mock.port)
  const numbers = {} as Record<Kind, KindNumbers>
  try {
    for (const kind of KINDS) {
      log(`  transports: ${LABELS[kind]}…`)
      const timedOut: string[] = []
      const latency = await measureLatency(kind, stamp.url)
      if (latency.timedOut) timedOut.push('latency')
      const throughput = await measureThroughput(kind, mock)
      const low = await measureOverhead(kind, proxy, 'low')
      if (low.timedOut) timedOut.push('bytes (low rate)')
      const flood = await measureOverhead(kind, proxy, 'flood')
      if (flood.timedOut) timedOut.push('bytes (flood)')
      const reconnect = await measureReconnect(kind, mock.url)
      if (reconnect.timedOut) timedOut.push('reconnect')
      numbers[kind] = {
        latencyP50: percentile(latency.samples, 50),
        latencyP99: percentile(latency.samples, 99),
        latencySamples: latency.samples.length,
        messagesPerSecond: throughput.perSecond,
        clientCpu: throughput.clientCpu,
        serverCpu: throughput.serverCpu,
        low,
        flood,
        reconnectMedian: median(reconnect.samples),
        reconnectSamples: reconnect.samples.map((ms) => round(ms, 2)),
        timedOut,
      }
    }
  } finally {
    await proxy.close()
    await mock.stop()
    await stamp.close()
  }

  const row = (label: string, cell: (n: KindNumbers, kind: Kind) => string): string[] => [
    label,
    ...KINDS.map((kind) => cell(numbers[kind], kind)),
  ]
  const lat = (n: KindNumbers): string => `${fmt(n.latencyP50, 2)} / ${fmt(n.latencyP99, 2)} ms`
  const over = (n: KindNumbers): string =>
    `${fmt(n.low.wirePerMessage)} B/msg for ${fmt(n.low.payloadPerMessage)} B of data, ${fmt(n.low.requestsPerMessage, 2)} req/msg`

  const seed: Table = {
    title: `a. Transports on 127.0.0.1 (our core Connection; ${LATENCY_RATE} msg/s for latency and overhead)`,
    columns: ['', ...KINDS.map((kind) => LABELS[kind])],
    rows: [
      row('latency (p50 / p99)', lat),
      row('overhead', over),
      [
        'direction',
        'client pulls (one request per response), server → client',
        'server → client over one HTTP response; resumes with Last-Event-ID',
        'full duplex over one connection',
      ],
      row('max sustained msg/s (flood, 2 s)', (n) => fmt(n.messagesPerSecond)),
      row('CPU during the flood, client / server (1 core = 100%)', (n) => `${fmt(n.clientCpu * 100)}% / ${fmt(n.serverCpu * 100)}%`),
      row(`wire bytes/msg at ${LATENCY_RATE} msg/s`, (n) => fmt(n.low.wirePerMessage)),
      row('payload bytes/msg', (n) => fmt(n.low.payloadPerMessage)),
      row('connection setup bytes', (n) => fmt(n.low.setupBytes)),
      row(`wire bytes/msg, ${fmt(BURST_COUNT)} msgs flooded`, (n) => fmt(n.flood.wirePerMessage, 1)),
      row(`HTTP requests/msg at ${LATENCY_RATE} msg/s`, (n) => fmt(n.low.requestsPerMessage, 2)),
      row(`HTTP requests/msg, flooded`, (n) => fmt(n.flood.requestsPerMessage, 4)),
      row('TCP connections (low rate run)', (n) => fmt(n.low.connections)),
      row(`reconnect after a drop (median of ${RECONNECT_DROPS}; delay ${RECONNECT_DELAY_MS} ms)`, (n) =>
        `${fmt(n.reconnectMedian, 1)} ms`,
      ),
    ],
  }

  const timeouts = KINDS.flatMap((kind) => numbers[kind].timedOut.map((what) => `${LABELS[kind]}: ${what}`))
  return {
    name: 'transports',
    tables: [seed],
    data: {
      loadBefore,
      loadAfter: loadAverage(),
      settings: {
        latencyRate: LATENCY_RATE,
        latencyCount: LATENCY_COUNT,
        latencyWarmup: LATENCY_WARMUP,
        floodWarmupMs: FLOOD_WARMUP_MS,
        floodWindowMs: FLOOD_WINDOW_MS,
        burstCount: BURST_COUNT,
        reconnect: RECONNECT,
      },
      perTransport: Object.fromEntries(
        KINDS.map((kind) => {
          const n = numbers[kind]
          return [
            kind,
            {
              latencyMs: { p50: round(n.latencyP50, 3), p99: round(n.latencyP99, 3), samples: n.latencySamples },
              maxMessagesPerSecond: Math.round(n.messagesPerSecond),
              clientCpuShareDuringFlood: round(n.clientCpu, 2),
              serverCpuShareDuringFlood: round(n.serverCpu, 2),
              lowRate: roundOverhead(n.low),
              flood: roundOverhead(n.flood),
              reconnectMs: { median: round(n.reconnectMedian, 2), samples: n.reconnectSamples },
              timedOut: n.timedOut,
            },
          ]
        }),
      ),
    },
    notes: [
      `Latency: server stamps each message with performance.timeOrigin + performance.now() when it exists; the client (same process, same clock) subtracts on receipt. ${LATENCY_COUNT - LATENCY_WARMUP} samples each, so p99 is close to the maximum.`,
      'Long-poll latency at a low rate is close to SSE because a request is already waiting when a message appears; at higher rates each response waits for the next request.',
      'Throughput, bytes and reconnect use the mock server (mock-server/index.ts) in a child process; bytes are counted by a TCP proxy (HTTP headers, chunking, SSE/WS framing included; TCP/IP headers not).',
      `Reconnect = from the client seeing the drop to the next open, with a fixed ${RECONNECT_DELAY_MS} ms retry delay (jitter 0) included; the mock server drops after 20 messages (WS terminated without a close frame, SSE response destroyed, long-poll request destroyed).`,
      `Max msg/s counts messages received and JSON-parsed in ${FLOOD_WINDOW_MS / 1000} s after a ${FLOOD_WARMUP_MS} ms warm-up while the mock server floods {"seq":n} messages; client and server share 2 cores with the rest of the machine.`,
      `Measured at ${describeLoad()} (before: ${loadBefore.join(' / ')}).`,
      ...(timeouts.length > 0 ? [`Hit its time bound (numbers partial): ${timeouts.join('; ')}`] : []),
    ],
  }
}

function roundOverhead(o: Overhead): Record<string, number | boolean> {
  return {
    wireBytesPerMessage: round(o.wirePerMessage, 1),
    payloadBytesPerMessage: round(o.payloadPerMessage, 1),
    setupBytes: round(o.setupBytes, 0),
    requestsPerMessage: round(o.requestsPerMessage, 4),
    tcpConnections: o.connections,
    messages: o.messages,
    timedOut: o.timedOut,
  }
}
