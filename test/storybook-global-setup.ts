/**
 * Global setup of the `storybook` vitest project: the stories talk to the mock
 * server on 127.0.0.1:8787, so it runs for the length of the test run. When a
 * mock server is already there (`npm run storybook` in another terminal), that
 * one is used.
 */
import { startMockServer, type MockServer } from '../mock-server/index'

const PORT = 8787

async function alreadyRunning(): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${PORT}/ws/feed`, { signal: AbortSignal.timeout(1000) })
    return response.status === 426
  } catch {
    return false
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  let server: MockServer
  try {
    server = await startMockServer({ port: PORT })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && (await alreadyRunning())) return async () => {}
    throw error
  }
  return () => server.close()
}
