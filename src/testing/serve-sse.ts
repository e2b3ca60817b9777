import { parsePosition, type Faults } from '../../mock-server/faults'
import { pumpConnection } from '../../mock-server/pump'
import type { Target } from './paths'
import type { IncomingRequest } from './request'
import { networkError, onAbortWithin, refusalResponse } from './responses'
import { admitConnection, keyOf, track, type ServerState } from './state'

const encoder = new TextEncoder()

/** An SSE event with no `id:`, so it leaves the client's Last-Event-ID alone. */
function pushedEvent(message: unknown): string {
  const text = typeof message === 'string' ? message : JSON.stringify(message)
  return `${text.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n')}\n\n`
}

/** GET /sse/:scenario — the mock server's event stream, as a streaming Response. */
export function serveSse(state: ServerState, target: Target, faults: Faults, request: IncomingRequest): Promise<Response> {
  const header = request.headers.get('Last-Event-ID')
  const resume = parsePosition(header !== null && header !== '' ? header : (target.query.get('lastEventId') ?? undefined), 'Last-Event-ID')
  const key = keyOf(target)
  const scope = state.scope.child()

  return new Promise<Response>((resolve, reject) => {
    onAbortWithin(scope, request.signal, (reason) => {
      scope.dispose()
      reject(reason)
    })

    admitConnection(state, target, faults, scope, (admission, effective) => {
      if (admission.refused) {
        scope.dispose()
        resolve(refusalResponse(effective, admission))
        return
      }
      resolve(new Response(eventStream(state, target, faults, resume, scope, request), {
        status: 200,
        headers: { 'Content-Type': faults.contentType ?? 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' },
      }))
      state.log(`sse ${key}: open`)
    })
  })
}

function eventStream(
  state: ServerState,
  target: Target,
  faults: Faults,
  resume: number | undefined,
  scope: ServerState['scope'],
  request: IncomingRequest,
): ReadableStream<Uint8Array> {
  let ended = false
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string): void => {
        if (!ended) controller.enqueue(encoder.encode(text))
      }
      const fail = (error: unknown): void => {
        if (ended) return
        ended = true
        controller.error(error)
        scope.dispose()
      }
      // The abort listener of the request itself is removed with the scope; after the headers, an abort errors the body.
      onAbortWithin(scope, request.signal, fail)
      scope.add(() => {
        // Closing the server (or a drop) ends the stream like a lost connection.
        fail(networkError('the connection was closed'))
      })

      write(': ok\n\n')
      if (faults.retry !== undefined) write(`retry: ${faults.retry}\n\n`)
      track(state, scope, {
        path: target.pathname,
        kind: 'sse',
        push: (message) => write(pushedEvent(message)),
        drop: () => fail(networkError('the server dropped the connection')),
      })
      pumpConnection(state, `sse ${keyOf(target)}`, { scenario: target.scenario, faults, scope, resume }, {
        write: (msg, text, flushed) => {
          write(`id: ${msg.seq}\ndata: ${text}\n\n`)
          flushed?.()
          return true
        },
        waitForDrain: (resumePump) => resumePump(),
        drop: () => fail(networkError(`dropAfter=${String(faults.dropAfter)}`)),
      })
    },
    cancel() {
      ended = true
      scope.dispose()
    },
  })
}
