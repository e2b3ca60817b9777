/*
 * Fake `fetch` implementations for the SSE and long-poll hooks, passed through the
 * hooks' `fetch` option. They record every request (URL, headers, AbortSignal) and
 * let the test decide, request by request, what the server answers.
 */

export interface RecordedRequest {
  readonly url: string
  readonly method: string
  readonly headers: Headers
  /** The signal the transport passed; aborted once it lets go of the request. */
  readonly signal: AbortSignal | undefined
}

function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError')
}

function record(input: RequestInfo | URL, init: RequestInit | undefined): RecordedRequest {
  return {
    url: input instanceof Request ? input.url : String(input),
    method: init?.method ?? 'GET',
    headers: new Headers(init?.headers),
    signal: init?.signal ?? undefined,
  }
}

function last<T>(items: readonly T[]): T {
  const item = items.at(-1)
  if (item === undefined) throw new Error('no request was made')
  return item
}

/** The body of one event-stream response, written by the test. */
export interface SseStream {
  push(text: string): void
  /** The server ends the stream cleanly. */
  end(): void
  /** The client cancelled the body (or aborted the request). */
  readonly cancelled: boolean
}

export interface SseRequest extends RecordedRequest {
  readonly stream: SseStream
}

const encoder = new TextEncoder()

/**
 * Answers every request with an open `text/event-stream` response whose body the
 * test writes through `requests[i].stream`, unless `respondNext` scripted another
 * answer (an HTTP error, a 204, another Content-Type).
 */
export function fakeSseFetch() {
  const requests: SseRequest[] = []
  const scripted: ((stream: ReadableStream<Uint8Array>) => Response)[] = []

  const fetchImpl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const base = record(input, init)
    if (base.signal?.aborted) return Promise.reject(abortError())
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined
    let finished = false
    let cancelled = false
    const body = new ReadableStream<Uint8Array>({
      start(streamController) {
        controller = streamController
      },
      cancel() {
        cancelled = true
        finished = true
      },
    })
    const stream: SseStream = {
      push(text) {
        if (!finished) controller?.enqueue(encoder.encode(text))
      },
      end() {
        if (finished) return
        finished = true
        controller?.close()
      },
      get cancelled() {
        return cancelled
      },
    }
    base.signal?.addEventListener('abort', () => {
      cancelled = true
      if (finished) return
      finished = true
      controller?.error(abortError())
    })
    requests.push({ ...base, stream })
    const answer = scripted.shift()
    return Promise.resolve(
      answer ? answer(body) : new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    )
  }

  return {
    fetch: fetchImpl as typeof fetch,
    requests,
    last: () => last(requests),
    /** The next request gets this answer instead of an open event stream. */
    respondNext(answer: (stream: ReadableStream<Uint8Array>) => Response): void {
      scripted.push(answer)
    },
  }
}

export interface PollRequest extends RecordedRequest {
  /** 200 with the long-poll wire format. */
  reply(messages: readonly unknown[], cursor?: string): void
  /** 204: nothing new. */
  replyNothing(): void
  /** Any other answer, an HTTP error for instance. */
  replyWith(response: Response): void
  readonly settled: boolean
}

/** Every request stays pending until the test answers it (or the transport aborts it). */
export function fakePollFetch() {
  const requests: PollRequest[] = []

  const fetchImpl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const base = record(input, init)
    if (base.signal?.aborted) return Promise.reject(abortError())
    return new Promise<Response>((resolve, reject) => {
      let settled = false
      const settle = (response: Response): void => {
        if (settled) throw new Error(`request ${base.url} was already answered or aborted`)
        settled = true
        resolve(response)
      }
      base.signal?.addEventListener('abort', () => {
        if (settled) return
        settled = true
        reject(abortError())
      })
      requests.push({
        ...base,
        reply: (messages, cursor) =>
          settle(
            new Response(JSON.stringify(cursor === undefined ? { messages } : { messages, cursor }), {
              headers: { 'Content-Type': 'application/json' },
            }),
          ),
        replyNothing: () => settle(new Response(null, { status: 204 })),
        replyWith: settle,
        get settled() {
          return settled
        },
      })
    })
  }

  return { fetch: fetchImpl as typeof fetch, requests, last: () => last(requests) }
}
