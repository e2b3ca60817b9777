import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Faults } from './faults'
import { refusalText, type Admission, type KeyState } from './admission'
import { refusalHeaders, sendText } from './http'
import type { KeyedState } from './keyed'
import type { ChatRoom } from './scenarios'
import type { Scope } from './scope'

export { admit, createKeyStates, refusalText, type Admission, type KeyState } from './admission'

/** State shared by every endpoint handler of one server. */
export interface ServerContext {
  room: ChatRoom
  keys: KeyedState<KeyState>
  /** Root scope: disposing it stops every timer and connection. */
  scope: Scope
  allowOrigin: readonly string[]
  keepAliveMs: number
  log: (line: string) => void
}

/** Answers a refused HTTP request (SSE, long-poll, send) with the fault's status and Retry-After, and logs it. */
export function refuseHttp(
  ctx: Pick<ServerContext, 'log'>,
  label: string,
  res: ServerResponse,
  faults: Faults,
  admission: Admission,
  cors: OutgoingHttpHeaders,
): void {
  const text = refusalText(faults, admission)
  ctx.log(`${label}: ${text} → ${faults.status}`)
  sendText(res, faults.status, text, { ...cors, ...refusalHeaders(faults.status, faults.retryAfter) })
}
