import { act, render, screen } from '@testing-library/react'
import { Feed } from 'react-realtime-kit'
import { createTestServer } from 'react-realtime-kit/testing'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'

// A component of your app: the latest news, over a WebSocket.
function News() {
  return <Feed url="wss://api.example.com/ws/feed?rate=10" transport="websocket" label="News" />
}

const server = createTestServer()

beforeEach(() => {
  vi.useFakeTimers()
  // The test server becomes the global WebSocket and fetch; the returned cleanup restores them.
  return server.install()
})
afterEach(() => {
  vi.useRealTimers()
})

/** Lets `ms` of fake time pass, rendering what happened meanwhile. */
const wait = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))

it('shows the news, and reconnects when the connection drops', async () => {
  render(<News />)
  await wait(500)
  expect(screen.getByRole('status').textContent).toMatch(/Live/)
  expect(screen.getAllByRole('listitem').length).toBeGreaterThan(0)

  server.drop('/ws/feed')
  await wait(50)
  expect(screen.getByRole('status').textContent).toMatch(/Reconnecting/)

  await wait(1000) // the first retry comes within a second
  expect(screen.getByRole('status').textContent).toMatch(/Live/)
})
