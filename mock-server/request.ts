import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Faults } from './faults'
import type { Scenario } from './scenarios'
import type { Scope } from './scope'

/** One routed HTTP request (SSE, long-poll or send), as the router hands it to its handler. */
export interface RouteRequest {
  req: IncomingMessage
  res: ServerResponse
  scenario: Scenario
  faults: Faults
  /** The stream's identity: path and query without the resume position (see connectionKey). */
  key: string
  query: URLSearchParams
  /** CORS headers for this request's origin. */
  cors: OutgoingHttpHeaders
  /** Disposed when the response closes. */
  scope: Scope
}
