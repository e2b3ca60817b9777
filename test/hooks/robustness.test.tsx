import { render } from '@testing-library/react'
import { act } from 'react'
import { describe, expect, it } from 'vitest'
import type { RealtimeResult } from '../../src/hooks/types'
import { advance, changes, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakeOnline } from '../helpers/browser-signals'
import { fakeTimersForEachTest, releaseSharedConnections } from '../helpers/hook-lifecycle'
import { reportedErrorsForEachTest } from '../helpers/reported-errors'
import { HOOK_NAMES, makeDriver, numbered, type Driver, type ScaleOptions } from '../scale/drivers'

/*
 * API.md "Robustness": application code that throws changes nothing but a report,
 * a shared connection's reconnect() connects at once, an offline start connects
 * (not reconnects) when the browser comes back. Every transport, plain and StrictMode,
 * against in-process servers (test/integration/robustness.test.tsx: the real one).
 */

fakeTimersForEachTest(releaseSharedConnections)
const reported = reportedErrorsForEachTest()

const boom = (): never => {
  throw new Error('application bug')
}

/** Mounts one subscriber per entry of `optionsList` and keeps each one's latest result and messages. */
function mount(driver: Driver, wrapper: (typeof WRAPPERS)[number][1], optionsList: readonly ScaleOptions[]) {
  const results: RealtimeResult<string>[] = []
  const received: string[][] = optionsList.map(() => [])
  function Subscriber({ index }: { index: number }) {
    const options = optionsList[index]!
    results[index] = driver.useHook({
      ...options,
      onMessage: (message, meta) => {
        received[index]!.push(message)
        options.onMessage?.(message, meta)
      },
    })
    return null
  }
  const view = render(
    <>
      {optionsList.map((_, index) => (
        <Subscriber key={index} index={index} />
      ))}
    </>,
    { wrapper },
  )
  return { results, received, unmount: view.unmount }
}

describe.each(WRAPPERS)('robustness (%s)', (_name, wrapper) => {
  describe.each(HOOK_NAMES)('%s', (hookName) => {
    it('an onMessage that throws is reported; that message and every later one still reach it', async () => {
      const driver = makeDriver(hookName)
      let calls = 0
      const hook = mount(driver, wrapper, [
        {
          onMessage: () => {
            calls++
            if (calls === 1) boom()
          },
        },
      ])
      await driver.open()
      await driver.burst(numbered(3))
      await driver.burst(numbered(2, 4))
      await advance(FRAME_MS)
      expect(hook.received[0]).toEqual(numbered(5))
      expect(calls).toBe(5)
      expect(reported).toEqual([new Error('application bug')])
      expect(hook.results[0]).toMatchObject({ status: 'open', lastMessage: 'm5', received: 5, error: undefined })
    })

    it('an onClose and an onError that throw do not stop the retry', async () => {
      const driver = makeDriver(hookName)
      const hook = mount(driver, wrapper, [
        { onClose: boom, onError: boom, reconnect: { initialDelayMs: 100, jitter: 0 } },
      ])
      await driver.open()
      await driver.drop()
      expect(hook.results[0]?.status).toBe('reconnecting')
      expect(reported.length).toBeGreaterThanOrEqual(1)
      await advance(100)
      await driver.open()
      expect(hook.results[0]?.status).toBe('open')
      await driver.burst(['after'])
      await advance(FRAME_MS)
      expect(hook.received[0]).toEqual(['after'])
    })

    it('share: a subscriber that throws on every message starves no other subscriber', async () => {
      const driver = makeDriver(hookName)
      const hook = mount(driver, wrapper, [
        { share: true, onMessage: boom },
        { share: true },
      ])
      await driver.open()
      expect(driver.connections()).toBe(1)
      await driver.burst(numbered(4))
      await advance(FRAME_MS)
      expect(hook.received[1]).toEqual(numbered(4))
      expect(hook.received[0]).toEqual(numbered(4))
      expect(reported).toHaveLength(4)
      expect(hook.results.map((result) => result.status)).toEqual(['open', 'open'])
      expect(hook.results.map((result) => result.received)).toEqual([4, 4])
    })

    it('share: reconnect() from a subscriber during a long backoff connects at once', async () => {
      const driver = makeDriver(hookName)
      const longWait = { initialDelayMs: 60_000, jitter: 0 }
      const hook = mount(driver, wrapper, [
        { share: true, reconnect: longWait },
        { share: true, reconnect: longWait },
      ])
      await driver.open()
      await driver.drop()
      expect(hook.results[1]).toMatchObject({ status: 'reconnecting', attempt: 1 })
      act(() => hook.results[1]!.reconnect())
      // Published at once to the caller; the other subscriber sees it on the next frame.
      expect(hook.results[1]?.status).toBe('connecting')
      await driver.open()
      expect(hook.results.map((result) => result.status)).toEqual(['open', 'open'])
      // Well before the 60 s backoff would have fired.
      expect(hook.results[0]?.attempt).toBe(0)
    })

    it('started while offline: offline, then connecting (not reconnecting) when the browser is back', async () => {
      const online = fakeOnline(false)
      const driver = makeDriver(hookName)
      const statuses: string[] = []
      function Probe() {
        statuses.push(driver.useHook({ renderRate: 'sync' }).status)
        return null
      }
      render(<Probe />, { wrapper })
      await advance(FRAME_MS)
      expect(statuses.at(-1)).toBe('offline')
      expect(driver.connections()).toBe(0)
      online.set(true)
      await driver.open()
      // The first render cannot know the browser is offline: it shows `connecting` until the effect runs.
      expect(changes(statuses)).toEqual(['connecting', 'offline', 'connecting', 'open'])
    })
  })
})
