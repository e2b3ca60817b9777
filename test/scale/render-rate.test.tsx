import { act, cleanup, render, screen } from '@testing-library/react'
import { WebSocket as MockWebSocket } from 'mock-socket'
import { Profiler } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RenderRate } from '../../src/core/subscription'
import { useWebSocket } from '../../src/hooks/use-web-socket'
import { advance, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { MOCK_SOCKET_DELAY_MS, startMockWsServer, stopMockWsServers } from '../helpers/mock-ws-server'

/*
 * React commits during a 2-second burst at 2,000 msg/s, counted with <Profiler onRender>.
 *
 * Why fake timers (which fake requestAnimationFrame too, on a 16 ms grid) rather than
 * real ones: the claim is "at most one commit per animation frame", so the frame
 * count has to be exact. jsdom's real animation frames are a 16 ms setInterval that a
 * loaded 2-core machine delays at will, and the hooks' 100 ms timer fallback for
 * paused frames would then fire in place of a late frame and be counted against them;
 * the test would measure the machine. With the fake clock the 2 s hold exactly 125
 * frames, the messages arrive at exactly 2 per ms, and the test takes well under a second.
 *
 * Each message arrives in its own act(), as each WebSocket message is its own task in a
 * browser: act() flushes React's work when it ends the way the browser's event loop does
 * after a task, so nothing but the hook's own batching can merge two messages' renders.
 * (One act() around the whole burst would merge everything into one commit and prove nothing.)
 */

const RATE_PER_S = 2000
const DURATION_MS = 2000
const MESSAGES = (RATE_PER_S * DURATION_MS) / 1000
/** Fake animation frames fire every 16 ms. */
const FRAME_INTERVAL_MS = 16

beforeEach(() => {
  // `now` at install keeps the fake frames on a fixed 16 ms grid.
  vi.useFakeTimers({ now: 1_000_000 })
})
let restoreFrames: (() => void) | undefined
afterEach(() => {
  restoreFrames?.()
  restoreFrames = undefined
  cleanup()
  stopMockWsServers()
  vi.useRealTimers()
})

/**
 * Wraps (the fake) requestAnimationFrame to record the timestamp of every frame that ran
 * a callback, and keeps one test-owned callback requested at all times, as a browser's
 * vsync runs whether anyone listens or not: `frames()` is then every frame that passed.
 */
function countFrames() {
  const original = globalThis.requestAnimationFrame
  const seen = new Set<number>()
  let counting = false
  globalThis.requestAnimationFrame = (callback) =>
    original((time) => {
      if (counting) seen.add(time)
      callback(time)
    })
  let ticking = true
  const tick = (): void => {
    if (ticking) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  restoreFrames = () => {
    ticking = false
    globalThis.requestAnimationFrame = original
  }
  return {
    start: () => {
      counting = true
    },
    stop: () => {
      counting = false
    },
    frames: () => seen.size,
  }
}

interface Run {
  commits: number
  frames: number
  received: string[]
  rendered: string
}

/** Mounts a live feed, opens it, then sends 2 messages per ms for 2 s, counting commits and frames. */
async function burstAt2000PerSecond(wrapper: (typeof WRAPPERS)[number][1], renderRate?: RenderRate): Promise<Run> {
  const ws = startMockWsServer()
  const frameCounter = countFrames()
  const received: string[] = []
  let commits = 0
  let counting = false

  function LiveValue() {
    const { lastMessage } = useWebSocket<string>(ws.url, {
      WebSocket: MockWebSocket,
      onMessage: (message) => received.push(message),
      ...(renderRate === undefined ? {} : { renderRate }),
    })
    return <output aria-label="last">{lastMessage ?? 'none'}</output>
  }
  render(
    <Profiler
      id="feed"
      onRender={() => {
        if (counting) commits++
      }}
    >
      <LiveValue />
    </Profiler>,
    { wrapper },
  )
  await advance(MOCK_SOCKET_DELAY_MS + FRAME_MS)
  expect(ws.openClients()).toHaveLength(1)

  counting = true
  frameCounter.start()
  let sent = 0
  for (let ms = 0; ms < DURATION_MS; ms++) {
    act(() => ws.send(`m${++sent}`))
    act(() => {
      ws.send(`m${++sent}`)
      vi.advanceTimersByTime(1)
    })
  }
  counting = false
  frameCounter.stop()

  // The last frame renders the end of the burst.
  await advance(FRAME_MS)
  return { commits, frames: frameCounter.frames(), received, rendered: screen.getByLabelText('last').textContent }
}

describe.each(WRAPPERS)(`renderRate during ${DURATION_MS / 1000} s at ${RATE_PER_S} msg/s (%s)`, (_name, wrapper) => {
  it("'frame' (default): at most one React commit per animation frame, none lost", async () => {
    const run = await burstAt2000PerSecond(wrapper)
    expect(run.frames).toBe(DURATION_MS / FRAME_INTERVAL_MS)
    expect(run.commits).toBeLessThanOrEqual(run.frames)
    // And the view keeps up: new messages arrive in every frame, so nearly every frame renders.
    expect(run.commits).toBeGreaterThanOrEqual(run.frames - 2)
    expect(run.received).toHaveLength(MESSAGES)
    expect(run.received.at(-1)).toBe(`m${MESSAGES}`)
    expect(new Set(run.received).size).toBe(MESSAGES)
    expect(run.rendered).toBe(`m${MESSAGES}`)
  })

  it("'sync': about one commit per message — the count above is the hook's doing, not the test's", async () => {
    const run = await burstAt2000PerSecond(wrapper, 'sync')
    expect(run.commits).toBeGreaterThanOrEqual(MESSAGES * 0.95)
    expect(run.commits).toBeGreaterThan(10 * run.frames)
    expect(run.received).toHaveLength(MESSAGES)
    expect(run.rendered).toBe(`m${MESSAGES}`)
  })

  it('50 (ms): at most one commit per 50 ms', async () => {
    const run = await burstAt2000PerSecond(wrapper, 50)
    expect(run.commits).toBeLessThanOrEqual(DURATION_MS / 50 + 2)
    expect(run.commits).toBeGreaterThanOrEqual(DURATION_MS / 50 - 2)
    expect(run.received).toHaveLength(MESSAGES)
    expect(run.rendered).toBe(`m${MESSAGES}`)
  })
})
