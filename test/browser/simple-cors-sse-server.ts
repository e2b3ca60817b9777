import { createServer } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { Socket } from 'node:net'

/**
 * An SSE server as many are written (and better-sse's default): every response
 * carries `Access-Control-Allow-Origin: *`, and OPTIONS is refused, so any request
 * that needs a CORS preflight fails in a browser.
 *
 * GET /events/NAME streams events with ids 1, 2, 3, … from the position the request
 * resumes from (`Last-Event-ID` header or `?lastEventId=`), drops the connection
 * after `dropEvery` events until `total` were sent, then stays open.
 */
export interface SimpleCorsSseServer {
  /** 'http://127.0.0.1:PORT' */
  url: string
  /** Every request, OPTIONS included, in arrival order. */
  requests: { method: string; url: string; headers: IncomingHttpHeaders }[]
  /** OPTIONS requests per path. */
  preflights(path: string): number
  close(): Promise<void>
}

export async function startSimpleCorsSseServer({ dropEvery = 3, total = 9 } = {}): Promise<SimpleCorsSseServer> {
  const requests: SimpleCorsSseServer['requests'] = []
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    if (req.method !== 'GET' || !target.pathname.startsWith('/events/')) {
      res.writeHead(req.method === 'OPTIONS' ? 405 : 404, { 'Access-Control-Allow-Origin': '*' }).end()
      return
    }
    const header = req.headers['last-event-id']
    const position = Number(typeof header === 'string' ? header : (target.searchParams.get('lastEventId') ?? '0'))
    res.writeHead(200, {
      'Access-Control-Allow-Origin': '*',
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
    })
    const last = Math.min(total, position + dropEvery)
    let events = ''
    for (let id = position + 1; id <= last; id += 1) events += `id: ${id}\ndata: event ${id}\n\n`
    // Then a drop, as a crashed server or a proxy timeout would do: the TCP connection
    // ends with no final chunk. A little later, as a browser may discard what it has
    // not read yet when the connection fails.
    res.write(events, () => {
      if (last < total) setTimeout(() => req.socket.end(), 100)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    preflights: (path) => requests.filter((r) => r.method === 'OPTIONS' && new URL(r.url, 'http://x').pathname === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
