import type { Client } from 'mock-socket'
import { refusalText } from '../../mock-server/admission'
import { parseChatInput } from '../../mock-server/chat-input'
import { DEFAULT_REFUSAL_CLOSE_CODE, FaultError, parsePosition, readFaults, type Faults } from '../../mock-server/faults'
import { pumpConnection } from '../../mock-server/pump'
import { BODY_LIMIT_BYTES } from '../../mock-server/routes'
import type { Scope } from '../../mock-server/scope'
import { openMockSocket } from './mock-socket-bridge'
import { resolveTarget, type Target } from './paths'
import { admitConnection, keyOf, track, type ServerState } from './state'
import type { TestWebSocketBase } from './test-web-socket'

/** Close reasons are limited to 123 bytes. */
function reason(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}

/** Without a close code, the mock server terminates the TCP connection: the client sees 1006. */
const ABNORMAL_CLOSURE = 1006

/**
 * /ws/:scenario — the mock server's WebSocket: JSON text frames, `?cursor=i`
 * resumes after message i, `ping` is answered `pong`, chat broadcasts what it
 * receives. A refused or unroutable upgrade fails the socket (error, close 1006),
 * as a browser reports an upgrade answered with an HTTP error.
 * Returns a function that abandons the handshake (the client closed early).
 */
export function serveWebSocket(
  state: ServerState,
  owner: object,
  socket: TestWebSocketBase,
  url: URL,
  protocols: string | string[] | undefined,
): () => void {
  const resolved = resolveTarget(url)
  const scope = state.scope.child()
  // Whatever ends this connection's scope before the upgrade (server closed, client gave up, refused
  // handshake) fails the socket, on a later task as a network answer would.
  let upgraded = false
  scope.add(() => {
    if (!upgraded) setTimeout(() => socket.fail(), 0)
  })
  const failSoon = (why: string): (() => void) => {
    state.log(`ws ${url.pathname}: ${why}`)
    scope.dispose()
    return () => {}
  }
  if (!resolved.ok) return failSoon(resolved.message)
  const { target } = resolved
  if (target.kind !== 'ws') return failSoon(`${target.kind} endpoints do not upgrade`)
  let faults: Faults
  let resume: number | undefined
  try {
    faults = readFaults(target.query)
    resume = parsePosition(target.query.get('cursor') ?? undefined, 'cursor')
  } catch (error) {
    if (error instanceof FaultError) return failSoon(error.message)
    throw error
  }

  admitConnection(state, target, faults, scope, (admission, effective) => {
    upgraded = true
    const inner = openMockSocket(owner, url, protocols, (serverSide) => {
      serverSide.on('close', () => scope.dispose())
      if (admission.refused) {
        const code = effective.closeCode ?? DEFAULT_REFUSAL_CLOSE_CODE
        state.log(`ws ${keyOf(target)}: ${refusalText(effective, admission)} → close ${code}`)
        serverSide.close({ code, reason: reason(refusalText(effective, admission)), wasClean: true })
        return
      }
      serve(state, target, faults, resume, scope, serverSide)
    })
    socket.attach(inner)
  })
  return () => scope.dispose()
}

function serve(state: ServerState, target: Target, faults: Faults, resume: number | undefined, scope: Scope, serverSide: Client): void {
  const key = keyOf(target)
  let closed = false
  const close = (code: number, why: string): void => {
    // 2 and 3: CLOSING and CLOSED (the client side may have closed first).
    if (closed || serverSide.readyState >= 2) return
    closed = true
    serverSide.close({ code, reason: reason(why), wasClean: code !== ABNORMAL_CLOSURE })
  }
  serverSide.on('close', () => {
    closed = true
  })
  // Closing the test server (or reset) drops the connection.
  scope.add(() => close(ABNORMAL_CLOSURE, ''))
  serverSide.on('message', (data) => onFrame(state, target, serverSide, data, close))

  track(state, scope, {
    path: target.pathname,
    kind: 'ws',
    push: (message) => {
      if (!closed) serverSide.send(typeof message === 'string' ? message : JSON.stringify(message))
    },
    drop: (code) => close(code ?? ABNORMAL_CLOSURE, 'dropped by the test server'),
  })
  pumpConnection(state, `ws ${key}`, { scenario: target.scenario, faults, scope, resume }, {
    write: (_msg, text, flushed) => {
      if (!closed) serverSide.send(text)
      flushed?.()
      return true
    },
    waitForDrain: (resumePump) => resumePump(),
    drop: () => close(faults.closeCode ?? ABNORMAL_CLOSURE, `dropAfter=${String(faults.dropAfter)}`),
  })
}

function onFrame(
  state: ServerState,
  target: Target,
  serverSide: Client,
  data: unknown,
  close: (code: number, why: string) => void,
): void {
  if (typeof data !== 'string') {
    close(1003, 'binary frames are not supported')
    return
  }
  if (new TextEncoder().encode(data).length > BODY_LIMIT_BYTES) {
    close(1009, `frames over ${BODY_LIMIT_BYTES} bytes are refused`)
    return
  }
  if (data === 'ping') {
    serverSide.send('pong')
    return
  }
  if (target.scenario !== 'chat') return
  const input = parseChatInput(data)
  if (!input.ok) {
    serverSide.send(JSON.stringify({ error: input.message }))
    return
  }
  state.room.post(input.fields)
}
