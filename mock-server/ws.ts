import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { RawData, WebSocket, WebSocketServer } from 'ws'
import { admit, refusalText } from './context'
import type { ServerContext } from './context'
import { positionsFor, withPositionField } from './epoch'
import type { Positions } from './epoch'
import { DEFAULT_REFUSAL_CLOSE_CODE } from './faults'
import type { Faults } from './faults'
import { pumpConnection } from './pump'
import type { Scenario } from './scenarios'
import type { Scope } from './scope'
import { parseChatInput } from './send'

export interface WsRequest {
  req: IncomingMessage
  socket: Duplex
  head: Buffer
  scenario: Scenario
  faults: Faults
  key: string
  query: URLSearchParams
  /** Disposed when the socket closes. */
  scope: Scope
}

/** Above this many buffered bytes the pump waits for the socket to catch up. */
const HIGH_WATER_BYTES = 1024 * 1024

/** Close reasons are limited to 123 bytes. */
function reason(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}

/**
 * /ws/:scenario — a WebSocket. Messages are JSON text frames; `?cursor=i`
 * resumes after message i (so a client whose url is a function can resume).
 * With `epoch=1`, positions read `<epoch>@<seq>` and every JSON object message
 * carries its own as a `position` field (see epoch.ts).
 *
 * Incoming frames: the text `ping` is answered `pong` on every scenario (for
 * heartbeat tests; not numbered). On chat, a JSON object with a string `text`
 * is broadcast to every chat subscriber; any other text gets an error frame
 * `{"error": "..."}` back (to the sender only, unnumbered) and the connection
 * stays open. Binary frames are closed with 1003 (unsupported data). Frames
 * over 64 KiB close with 1009 (ws `maxPayload`).
 */
export function handleWsUpgrade(ctx: ServerContext, wss: WebSocketServer, request: WsRequest): void {
  const { req, socket, head, scenario, faults, key, query, scope } = request
  const positions = positionsFor(ctx, query)
  const resume = positions.read(query.get('cursor') ?? undefined, 'cursor')

  admit(ctx, key, faults, scope, (admission) => {
    if (socket.destroyed) return
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', (error) => ctx.log(`ws ${key}: ${error.message}`))
      ws.on('close', () => scope.dispose())
      scope.add(() => ws.terminate())
      if (admission.refused) {
        const code = faults.closeCode ?? DEFAULT_REFUSAL_CLOSE_CODE
        ctx.log(`ws ${key}: ${refusalText(faults, admission)} → close ${code}`)
        ws.close(code, reason(refusalText(faults, admission)))
        return
      }
      serve(ctx, ws, { scenario, faults, key, scope, resume, positions })
    })
  })
}

interface Session {
  scenario: Scenario
  faults: Faults
  key: string
  scope: Scope
  resume: number | undefined
  positions: Positions
}

function serve(ctx: ServerContext, ws: WebSocket, session: Session): void {
  const { scenario, faults, key, scope, resume, positions } = session
  ws.on('message', (data, isBinary) => {
    try {
      onFrame(ctx, ws, scenario, data, isBinary)
    } catch (error) {
      ctx.log(`ws ${key}: error handling a frame: ${error instanceof Error ? error.message : String(error)}`)
      ws.close(1011, 'internal error in the mock server')
    }
  })

  pumpConnection(ctx, `ws ${key}`, { scenario, faults, scope, resume }, {
    write: (msg, text, flushed) => {
      if (ws.readyState !== ws.OPEN) return true
      // With `epoch=1` each (well-formed) message says where it sits, for `?cursor=` on the next connection.
      const frame = positions.withEpoch && text === msg.text ? withPositionField(text, msg.value, positions.format(msg.seq)) : text
      ws.send(frame, flushed === undefined ? undefined : () => flushed())
      return ws.bufferedAmount < HIGH_WATER_BYTES
    },
    waitForDrain: (resumePump) => {
      const check = (): void => {
        if (ws.bufferedAmount < HIGH_WATER_BYTES) resumePump()
        else scope.timeout(check, 10)
      }
      scope.timeout(check, 10)
    },
    drop: () => {
      if (faults.closeCode === undefined) {
        ctx.log(`ws ${key}: dropAfter=${String(faults.dropAfter)} reached, terminating`)
        ws.terminate()
      } else {
        ctx.log(`ws ${key}: dropAfter=${String(faults.dropAfter)} reached, close ${faults.closeCode}`)
        ws.close(faults.closeCode, reason(`dropAfter=${String(faults.dropAfter)}`))
      }
    },
  })
}

function onFrame(ctx: ServerContext, ws: WebSocket, scenario: Scenario, data: RawData, isBinary: boolean): void {
  if (isBinary) {
    ws.close(1003, 'binary frames are not supported')
    return
  }
  const text = rawText(data)
  if (text === 'ping') {
    ws.send('pong')
    return
  }
  if (scenario !== 'chat') return
  const input = parseChatInput(text)
  if (!input.ok) {
    ws.send(JSON.stringify({ error: input.message }))
    return
  }
  ctx.room.post(input.fields)
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  return data.toString('utf8')
}
