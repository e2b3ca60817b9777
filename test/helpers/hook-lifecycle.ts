/*
 * The per-test lifecycle the hook tests share: fake timers around every test, the
 * hooks unmounted before real time comes back, and (for tests of `share`) a check
 * that no shared connection outlives its test.
 */
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, expect, vi } from 'vitest'
import { sharedConnections } from '../../src/hooks/use-connection'
import { stopMockWsServers } from './mock-ws-server'

/** Where the fake clock starts: any fixed time, so runs repeat exactly. */
const FAKE_START_MS = 1_000_000

/**
 * Every test of the file runs on fake timers. They are installed with `now` because
 * moving the time later (vi.setSystemTime) shifts the fake animation-frame grid.
 * After each test the hooks unmount while time is still fake (their effects clean up
 * the timers they set), then `afterUnmount` releases what else the file started;
 * real timers come back even when that fails.
 */
export function fakeTimersForEachTest(afterUnmount?: () => void): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: FAKE_START_MS })
  })
  afterEach(() => {
    try {
      cleanup()
      afterUnmount?.()
    } finally {
      vi.useRealTimers()
    }
  })
}

/**
 * An `afterUnmount` for tests of `share`: shared connections outlive their last
 * subscriber by a grace period, so let those timers run out, stop the mock-socket
 * servers, and then none may be left.
 */
export function releaseSharedConnections(): void {
  vi.runOnlyPendingTimers()
  stopMockWsServers()
  expect(sharedConnections.size).toBe(0)
}
