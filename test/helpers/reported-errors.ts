import { afterEach, vi } from 'vitest'

/**
 * Stands in for the host's `reportError` (jsdom and Node 20 have none) for every test
 * in the file, so a test can assert what application-code exceptions were reported.
 * Returns the list of reported errors, emptied before each test.
 */
export function reportedErrorsForEachTest(): unknown[] {
  const reported: unknown[] = []
  const install = (): void => {
    reported.length = 0
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error))
  }
  install()
  // Installed at once (for code that runs at collection time) and again per test.
  afterEach(() => {
    vi.unstubAllGlobals()
    install()
  })
  return reported
}
