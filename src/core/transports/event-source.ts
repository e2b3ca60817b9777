import { ignore } from '../guard'
import { createSseParser } from '../sse-parser'
import { startTimer } from '../timers'
import { RealtimeError } from '../types'
import type { Transport, TransportContext, TransportFactory } from '../types'
import { checkNumberOption, discardBody, networkError, prepareRequest, toHeaderValue, type RequestOptions } from './http'
import { transportLifecycle } from './lifecycle'
import { checkLastEventIdParam, hasCustomRequest, resumeRequest } from './sse-resume'
import { createUtf8ChunkDecoder } from './utf8-chunks'

export interface EventSourceTransportOptions extends RequestOptions {
  /**
   * Extra request headers; they override ours (`Accept`) but not `Last-Event-ID` on resume.
   * Any of them, like a method other than GET or a body, makes a cross-origin request need a CORS preflight.
   */
  headers?: HeadersInit
  /** Default `GET`. */
  method?: string
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
  return (context) => connectEventSource(context, options)
}

/** Throws the RealtimeError that explains a bad option. */
function checkOptions(options: EventSourceTransportOptions): void {
  if (options.events !== undefined && !(Array.isArray(options.events) && options.events.every((type) => typeof type === 'string'))) {
    throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? 'Invalid option events: expected an array of event type strings' : 'Invalid events')
  }
  const method = (options.method ?? 'GET').toUpperCase()
  if ((method === 'GET' || method === 'HEAD') && options.body !== undefined && options.body !== null) {
    throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? `Invalid options: a ${method} request cannot have a body` : 'Invalid body')
  }
  checkNumberOption('idleTimeoutMs', options.idleTimeoutMs, 0)
  checkNumberOption('maxEventBytes', options.maxEventBytes, 1)
  checkLastEventIdParam(options.lastEventIdParam)
}

function connectEventSource(context: TransportContext, options: EventSourceTransportOptions): Transport {
  const { sink, clock } = context
  // Most streams want the default type only: one comparison instead of a set lookup per event.
  const events = options.events && new Set(options.events)
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES
  const idleTimeoutMs = options.idleTimeoutMs === undefined || options.idleTimeoutMs === 0 ? Infinity : options.idleTimeoutMs
  const controller = new AbortController()
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  let stopIdleTimer = ignore
  /** When the last chunk arrived: the `receivedAt` of the events it holds. */
  let lastActivity = 0

  const release = (): void => {
    stopIdleTimer()
    controller.abort()
    // Also settles a pending read of a body that does not follow the signal.
    reader?.cancel().catch(ignore)
  }

  const life = transportLifecycle(sink, release)
  const { end, fail } = life

  // Checked against the time of the last chunk when it fires, rather than
  // restarted for every chunk: a busy stream then costs no timer work.
  const armIdleTimer = (delay: number): void => {
    stopIdleTimer = startTimer(clock, delay, () => {
      const idle = clock.now() - lastActivity
      if (idle < idleTimeoutMs) armIdleTimer(idleTimeoutMs - idle)
      else fail(new RealtimeError('timeout', process.env.NODE_ENV !== 'production' ? `No data received on the event stream for ${idleTimeoutMs} ms` : 'Idle timeout'))
    })
  }

  const parser = createSseParser(
    {
      onEvent: (event) => {
        if (!life.ended && (events ? events.has(event.type) : event.type === 'message')) sink.message(event.data, { receivedAt: lastActivity, type: event.type, id: event.id })
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
          new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? `Skipped an event larger than ${maxEventBytes} bytes (reached ${bytes} bytes)` : 'Event too large'),
        )
      },
    },
  )

  const readStream = async (body: ReadableStream<Uint8Array>): Promise<void> => {
    const streamReader = body.getReader()
    reader = streamReader
    // Keeps every BOM: the parser strips one itself, and a decoder that stripped one
    // too would swallow a second BOM, which the spec treats as part of the first line.
    const decode = createUtf8ChunkDecoder()
    lastActivity = clock.now()
    if (idleTimeoutMs !== Infinity) armIdleTimer(idleTimeoutMs)
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await streamReader.read()
      } catch (cause) {
        if (!life.ended) fail(networkError(process.env.NODE_ENV !== 'production' ? 'The event stream failed' : 'Stream failed', cause))
        return
      }
      if (life.ended) return
      // The server ended the stream; an unfinished last event is discarded (spec).
      if (chunk.done) {
        end({ wasClean: true })
        return
      }
      lastActivity = clock.now()
      parser.feed(decode(chunk.value))
      if (life.ended) return
    }
  }

  const run = async (): Promise<void> => {
    checkOptions(options)
    const request = prepareRequest(context.url, EVENT_STREAM, options, 'The event stream request', () => clock.now())
    const resume = resumeRequest(request.url, context.resumeFrom, {
      customised: hasCustomRequest(options),
      lastEventIdParam: options.lastEventIdParam,
    })
    // Headers only carry bytes: a non-Latin-1 ID goes as UTF-8, as EventSource sends it.
    const extraHeaders = resume.header === undefined ? undefined : { 'Last-Event-ID': toHeaderValue(resume.header) }
    const response = await request.send(resume.href, controller.signal, extraHeaders)
    if (life.ended) return response && discardBody(response)
    if (response === undefined) return end({ wasClean: true, status: 204 })
    const contentType = response.headers.get('Content-Type') ?? ''
    const { status, body } = response
    if (mediaType(contentType) !== EVENT_STREAM || body === null) {
      discardBody(response)
      const got = () => (body === null ? 'a response with no body' : contentType === '' ? 'no Content-Type' : `Content-Type "${contentType}"`)
      throw new RealtimeError('protocol', process.env.NODE_ENV !== 'production' ? `Expected an event stream (${EVENT_STREAM}) but got ${got()}` : 'Not an event stream', { status })
    }
    sink.open()
    if (life.ended) return discardBody(response)
    await readStream(body)
  }

  life.run(run, 'event stream')
  return life
}

/** The essence of a Content-Type: `text/event-stream; charset=utf-8` → `text/event-stream`. */
function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase()
}

