import { act } from '@testing-library/react'
import { vi } from 'vitest'

/**
 * Fakes navigator.onLine; `set` does what a browser does: the property changes,
 * then 'online' or 'offline' fires on window. Call in beforeEach (restoreMocks undoes it).
 */
export function fakeOnline(initial = true) {
  const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(initial)
  return {
    /** Changes the value without an event, as before a mount. */
    preset: (online: boolean) => void onLine.mockReturnValue(online),
    set(online: boolean): void {
      onLine.mockReturnValue(online)
      act(() => {
        window.dispatchEvent(new Event(online ? 'online' : 'offline'))
      })
    },
  }
}

/**
 * Fakes document.visibilityState and document.hidden; `set` changes them, then
 * 'visibilitychange' fires on document.
 */
export function fakeVisibility(initial = true) {
  const state = vi.spyOn(document, 'visibilityState', 'get')
  const hidden = vi.spyOn(document, 'hidden', 'get')
  const preset = (visible: boolean): void => {
    state.mockReturnValue(visible ? 'visible' : 'hidden')
    hidden.mockReturnValue(!visible)
  }
  preset(initial)
  return {
    preset,
    set(visible: boolean): void {
      preset(visible)
      act(() => {
        document.dispatchEvent(new Event('visibilitychange'))
      })
    },
  }
}
