import { renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { advance, FRAME_MS, WRAPPERS } from '../helpers/act-timers'
import { fakeTimersForEachTest } from '../helpers/hook-lifecycle'
import { stopMockWsServers } from '../helpers/mock-ws-server'
import { HOOK_NAMES, makeDriver, numbered } from './drivers'

/* `history`: the newest N parsed messages, oldest first, on all three hooks. */

fakeTimersForEachTest(stopMockWsServers)

describe.each(WRAPPERS)('history (%s)', (_name, wrapper) => {
  function renderWithHistory(hookName: (typeof HOOK_NAMES)[number], history: number) {
    const driver = makeDriver(hookName)
    const hook = renderHook((props: { history: number }) => driver.useHook({ history: props.history }), {
      wrapper,
      initialProps: { history },
    })
    return { driver, ...hook }
  }

  it.each(HOOK_NAMES)('%s: [] before any message, then the newest N, oldest first', async (hookName) => {
    const { driver, result } = renderWithHistory(hookName, 5)
    expect(result.current.messages).toEqual([])
    await driver.open()
    expect(result.current.status).toBe('open')
    expect(result.current.messages).toEqual([])

    await driver.burst(numbered(3))
    await advance(FRAME_MS)
    expect(result.current.messages).toEqual(['m1', 'm2', 'm3'])

    await driver.burst(numbered(4, 4))
    await advance(FRAME_MS)
    expect(result.current.messages).toEqual(['m3', 'm4', 'm5', 'm6', 'm7'])
    expect(result.current.lastMessage).toBe('m7')
  })

  it.each(HOOK_NAMES)('%s: a smaller history after rerender trims to the newest; a larger one grows from there', async (hookName) => {
    const { driver, result, rerender } = renderWithHistory(hookName, 5)
    await driver.open()
    await driver.burst(numbered(7))
    await advance(FRAME_MS)
    expect(result.current.messages).toEqual(['m3', 'm4', 'm5', 'm6', 'm7'])

    rerender({ history: 2 })
    await advance(FRAME_MS)
    expect(result.current.messages).toEqual(['m6', 'm7'])

    // Trimmed messages are gone for good; new ones fill the larger history.
    rerender({ history: 4 })
    await advance(FRAME_MS)
    expect(result.current.messages).toEqual(['m6', 'm7'])
    await driver.burst(numbered(3, 8))
    await advance(FRAME_MS)
    expect(result.current.messages).toEqual(['m7', 'm8', 'm9', 'm10'])

    rerender({ history: 0 })
    await advance(FRAME_MS)
    expect(result.current.messages).toEqual([])
    expect(result.current.lastMessage).toBe('m10')
    expect(driver.connections()).toBe(1)
  })

  it.each(HOOK_NAMES)('%s: messages is a new array when it changes and the same one when it does not', async (hookName) => {
    const { driver, result, rerender } = renderWithHistory(hookName, 3)
    await driver.open()
    await driver.burst(numbered(2))
    await advance(FRAME_MS)
    const first = result.current.messages
    expect(first).toEqual(['m1', 'm2'])
    // A render for another reason keeps the array (safe as a memo/effect dependency).
    rerender({ history: 3 })
    await advance(FRAME_MS)
    expect(result.current.messages).toBe(first)
    await driver.burst(['m3'])
    await advance(FRAME_MS)
    expect(result.current.messages).not.toBe(first)
    expect(first).toEqual(['m1', 'm2'])
  })
})
