import { renderHook } from '@testing-library/react'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { useWebSocket, useEventSource, useLongPoll } from '../../src/index'
import { createTestServer } from '../../src/testing'
import { advance } from '../helpers/act-timers'

const server = createTestServer()
beforeEach(() => { vi.useFakeTimers({ now: 1_000_000 }) })
afterEach(() => { server.close(); vi.useRealTimers() })

it('ws', async () => {
  const { result } = renderHook(() => useWebSocket('ws://localhost/ws/feed?count=3', { WebSocket: server.WebSocket, history: 10 }))
  await advance(100)
  expect(result.current.status).toBe('open')
  expect(result.current.messages).toHaveLength(3)
})
it('sse', async () => {
  const { result } = renderHook(() => useEventSource('http://localhost/sse/feed?count=3', { fetch: server.fetch, history: 10 }))
  await advance(100)
  expect(result.current.status).toBe('open')
  expect(result.current.messages).toHaveLength(3)
})
it('poll', async () => {
  const { result } = renderHook(() => useLongPoll('http://localhost/poll/feed?count=3', { fetch: server.fetch, history: 10 }))
  await advance(100)
  expect(result.current.status).toBe('open')
  expect(result.current.messages).toHaveLength(3)
})
