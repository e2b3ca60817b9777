import { vi } from 'vitest'

/**
 * Records the listeners the code under test adds to and removes from `window`
 * ('online', 'offline') and `document` ('visibilitychange'), so a test can check
 * that every one added was removed again.
 */
export function trackEnvironmentListeners() {
  const watched: [EventTarget, readonly string[]][] = [
    [window, ['online', 'offline']],
    [document, ['visibilitychange']],
  ]
  const spies = watched.map(([target, types]) => ({
    types,
    add: vi.spyOn(target, 'addEventListener'),
    remove: vi.spyOn(target, 'removeEventListener'),
  }))

  const calls = (which: 'add' | 'remove'): [string, unknown][] =>
    spies.flatMap((spy) =>
      spy[which].mock.calls
        .filter(([type]) => spy.types.includes(type))
        .map(([type, listener]): [string, unknown] => [type, listener]),
    )

  return {
    /** How many listeners were added so far. */
    added: () => calls('add').length,
    /** How many added listeners have not been removed. */
    live(): number {
      const removed = calls('remove')
      let live = 0
      for (const [type, listener] of calls('add')) {
        const index = removed.findIndex(([t, l]) => t === type && l === listener)
        if (index === -1) live++
        else removed.splice(index, 1)
      }
      return live
    },
  }
}
