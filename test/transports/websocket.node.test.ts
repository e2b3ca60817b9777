// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { WebSocket as WsWebSocket, WebSocketServer } from 'ws'
import type { WebSocket as ServerSocket } from 'ws'
import { systemClock } from '../../src/core/clock'
import { RealtimeError } from '../../src/core/types'
import type { CloseInfo, Transport, TransportSink } from '../../src/core/types'
import { createWebSocketTransport } from '../../src/core/transports/websocket'
import type { WebSocketTransportOptions } from '../../src/core/transports/websocket'

type Report = { type: 'open' } | { type: 'message'; data: unknown } | { type: 'error' } | { type: 'close'; info: CloseInfo }

/** Records every client socket the transport creates. */
const created: WsWebSocket[] = []
class RecordingWs extends WsWebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols)
    created.push(this)
  }
}

let server: WebSocketServer
let port: number
let onConnection: (socket: ServerSocket) => void
const serverSockets: ServerSocket[] = []

beforeEach(async () => {
  created.length = 0
  serverSockets.length = 0
  onConnection = () => {}
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  server.on('connection', (socket) => {
    serverSockets.push(socket)
    onConnection(socket)
  })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  port = (server.address() as AddressInfo).port
})

afterEach(async () => {
  for (const socket of server.clients) socket.terminate()
  for (const socket of created) socket.terminate()
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
})

function connect(url: string, options: WebSocketTransportOptions = {}) {
  const reports: Report[] = []
  const sink: TransportSink = {
    open: () => reports.push({ type: 'open' }),
    message: (data) => reports.push({ type: 'message', data }),
    error: () => reports.push({ type: 'error' }),
    resumeFrom: () => {},
    retryDelay: () => {},
    close: (info) => reports.push({ type: 'close', info }),
  }
  const transport: Transport = createWebSocketTransport({ WebSocket: RecordingWs, ...options })({
    url,
    sink,
    clock: systemClock,
    resumeFrom: undefined,
  })
  const closes = (): CloseInfo[] => reports.flatMap((report) => (report.type === 'close' ? [report.info] : []))
  const messages = (): unknown[] => reports.flatMap((report) => (report.type === 'message' ? [report.data] : []))
  return { transport, reports, closes, messages }
}

async function connectOpen(options: WebSocketTransportOptions = {}) {
  const connection = connect(`ws://127.0.0.1:${port}/test`, options)
  await vi.waitFor(() => expect(connection.reports).toEqual([{ type: 'open' }]))
  await vi.waitFor(() => expect(serverSockets).toHaveLength(1))
  return connection
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port: free } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return free
}

describe('WebSocket transport against a real ws server', () => {
  it('opens (from an http:// URL too) and echoes text as strings', async () => {
    onConnection = (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }))
    const connection = connect(`http://127.0.0.1:${port}/echo`)
    await vi.waitFor(() => expect(connection.reports).toEqual([{ type: 'open' }]))
    connection.transport.send?.('hello')
    await vi.waitFor(() => expect(connection.messages()).toEqual(['hello']))
  })

  it('delivers binary frames as ArrayBuffer', async () => {
    onConnection = (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }))
    const { transport, messages } = await connectOpen()
    serverSockets[0]?.send(Buffer.from([1, 2, 3]))
    await vi.waitFor(() => expect(messages()).toHaveLength(1))
    transport.send?.(new Uint8Array([7, 8, 9]))
    await vi.waitFor(() => expect(messages()).toHaveLength(2))
    for (const data of messages()) expect(data).toBeInstanceOf(ArrayBuffer)
    expect(messages().map((data) => [...new Uint8Array(data as ArrayBuffer)])).toEqual([
      [1, 2, 3],
      [7, 8, 9],
    ])
  })

  it('reports a clean server close 1000 without an error', async () => {
    const { closes } = await connectOpen()
    serverSockets[0]?.close(1000, 'done')
    await vi.waitFor(() => expect(closes()).toHaveLength(1))
    expect(closes()).toEqual([{ wasClean: true, code: 1000, reason: 'done' }])
  })

  it('reports a server close with its code and reason', async () => {
    const { closes } = await connectOpen()
    serverSockets[0]?.close(4001, 'unauthorized')
    await vi.waitFor(() => expect(closes()).toHaveLength(1))
    expect(closes()[0]).toMatchObject({ wasClean: true, code: 4001, reason: 'unauthorized' })
    expect(closes()[0]?.error).toMatchObject({
      kind: 'close',
      code: 4001,
      reason: 'unauthorized',
      message: 'WebSocket closed with code 4001: unauthorized',
    })
  })

  it('reports a terminated connection as an unclean 1006', async () => {
    const { closes } = await connectOpen()
    serverSockets[0]?.terminate()
    await vi.waitFor(() => expect(closes()).toHaveLength(1))
    expect(closes()[0]).toMatchObject({ wasClean: false, code: 1006 })
    expect(closes()[0]?.error).toMatchObject({ kind: 'close', code: 1006 })
  })

  it('reports a refused connection once, as a network error', async () => {
    const { reports, closes } = connect(`ws://127.0.0.1:${await closedPort()}/`)
    await vi.waitFor(() => expect(closes()).toHaveLength(1))
    await vi.waitFor(() => expect(created[0]?.readyState).toBe(WsWebSocket.CLOSED))
    expect(reports).toHaveLength(1)
    expect(closes()[0]).toMatchObject({ wasClean: false, code: 1006 })
    expect(closes()[0]?.error).toBeInstanceOf(RealtimeError)
    expect(closes()[0]?.error?.kind).toBe('network')
  })

  it('closes a connecting socket quietly: no report, no unhandled ws error', async () => {
    const { transport, reports } = connect(`ws://127.0.0.1:${port}/`)
    transport.close()
    await vi.waitFor(() => expect(created[0]?.readyState).toBe(WsWebSocket.CLOSED))
    expect(reports).toEqual([])
  })

  it('closes an open socket with 1000 on close(), reporting nothing', async () => {
    const serverClose = new Promise<number>((resolve) => {
      onConnection = (socket) => socket.on('close', (code) => resolve(code))
    })
    const { transport, reports } = await connectOpen()
    transport.close()
    expect(await serverClose).toBe(1000)
    expect(reports).toEqual([{ type: 'open' }])
  })

  it('drops a silent server after the heartbeat timeout', async () => {
    const serverClose = new Promise<number>((resolve) => {
      onConnection = (socket) => socket.on('close', (code) => resolve(code))
    })
    const { closes } = await connectOpen({ heartbeat: { message: 'ping', intervalMs: 30, timeoutMs: 60 } })
    await vi.waitFor(() => expect(closes()).toHaveLength(1))
    expect(closes()[0]).toMatchObject({ wasClean: false })
    expect(closes()[0]?.error?.kind).toBe('timeout')
    // terminate(): the server sees the TCP connection drop, not a closing handshake.
    expect(await serverClose).toBe(1006)
  })
})
