import { act, renderHook, waitFor } from '@testing-library/react'
import { Server, WebSocket as MockWebSocket } from 'mock-socket'
import { StrictMode } from 'react'
import { afterEach, expect, it } from 'vitest'
import { useWebSocket } from '../../src/hooks/use-web-socket'

let server: Server | undefined
afterEach(() => server?.stop())

it('smoke', async () => {
  const url = 'ws://127.0.0.1:9999/smoke'
  server = new Server(url)
  let connections = 0
  server.on('connection', (socket) => {
    connections++
    socket.send('hello')
    socket.on('message', (data) => socket.send(`echo:${String(data)}`))
  })
  const got: unknown[] = []
  const { result } = renderHook(() => useWebSocket<string>(url, { WebSocket: MockWebSocket as never, onMessage: (m) => got.push(m), history: 10 }), { wrapper: StrictMode })
  expect(result.current.status).toBe('connecting')
  await waitFor(() => expect(result.current.status).toBe('open'))
  await waitFor(() => expect(result.current.lastMessage).toBe('hello'))
  act(() => { result.current.send('x') })
  await waitFor(() => expect(result.current.messages).toEqual(['hello', 'echo:x']))
  expect(got).toEqual(['hello', 'echo:x'])
  expect(connections).toBe(1)
})
