import { render } from '@testing-library/react'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { RealtimeResult } from '../../src/hooks/types'
import { sharedConnections } from '../../src/hooks/use-connection'
import { advance, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakeTimersForEachTest, releaseSharedConnections } from '../helpers/hook-lifecycle'
import { MOCK_SOCKET_DELAY_MS } from '../helpers/mock-ws-server'
import { HOOK_NAMES, makeDriver, numbered, type Driver } from './drivers'

/*
 * `share` beyond test/hooks/share.test.tsx (which covers useWebSocket: one connection
 * for three hooks, unmount order, quick remounts, close/reconnect, key strings): the
 * same ref-counting for SSE and long-poll, many subscribers, whose `shareGraceMs`
 * applies, and StrictMode with no grace at all.
 */

/** Long enough for a server-side close to be seen (mock-socket delays it). */
const SETTLE_MS = MOCK_SOCKET_DELAY_MS + FRAME_MS

fakeTimersForEachTest(releaseSharedConnections)

interface Spec {
  id: string
  graceMs?: number
}

/** Shows the `share: true` subscribers of `show(specs)`; each one's received messages are kept by id. */
function harness(driver: Driver, wrapper: (typeof WRAPPERS)[number][1]) {
  const received = new Map<string, string[]>()
  const results = new Map<string, RealtimeResult<string>>()
  function Subscriber({ spec }: { spec: Spec }) {
    const result = driver.useHook({
      share: true,
      ...(spec.graceMs === undefined ? {} : { shareGraceMs: spec.graceMs }),
      onMessage: (message) => {
        const list = received.get(spec.id) ?? []
        list.push(message)
        received.set(spec.id, list)
      },
    })
    results.set(spec.id, result)
    return null
  }
  const App = ({ specs }: { specs: readonly Spec[] }) => (
    <>
      {specs.map((spec) => (
        <Subscriber key={spec.id} spec={spec} />
      ))}
    </>
  )
  const view = render(<App specs={[]} />, { wrapper })
  return {
    received,
    show: (specs: readonly Spec[]) => view.rerender(<App specs={specs} />),
    status: (id: string) => results.get(id)?.status,
  }
}

const ids = (...names: string[]): Spec[] => names.map((id) => ({ id }))

describe.each(WRAPPERS)('share at scale (%s)', (_name, wrapper) => {
  it.each(HOOK_NAMES)('%s: three subscribers, one connection; unmounting two keeps it, the third closes it after shareGraceMs', async (hookName) => {
    const driver = makeDriver(hookName)
    const app = harness(driver, wrapper)
    app.show(ids('a', 'b', 'c').map((spec) => ({ ...spec, graceMs: 500 })))
    await driver.open()
    expect(driver.connections()).toBe(1)

    app.show([{ id: 'c', graceMs: 500 }])
    await advance(5000)
    expect(driver.liveConnections()).toBe(1)
    expect(app.status('c')).toBe('open')
    await driver.burst(['after two left'])
    expect(app.received.get('c')).toEqual(['after two left'])
    expect(app.received.get('a')).toBeUndefined()

    app.show([])
    await advance(499)
    expect(driver.liveConnections()).toBe(1)
    await advance(1 + SETTLE_MS)
    expect(driver.liveConnections()).toBe(0)
    expect(sharedConnections.size).toBe(0)
    expect(driver.connections()).toBe(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it.each(HOOK_NAMES)('%s: a remount within the grace period does not reconnect', async (hookName) => {
    const driver = makeDriver(hookName)
    const app = harness(driver, wrapper)
    app.show([{ id: 'a', graceMs: 1000 }])
    await driver.open()
    app.show([])
    await advance(900)
    app.show([{ id: 'b', graceMs: 1000 }])
    expect(app.status('b')).toBe('open')
    await advance(5000)
    await driver.burst(['still one'])
    expect(app.received.get('b')).toEqual(['still one'])
    expect(driver.connections()).toBe(1)
    expect(driver.liveConnections()).toBe(1)
  })

  it.each(HOOK_NAMES)('%s: fifty subscribers share one connection and each gets every message once', async (hookName) => {
    const driver = makeDriver(hookName)
    const app = harness(driver, wrapper)
    const fifty = Array.from({ length: 50 }, (_, index) => ({ id: `s${index}` }))
    app.show(fifty)
    await driver.open()
    const sent = numbered(200)
    await driver.burst(sent)
    expect(driver.connections()).toBe(1)
    for (const { id } of fifty) expect(app.received.get(id)).toEqual(sent)
  })
})

describe('share: whose shareGraceMs applies', () => {
  it.each(HOOK_NAMES)('%s: the last subscriber to leave decides the grace period', async (hookName) => {
    const driver = makeDriver(hookName)
    const app = harness(driver, StrictMode)
    app.show([
      { id: 'short', graceMs: 100 },
      { id: 'long', graceMs: 3000 },
    ])
    await driver.open()
    // The short one leaves first: the long one's 3000 ms apply.
    app.show([{ id: 'long', graceMs: 3000 }])
    app.show([])
    await advance(2900)
    expect(driver.liveConnections()).toBe(1)
    await advance(100 + SETTLE_MS)
    expect(driver.liveConnections()).toBe(0)

    // The other way round on a fresh connection: 100 ms.
    app.show([
      { id: 'short', graceMs: 100 },
      { id: 'long', graceMs: 3000 },
    ])
    await driver.open()
    expect(driver.connections()).toBe(2)
    app.show([{ id: 'short', graceMs: 100 }])
    app.show([])
    await advance(100 + SETTLE_MS)
    expect(driver.liveConnections()).toBe(0)
  })

  it.each(HOOK_NAMES)('%s: StrictMode with shareGraceMs 0 still makes exactly one connection', async (hookName) => {
    const driver = makeDriver(hookName)
    const app = harness(driver, StrictMode)
    app.show([{ id: 'a', graceMs: 0 }])
    await driver.open()
    await advance(5000)
    expect(app.status('a')).toBe('open')
    expect(driver.connections()).toBe(1)
    expect(driver.liveConnections()).toBe(1)
    await driver.burst(['once'])
    expect(app.received.get('a')).toEqual(['once'])
  })
})
