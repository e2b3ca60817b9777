import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import path from 'node:path'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import { listenOnLoopback, openConnections } from './loopback'

/**
 * Serves the built bench page and, on the same port, the WebSocket streams the
 * browser benches read:
 *   /flood?n=N                           N messages {"seq":i} as fast as the socket takes them
 *   /metrics?rate=R&seconds=S&tiles=T    R msg/s for S s: {"metric":"m07","value":v,"seq":i}
 * Every connection gets its own stream; all of it on 127.0.0.1 only.
 */
export interface PageServer {
  /** 'http://127.0.0.1:PORT' */
  url: string
  /** Messages written per stream path since start. */
  sent: { flood: number; metrics: number }
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

const MAX_MESSAGES = 1_000_000
/** Above this many buffered bytes the sender waits a little; keeps memory bounded. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024

function bounded(value: string | null, fallback: number, max: number): number {
  const parsed = Number(value ?? fallback)
  return Number.isFinite(parsed) && parsed > 0 ? Math.min(max, parsed) : fallback
}

export async function startPageServer(root: string): Promise<PageServer> {
  const sent = { flood: 0, metrics: 0 }
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const wss = new WebSocketServer({ noServer: true })

  const server = createServer((req, res) => {
    void (async () => {
      const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
      const file = path.join(root, pathname === '/' ? 'index.html' : pathname)
      if (!file.startsWith(root)) {
        res.writeHead(403).end()
        return
      }
      try {
        const body = await readFile(file)
        res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
        res.end(body)
      } catch {
        res.writeHead(404).end()
      }
    })()
  })
  const sockets = openConnections(server)
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/flood' && url.pathname !== '/metrics') {
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate())
      if (url.pathname === '/flood') flood(ws, bounded(url.searchParams.get('n'), 10_000, MAX_MESSAGES))
      else
        metrics(
          ws,
          bounded(url.searchParams.get('rate'), 2000, 100_000),
          bounded(url.searchParams.get('seconds'), 10, 60),
          bounded(url.searchParams.get('tiles'), 50, 1000),
        )
    })
  })

  const later = (callback: () => void, ms: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      callback()
    }, ms)
    timers.add(timer)
  }

  function flood(ws: WebSocket, count: number): void {
    let seq = 0
    const step = (): void => {
      while (seq < count && ws.readyState === ws.OPEN) {
        if (ws.bufferedAmount > HIGH_WATER_BYTES) {
          later(step, 1)
          return
        }
        seq += 1
        ws.send(`{"seq":${seq}}`)
        sent.flood += 1
      }
    }
    step()
  }

  function metrics(ws: WebSocket, rate: number, seconds: number, tiles: number): void {
    const total = Math.round(rate * seconds)
    const startedAt = performance.now()
    let seq = 0
    // Paced from the start time, so a late timer sends what is due instead of falling behind.
    const step = (): void => {
      if (ws.readyState !== ws.OPEN) return
      const due = Math.min(total, Math.floor(((performance.now() - startedAt) * rate) / 1000))
      while (seq < due) {
        seq += 1
        const tile = (seq - 1) % tiles
        const value = Math.round((50 + 40 * Math.sin(seq / 97 + tile)) * 10) / 10
        ws.send(`{"metric":"m${String(tile).padStart(2, '0')}","value":${value},"seq":${seq}}`)
        sent.metrics += 1
      }
      if (seq < total) later(step, 4)
    }
    step()
  }

  const port = await listenOnLoopback(server)
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        for (const client of wss.clients) client.terminate()
        for (const socket of sockets) socket.destroy()
        wss.close()
        server.close(() => resolve())
      }),
  }
}
