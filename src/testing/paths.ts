import { isScenario, SCENARIOS, type Scenario } from '../../mock-server/scenarios'
import { matchRoute, type EndpointKind } from '../../mock-server/routes'

/** A request target the test server understands: the path decides, the origin is ignored. */
export interface Target {
  kind: EndpointKind
  scenario: Scenario
  pathname: string
  query: URLSearchParams
}

export type Resolution = { ok: true; target: Target } | { ok: false; status: number; message: string }

/** Routes a URL the way the mock server does: `/ws|/sse|/poll|/send/:scenario`, any host. */
export function resolveTarget(url: URL): Resolution {
  const route = matchRoute(url.pathname)
  if (route === undefined) {
    return { ok: false, status: 404, message: `not found: ${url.pathname}; endpoints are /ws, /sse, /poll and /send followed by a scenario` }
  }
  if (!isScenario(route.scenario)) {
    return { ok: false, status: 404, message: `unknown scenario ${JSON.stringify(route.scenario)}; scenarios: ${SCENARIOS.join(', ')}` }
  }
  return { ok: true, target: { kind: route.kind, scenario: route.scenario, pathname: url.pathname, query: url.searchParams } }
}

/** Any base will do: the test server routes by path alone. */
const ANY_ORIGIN = 'http://test-server.invalid'

/**
 * The path that `push`, `drop` and `refuse` address: a path such as `/ws/feed`, or a
 * full URL whose query and origin are ignored. A path that no endpoint serves is a
 * mistake in the test, so it throws instead of silently matching nothing.
 */
export function endpointPath(path: string): string {
  if (typeof path !== 'string' || path === '') throw new TypeError(`expected an endpoint path such as "/ws/feed", got ${JSON.stringify(path)}`)
  const { pathname } = new URL(path, ANY_ORIGIN)
  const resolved = resolveTarget(new URL(pathname, ANY_ORIGIN))
  if (!resolved.ok) throw new TypeError(`"${path}" is not an endpoint of the test server (${resolved.message})`)
  return stripTrailingSlash(pathname)
}

export function stripTrailingSlash(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname
}
