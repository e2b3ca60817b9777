import net from 'node:net'
import { listenOnLoopback } from './loopback'

export interface ByteCounts {
  /** Bytes the client sent (requests, WS frames, TCP payload only). */
  up: number
  /** Bytes the server sent (status lines, headers, bodies, framing). */
  down: number
  /** TCP connections opened through the proxy. */
  connections: number
}

export interface CountingProxy {
  /** 'http://127.0.0.1:PORT' */
  url: string
  counts(): ByteCounts
  reset(): void
  close(): Promise<void>
}

/**
 * A TCP proxy on 127.0.0.1 that counts every byte in both directions, so
 * "bytes on the wire" includes HTTP headers, chunked encoding, SSE and WS
 * framing — everything above TCP/IP itself.
 */
export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  let counts: ByteCounts = { up: 0, down: 0, connections: 0 }
  const sockets = new Set<net.Socket>()
  const track = (socket: net.Socket): void => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }

  const server = net.createServer((client) => {
    counts.connections += 1
    client.setNoDelay(true)
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort })
    upstream.setNoDelay(true)
    track(client)
    track(upstream)
    client.on('data', (chunk: Buffer) => {
      counts.up += chunk.length
      if (!upstream.write(chunk)) client.pause()
    })
    upstream.on('drain', () => client.resume())
    upstream.on('data', (chunk: Buffer) => {
      counts.down += chunk.length
      if (!client.write(chunk)) upstream.pause()
    })
    client.on('drain', () => upstream.resume())
    client.on('end', () => upstream.end())
    upstream.on('end', () => client.end())
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })

  const port = await listenOnLoopback(server)

  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    reset: () => {
      counts = { up: 0, down: 0, connections: 0 }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
