/** Fetch fakes for the SSE and long-poll paths of the components: no network at all. */

function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError')
}

/** A promise that settles only by rejecting when `signal` aborts. */
function untilAborted(signal: AbortSignal | null | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal?.aborted) reject(abortError())
    signal?.addEventListener('abort', () => reject(abortError()), { once: true })
  })
}

/** Long-poll: answers each request with the next batch, then holds requests until aborted. */
export function pollFetch(batches: ReadonlyArray<readonly unknown[]>): typeof fetch & { urls: string[] } {
  const urls: string[] = []
  const fake = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    urls.push(String(input))
    const batch = batches[urls.length - 1]
    if (batch === undefined) return untilAborted(init?.signal)
    return new Response(JSON.stringify({ messages: batch, cursor: String(urls.length) }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    })
  }) as typeof fetch & { urls: string[] }
  fake.urls = urls
  return fake
}

/** SSE: one response that streams `data:` events for `messages` (JSON) and stays open. */
export function sseFetch(messages: readonly unknown[]): typeof fetch {
  return (async (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const text = messages.map((message, index) => `id: ${index + 1}\ndata: ${JSON.stringify(message)}\n\n`).join('')
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text))
        init?.signal?.addEventListener('abort', () => controller.error(abortError()), { once: true })
      },
    })
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
  }) as typeof fetch
}

/**
 * A chat room behind fetch: `POST …/send/chat` stores a message (adding `id` and
 * `time`), long-poll `GET …/poll/chat?cursor=N` answers what came after N, or
 * waits for it.
 */
export function chatRoomFetch(): typeof fetch & { posts: unknown[] } {
  const log: Array<Record<string, unknown>> = []
  const waiting = new Set<() => void>()
  const posts: unknown[] = []
  const fake = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input))
    if (init?.method === 'POST') {
      const body = JSON.parse(String(init.body)) as Record<string, unknown>
      posts.push(body)
      log.push({ ...body, id: log.length + 1, time: Date.now() })
      for (const wake of [...waiting]) wake()
      return new Response('{"ok":true}', { status: 200, headers: { 'Content-Type': 'application/json' } })
    }
    const cursor = Number(url.searchParams.get('cursor') ?? '0')
    while (log.length <= cursor) {
      await Promise.race([
        new Promise<void>((resolve) => {
          const wake = (): void => {
            waiting.delete(wake)
            resolve()
          }
          waiting.add(wake)
        }),
        untilAborted(init?.signal),
      ])
    }
    return new Response(JSON.stringify({ messages: log.slice(cursor), cursor: String(log.length) }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    })
  }) as typeof fetch & { posts: unknown[] }
  fake.posts = posts
  return fake
}
