/** The endpoint paths: /ws|/sse|/poll|/send followed by a scenario name. */
export const ENDPOINT_KINDS = ['ws', 'sse', 'poll', 'send'] as const
export type EndpointKind = (typeof ENDPOINT_KINDS)[number]

export interface Route {
  kind: EndpointKind
  scenario: string
}

export function matchRoute(pathname: string): Route | undefined {
  const match = /^\/(ws|sse|poll|send)\/([^/]+)\/?$/.exec(pathname)
  if (match === null) return undefined
  return { kind: match[1] as EndpointKind, scenario: match[2] as string }
}

/** POST bodies and WebSocket frames above this are refused (413 / close 1009). */
export const BODY_LIMIT_BYTES = 64 * 1024
