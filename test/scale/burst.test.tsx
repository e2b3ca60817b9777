import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { RealtimeResult } from '../../src/hooks/types'
import { advance, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakeTimersForEachTest, releaseSharedConnections } from '../helpers/hook-lifecycle'
import { HOOK_NAMES, makeDriver, numbered, type Driver, type ScaleOptions } from './drivers'

/*
 * A burst far larger than anything React batches away: every message still reaches
 * onMessage exactly once, in order, and `messages` holds the newest `history` of them
 * once the frame after the burst has rendered.
 */

const BURST = 5000
const HISTORY = 100

fakeTimersForEachTest(releaseSharedConnections)

/** Renders one hook per id; what each received through onMessage and its last result are kept by id. */
function mountSubscribers(
  driver: Driver,
  wrapper: (typeof WRAPPERS)[number][1],
  ids: readonly string[],
  options: ScaleOptions = {},
) {
  const received = new Map<string, string[]>(ids.map((id) => [id, []]))
  const results = new Map<string, RealtimeResult<string>>()
  function Subscriber({ id }: { id: string }) {
    const result = driver.useHook({ ...options, onMessage: (message) => received.get(id)?.push(message) })
    results.set(id, result)
    return null
  }
  render(
    <>
      {ids.map((id) => (
        <Subscriber key={id} id={id} />
      ))}
    </>,
    { wrapper },
  )
  const result = (id: string): RealtimeResult<string> => {
    const found = results.get(id)
    if (!found) throw new Error(`no subscriber ${id}`)
    return found
  }
  return { received, result }
}

describe.each(WRAPPERS)(`a burst of ${BURST} messages (%s)`, (_name, wrapper) => {
  it.each(HOOK_NAMES)('%s: every message once, in order; the newest `history` in messages', async (hookName) => {
    const driver = makeDriver(hookName)
    const app = mountSubscribers(driver, wrapper, ['only'], { history: HISTORY })
    await driver.open()
    expect(app.result('only')).toMatchObject({ status: 'open', messages: [] })

    const sent = numbered(BURST)
    await driver.burst(sent)
    // Everything is delivered before React renders anything.
    expect(app.received.get('only')).toEqual(sent)
    await advance(FRAME_MS)

    expect(app.received.get('only')).toEqual(sent)
    expect(app.result('only')).toMatchObject({
      status: 'open',
      lastMessage: `m${BURST}`,
      messages: sent.slice(-HISTORY),
    })
    expect(driver.connections()).toBe(1)
  })

  it.each(HOOK_NAMES)('%s: a second burst continues the same order, with no repeats', async (hookName) => {
    const driver = makeDriver(hookName)
    const app = mountSubscribers(driver, wrapper, ['only'], { history: HISTORY })
    await driver.open()
    await driver.burst(numbered(BURST))
    await driver.burst(numbered(BURST, BURST + 1))
    await advance(FRAME_MS)
    expect(app.received.get('only')).toEqual(numbered(2 * BURST))
    expect(app.result('only').messages).toEqual(numbered(HISTORY, 2 * BURST - HISTORY + 1))
  })

  it.each(HOOK_NAMES)('%s: three share: true subscribers each get the whole burst once, with their own history', async (hookName) => {
    const driver = makeDriver(hookName)
    const app = mountSubscribers(driver, wrapper, ['a', 'b', 'c'], { share: true, history: HISTORY })
    await driver.open()
    expect(driver.connections()).toBe(1)
    const sent = numbered(BURST)
    await driver.burst(sent)
    await advance(FRAME_MS)
    for (const id of ['a', 'b', 'c']) {
      expect(app.received.get(id)).toEqual(sent)
      expect(app.result(id).messages).toEqual(sent.slice(-HISTORY))
    }
    expect(driver.connections()).toBe(1)
  })
})
