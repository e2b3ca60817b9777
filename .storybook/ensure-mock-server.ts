/**
 * Starts the mock server on the port the stories use, or reuses one that is
 * already there (a second terminal, or the test run next to `npm run storybook`).
 */
import { startMockServer } from '../mock-server/index'

export const STORIES_MOCK_PORT = 8787

async function isMockServer(port: number): Promise<boolean> {
  try {
    // /ws answers plain HTTP with 426 Upgrade Required.
    const response = await fetch(`http://127.0.0.1:${port}/ws/feed`, { signal: AbortSignal.timeout(1000) })
    return response.status === 426
  } catch {
    return false
  }
}

/** Resolves to a function that stops the server, if this call started it. */
export async function ensureMockServer(
  port = STORIES_MOCK_PORT,
  log?: (line: string) => void,
): Promise<{ started: boolean; close: () => Promise<void> }> {
  try {
    const server = await startMockServer({ port, ...(log ? { log } : {}) })
    return { started: true, close: () => server.close() }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && (await isMockServer(port))) {
      return { started: false, close: async () => {} }
    }
    throw error
  }
}
