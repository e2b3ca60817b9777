import { Server, WebSocket as MockSocketWebSocket, type Client } from 'mock-socket'

/*
 * mock-socket keeps one global registry of servers, keyed by URL without its query.
 * Every test server shares one mock-socket Server per such URL, and each client
 * socket is handed to the test server that opened it, so two test servers never
 * claim the same URL.
 */

type OnConnection = (socket: Client) => void

interface Route {
  server: Server
  users: Set<object>
}

const routes = new Map<string, Route>()
const handlers = new WeakMap<object, OnConnection>()

function routeKey(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`
}

/**
 * A mock-socket WebSocket to `url`, whose server side is given to `onConnection` once
 * the client is open. `user` (a test server) keeps the URL's mock-socket Server alive
 * until it calls `releaseMockSockets`.
 */
export function openMockSocket(user: object, url: URL, protocols: string | string[] | undefined, onConnection: OnConnection): MockSocketWebSocket {
  const key = routeKey(url)
  let route = routes.get(key)
  if (route === undefined) {
    // `mock: false`: leave the global WebSocket alone; install() decides about globals.
    const server = new Server(key, { mock: false })
    server.on('connection', (socket) => handlers.get((socket as Client & { target: object }).target)?.(socket))
    route = { server, users: new Set() }
    routes.set(key, route)
  }
  route.users.add(user)
  const socket = protocols === undefined ? new MockSocketWebSocket(url.href) : new MockSocketWebSocket(url.href, protocols)
  handlers.set(socket, onConnection)
  return socket
}

/** Stops the mock-socket Servers that only `user` still needed. */
export function releaseMockSockets(user: object): void {
  for (const [key, route] of routes) {
    if (!route.users.delete(user) || route.users.size > 0) continue
    route.server.stop()
    routes.delete(key)
  }
}
