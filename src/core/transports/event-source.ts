import { createSseParser } from '../sse-parser'
import { RealtimeError } from '../types'
import type { Transport, TransportContext, TransportFactory } from '../types'
import {
  buildHeaders,
  checkNumberOption,
  discardBody,
  failureInfo,
  httpError,
  httpLifecycle,
  ignore,
  lookUpFetch,
  networkError,
  resolveHttpUrl,
  retryHints,
  startTimer,
  toHeaderValue,
} from './http'
import { checkLastEventIdParam, hasCustomRequest, resumeRequest, withCorsHint } from './sse-resume'

export interface EventSourceTransportOptions {
  /** The implementation to use instead of `globalThis.fetch`, looked up when connecting. */
  fetch?: typeof fetch
  /**
   * Extra request headers; they override ours (`Accept`) but not `Last-Event-ID` on resume.
   * Any of them, like a method other than GET or a body, makes a cross-origin request need a CORS preflight.
   */
  headers?: HeadersInit
  /** Default `GET`. */
  method?: string
  body?: BodyInit | null
  credentials?: RequestCredentials
  /** Event types to deliver; default `['message']`. Others are skipped. */
  events?: readonly string[]
  /** Nothing received (comments included) for this long → timeout. Default off (0 or Infinity: off). */
  idleTimeoutMs?: number
  /** The largest event data (UTF-8 bytes) delivered; a larger event is skipped and reported. Default 1 MiB. */
  maxEventBytes?: number
  /**
   * The query parameter that carries the last event ID when resuming a cross-origin
   * request that has no custom headers, method or body, so it stays CORS-simple (no
   * preflight). Same-origin and customised requests send `Last-Event-ID` instead.
   * Default `'lastEventId'`; `false` always sends the header.
   */
  lastEventIdParam?: string | false
}

const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024
const EVENT_STREAM = 'text/event-stream'

/**
 * Server-Sent Events over `fetch` streaming: one request per call of the returned
 * factory, never retried here. Events are parsed by the WHATWG rules (see
 * `createSseParser`); the last event ID is reported through `sink.resumeFrom`
 * before the event that set it, and sent back as `Last-Event-ID` when the context
 * resumes.
 */
export function createEventSourceTransport(options: EventSourceTransportOptions = {}): TransportFactory {
  const optionError = checkOptions(options)
  return (context) => connectEventSource(context, options, optionError)
}

function checkOptions(options: EventSourceTransportOptions): RealtimeError | undefined {
  if (options.events !== undefined && !(Array.isArray(options.events) && options.events.every(isString))) {
    return new RealtimeError('protocol', 'Invalid option events: expected an array of event type strings')
  }
  const method = (options.method ?? 'GET').toUpperCase()
  if ((method === 'GET' || method === 'HEAD') && options.body !== undefined && options.body !== null) {
    return new RealtimeError('protocol', `Invalid options: a ${method} request cannot have a body`)
  }
  return (
    checkNumberOption('idleTimeoutMs', options.idleTimeoutMs, 0) ??
    checkNumberOption('maxEventBytes', options.maxEventBytes, 1) ??
    checkLastEventIdParam(options.lastEventIdParam)
  )
}

