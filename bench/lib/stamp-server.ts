import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import { listenOnLoopback, openConnections } from './loopback'

/**
 * A bench-only server for one-way latency. The mock server stamps messages with
 * the millisecond they were scheduled for, not when they left; this one stamps
 * each message the moment it exists, with `performance.timeOrigin +
 * performance.now()` (µs resolution). Same wire formats as the mock server:
 *   /ws    JSON text frames
 *   /sse   `id: seq` + `data: json` events
 *   /poll  200 {"messages": [...], "cursor": "seq"}; a request waits for the next message
 * Query: rate (msgs/s, default 20) and count (default 60); then the stream idles.
 * Messages are `{ "seq": i, "t": <epoch ms, fractional> }`.
 */
export interface StampServer {
  /** 'http://127.0.0.1:PORT' */
  url: string
  close(): Promise<void>
}

export interface StampedMessage {
  seq: number
  t: number
}

export const stampNow = (): number => performance.timeOrigin + performance.now()

const MAX_COUNT = 10_000
const MAX_RATE = 1000

function readStream(url: URL): { rate: number; count: number } {
  const rate = Math.min(MAX_RATE, Math.max(1, Number(url.searchParams.get('rate') ?? 20) || 20))
  const count = Math.min(MAX_COUNT, Math.max(1, Number(url.searchParams.get('count') ?? 60) || 60))
  return { rate, count }
}

/** Calls `emit(seq)` for seq 1..count at `rate`, paced from a start time so timer lateness does not accumulate. */
function produce(rate: number, count: number, emit: (seq: number) => void): () => void {
  const start = performance.now()
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const tick = (): void => {
    seq += 1
    emit(seq)
    if (seq >= count) return
    timer = setTimeout(tick, Math.max(0, start + (seq * 1000) / rate - performance.now()))
  }
  timer = setTimeout(tick, 0)
  return () => clearTimeout(timer)
}

export async function startStampServer(): Promise<StampServer> {
  const stops = new Set<() => void>()
  const polls = new Map<string, PollStream>()
  const wss = new WebSocketServer({ noServer: true })

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname === '/sse') return serveSse(url, req, res, stops)
    if (url.pathname === '/poll') return servePoll(url, res, polls, stops)
    res.writeHead(404).end()
  })
  const sockets = openConnections(server)
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/ws') {
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const { rate, count } = readStream(url)
      const stop = produce(rate, count, (seq) => ws.send(JSON.stringify({ seq, t: stampNow() })))
      stops.add(stop)
      ws.on('close', () => {
        stop()
        stops.delete(stop)
      })
      ws.on('error', () => ws.terminate())
    })
  })

  const port = await listenOnLoopback(server)

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stop of stops) stop()
        for (const client of wss.clients) client.terminate()
        for (const socket of sockets) socket.destroy()
        wss.close()
        server.close(() => resolve())
      }),
  }
}

function serveSse(url: URL, req: IncomingMessage, res: ServerResponse, stops: Set<() => void>): void {
  const { rate, count } = readStream(url)
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
  res.flushHeaders()
  const stop = produce(rate, count, (seq) => {
    res.write(`id: ${seq}\ndata: ${JSON.stringify({ seq, t: stampNow() })}\n\n`)
  })
  stops.add(stop)
  req.on('close', () => {
    stop()
    stops.delete(stop)
  })
}

/** One long-poll stream: messages are stamped when produced, whether or not a request is waiting. */
interface PollStream {
  log: string[]
  waiting: Set<() => void>
}

function servePoll(url: URL, res: ServerResponse, polls: Map<string, PollStream>, stops: Set<() => void>): void {
  const { rate, count } = readStream(url)
  const key = `${rate}/${count}/${url.searchParams.get('stream') ?? ''}`
  let stream = polls.get(key)
  if (!stream) {
    const created: PollStream = { log: [], waiting: new Set() }
    stream = created
    polls.set(key, created)
    stops.add(
      produce(rate, count, (seq) => {
        created.log.push(JSON.stringify({ seq, t: stampNow() }))
        const waiting = [...created.waiting]
        created.waiting.clear()
        for (const answer of waiting) answer()
      }),
    )
  }
  const cursor = Number(url.searchParams.get('cursor') ?? 0) || 0
  const current = stream
  const answer = (): void => {
    if (res.writableEnded || res.destroyed) return
    const messages = current.log.slice(cursor)
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(`{"messages":[${messages.join(',')}],"cursor":"${current.log.length}"}`)
  }
  if (stream.log.length > cursor) answer()
  else {
    stream.waiting.add(answer)
    res.on('close', () => current.waiting.delete(answer))
  }
}
