// @vitest-environment node
import { WebSocketServer } from 'ws'
import { describe, expect, it } from 'vitest'
import { loadWebSocketServer } from '../../mock-server/load-ws'

const notFound = (code: string) => Object.assign(new Error("Cannot find package 'ws'"), { code })

describe('loading the optional ws peer dependency', () => {
  it('finds the installed ws', async () => {
    expect(await loadWebSocketServer()).toBe(WebSocketServer)
  })

  it('takes WebSocketServer from a CJS default export too', async () => {
    expect(await loadWebSocketServer(() => Promise.resolve({ default: { WebSocketServer } }))).toBe(WebSocketServer)
  })

  it.each(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])('says to install ws when it is missing (%s)', async (code) => {
    const missing = notFound(code)
    const failure = loadWebSocketServer(() => Promise.reject(missing))
    await expect(failure).rejects.toThrow('needs the `ws` package, an optional peer dependency: install it with `npm i ws`')
    await expect(failure).rejects.toHaveProperty('cause', missing)
  })

  it('passes other failures on unchanged, and rejects a ws without WebSocketServer', async () => {
    const broken = new SyntaxError('bad module')
    await expect(loadWebSocketServer(() => Promise.reject(broken))).rejects.toBe(broken)
    await expect(loadWebSocketServer(() => Promise.resolve({}))).rejects.toThrow(/use ws 8/)
  })
})