function connectEventSource(
  context: TransportContext,
  options: EventSourceTransportOptions,
  optionError: RealtimeError | undefined,
): Transport {
  const { sink, clock } = context
  const events = new Set(options.events ?? ['message'])
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES
  const idleTimeoutMs = options.idleTimeoutMs === undefined || options.idleTimeoutMs === 0 ? Infinity : options.idleTimeoutMs
  const controller = new AbortController()
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  let stopIdleTimer = (): void => undefined
  let lastActivity = 0

  const release = (): void => {
    stopIdleTimer()
    controller.abort()
    // Also settles a pending read of a body that does not follow the signal.
    reader?.cancel().catch(ignore)
  }

  const life = httpLifecycle(sink, release)
  const { end, fail } = life

  // Checked against the time of the last chunk when it fires, rather than
  // restarted for every chunk: a busy stream then costs no timer work.
  const armIdleTimer = (delay: number): void => {
    stopIdleTimer = startTimer(clock, delay, () => {
      const idle = clock.now() - lastActivity
      if (idle < idleTimeoutMs) armIdleTimer(idleTimeoutMs - idle)
      else fail(new RealtimeError('timeout', `No data received on the event stream for ${idleTimeoutMs} ms`))
    })
  }

  const parser = createSseParser(
    {
      onEvent: (event) => {
        if (life.ended || !events.has(event.type)) return
        sink.message(event.data, { type: event.type, id: event.id })
      },
      onLastEventId: (id) => {
        if (!life.ended) sink.resumeFrom(id)
      },
      onRetry: (ms) => {
        if (!life.ended) sink.retryDelay(ms)
      },
    },
    {
      maxEventBytes,
      initialLastEventId: context.resumeFrom ?? '',
      onOversized: (bytes) => {
        if (life.ended) return
        sink.error(
          new RealtimeError('protocol', `Skipped an event larger than ${maxEventBytes} bytes (reached ${bytes} bytes)`),
        )
      },
    },
  )

  const readStream = async (body: ReadableStream<Uint8Array>): Promise<void> => {
    const streamReader = body.getReader()
    reader = streamReader
    // The parser strips one BOM itself; letting the decoder strip one too would
    // also swallow a second BOM, which the spec treats as part of the first line.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
    lastActivity = clock.now()
    if (idleTimeoutMs !== Infinity) armIdleTimer(idleTimeoutMs)
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await streamReader.read()
      } catch (cause) {
        if (!life.ended) fail(networkError('The event stream failed', cause))
        return
      }
      if (life.ended) return
      // The server ended the stream; an unfinished last event is discarded (spec).
      if (chunk.done) {
        end({ wasClean: true })
        return
      }
      lastActivity = clock.now()
      parser.feed(decoder.decode(chunk.value, { stream: true }))
      if (life.ended) return
    }
  }

  const run = async (): Promise<void> => {
    if (optionError !== undefined) return fail(optionError)
    const url = resolveHttpUrl(context.url)
    if (url instanceof RealtimeError) return fail(url)
    const fetchImplementation = lookUpFetch(options.fetch)
    if (fetchImplementation instanceof RealtimeError) return fail(fetchImplementation)
    // Only CORS-safelisted headers of our own (`cache: 'no-store'` replaces Cache-Control).
    const headers = buildHeaders({ Accept: EVENT_STREAM }, options.headers)
    if (headers instanceof RealtimeError) return fail(headers)
    const resume = resumeRequest(url, context.resumeFrom, {
      customised: hasCustomRequest(options),
      lastEventIdParam: options.lastEventIdParam,
    })
    // Headers only carry bytes: a non-Latin-1 ID goes as UTF-8, as EventSource sends it.
    if (resume.header !== undefined) headers.set('Last-Event-ID', toHeaderValue(resume.header))

    const init: RequestInit = { method: options.method ?? 'GET', headers, cache: 'no-store', signal: controller.signal }
    if (options.body !== undefined) init.body = options.body
    if (options.credentials !== undefined) init.credentials = options.credentials

    let response: Response
    try {
      response = await fetchImplementation(resume.href, init)
    } catch (cause) {
      if (!life.ended) fail(withCorsHint(networkError(`The event stream request to ${url.href} failed`, cause), url))
      return
    }
    if (life.ended) return discardBody(response)

    if (response.status === 204) {
      discardBody(response)
      return end({ wasClean: true, status: 204 })
    }
    if (!response.ok) {
      discardBody(response)
      return end(failureInfo(httpError(response, 'The event stream request')), retryHints(response, clock.now()))
    }
    const contentType = response.headers.get('Content-Type') ?? ''
    if (mediaType(contentType) !== EVENT_STREAM) {
      discardBody(response)
      const got = contentType === '' ? 'no Content-Type' : `Content-Type "${contentType}"`
      return fail(
        new RealtimeError('protocol', `Expected an event stream (${EVENT_STREAM}) but got ${got}`, {
          status: response.status,
        }),
      )
    }
    if (response.body === null) {
      return fail(
        new RealtimeError('protocol', 'The event stream response has no body', { status: response.status }),
      )
    }

    sink.open()
    if (life.ended) return discardBody(response)
    await readStream(response.body)
  }

  return life.start(run, 'event stream')
}

/** The essence of a Content-Type: `text/event-stream; charset=utf-8` → `text/event-stream`. */
function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase()
}


function isString(value: unknown): value is string {
  return typeof value === 'string'
}
