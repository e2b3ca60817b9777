/** What the test server needs of one `fetch` call, whether it got a URL and init or a Request. */
export interface IncomingRequest {
  url: URL
  method: string
  headers: Headers
  signal: AbortSignal | undefined
  body(): Promise<string>
}

/** Relative URLs resolve against the page in a browser, and fail elsewhere, as with a real fetch. */
export function readRequest(input: RequestInfo | URL, init: RequestInit | undefined): IncomingRequest {
  const request = input instanceof Request ? input : undefined
  const href = request !== undefined ? request.url : input instanceof URL ? input.href : String(input)
  const base = (globalThis as { location?: { href?: string } }).location?.href
  let url: URL
  try {
    url = new URL(href, base)
  } catch (cause) {
    throw new TypeError(`Failed to fetch: invalid URL ${JSON.stringify(href)}`, { cause })
  }
  const signal = init?.signal ?? request?.signal ?? undefined
  return {
    url,
    method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
    headers: new Headers(init?.headers ?? request?.headers),
    signal,
    body: async () => {
      if (init?.body !== undefined && init.body !== null) return new Response(init.body).text()
      return request === undefined ? '' : request.text()
    },
  }
}
