import { parseChatInput } from '../../mock-server/chat-input'
import type { Faults } from '../../mock-server/faults'
import { BODY_LIMIT_BYTES } from '../../mock-server/routes'
import type { Target } from './paths'
import type { IncomingRequest } from './request'
import { jsonResponse, onAbortWithin, refusalResponse, textResponse } from './responses'
import { admitConnection, type ServerState } from './state'

/** POST /send/chat — a chat message for every chat subscriber on every transport. */
export async function serveSend(state: ServerState, target: Target, faults: Faults, request: IncomingRequest): Promise<Response> {
  if (target.scenario !== 'chat') return textResponse(404, `${target.scenario} does not take messages; POST to /send/chat`)
  const text = await request.body()
  if (new TextEncoder().encode(text).length > BODY_LIMIT_BYTES) return textResponse(413, `the body is larger than ${BODY_LIMIT_BYTES} bytes`)
  const scope = state.scope.child()
  return new Promise<Response>((resolve, reject) => {
    onAbortWithin(scope, request.signal, (reason) => {
      scope.dispose()
      reject(reason)
    })
    admitConnection(state, target, faults, scope, (admission, effective) => {
      scope.dispose()
      if (admission.refused) {
        resolve(refusalResponse(effective, admission))
        return
      }
      const input = parseChatInput(text)
      if (!input.ok) {
        resolve(textResponse(400, input.message))
        return
      }
      resolve(jsonResponse(200, state.room.post(input.fields).text))
    })
  })
}
