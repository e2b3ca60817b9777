/**
 * `ws` is an optional peer dependency: only the mock server needs it, so it is
 * loaded when a server starts, and its absence is a clear error rather than a
 * module-resolution failure at import time.
 */
import type { WebSocketServer } from 'ws'

export const MISSING_WS_MESSAGE =
  'react-realtime-kit/mock-server needs the `ws` package, an optional peer dependency: install it with `npm i ws`'

/** The `WebSocketServer` class of `ws`; `importWs` is replaceable for tests. */
type WsModule = { WebSocketServer?: typeof WebSocketServer; default?: unknown }

export async function loadWebSocketServer(importWs: () => Promise<WsModule> = () => import('ws')): Promise<typeof WebSocketServer> {
  let module: WsModule
  try {
    module = await importWs()
  } catch (cause) {
    if (isModuleNotFound(cause)) throw new Error(MISSING_WS_MESSAGE, { cause })
    throw cause
  }
  // ESM gets named exports; CJS interop may put them on `default` only.
  const found = module.WebSocketServer ?? (module.default as WsModule | undefined)?.WebSocketServer
  if (found === undefined) throw new Error(`${MISSING_WS_MESSAGE} (the installed \`ws\` has no WebSocketServer: use ws 8)`)
  return found
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
}
