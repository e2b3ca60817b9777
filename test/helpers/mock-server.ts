import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { startMockServer } from '../../mock-server/index'
import type { MockServer, MockServerOptions } from '../../mock-server/index'

export interface RunningMockServer {
  readonly server: MockServer
  /** 'http://127.0.0.1:PORT' */
  readonly url: string
  /** 'ws://127.0.0.1:PORT' */
  readonly wsUrl: string
  /** Everything the server logged since it started (connections, refusals, drops). */
  readonly logs: string[]
}

/**
 * A real mock server on a free port (port 0), started before each test or once for
 * the whole file, and closed after it. `beforeClose` runs first, to end what the
 * tests opened on it.
 */
export function runningMockServer(
  lifetime: 'each test' | 'file',
  { options = {}, beforeClose }: { options?: MockServerOptions; beforeClose?: () => void } = {},
): RunningMockServer {
  const [before, after] = lifetime === 'each test' ? [beforeEach, afterEach] : [beforeAll, afterAll]
  let server: MockServer | undefined
  const logs: string[] = []
  before(async () => {
    logs.length = 0
    server = await startMockServer({ port: 0, log: (line) => logs.push(line), ...options })
  })
  after(async () => {
    beforeClose?.()
    await server?.close()
    server = undefined
  })
  return {
    get server() {
      if (server === undefined) throw new Error('the mock server is not running')
      return server
    },
    get url() {
      return this.server.url
    },
    get wsUrl() {
      return this.server.url.replace(/^http/, 'ws')
    },
    logs,
  }
}
