import { afterAll, beforeAll } from 'vitest'
import { startMockServer } from '../../../mock-server/index'
import type { MockServer } from '../../../mock-server/index'

export interface FileServer {
  readonly server: MockServer
  /** 'http://127.0.0.1:PORT' */
  readonly http: string
  /** 'ws://127.0.0.1:PORT' */
  readonly ws: string
  /** Everything the server logged since it started (connections, refusals, drops). */
  readonly logs: string[]
}

/**
 * One real mock server per test file (port 0), closed after the file. Tests keep
 * out of each other's way through `tag()`: the server counts `failFirst` and keeps
 * long-poll timelines per path + query, so a unique query param gives a fresh key.
 */
export function mockServerForFile(): FileServer {
  let server: MockServer | undefined
  const logs: string[] = []
  beforeAll(async () => {
    server = await startMockServer({ port: 0, log: (line) => logs.push(line) })
  })
  afterAll(async () => {
    await server?.close()
    server = undefined
  })
  return {
    get server() {
      if (server === undefined) throw new Error('the mock server is not running')
      return server
    },
    get http() {
      return this.server.url
    },
    get ws() {
      return this.server.url.replace(/^http/, 'ws')
    },
    logs,
  }
}

let tags = 0

/** A query pair no other test uses (the server ignores unknown params). */
export function tag(): string {
  tags += 1
  return `t=${tags}-${Math.floor(Math.random() * 1e9).toString(36)}`
}
