import { runningMockServer } from '../../helpers/mock-server'
import type { RunningMockServer } from '../../helpers/mock-server'

/**
 * One real mock server per test file, closed after the file. Tests keep out of each
 * other's way through `tag()`: the server counts `failFirst` and keeps long-poll
 * timelines per path + query, so a unique query param gives a fresh key.
 */
export function mockServerForFile(): RunningMockServer {
  return runningMockServer('file')
}

let tags = 0

/** A query pair no other test uses (the server ignores unknown params). */
export function tag(): string {
  tags += 1
  return `t=${tags}-${Math.floor(Math.random() * 1e9).toString(36)}`
}
