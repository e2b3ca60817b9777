/**
 * Global setup of the `storybook` vitest project: the stories talk to the mock
 * server on 127.0.0.1:8787, so it runs for the length of the test run (or the
 * one `npm run storybook` already started is used).
 */
import { ensureMockServer } from '../.storybook/ensure-mock-server'

export default async function setup(): Promise<() => Promise<void>> {
  const server = await ensureMockServer()
  return server.close
}
