import { act } from '@testing-library/react'
import { Fragment, StrictMode } from 'react'
import { vi } from 'vitest'

/**
 * Moves fake time inside act(), so that the snapshots the hooks publish (once per
 * animation frame by default) are rendered before the test looks at them.
 */
export async function advance(ms = 0): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms)
  })
}

/**
 * Enough for a frame-batched snapshot to render: fake animation frames fire on a
 * 16 ms grid counted from the fake clock's start. (Moving the system time back with
 * vi.setSystemTime shifts that grid by up to another 16 ms, hence two frames; pass
 * `now` to vi.useFakeTimers instead, which keeps the grid fixed.)
 */
export const FRAME_MS = 32

/** Every hook test runs plain and inside StrictMode (double effects, double renders). */
export const WRAPPERS = [
  ['plain', Fragment],
  ['StrictMode', StrictMode],
] as const

export type Wrapper = (typeof WRAPPERS)[number][1]

/** Consecutive duplicates removed: the statuses a user would have seen change. */
export function changes<T>(values: readonly T[]): T[] {
  return values.filter((value, index) => index === 0 || value !== values[index - 1])
}
