/**
 * The mock server of react-realtime-kit: WebSocket, SSE and long-poll
 * endpoints with chat / feed / metrics scenarios and fault switches, for
 * demos and tests. Node only; depends on node built-ins and `ws` (an optional peer
 * dependency of the package, loaded when a server starts).
 */
import { createServer } from 'node:http'
import type { Socket } from 'node:net'
import { createKeyStates } from './context'
import type { ServerContext } from './context'
import { describeError, failRequest } from './errors'
import { BODY_LIMIT_BYTES } from './http'
import { loadWebSocketServer } from './load-ws'
import { handleRequest, handleUpgrade } from './router'
import { ChatRoom } from './scenarios'
import { Scope } from './scope'

export { endpointHelp } from './router'
export { SCENARIOS } from './scenarios'
export type { Scenario } from './scenarios'

export interface MockServerOptions {
  /** Default 8787; 0 picks any free port. */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** Origins allowed besides http(s)://localhost, 127.0.0.1 and [::1] on any port; '*' allows all. */
  allowOrigin?: string[]
  /** Receives one line per notable event (connections, refusals, errors). Default: silent. */
  log?: (line: string) => void
  /** Interval of SSE keep-alive comments. Default 15000. */
  keepAliveMs?: number
}

export interface MockServer {
  /** 'http://127.0.0.1:PORT' */
  url: string
  port: number
  /** Stops every connection, request and timer, then the server. Safe to call twice. */
  close(): Promise<void>
}

export const DEFAULT_PORT = 8787
export const DEFAULT_HOST = '127.0.0.1'
const DEFAULT_KEEP_ALIVE_MS = 15_000

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const port = options.port ?? DEFAULT_PORT
  const host = options.host ?? DEFAULT_HOST
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`)
  }
  if (!Number.isInteger(keepAliveMs) || keepAliveMs < 1 || keepAliveMs > 2_147_483_647) {
    throw new RangeError(`keepAliveMs must be a positive integer, got ${String(keepAliveMs)}`)
  }
  const WebSocketServer = await loadWebSocketServer()
  const log = options.log ?? (() => {})
  const scope = new Scope((error) => log(`error: ${describeError(error)}`))
  const ctx: ServerContext = {
    room: new ChatRoom((error) => log(`error: ${describeError(error)}`)),
    keys: createKeyStates(),
    scope,
    allowOrigin: [...(options.allowOrigin ?? [])],
    keepAliveMs,
    log,
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: BODY_LIMIT_BYTES })
  const server = createServer((req, res) => {
    try {
      handleRequest(ctx, req, res)
    } catch (error) {
      failRequest(log, res, error)
    }
  })
  server.on('upgrade', (req, socket, head) => {
    try {
      handleUpgrade(ctx, wss, req, socket, head)
    } catch (error) {
      log(`error: ${describeError(error)}`)
      socket.destroy()
    }
  })
  // Every TCP connection, upgraded or not, so close() can end them all.
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('clientError', (error, socket) => {
    log(`client error: ${error.message}`)
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    socket.destroy()
  })

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error)
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
  server.on('error', (error) => log(`server error: ${error.message}`))

  const address = server.address()
  const actualPort = typeof address === 'object' && address !== null ? address.port : port
  const urlHost = host.includes(':') ? `[${host}]` : host

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      scope.dispose()
      for (const client of wss.clients) client.terminate()
      for (const socket of sockets) socket.destroy()
      ctx.keys.clear()
      wss.close()
      server.close(() => resolve())
    })
    return closing
  }

  return { url: `http://${urlHost}:${actualPort}`, port: actualPort, close }
}
