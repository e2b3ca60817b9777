import { Server, type Client } from 'mock-socket'

/*
 * mock-socket runs its own work on the global setTimeout (4 ms): the open event,
 * client → server frames and close events. Under vi.useFakeTimers() those delays
 * are faked too, so tests move time to let them happen. Server → client frames
 * (`socket.send`) are synchronous.
 */
export const MOCK_SOCKET_DELAY_MS = 4

export interface MockWsServer {
  readonly url: string
  readonly server: Server
  /** Every connection the server accepted, oldest first. */
  readonly connections: Client[]
  /** Frames the server received, oldest first, from any connection. */
  readonly received: unknown[]
  /** Close codes of connections that ended, as the server saw them, in order. */
  readonly closes: number[]
  /** The sockets still attached to the server. */
  openClients(): Client[]
  /** The newest connection; throws when there is none. */
  last(): Client
  /** Sends from the server on the newest connection. */
  send(data: string | ArrayBuffer): void
  /** The server closes the newest connection with this code. */
  close(code: number, reason?: string): void
}

/** The server side closes `socket`; the client sees the close event after mock-socket's delay. */
export function closeFromServer(socket: Client, code: number, reason = ''): void {
  // mock-socket derives wasClean from the code itself (1000 and 1005 are clean); its typings want all three.
  socket.close({ code, reason, wasClean: code === 1000 })
}

const running = new Set<Server>()
let counter = 0

/** A mock-socket server on a URL no other test uses; `stopMockWsServers` ends them all. */
export function startMockWsServer(onConnection?: (socket: Client, server: MockWsServer) => void): MockWsServer {
  counter++
  const url = `ws://127.0.0.1:9876/hook-test-${counter}`
  // `mock: false`: leave the global WebSocket alone; the hooks get MockWebSocket as an option.
  const server = new Server(url, { mock: false })
  running.add(server)
  const handle: MockWsServer = {
    url,
    server,
    connections: [],
    received: [],
    closes: [],
    openClients: () => server.clients(),
    last() {
      const socket = handle.connections.at(-1)
      if (!socket) throw new Error(`no connection was made to ${url}`)
      return socket
    },
    send(data) {
      handle.last().send(data)
    },
    close(code, reason) {
      closeFromServer(handle.last(), code, reason)
    },
  }
  server.on('connection', (socket) => {
    handle.connections.push(socket)
    socket.on('message', (data) => handle.received.push(data))
    // mock-socket's typings omit the CloseEvent argument.
    const onClose = (event: CloseEvent): void => void handle.closes.push(event.code)
    socket.on('close', onClose as unknown as () => void)
    onConnection?.(socket, handle)
  })
  return handle
}

export function stopMockWsServers(): void {
  for (const server of running) server.stop()
  running.clear()
}
