import type { Server, Socket } from 'node:net'

/** Listens on an ephemeral port of 127.0.0.1, the only address the benches use; resolves to the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  return typeof address === 'object' && address !== null ? address.port : 0
}

/**
 * The server's open connections, with Nagle's delay off (small messages go out at
 * once), so that close() can destroy whatever is still open.
 */
export function openConnections(server: Server): Set<Socket> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true)
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return sockets
}
